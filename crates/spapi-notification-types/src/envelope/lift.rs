//! An envelope's JSON text (an SNS `Message`, an SQS `body`) lifted out of its document before
//! serde_json reads the document.
//!
//! serde_json cannot skip a string: taking the text raw still scans it, escape by escape, and
//! nested text is dense with escapes (`\"` at every key, `\\\"` when encoded twice). Found here
//! first, the text is unescaped in the same scan that finds its end, and serde_json reads the
//! rest of the document with an empty string in its place: once through the text, not twice.

use super::incoming::{Claim, ContentKey, claim_of};
use super::json_text::{quote_or_backslash, string_at, string_end};
use crate::wire::key_is;

/// The keys SNS and SQS write before a message's text; any other key ends the search (a
/// notification's own, an EventBridge event's), so that what has no text to lift costs a key.
const BEFORE_CONTENT: [&str; 6] = [
    "Type",
    "MessageId",
    "TopicArn",
    "Subject",
    "receiptHandle",
    "md5OfBody",
];

/// A document with its content's text taken out.
pub(crate) struct Lifted {
    /// The document with the content's string emptied (`"body":""`), for serde_json to read.
    pub(crate) rest: String,
    /// The content's JSON text, unescaped.
    pub(crate) text: String,
}

/// Lifts the text of an object's `Message` or `body` string (in any casing) when that is the
/// object's first content key (see [`Claim`]), with only [`BEFORE_CONTENT`] keys before it,
/// none with an escape.
///
/// `None` otherwise, for the document to be read as it is. This only finds where the string is, without checking the
/// JSON around it: serde_json checks the rest, and on valid JSON this finds what serde_json
/// does. The text itself is checked as serde_json would.
pub(crate) fn lift(document: &str) -> Option<Lifted> {
    let bytes = document.as_bytes();
    let mut at = after_space(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at += 1;
    loop {
        at = after_space(bytes, at);
        if bytes.get(at) != Some(&b'"') {
            return None;
        }
        let end = quote_or_backslash(bytes, at + 1)?;
        // A key with an escape is left to serde_json (it would read `b\u006fdy` as `body`).
        let key = document.get(at + 1..end).filter(|_| bytes[end] == b'"')?;
        at = after_space(bytes, end + 1);
        if bytes.get(at) != Some(&b':') {
            return None;
        }
        at = after_space(bytes, at + 1);
        if let Some(claim) = claim_of(key) {
            let text = matches!(
                claim,
                Claim::Content(ContentKey::Message | ContentKey::Body)
            );
            if !text || bytes.get(at) != Some(&b'"') {
                return None;
            }
            let (text, end) = string_at(document, at)?;
            let mut rest = String::with_capacity(document.len() - (end - at) + 2);
            rest.push_str(&document[..=at]);
            rest.push_str(&document[end - 1..]);
            return Some(Lifted { rest, text });
        }
        if !BEFORE_CONTENT.iter().any(|name| key_is(key, name)) {
            return None;
        }
        at = after_space(bytes, after_value(bytes, at)?);
        if bytes.get(at) != Some(&b',') {
            return None;
        }
        at += 1;
    }
}

/// Where the JSON value starting at `at` ends, on valid JSON.
fn after_value(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at)? {
        b'"' => string_end(bytes, at + 1).map(|end| end + 1),
        b'{' | b'[' => {
            let (mut at, mut depth) = (at + 1, 1usize);
            loop {
                match bytes.get(at)? {
                    b'"' => at = string_end(bytes, at + 1)?,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(at + 1);
                        }
                    }
                    _ => {}
                }
                at += 1;
            }
        }
        _ => {
            let len = bytes[at..]
                .iter()
                .position(|byte| matches!(byte, b',' | b'}' | b']') || is_space(*byte));
            Some(at + len.unwrap_or(bytes.len() - at))
        }
    }
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

fn after_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(|&byte| is_space(byte)) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::lift;

    #[test]
    fn the_first_content_string_is_lifted_and_emptied() {
        let sns = r#" { "Type" : "Notification", "subject": -1.5e3, "TOPICARN": [{"x": "]}\""}, null],
            "MESSAGE" : "{\"k\":\"v\\\"\"}" , "Timestamp": "t" } "#;
        let lifted = lift(sns).expect("an SNS message lifts");
        assert_eq!(lifted.text, r#"{"k":"v\""}"#);
        let rest: serde_json::Value = serde_json::from_str(&lifted.rest).unwrap();
        let mut expected: serde_json::Value = serde_json::from_str(sns).unwrap();
        expected["MESSAGE"] = "".into();
        assert_eq!(rest, expected);
    }

    #[test]
    fn nothing_is_lifted_unless_the_first_content_key_holds_text_serde_json_would_read() {
        for document in [
            // A key SNS or SQS does not write before the text comes first (a notification's
            // own, an EventBridge event's), or a batch or `detail` is the first claim.
            r#"{"notificationType":"X","body":"{}"}"#,
            r#"{"id":"X","Message":"{}"}"#,
            r#"{"Records":[],"body":"{}"}"#,
            r#"{"detail":{},"Message":"{}"}"#,
            // The content is no string, or text serde_json refuses, or a key has an escape.
            r#"{"body":{"a":1}}"#,
            "{\"body\":\"a\u{1}b\"}",
            r#"{"body":"\ud83d"}"#,
            r#"{"body":"\x"}"#,
            r#"{"b\u006fdy":"{}"}"#,
            // Not an object, or cut short.
            r#""{}""#,
            "[]",
            r#"{"Type":"Notification""#,
            r#"{"body":"{}"#,
            "{",
            "",
        ] {
            assert!(lift(document).is_none(), "{document}");
        }
    }
}
