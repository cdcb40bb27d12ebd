//! The decoding pipeline behind [`Notification::from_slice`] and [`crate::envelope`]: both read
//! a document with [`Document`]'s one visitor, so that they read a notification the same way.
//!
//! The happy path reads each JSON document once, with no path tracking. When it fails, the
//! message is read again, slowly, to explain the failure: envelopes with `serde_path_to_error`
//! and the payload kept raw, then the payload alone, so that the error names the JSON path
//! through every envelope (`Records[2].body.detail.Payload.Sku`). Errors are rare; they pay.

use std::borrow::Cow;

use serde::de::IgnoredAny;
use serde_json::value::RawValue;

use crate::envelope::incoming::{Document, Layer};
use crate::envelope::{Delivery, MAX_BATCH_BYTES, MAX_MESSAGE_BYTES, Received};
use crate::notification::NotificationPayload;
use crate::{DecodeError, DecodeErrorKind, Notification, Payload};

mod explain;

use explain::{Failed, Failure, explain, join, path_of, sniff_type};

/// How many envelopes may be nested inside each other (an SQS body holding an SNS message
/// holding an EventBridge event is three).
const MAX_LAYERS: usize = 4;

/// A bare notification, read exactly as [`single`] reads one (same keys, same errors), and
/// refused when the message is in an envelope.
pub(crate) fn bare<P: NotificationPayload>(bytes: &[u8]) -> Result<Notification<P>, DecodeError> {
    let text = checked(bytes, MAX_MESSAGE_BYTES)?;
    let what = match Trail::new(false).parse::<P>(text) {
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

pub(crate) fn single<P: NotificationPayload>(bytes: &[u8]) -> Result<Received<P>, Rejected> {
    let text = checked(bytes, MAX_MESSAGE_BYTES)?;
    match walk::<P>(text, false) {
        Ok(Walked::Found(found)) => Ok(found.received),
        Ok(Walked::Batch(key, records)) => match records.as_slice() {
            [record] => message(record.get(), &format!("{key}[0]")),
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
    match walk::<P>(text, false) {
        Ok(Walked::Batch(key, records)) => records
            .iter()
            .enumerate()
            .map(|(index, record)| message(record.get(), &format!("{key}[{index}]")))
            .collect(),
        Ok(Walked::Found(found)) => vec![Ok(found.received)],
        Err(fast) => vec![Err(explain::<P>(text, fast).into_rejected(bytes))],
    }
}

/// One message of a batch; its errors keep the message's body.
fn message<P: NotificationPayload>(text: &str, path: &str) -> Result<Received<P>, Rejected> {
    match walk::<P>(text, false) {
        Ok(Walked::Found(found)) => Ok(found.received),
        Ok(Walked::Batch(key, _)) => Err(Failure::unexpected(
            format!("a batch (`{key}`) inside a batch"),
            &Trail::new(false),
        )
        .into_rejected(text.as_bytes())),
        Err(fast) => {
            let mut failure = explain::<P>(text, fast);
            failure.path = join(path, &failure.path);
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
pub(crate) enum Walked<'t, P> {
    Found(Box<Found<'t, P>>),
    /// A batch's messages, and the key holding them (`Records` or `Messages`).
    Batch(&'static str, Vec<&'t RawValue>),
}

/// A notification, and where it was.
pub(crate) struct Found<'t, P> {
    pub(crate) received: Received<P>,
    /// The JSON path to the notification through its envelopes (`body.detail`).
    pub(crate) prefix: String,
    /// The innermost document.
    pub(crate) text: Cow<'t, str>,
    /// The body of the outermost SQS message, when tracking.
    pub(crate) body: Option<String>,
}

/// Reads a message, unwrapping envelopes until a notification or a batch is found.
pub(crate) fn walk<'t, P: NotificationPayload>(
    text: &'t str,
    tracked: bool,
) -> Result<Walked<'t, P>, Failed> {
    let mut trail = Trail::new(tracked);
    let mut nested = match trail.parse::<P>(text)? {
        Document::Batch(key, records) => return Ok(Walked::Batch(key, records)),
        document => match trail.enter(document)? {
            Step::Done(notification) => {
                return Ok(Walked::Found(
                    trail.found(notification, Cow::Borrowed(text)),
                ));
            }
            Step::Nested(nested) => nested,
        },
    };
    loop {
        let step = {
            let document = trail.parse::<P>(&nested)?;
            trail.enter(document)?
        };
        match step {
            Step::Done(notification) => {
                return Ok(Walked::Found(trail.found(notification, Cow::Owned(nested))));
            }
            Step::Nested(inner) => nested = inner,
        }
    }
}

/// Reads one document, tracking the JSON path when asked to.
fn parse<'t, P: NotificationPayload>(
    text: &'t str,
    tracked: bool,
) -> Result<Document<'t, P>, (String, serde_json::Error)> {
    let mut d = serde_json::Deserializer::from_str(text);
    let document = if tracked {
        serde_path_to_error::deserialize(&mut d)
            .map_err(|error| (path_of(error.path()), error.into_inner()))?
    } else {
        serde::Deserialize::deserialize(&mut d).map_err(|error| (String::new(), error))?
    };
    d.end().map_err(|error| (String::new(), error))?;
    Ok(document)
}

enum Step<P> {
    Done(Notification<P>),
    Nested(String),
}

/// The envelopes entered so far.
pub(crate) struct Trail {
    tracked: bool,
    delivery: Delivery,
    prefix: String,
    depth: usize,
    body: Option<String>,
}

impl Trail {
    fn new(tracked: bool) -> Self {
        Self {
            tracked,
            delivery: Delivery::default(),
            prefix: String::new(),
            depth: 0,
            body: None,
        }
    }

    fn parse<'x, P: NotificationPayload>(&self, text: &'x str) -> Result<Document<'x, P>, Failed> {
        parse(text, self.tracked).map_err(|(path, error)| Failure::at(text, &path, error, self))
    }

    fn enter<P>(&mut self, document: Document<'_, P>) -> Result<Step<P>, Failed> {
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
                    return Err(Failure::unexpected(
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
                    return Err(Failure::new(kind, self));
                }
                self.add(layer);
                Ok(Step::Nested(text))
            }
            Document::Batch(key, _) => Err(Failure::unexpected(
                format!("a batch (`{key}`) inside a message"),
                self,
            )),
            Document::Unsupported(message) => Err(Failure::unexpected(message, self)),
        }
    }

    fn add(&mut self, layer: Layer) {
        if let Some(key) = layer.key() {
            self.prefix = join(&self.prefix, key);
        }
        let delivery = &mut self.delivery;
        match layer {
            Layer::Encoded => {}
            Layer::Sqs(sqs) => drop(delivery.sqs.get_or_insert(sqs)),
            Layer::Sns(sns) => drop(delivery.sns.get_or_insert(sns)),
            Layer::EventBridge(event) => drop(delivery.event_bridge.get_or_insert(event)),
        }
    }

    fn found<'t, P>(self, notification: Notification<P>, text: Cow<'t, str>) -> Box<Found<'t, P>> {
        Box::new(Found {
            received: Received {
                notification,
                delivery: self.delivery,
            },
            prefix: self.prefix,
            text,
            body: self.body,
        })
    }
}
