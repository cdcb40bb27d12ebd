//! The decoding pipeline behind [`Notification::from_slice`] and [`crate::envelope`]: both read
//! a document with [`Document`]'s one visitor, so that they read a notification the same way.
//!
//! The happy path reads each JSON document once, with no path tracking. When it fails, the
//! message is read again, slowly, to explain the failure: envelopes with `serde_path_to_error`
//! and the payload kept raw, then the payload alone, so that the error names the JSON path
//! through every envelope (`Records[2].body.detail.Payload.Sku`). Errors are rare; they pay.

use std::borrow::Cow;
use std::cell::Cell;

use serde::de::IgnoredAny;
use serde_json::value::RawValue;

use crate::envelope::incoming::{Document, DocumentSeed, Layer, Mode, Records};
use crate::envelope::json_text::{raw_text, whole_text};
use crate::envelope::lift::{Lifted, lift};
use crate::envelope::{Delivery, MAX_BATCH_BYTES, MAX_MESSAGE_BYTES, Received};
use crate::notification::NotificationPayload;
use crate::{DecodeError, DecodeErrorKind, Notification, Payload};

mod explain;
mod reader;

use explain::{Pending, PendingError, explain, join, path_of, sniff_type};

/// How many envelopes may be nested inside each other (an SQS body holding an SNS message
/// holding an EventBridge event is three).
const MAX_LAYERS: usize = 4;

/// A bare notification, read exactly as [`single`] reads one (same keys, same errors), and
/// refused when the message is in an envelope.
pub(crate) fn bare<P: NotificationPayload>(bytes: &[u8]) -> Result<Notification<P>, DecodeError> {
    let text = checked(bytes, MAX_MESSAGE_BYTES)?;
    let what = match Trail::new(false).parse::<P>(text, Mode::default()) {
        Ok(Document::Notification(notification, None)) => return Ok(notification),
        Err(fast) => return Err(explain::<P>(text, fast).into_error(bytes)),
        Ok(Document::Notification(_, Some(layer)) | Document::Nested(_, layer)) => layer.describe(),
        Ok(Document::Batch(key, _)) => format!("a batch (`{key}`)"),
        Ok(Document::Unsupported(message)) => message,
    };
    let message =
        format!("{what} where a bare notification was expected: decode it with `envelope::decode`");
    Err(DecodeError::new(
        DecodeErrorKind::UnexpectedEnvelope { message },
        bytes,
    ))
}

/// One message, as [`crate::envelope::decode`] reads it.
///
/// A bare notification (the SQS body Amazon writes, the common case) is returned straight from
/// the first document read: the general path wraps it in a `Walked`, a `Found` and a `Step` on
/// the way, and each wrapping moved the half-kilobyte `Received` once more.
#[inline]
pub(crate) fn single<P: NotificationPayload>(bytes: &[u8]) -> Result<Received<P>, Rejected> {
    let text = checked(bytes, MAX_MESSAGE_BYTES)?;
    let bail = Cell::new(false);
    let trail = Trail::new(false);
    let walked = match trail.parse::<P>(text, Mode::fast(&bail)) {
        Ok(Document::Notification(notification, None)) => {
            return Ok(Received {
                notification,
                delivery: Delivery::default(),
            });
        }
        Ok(document) => trail.walk_from(document, text, Mode::fast(&bail)),
        Err(error) => Err(error),
    };
    match retry_if_bailed(text, &bail, walked) {
        Ok(Walked::Found(found)) => Ok(found.received),
        Ok(Walked::Batch(key, Records::Raw(records))) => match records.as_slice() {
            [record] => message(record.get(), key, 0),
            _ => Err(DecodeError::new(
                DecodeErrorKind::UnexpectedEnvelope {
                    message: format!(
                        "a batch of {} messages where one was expected: decode it with `decode_all`",
                        records.len()
                    ),
                },
                bytes,
            )
            .into()),
        },
        Ok(Walked::Batch(_, Records::Read(_))) => unreachable!("records are read raw by default"),
        Err(fast) => Err(explain::<P>(text, fast).into_rejected(bytes)),
    }
}

