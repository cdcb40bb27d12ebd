//! JSON text inside a JSON string (a double-encoded body, an SNS `Message`, an SQS `body`),
//! unescaped in one pass into a buffer sized up front.
//!
//! serde_json's own unescaping grows a buffer from empty and then copies it; nested notifications
//! are dense with escapes, so this is where envelopes spend their time. Text serde_json has not
//! read ([`string_at`], for [`super::lift`]) is also checked here as serde_json would check it.

use std::cell::Cell;

use serde::Deserialize;
use serde::de::{self, Deserializer};
use serde_json::value::RawValue;

use crate::words::{lanes_of, string_stops, word_at};

/// JSON text in a JSON string, taken raw and unescaped here (see [`Mode::bail`]).
pub(crate) fn raw_text<'de, D: Deserializer<'de>>(
    d: D,
    bail: &Cell<bool>,
) -> Result<String, D::Error> {
    let raw = <&RawValue>::deserialize(d)?;
    unescape(raw.get()).ok_or_else(|| {
        bail.set(true);
        de::Error::custom("nested text to read again without taking it raw")
    })
}

/// A whole document that is one JSON string (a double-encoded message), unescaped without
/// serde_json reading it first; `None` for anything else, and for anything serde_json is to read
/// and explain (a control character, a quote ending the string early, text after it).
pub(crate) fn whole_text(text: &str) -> Option<String> {
    let token = text.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
    let (text, end) = string_at(token, 0)?;
    (end == token.len()).then_some(text)
}

/// The JSON string token starting at `open` (its opening quote) in `text`, unescaped, and where
/// the token ends (just past its closing quote), read without serde_json; `None` for anything
/// serde_json would refuse or read otherwise (a control character, a lone surrogate, an unknown
/// escape, no closing quote).
pub(crate) fn string_at(text: &str, open: usize) -> Option<(String, usize)> {
    let inner = text.as_bytes().get(open..)?.strip_prefix(b"\"")?;
    let (text, close) = unescape_until::<true>(inner)?;
    Some((text, open + 1 + close + 1))
}

/// The text of a JSON string token (quotes included, its syntax already checked by serde_json),
/// unescaped as serde_json would; `None` if it is not a string or has a lone surrogate.
pub(crate) fn unescape(token: &str) -> Option<String> {
    let inner = token.strip_prefix('"')?.strip_suffix('"')?.as_bytes();
    unescape_until::<false>(inner).map(|(text, _)| text)
}

/// Where the string whose content starts at `from` in `bytes` ends: the index of its closing
/// quote, escapes skipped but not checked (for what serde_json reads and checks afterwards).
pub(crate) fn string_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        at = quote_or_backslash(bytes, at)?;
        match bytes[at] {
            b'\\' => at += 2,
            _ => return Some(at),
        }
    }
}

