//! Matching JSON keys to fields in any ASCII casing (`SellerSKU`, `sellerSku`, `SELLERSKU`),
//! without allocating.
//!
//! Payload structs match through a table of their key names ([`FieldName`], built at compile
//! time) and one shared matcher ([`next_field`]): every struct's keys are read by the same few
//! hundred bytes of code, which stay in the instruction cache, where code generated per struct
//! (one key comparison inlined per field, in each of hundreds of structs) did not. A name is
//! compared a word at a time, with no case folding of the key ([`Pattern`]). The envelope
//! layer, with a handful of fixed keys, compares with [`key_is`] directly.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

use crate::words::lanes;

/// Whether a JSON key names a field, in any casing.
///
/// Always inlined, so that `name`'s [`Pattern`] is a constant: a key of another length costs
/// one comparison, and one of up to 16 bytes two more.
#[inline(always)]
pub(crate) fn key_is(key: &str, name: &str) -> bool {
    let (key, name) = (key.as_bytes(), name.as_bytes());
    key.len() == name.len() && Pattern::of(name).matches(key, Words::of(key), name)
}

/// A key's first and last eight bytes (the same word, zero-padded, when it is shorter).
#[derive(Clone, Copy)]
struct Words {
    head: u64,
    last: u64,
}

impl Words {
    #[inline(always)]
    fn of(key: &[u8]) -> Self {
        let len = key.len();
        if len >= 8 {
            return Self {
                head: word(key, 0),
                last: word(key, len - 8),
            };
        }
        // Overlapping loads shifted into place (the overlap holds the same bytes), rather than
        // a copy into a padded buffer, which is a call to `memcpy`.
        let byte = |at: usize| u64::from(key[at]);
        let head = match len {
            0 => 0,
            1..=3 => byte(0) | byte(len / 2) << (len / 2 * 8) | byte(len - 1) << ((len - 1) * 8),
            _ => {
                let four = |at: usize| {
                    let mut word = [0; 4];
                    word.copy_from_slice(&key[at..at + 4]);
                    u64::from(u32::from_le_bytes(word))
                };
                four(0) | four(len - 4) << ((len - 4) * 8)
            }
        };
        Self { head, last: head }
    }
}

/// What a key must be to match a name, but for its length: [`Words`] in which each byte that
/// is an ASCII letter in the name, with its case bit (`0x20`) set, is that letter in lowercase,
/// and every other byte is the name's byte exactly. So a comparison is an OR and a compare a
/// word, and matches exactly what `eq_ignore_ascii_case` matches.
#[derive(Clone, Copy)]
struct Pattern {
    head: u64,
    /// The case bit of each letter of the head.
    head_letters: u64,
    last: u64,
    last_letters: u64,
}

impl Pattern {
    #[inline(always)]
    const fn of(name: &[u8]) -> Self {
        let len = name.len();
        let head = padded(name, 0);
        let last = if len >= 8 {
            padded(name, len - 8)
        } else {
            head
        };
        let (head_letters, last_letters) = (letters(head), letters(last));
        Self {
            head: head | head_letters,
            head_letters,
            last: last | last_letters,
            last_letters,
        }
    }

    /// Whether `key` (with its [`Words`]) matches `name`, both of the same length; for more than
    /// 16 bytes, the bytes between the first and last eight are compared too.
    #[inline(always)]
    fn matches(&self, key: &[u8], words: Words, name: &[u8]) -> bool {
        words.head | self.head_letters == self.head
            && words.last | self.last_letters == self.last
            && (key.len() <= 16 || middle_matches(key, name))
    }
}

/// Whether the bytes of `key` between its first and last eight match `name`'s, a word at a
/// time (the last word overlapping the last eight), each name word's pattern made here: one
/// key in six is this long.
#[inline]
fn middle_matches(key: &[u8], name: &[u8]) -> bool {
    let mut at = 8;
    while at < key.len() - 8 {
        let name_word = word(name, at);
        let letters = letters(name_word);
        if word(key, at) | letters != name_word | letters {
            return false;
        }
        at += 8;
    }
    true
}