pub(crate) fn batch<P: NotificationPayload>(bytes: &[u8]) -> Vec<Result<Received<P>, Rejected>> {
    let text = match checked(bytes, MAX_BATCH_BYTES) {
        Ok(text) => text,
        Err(error) => return vec![Err(error.into())],
    };
    // Only a batch can be this large: look without decoding any payload.
    if bytes.len() > MAX_MESSAGE_BYTES
        && !matches!(walk::<IgnoredAny>(text, false), Ok(Walked::Batch(..)))
    {
        return vec![Err(too_large(bytes, MAX_MESSAGE_BYTES).into())];
    }
    if let Some(received) = batch_in_one_pass::<P>(text) {
        return received;
    }
    match walk::<P>(text, false) {
        Ok(Walked::Batch(key, Records::Raw(records))) => records
            .iter()
            .enumerate()
            .map(|(index, record)| message(record.get(), key, index))
            .collect(),
        Ok(Walked::Batch(_, Records::Read(_))) => unreachable!("records are read raw by default"),
        Ok(Walked::Found(found)) => vec![Ok(found.received)],
        Err(fast) => vec![Err(explain::<P>(text, fast).into_rejected(bytes))],
    }
}

/// A batch read in one pass, its records with it: `None` when anything fails (or is not a
/// plain batch of notifications), for the slower path to read it record by record and explain.
fn batch_in_one_pass<P: NotificationPayload>(
    text: &str,
) -> Option<Vec<Result<Received<P>, Rejected>>> {
    let bail = Cell::new(false);
    let mode = Mode {
        bail: Some(&bail),
        records: true,
        lifted: None,
    };
    let trail = Trail::new(false);
    let mode_inside = Mode {
        records: false,
        ..mode
    };
    match trail.parse::<P>(text, mode).ok()? {
        Document::Batch(_, Records::Read(records)) => records
            .into_iter()
            .map(|record| {
                let found = Trail::new(false).follow(record, Cow::Borrowed(""), mode_inside);
                found.ok().map(|found| Ok(found.received))
            })
            .collect(),
        Document::Batch(_, Records::Raw(_)) => None,
        document => {
            let found = trail.follow(document, Cow::Borrowed(text), mode_inside);
            found.ok().map(|found| vec![Ok(found.received)])
        }
    }
}

/// One message of a batch (`{key}[{index}]`); its errors keep the message's body.
fn message<P: NotificationPayload>(
    text: &str,
    key: &str,
    index: usize,
) -> Result<Received<P>, Rejected> {
    match walk::<P>(text, false) {
        Ok(Walked::Found(found)) => Ok(found.received),
        Ok(Walked::Batch(key, _)) => Err(PendingError::unexpected(
            format!("a batch (`{key}`) inside a batch"),
            &Trail::new(false),
        )
        .into_rejected(text.as_bytes())),
        Err(fast) => {
            let mut failure = explain::<P>(text, fast);
            failure.path = join(&format!("{key}[{index}]"), &failure.path);
            let body = failure.body.take();
            Err(failure.into_rejected(body.as_deref().unwrap_or(text).as_bytes()))
        }
    }
}

/// A message that did not decode and, when only its payload failed, the notification around it.
pub(crate) struct Rejected {
    pub(crate) error: DecodeError,
    /// The notification, sound but for its payload (kept raw), with its delivery.
    sound: Option<Box<Received<Box<RawValue>>>>,
}

impl From<DecodeError> for Rejected {
    fn from(error: DecodeError) -> Self {
        Self { error, sound: None }
    }
}

impl Rejected {
    /// The notification with its payload as [`Payload::Unparsed`], when the envelope was sound.
    pub(crate) fn keep(self) -> Result<Received, DecodeError> {
        let Some(sound) = self.sound else {
            return Err(self.error);
        };
        let Received {
            notification,
            delivery,
        } = *sound;
        let payload = Payload::Unparsed {
            raw: notification.payload,
            error: self.error,
        };
        Ok(Received {
            notification: Notification {
                notification_version: notification.notification_version,
                notification_type: notification.notification_type,
                payload_version: notification.payload_version,
                event_time: notification.event_time,
                metadata: notification.metadata,
                payload,
            },
            delivery,
        })
    }
}

/// The message as UTF-8 text, if its size and encoding allow decoding it.
fn checked(bytes: &[u8], limit: usize) -> Result<&str, DecodeError> {
    if bytes.len() > limit {
        return Err(too_large(bytes, limit));
    }
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let kind = DecodeErrorKind::InvalidUtf8 {
            valid_up_to: error.valid_up_to(),
        };
        DecodeError::new(kind, bytes)
            .with_notification_type(sniff_type(&String::from_utf8_lossy(bytes)))
    })?;
    if text.trim_ascii().is_empty() {
        return Err(DecodeError::new(DecodeErrorKind::Empty, bytes));
    }
    Ok(text)
}

