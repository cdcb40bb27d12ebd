//! The operations, as methods of [`NotificationsClient`](crate::NotificationsClient) (grantless)
//! and [`SellerClient`](crate::SellerClient) (seller), plus idempotent provisioning.

mod destinations;
mod ensure;
mod rotation;
mod subscriptions;
mod test_notification;

use std::fmt::Write;

use serde::de::DeserializeOwned;

use crate::transport::{Call, Payload, decode};
use crate::validate;
use crate::{Error, NotificationsClient, Response};

/// The root of every path.
const ROOT: &str = "/notifications/v1";

/// `ROOT` followed by each segment, percent-encoded; an empty segment is refused, because it
/// would name another resource.
fn path(segments: &[(&'static str, &str)]) -> Result<String, Error> {
    let mut path = String::from(ROOT);
    for (field, segment) in segments {
        if !field.is_empty() {
            validate::not_blank(field, segment)?;
        }
        path.push('/');
        for byte in segment.bytes() {
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                path.push(char::from(byte));
            } else {
                let _ = write!(path, "%{byte:02X}");
            }
        }
    }
    Ok(path)
}

impl NotificationsClient {
    /// Sends `call` and decodes the `payload` of Amazon's answer.
    async fn payload<T: DeserializeOwned>(&self, call: Call<'_>) -> Result<Response<T>, Error> {
        let operation = call.operation;
        Ok(
            decode::<Payload<T>>(operation, self.inner.execute(call).await?)?
                .map(|body| body.payload),
        )
    }
}

/// A literal path segment (not a parameter).
fn literal(segment: &'static str) -> (&'static str, &'static str) {
    ("", segment)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_encoded_and_must_not_be_empty() {
        assert_eq!(
            path(&[literal("destinations"), ("destinationId", "a b/c?d")]).unwrap(),
            "/notifications/v1/destinations/a%20b%2Fc%3Fd"
        );
        assert!(path(&[literal("destinations"), ("destinationId", "")]).is_err());
    }
}