/// The eight bytes of `bytes` from `at`, zero-padded past its end.
const fn padded(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0; 8];
    let mut i = 0;
    while i < 8 && at + i < bytes.len() {
        word[i] = bytes[at + i];
        i += 1;
    }
    u64::from_le_bytes(word)
}

/// The eight bytes of `bytes` from `at`, which the caller keeps in bounds.
#[inline(always)]
fn word(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(word)
}

/// `0x20` in each byte of a word that is an ASCII letter, zero in every other byte (non-ASCII
/// ones included): a byte is a letter when, with its case bit set, it is `a` to `z`.
#[inline(always)]
const fn letters(word: u64) -> u64 {
    // Per lane, on the low seven bits (no carry leaves a lane): the top bit says `>= 'a'`, then
    // `> 'z'`; a lane with its own top bit set is not ASCII.
    let low = (word | lanes(0x20)) & lanes(0x7f);
    let from_a = low + lanes(0x80 - b'a');
    let past_z = low + lanes(0x80 - b'z' - 1);
    (from_a & !past_z & !word & lanes(0x80)) >> 2
}

/// Reads a map key and classifies it with a function (inlined: no call through a pointer),
/// without allocating.
pub(crate) struct KeySeed<F>(pub(crate) F);

impl<'de, K, F: FnOnce(&str) -> K> DeserializeSeed<'de> for KeySeed<F> {
    type Value = K;
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<K, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<K, F: FnOnce(&str) -> K> Visitor<'_> for KeySeed<F> {
    type Value = K;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    #[inline]
    fn visit_str<E: de::Error>(self, key: &str) -> Result<K, E> {
        Ok((self.0)(key))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<K, E> {
        Ok((self.0)(std::str::from_utf8(key).unwrap_or_default()))
    }
}

/// One key name of a struct's field, its [`Pattern`] made at compile time, for [`next_field`].
pub(crate) struct FieldName {
    name: &'static [u8],
    pattern: Pattern,
    /// The field's index in its struct.
    field: u8,
}

impl FieldName {
    pub(crate) const fn new(name: &'static str, field: u8) -> Self {
        let name = name.as_bytes();
        Self {
            name,
            pattern: Pattern::of(name),
            field,
        }
    }

    #[inline(always)]
    fn matches(&self, key: &[u8], words: Words) -> bool {
        self.name.len() == key.len() && self.pattern.matches(key, words, self.name)
    }
}

/// What [`next_field`] returns for a key that names no field.
pub(crate) const OTHER_FIELD: u8 = u8::MAX;

/// Reads the next key of a struct and returns the index of the field it names among `names`
/// (or [`OTHER_FIELD`]), or `None` at the end of the object.
///
/// `hint` is where the search starts, and is left just past the name found: keys usually come
/// in the order of the struct (the schema's order), so most keys match the first name tried.
/// One copy per deserializer, shared by every struct (never inlined).
#[inline(never)]
pub(crate) fn next_field<'de, A: MapAccess<'de>>(
    map: &mut A,
    names: &'static [FieldName],
    hint: &mut usize,
) -> Result<Option<u8>, A::Error> {
    map.next_key_seed(FieldKey { names, hint })
}

struct FieldKey<'h> {
    names: &'static [FieldName],
    hint: &'h mut usize,
}