fn too_large(bytes: &[u8], limit: usize) -> DecodeError {
    let kind = DecodeErrorKind::TooLarge {
        len: bytes.len(),
        limit,
    };
    DecodeError::new(kind, bytes)
        .with_notification_type(sniff_type(&String::from_utf8_lossy(bytes)))
}

/// What walking a message found.
#[allow(
    clippy::large_enum_variant,
    reason = "returned once per message and unpacked at once: boxing would cost an allocation per notification"
)]
pub(crate) enum Walked<'t, P> {
    Found(Found<'t, P>),
    /// A batch's messages, and the key holding them (`Records` or `Messages`).
    Batch(&'static str, Records<'t, P>),
}

/// A notification, and where it was when tracking.
pub(crate) struct Found<'t, P> {
    pub(crate) received: Received<P>,
    /// Only the slow path tracks, so only it pays for this box.
    pub(crate) trace: Option<Box<Trace<'t>>>,
}

/// Where a notification was found: what the slow path needs to explain its payload's error.
pub(crate) struct Trace<'t> {
    /// The JSON path to the notification through its envelopes (`body.detail`).
    pub(crate) prefix: String,
    /// The innermost document.
    pub(crate) text: Cow<'t, str>,
    /// The body of the outermost SQS message.
    pub(crate) body: Option<String>,
}

/// Reads a message, unwrapping envelopes until a notification or a batch is found.
///
/// Untracked, nested JSON text is first taken raw ([`Mode::bail`]); a message where that gives
/// up is read again without it, so the result is the same either way.
pub(crate) fn walk<'t, P: NotificationPayload>(
    text: &'t str,
    tracked: bool,
) -> Result<Walked<'t, P>, Pending> {
    if tracked {
        return walk_in(text, true, Mode::default());
    }
    let bail = Cell::new(false);
    let walked = walk_in(text, false, Mode::fast(&bail));
    retry_if_bailed(text, &bail, walked)
}

/// An untracked walk again without taking nested text raw, when taking it raw gave up.
fn retry_if_bailed<'t, P: NotificationPayload>(
    text: &'t str,
    bail: &Cell<bool>,
    walked: Result<Walked<'t, P>, Pending>,
) -> Result<Walked<'t, P>, Pending> {
    match walked {
        Err(_) if bail.get() => walk_in(text, false, Mode::default()),
        walked => walked,
    }
}

fn walk_in<'t, P: NotificationPayload>(
    text: &'t str,
    tracked: bool,
    mode: Mode<'_>,
) -> Result<Walked<'t, P>, Pending> {
    let trail = Trail::new(tracked);
    let document = trail.parse::<P>(text, mode)?;
    trail.walk_from(document, text, mode)
}

/// Reads one document, tracking the JSON path when asked to.
fn parse<'t, P: NotificationPayload>(
    text: &'t str,
    tracked: bool,
    mode: Mode<'_>,
) -> Result<Document<'t, P>, (String, serde_json::Error)> {
    use serde::de::DeserializeSeed;
    if mode.bail.is_some() {
        if let Some(nested) = whole_text(text) {
            // A double-encoded document, read without serde_json reading the string first.
            return Ok(Document::Nested(nested, Layer::Encoded));
        }
        if let Some(document) = parse_lifted(text, mode) {
            return Ok(document);
        }
    }
    if !tracked && let Ok(document) = reader::read(text, DocumentSeed::<P>::new(mode)) {
        return Ok(document);
    }
    // Refused by the fast reader: serde_json decides, and explains.
    let mut d = serde_json::Deserializer::from_str(text);
    let seed = DocumentSeed::<P>::new(mode);
    let document = if let Some(bail) = mode.bail
        && text.trim_ascii_start().starts_with('"')
    {
        // A double-encoded document.
        let text = raw_text(&mut d, bail).map_err(|error| (String::new(), error))?;
        Document::Nested(text, Layer::Encoded)
    } else if tracked {
        let mut track = serde_path_to_error::Track::new();
        seed.deserialize(serde_path_to_error::Deserializer::new(&mut d, &mut track))
            .map_err(|error| (path_of(&track.path()), error))?
    } else {
        seed.deserialize(&mut d)
            .map_err(|error| (String::new(), error))?
    };
    d.end().map_err(|error| (String::new(), error))?;
    Ok(document)
}

