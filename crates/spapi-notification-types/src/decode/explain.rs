//! The slow path: reading a message that failed again, to say where and why.

use serde_json::value::RawValue;
use serde_path_to_error::Segment;

use super::{Rejected, Trail, Walked, walk};
use crate::envelope::incoming::AMBIGUOUS;
use crate::envelope::{Delivery, Received};
use crate::notification::NotificationPayload;
use crate::{DecodeError, DecodeErrorKind, NotificationType};

/// serde_json's nesting limit.
const MAX_DEPTH: usize = 128;

/// Why and where a message failed, before its bytes are attached. Boxed: it travels in every
/// `Result` of the pipeline, and is rare.
pub(crate) type Pending = Box<PendingError>;

pub(crate) struct PendingError {
    kind: DecodeErrorKind,
    pub(crate) path: String,
    notification_type: Option<NotificationType>,
    delivery: Delivery,
    /// The body of the outermost SQS message.
    pub(crate) body: Option<String>,
    source: Option<serde_json::Error>,
    /// When only the payload failed: the notification, sound but for its payload, kept raw.
    sound: Option<Box<Received<Box<RawValue>>>>,
}

impl PendingError {
    pub(super) fn new(kind: DecodeErrorKind, trail: &Trail) -> Pending {
        Box::new(Self {
            kind,
            path: trail.prefix(),
            notification_type: None,
            delivery: trail.delivery.clone(),
            body: trail.body.clone(),
            source: None,
            sound: None,
        })
    }

    pub(super) fn unexpected(message: String, trail: &Trail) -> Pending {
        Self::new(DecodeErrorKind::UnexpectedEnvelope { message }, trail)
    }

    /// A JSON error at `path` inside `text`, the document the trail has reached.
    pub(super) fn at(text: &str, path: &str, error: serde_json::Error, trail: &Trail) -> Pending {
        let kind = classify(&error, text, path);
        Box::new(Self {
            path: join(&trail.prefix(), path),
            notification_type: sniff_type(text),
            source: Some(error),
            ..*Self::new(kind, trail)
        })
    }

    pub(crate) fn into_error(self: Box<Self>, raw: &[u8]) -> DecodeError {
        self.into_rejected(raw).error
    }

    pub(crate) fn into_rejected(self: Box<Self>, raw: &[u8]) -> Rejected {
        let error = DecodeError::new(self.kind, raw)
            .with_path(self.path)
            .with_notification_type(self.notification_type)
            .with_delivery(self.delivery);
        let error = match self.source {
            Some(source) => error.with_source(source),
            None => error,
        };
        Rejected {
            error,
            sound: self.sound,
        }
    }
}

/// Explains why a message in an envelope failed: first the envelopes with the payload kept
/// raw, then the payload.
pub(crate) fn explain<P: NotificationPayload>(text: &str, fast: Pending) -> Pending {
    let found = match walk::<Box<RawValue>>(text, true) {
        Err(failure) => return failure,
        Ok(Walked::Batch(..)) => return fast,
        Ok(Walked::Found(found)) => found,
    };
    // A tracked walk always traces; without a trace there is nothing better to say.
    let Some(trace) = found.trace else {
        return fast;
    };
    let notification = &found.received.notification;
    let prefix = join(
        &trace.prefix,
        payload_key(&trace.text, notification.payload.get()),
    );
    match payload_error::<P>(&notification.notification_type, notification.payload.get()) {
        Some((path, error)) => Box::new(PendingError {
            kind: classify(&error, notification.payload.get(), &path),
            path: join(&prefix, &path),
            notification_type: Some(notification.notification_type.clone()),
            delivery: found.received.delivery.clone(),
            body: trace.body,
            source: Some(error),
            sound: Some(Box::new(found.received)),
        }),
        None => fast,
    }
}

/// The error a payload gives, with its JSON path inside the payload.
fn payload_error<P: NotificationPayload>(
    notification_type: &NotificationType,
    raw: &str,
) -> Option<(String, serde_json::Error)> {
    let mut d = serde_json::Deserializer::from_str(raw);
    let mut track = serde_path_to_error::Track::new();
    let result = P::deserialize_payload(
        notification_type,
        serde_path_to_error::Deserializer::new(&mut d, &mut track),
    );
    result.err().map(|error| (path_of(&track.path()), error))
}