impl<'de> DeserializeSeed<'de> for FieldKey<'_> {
    type Value = u8;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u8, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl Visitor<'_> for FieldKey<'_> {
    type Value = u8;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<u8, E> {
        Ok(field_of(key.as_bytes(), self.names, self.hint))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<u8, E> {
        let key = std::str::from_utf8(key).unwrap_or_default();
        Ok(field_of(key.as_bytes(), self.names, self.hint))
    }
}

/// The field `key` names among `names`, searched from `hint` round to it (see [`next_field`]).
#[inline(always)]
fn field_of(key: &[u8], names: &[FieldName], hint: &mut usize) -> u8 {
    let words = Words::of(key);
    // A plain loop from the hint round to it: iterator adaptors here were not always inlined.
    let mut at = *hint;
    for _ in 0..names.len() {
        if at >= names.len() {
            at = 0;
        }
        if names[at].matches(key, words) {
            *hint = at + 1;
            return names[at].field;
        }
        at += 1;
    }
    OTHER_FIELD
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_match_in_any_ascii_casing_and_nothing_else() {
        for (key, name) in [
            ("SellerSKU", "sellerSku"),
            ("ASIN", "asin"),
            ("asin", "ASIN"),
            ("", ""),
            ("x", "X"),
        ] {
            assert!(key_is(key, name), "{key} {name}");
        }
        for (key, name) in [
            ("SellerSKUs", "sellerSku"),
            ("BSIN", "asin"),
            ("asio", "ASIN"),
            ("", "a"),
            ("é", "É"),
            ("_x", "?x"),
        ] {
            assert!(!key_is(key, name), "{key} {name}");
        }
    }

    #[test]
    fn keys_match_exactly_as_eq_ignore_ascii_case_does() {
        // Names of every length the comparison treats differently (zero-padded, one word,
        // overlapping words, several words), each changed at its start, middle and end to every
        // ASCII character and to two-byte characters; through `key_is` and through a table.
        let base = "aZ_9-mQ@[`{~".repeat(3);
        for len in [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 24, 25] {
            let name: &'static str = base[..len].to_owned().leak();
            let table = [FieldName::new("other", 0), FieldName::new(name, 1)];
            for at in [0, len / 2, len - 1] {
                let mut keys: Vec<String> = (0..128u8)
                    .map(|byte| format!("{}{}{}", &name[..at], byte as char, &name[at + 1..]))
                    .collect();
                if at + 2 <= len {
                    for c in ["é", "É", "\u{80}"] {
                        keys.push(format!("{}{c}{}", &name[..at], &name[at + 2..]));
                    }
                }
                for key in &keys {
                    let expected = key.eq_ignore_ascii_case(name);
                    assert_eq!(key_is(key, name), expected, "{key:?} {name:?}");
                    let field = field_of(key.as_bytes(), &table, &mut 0);
                    let want = if expected { 1 } else { OTHER_FIELD };
                    assert_eq!(field, want, "{key:?} {name:?}");
                }
            }
        }
        // The word-wide letter test is `is_ascii_alphabetic` for every byte in every lane.
        for byte in 0..=255u8 {
            for lane in 0..8 {
                let mut word = *b"Az@[`{\x7f\x80";
                word[lane] = byte;
                let expected = word.map(|b| if b.is_ascii_alphabetic() { 0x20 } else { 0 });
                let got = letters(u64::from_le_bytes(word)).to_le_bytes();
                assert_eq!(got, expected, "{word:?}");
            }
        }
    }

    #[test]
    fn a_table_finds_every_name_from_any_hint_and_moves_the_hint_past_it() {
        static NAMES: [FieldName; 4] = [
            FieldName::new("sellerId", 0),
            FieldName::new("SellerSKU", 1),
            FieldName::new("sku", 1),
            FieldName::new("amount", 2),
        ];
        for start in 0..=NAMES.len() + 1 {
            for (key, at, field) in [("SELLERID", 0, 0), ("sellerSku", 1, 1), ("SKU", 2, 1)] {
                let mut hint = start;
                assert_eq!(field_of(key.as_bytes(), &NAMES, &mut hint), field, "{key}");
                assert_eq!(hint, at + 1, "{key} from {start}");
            }
            let mut hint = start;
            assert_eq!(field_of(b"amounts", &NAMES, &mut hint), OTHER_FIELD);
            assert_eq!(hint, start, "an unknown key leaves the hint");
        }
    }
}