/// A document read with its content's text lifted out first ([`lift`]); `None` when there is
/// none to lift, or when anything fails, for the document to be read as it is (and explained).
fn parse_lifted<'t, P: NotificationPayload>(text: &str, mode: Mode<'_>) -> Option<Document<'t, P>> {
    let Lifted { rest, text } = lift(text)?;
    let lifted = Cell::new(Some(text));
    let mode = Mode {
        lifted: Some(&lifted),
        ..mode
    };
    let document = reader::read(&rest, DocumentSeed::<P>::new(mode)).ok()?;
    if lifted.take().is_some() {
        // Read otherwise than `lift` saw it: read as it is.
        return None;
    }
    match document {
        Document::Notification(notification, layer) => {
            Some(Document::Notification(notification, layer))
        }
        Document::Nested(text, layer) => Some(Document::Nested(text, layer)),
        Document::Unsupported(message) => Some(Document::Unsupported(message)),
        Document::Batch(..) => None,
    }
}

enum Step<P> {
    Done(Notification<P>),
    Nested(String),
}

/// The envelopes entered so far.
pub(crate) struct Trail {
    tracked: bool,
    delivery: Delivery,
    /// The keys leading through the envelopes entered (one per envelope, and the last around
    /// the notification); joined into a path only when one is needed.
    keys: [&'static str; MAX_LAYERS + 1],
    entered: usize,
    depth: usize,
    body: Option<String>,
}

impl Trail {
    fn new(tracked: bool) -> Self {
        Self {
            tracked,
            delivery: Delivery::default(),
            keys: [""; MAX_LAYERS + 1],
            entered: 0,
            depth: 0,
            body: None,
        }
    }

