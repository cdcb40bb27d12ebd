//! Random identifiers and secrets shaped like Amazon's.

use rand::Rng;
use rand::distr::{Alphanumeric, SampleString};

/// A random UUID (version 4), as Amazon uses for destination, subscription, notification and
/// request ids.
pub(crate) fn uuid() -> String {
    let bits: u128 = rand::rng().random();
    // Version 4, variant 10xx.
    let bits = (bits & !(0xf << 76)) | (0x4 << 76);
    let bits = (bits & !(0x3 << 62)) | (0x2 << 62);
    spapi_notification_types::fixtures::uuid_string(bits)
}

/// `prefix` followed by `len` random ASCII letters and digits.
pub(crate) fn token(prefix: &str, len: usize) -> String {
    let mut token = String::from(prefix);
    Alphanumeric.append_string(&mut rand::rng(), &mut token, len);
    token
}

/// `len` random lowercase hexadecimal digits.
pub(crate) fn hex(len: usize) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| char::from_digit(rng.random_range(0..16), 16).unwrap_or('0'))
        .collect()
}

/// A merchant token like `A3TH9S8BH6GOGM`: `A` and 13 uppercase letters or digits.
pub(crate) fn seller_id() -> String {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut rng = rand::rng();
    std::iter::once('A')
        .chain((0..13).map(|_| char::from(CHARS[rng.random_range(0..CHARS.len())])))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_amazons_shapes() {
        let id = uuid();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4", "{id}");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "{id}");
        assert_ne!(uuid(), uuid());
        assert!(token("Atza|", 10).starts_with("Atza|"));
        assert_eq!(token("", 10).len(), 10);
        assert_eq!(hex(32).len(), 32);
        let seller = seller_id();
        assert_eq!(seller.len(), 14);
        assert!(seller.starts_with('A'));
    }
}