/// The index of the first quote or backslash in `bytes` from `at`, eight bytes at a time.
#[inline]
pub(crate) fn quote_or_backslash(bytes: &[u8], mut at: usize) -> Option<usize> {
    while let Some(word) = word_at(bytes, at) {
        let stop = lanes_of(word, b'"') | lanes_of(word, b'\\');
        if stop != 0 {
            return Some(at + stop.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    let tail = bytes
        .get(at..)?
        .iter()
        .position(|&byte| matches!(byte, b'"' | b'\\'));
    tail.map(|i| at + i)
}

/// Unescapes the content of a JSON string up to its closing quote, and gives the quote's index
/// in `inner` (its length when the quote was stripped). When `CHECK`, for text serde_json has
/// not read, the first quote that is not escaped ends the string, and a control character is
/// `None`; otherwise `inner` is the whole content, already checked by serde_json.
fn unescape_until<const CHECK: bool>(inner: &[u8]) -> Option<(String, usize)> {
    // Unescaping only shrinks text: written at `w`, never past `at`, so never past the end.
    let mut out = vec![0; inner.len()];
    let (mut at, mut w) = (0, 0);
    while at < inner.len() {
        // Nested JSON is dense with escapes: copy eight bytes at a time up to the next
        // backslash, found with a word-wide compare.
        if let Some(chunk) = inner.get(at..at + 8) {
            out.get_mut(w..w + 8)?.copy_from_slice(chunk);
            let word = u64::from_le_bytes(chunk.try_into().ok()?);
            let stop = if CHECK {
                string_stops(word)
            } else {
                lanes_of(word, b'\\')
            };
            if stop == 0 {
                (at, w) = (at + 8, w + 8);
                continue;
            }
            let before = stop.trailing_zeros() as usize / 8;
            (at, w) = (at + before, w + before);
        } else if inner[at] != b'\\' && !(CHECK && (inner[at] == b'"' || inner[at] < 0x20)) {
            *out.get_mut(w)? = inner[at];
            (at, w) = (at + 1, w + 1);
            continue;
        }
        if CHECK && inner[at] != b'\\' {
            // The closing quote, or a control character, which serde_json refuses.
            return if inner[at] == b'"' {
                finish(out, w, at)
            } else {
                None
            };
        }
        // Escapes come in runs (`\\\"` in text encoded twice): each one of a run is read here,
        // without going back to the word-wide search for a backslash that is the next byte.
        loop {
            let escape = *inner.get(at + 1)?;
            let byte = SIMPLE_ESCAPES[usize::from(escape)];
            if byte != 0 {
                *out.get_mut(w)? = byte;
                (at, w) = (at + 2, w + 1);
            } else {
                (at, w) = unicode_escape(inner, at, &mut out, w)?;
            }
            if inner.get(at) != Some(&b'\\') {
                break;
            }
        }
    }
    if CHECK {
        return None;
    }
    finish(out, w, at)
}

/// The `w` bytes written to `out` as text, and where the string's content ended.
fn finish(mut out: Vec<u8>, w: usize, end: usize) -> Option<(String, usize)> {
    out.truncate(w);
    String::from_utf8(out).ok().map(|text| (text, end))
}

/// What each one-character escape (`\n`) stands for, by the byte after the backslash; zero for
/// `u` and for what is no escape.
const SIMPLE_ESCAPES: [u8; 256] = {
    let mut table = [0; 256];
    let pairs = [
        (b'"', b'"'),
        (b'\\', b'\\'),
        (b'/', b'/'),
        (b'b', 0x08),
        (b'f', 0x0c),
        (b'n', b'\n'),
        (b'r', b'\r'),
        (b't', b'\t'),
    ];
    let mut i = 0;
    while i < pairs.len() {
        table[pairs[i].0 as usize] = pairs[i].1;
        i += 1;
    }
    table
};

/// Reads the `\uXXXX` escape (or surrogate pair) at `at` into `out` at `w`; where each ends
/// up, or `None` for anything else (a lone surrogate, an unknown escape).
#[cold]
fn unicode_escape(inner: &[u8], at: usize, out: &mut [u8], w: usize) -> Option<(usize, usize)> {
    let digits = inner.get(at..at + 6)?.strip_prefix(b"\\u")?;
    let mut code = u32::from(hex4(digits)?);
    let mut at = at + 6;
    if (0xD800..0xDC00).contains(&code) {
        let low = inner.get(at..at + 6)?.strip_prefix(b"\\u")?;
        let low = u32::from(hex4(low)?);
        if !(0xDC00..0xE000).contains(&low) {
            return None;
        }
        at += 6;
        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    let c = char::from_u32(code)?;
    c.encode_utf8(out.get_mut(w..w + c.len_utf8())?);
    Some((at, w + c.len_utf8()))
}

fn hex4(digits: &[u8]) -> Option<u16> {
    digits.iter().try_fold(0u16, |value, &digit| {
        let digit = (digit as char).to_digit(16)?;
        Some(value << 4 | digit as u16)
    })
}

#[cfg(test)]
mod tests {
    use super::{unescape, whole_text};

    #[test]
    fn nested_text_unescapes_as_serde_json_does() {
        for token in [
            r#""""#,
            r#""plain""#,
            r#""{\"a\":\"b\\\"c\"}""#,
            r#""\/\b\f\n\r\t\u00e9\u20AC\ud83d\ude00 é€""#,
            r#""ends with escape\\""#,
            r#""\\\"\n\u00e9\"\\""#,
        ] {
            let expected: String = serde_json::from_str(token).unwrap();
            assert_eq!(
                unescape(token).as_deref(),
                Some(expected.as_str()),
                "{token}"
            );
        }
        // Escapes at every offset of the eight-byte chunks, and a document encoded twice.
        for n in 0..20 {
            let text = format!("{}\"\\\n\u{1}é😀{}\"", "a".repeat(n), "b".repeat(n % 9));
            let token = serde_json::to_string(&serde_json::to_string(&text).unwrap()).unwrap();
            let once: String = serde_json::from_str(&token).unwrap();
            assert_eq!(unescape(&token).as_deref(), Some(once.as_str()), "{token}");
            assert_eq!(unescape(&once).as_deref(), Some(text.as_str()), "{once}");
        }
        // Every byte after a backslash, alone and in a run of escapes: the same text as
        // serde_json's, or `None` where serde_json refuses the escape.
        for byte in 0..128u8 {
            for token in [
                format!("\"a\\{}\"", byte as char),
                format!("\"\\\\\\{}\\\"bcdefghij\"", byte as char),
            ] {
                let expected = serde_json::from_str::<String>(&token).ok();
                assert_eq!(unescape(&token), expected, "{token}");
            }
        }
        // What serde_json refuses, or is not text, is left to serde_json to read and explain.
        for token in [
            r#""\ud83d""#,
            r#""\ude00""#,
            r#""\ud83d\u0041""#,
            "{}",
            "null",
        ] {
            assert_eq!(unescape(token), None, "{token}");
        }
    }

    #[test]
    fn a_whole_document_string_is_read_only_where_serde_json_reads_it_the_same() {
        let documents = [
            " \"{\\\"a\\\":\\\"b\\\"}\" \r\n\t",
            "\"\"",
            "\"a\\\"\"",
            "\"\\u0000\\ud83d\\ude00\\\\\"",
            // What serde_json refuses, or reads otherwise, is left to it.
            "\u{c}\"a\"",
            "\"a\" x",
            "\"a\"b\"",
            "\"a\nb\"",
            "\"tab\tinside the first eight bytes\"",
            "\"\\\"",
            "\"\\ud83d\"",
            "\"a\",",
            "{\"a\":1}",
        ];
        for document in documents {
            let expected = serde_json::from_str::<String>(document).ok();
            match whole_text(document) {
                Some(text) => assert_eq!(Some(text), expected, "{document:?}"),
                None => assert_eq!(expected, None, "{document:?}"),
            }
        }
        // A control character or quote at every offset of the eight-byte words.
        for n in 0..20 {
            for bad in ["\u{1}", "\"", "\u{1f}"] {
                let document = format!("\"{}{bad}{}\"", "a".repeat(n), "b".repeat(n % 9));
                assert!(serde_json::from_str::<String>(&document).is_err());
                assert_eq!(whole_text(&document), None, "{document:?}");
            }
        }
    }
}