    fn parse<'x, P: NotificationPayload>(
        &self,
        text: &'x str,
        mode: Mode<'_>,
    ) -> Result<Document<'x, P>, Pending> {
        parse(text, self.tracked, mode)
            .map_err(|(path, error)| PendingError::at(text, &path, error, self))
    }

    /// What the first document of a message (`text`) leads to.
    fn walk_from<'t, P: NotificationPayload>(
        self,
        document: Document<'t, P>,
        text: &'t str,
        mode: Mode<'_>,
    ) -> Result<Walked<'t, P>, Pending> {
        match document {
            Document::Batch(key, records) => Ok(Walked::Batch(key, records)),
            document => self
                .follow(document, Cow::Borrowed(text), mode)
                .map(Walked::Found),
        }
    }

    /// Follows a document (read from `text`) through its envelopes to its notification.
    fn follow<'t, P: NotificationPayload>(
        mut self,
        document: Document<'_, P>,
        text: Cow<'t, str>,
        mode: Mode<'_>,
    ) -> Result<Found<'t, P>, Pending> {
        let mut nested = match self.enter(document)? {
            Step::Done(notification) => return Ok(self.found(notification, text)),
            Step::Nested(nested) => nested,
        };
        loop {
            let step = {
                let document = self.parse::<P>(&nested, mode)?;
                self.enter(document)?
            };
            match step {
                Step::Done(notification) => {
                    return Ok(self.found(notification, Cow::Owned(nested)));
                }
                Step::Nested(inner) => nested = inner,
            }
        }
    }

    fn enter<P>(&mut self, document: Document<'_, P>) -> Result<Step<P>, Pending> {
        match document {
            Document::Notification(notification, layer) => {
                if let Some(layer) = layer {
                    self.add(layer);
                }
                Ok(Step::Done(notification))
            }
            Document::Nested(text, layer) => {
                self.depth += 1;
                if self.depth > MAX_LAYERS {
                    return Err(PendingError::unexpected(
                        format!("envelopes nested more than {MAX_LAYERS} deep"),
                        self,
                    ));
                }
                if self.tracked && self.body.is_none() && matches!(layer, Layer::Sqs(_)) {
                    self.body = Some(text.clone());
                }
                if text.len() > MAX_MESSAGE_BYTES {
                    let kind = DecodeErrorKind::TooLarge {
                        len: text.len(),
                        limit: MAX_MESSAGE_BYTES,
                    };
                    return Err(PendingError::new(kind, self));
                }
                self.add(layer);
                Ok(Step::Nested(text))
            }
            Document::Batch(key, _) => Err(PendingError::unexpected(
                format!("a batch (`{key}`) inside a message"),
                self,
            )),
            Document::Unsupported(message) => Err(PendingError::unexpected(message, self)),
        }
    }

    /// The JSON path through the envelopes entered (`body.Message`).
    pub(crate) fn prefix(&self) -> String {
        self.keys[..self.entered].join(".")
    }

    fn add(&mut self, layer: Layer) {
        if let Some(key) = layer.key() {
            self.keys[self.entered] = key;
            self.entered += 1;
        }
        let delivery = &mut self.delivery;
        match layer {
            Layer::Encoded => {}
            Layer::Sqs(sqs) => drop(delivery.sqs.get_or_insert(sqs)),
            Layer::Sns(sns) => drop(delivery.sns.get_or_insert(sns)),
            Layer::EventBridge(event) => drop(delivery.event_bridge.get_or_insert(event)),
        }
    }

    fn found<'t, P>(self, notification: Notification<P>, text: Cow<'t, str>) -> Found<'t, P> {
        let trace = self.tracked.then(|| self.prefix());
        let Self { delivery, body, .. } = self;
        Found {
            received: Received {
                notification,
                delivery,
            },
            trace: trace.map(|prefix| Box::new(Trace { prefix, text, body })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Walked, single, walk};
    use crate::envelope::incoming::{DocumentSeed, Mode};
    use crate::envelope::lift::lift;
    use crate::fixtures::{self, Envelope, KeyCase};

    /// The fast reader reads every realistic delivery itself: none falls back to serde_json.
    #[test]
    fn every_fixture_in_every_casing_and_envelope_is_read_by_the_fast_reader() {
        let read = |text: &str| {
            super::reader::read(text, DocumentSeed::<crate::Payload>::new(Mode::default())).is_ok()
        };
        for fixture in fixtures::all() {
            for case in [KeyCase::Camel, KeyCase::Pascal] {
                let bare = fixtures::recase(fixture.json, case);
                assert!(read(&bare), "{}", fixture.name);
                for envelope in [
                    Envelope::Sns,
                    Envelope::SqsRecord,
                    Envelope::SqsMessageOfSns,
                ] {
                    let outer = fixtures::wrap(&bare, envelope);
                    let lifted = lift(&outer).expect("lifted");
                    assert!(read(&lifted.rest), "{} {envelope:?}", fixture.name);
                }
                let event = fixtures::wrap(&bare, Envelope::EventBridge);
                assert!(read(&event), "{} EventBridge", fixture.name);
            }
        }
    }

    /// The fast path (nested text lifted out or taken raw, see `envelope::lift`) against the
    /// tracked path, which reads every document with serde_json alone: on documents broken at
    /// every byte, around and inside the nested text, both accept the same ones, and read them
    /// the same.
    #[test]
    fn the_fast_path_accepts_and_reads_what_serde_json_alone_does() {
        let fixture = fixtures::all()
            .iter()
            .min_by_key(|fixture| fixture.json.len())
            .expect("fixtures");
        let json: serde_json::Value = serde_json::from_str(fixture.json).unwrap();
        let compact = json.to_string();
        for envelope in [
            Envelope::Sns,
            Envelope::SqsRecord,
            Envelope::SqsMessageOfSns,
        ] {
            let document = fixtures::wrap(&compact, envelope);
            let mut edits = 0;
            for at in (0..=document.len()).filter(|&at| document.is_char_boundary(at)) {
                let next = document[at..].chars().next().map_or(0, char::len_utf8);
                let mut variants = vec![format!("{}{}", &document[..at], &document[at + next..])];
                for byte in ["\"", "\\", "\u{1}", "}", " ", "\\\""] {
                    variants.push(format!("{}{byte}{}", &document[..at], &document[at..]));
                }
                for text in variants {
                    let fast = single::<crate::Payload>(text.as_bytes()).map_err(|r| r.error);
                    let slow = match walk::<crate::Payload>(&text, true) {
                        Ok(Walked::Found(found)) => Some(found.received),
                        _ => None,
                    };
                    assert_eq!(fast.as_ref().ok(), slow.as_ref(), "{envelope:?} {text}");
                    edits += 1;
                }
            }
            assert!(edits > 7 * 500, "{envelope:?}: {edits} edits");
        }
    }
}