/// Where a notification type was seen, for errors in messages that do not decode.
pub(super) fn sniff_type(text: &str) -> Option<NotificationType> {
    const KEY: &[u8] = b"notificationtype";
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = bytes[from..]
        .windows(KEY.len())
        .position(|window| window.eq_ignore_ascii_case(KEY))
    {
        let start = from + found;
        from = start + 1;
        // `"notificationType"` then `:` then a string, each quote possibly escaped.
        if !bytes[..start].ends_with(b"\"") {
            continue;
        }
        let rest = &text[start + KEY.len()..];
        let Some(rest) = rest.trim_start_matches('\\').strip_prefix('"') else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix(':') else {
            continue;
        };
        let Some(rest) = rest.trim_start().trim_start_matches('\\').strip_prefix('"') else {
            continue;
        };
        let Some(end) = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) else {
            continue;
        };
        let value = &rest[..end];
        // Only a complete value: a truncated one would name another type.
        if !value.is_empty() && value.len() <= 100 && rest[end..].starts_with(['"', '\\']) {
            return Some(NotificationType::from(value));
        }
    }
    None
}

/// The payload key as the document spells it: the key right before the payload's own text
/// (a raw value is its text verbatim), not any `Payload` elsewhere in the document.
fn payload_key<'t>(text: &'t str, payload: &str) -> &'t str {
    const KEY: &str = "payload";
    text.match_indices(payload)
        .find_map(|(at, _)| {
            let before = text[..at].trim_end().strip_suffix(':')?.trim_end();
            let quoted = before.strip_suffix('"')?;
            let key = quoted.get(quoted.len().checked_sub(KEY.len())?..)?;
            let opened = quoted[..quoted.len() - KEY.len()].ends_with('"');
            (opened && key.eq_ignore_ascii_case(KEY)).then_some(key)
        })
        .unwrap_or(KEY)
}

/// A path as `Payload.Offers[0].SellerId`, leaving out the segments serde could not name.
pub(super) fn path_of(path: &serde_path_to_error::Path) -> String {
    path.iter()
        .fold(String::new(), |path, segment| match segment {
            Segment::Seq { index } => format!("{path}[{index}]"),
            Segment::Map { key } | Segment::Enum { variant: key } => join(&path, key),
            _ => path,
        })
}

/// Joins two JSON paths (`body` and `detail.Payload` make `body.detail.Payload`).
pub(crate) fn join(outer: &str, inner: &str) -> String {
    match (outer.is_empty(), inner.is_empty()) {
        (true, _) => inner.to_owned(),
        (false, true) => outer.to_owned(),
        (false, false) if inner.starts_with('[') => format!("{outer}{inner}"),
        (false, false) => format!("{outer}.{inner}"),
    }
}

fn classify(error: &serde_json::Error, text: &str, path: &str) -> DecodeErrorKind {
    let mut message = error.to_string();
    if let Some(position) = message.rfind(" at line ") {
        message.truncate(position);
    }
    if message.starts_with("recursion limit exceeded") || nesting_depth(text) > MAX_DEPTH {
        return DecodeErrorKind::TooDeep;
    }
    if error.is_eof() {
        return DecodeErrorKind::Truncated;
    }
    if error.is_syntax() {
        return DecodeErrorKind::Syntax {
            line: error.line(),
            column: error.column(),
        };
    }
    if message.starts_with(AMBIGUOUS) {
        return DecodeErrorKind::UnexpectedEnvelope { message };
    }
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        return DecodeErrorKind::MissingField {
            field: field.to_owned(),
        };
    }
    if path.is_empty()
        && let Some(found) = non_object(text)
    {
        return DecodeErrorKind::NotAnObject { found };
    }
    DecodeErrorKind::InvalidData { message }
}

/// What a document that should be an object is instead.
fn non_object(text: &str) -> Option<&'static str> {
    match text.trim_ascii_start().bytes().next()? {
        b'n' => Some("null"),
        b'[' => Some("an array"),
        b't' | b'f' => Some("a boolean"),
        b'-' | b'0'..=b'9' => Some("a number"),
        _ => None,
    }
}

/// How deeply arrays and objects nest in `text`, ignoring brackets inside strings.
fn nesting_depth(text: &str) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0, false, false);
    for byte in text.bytes() {
        match (in_string, escaped, byte) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (true, false, b'"') => in_string = false,
            (true, false, _) => {}
            (false, _, b'"') => in_string = true,
            (false, _, b'[' | b'{') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            (false, _, b']' | b'}') => depth = depth.saturating_sub(1),
            (false, _, _) => {}
        }
    }
    deepest
}
