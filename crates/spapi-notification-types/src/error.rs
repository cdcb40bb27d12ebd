//! Why a message did not decode, where, and the message itself.

use std::fmt;
use std::sync::Arc;

use crate::NotificationType;
use crate::envelope::Delivery;

/// What was wrong with a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The message is empty (or only whitespace).
    #[error("empty message")]
    Empty,
    /// The message is larger than any SP-API delivery can be.
    #[error("message of {len} bytes is over the {limit}-byte limit")]
    TooLarge {
        /// The message's size.
        len: usize,
        /// The limit it exceeds.
        limit: usize,
    },
    /// The message is not UTF-8.
    #[error("invalid UTF-8 after byte {valid_up_to}")]
    InvalidUtf8 {
        /// How many bytes are valid UTF-8.
        valid_up_to: usize,
    },
    /// The JSON ends before it is complete.
    #[error("truncated JSON")]
    Truncated,
    /// The JSON is malformed.
    #[error("malformed JSON at line {line}, column {column}")]
    Syntax {
        /// The line of the error, from 1.
        line: usize,
        /// The column of the error, from 1.
        column: usize,
    },
    /// The JSON nests deeper than any notification does.
    #[error("JSON nested too deeply")]
    TooDeep,
    /// The JSON is a `null`, an array, a number or a boolean instead of an object.
    #[error("expected a JSON object, found {found}")]
    NotAnObject {
        /// What was found instead: `null`, `an array`, `a number` or `a boolean`.
        found: &'static str,
    },
    /// A required key is missing.
    #[error("missing field `{field}`")]
    MissingField {
        /// The key, in the casing of the schema it belongs to.
        field: String,
    },
    /// A value has the wrong JSON type or an impossible value.
    #[error("{message}")]
    InvalidData {
        /// What is wrong, e.g. ``invalid type: boolean `true`, expected a string``.
        message: String,
    },
    /// A well-formed envelope that holds no notification, or not exactly one; or an object
    /// that is ambiguous (a notification's keys next to an envelope's, two envelopes' keys), or a
    /// message in an envelope given to [`Notification::from_slice`](crate::Notification::from_slice).
    #[error("{message}")]
    UnexpectedEnvelope {
        /// What was found.
        message: String,
    },
}

/// A message that did not decode: what was wrong, where, and the message's bytes.
///
/// `Display` names the kind, the JSON path and, when it could be read, the notification type:
///
/// ```text
/// invalid value: string "ten", expected an integer (u32) (at Payload.OrderChangeNotification.Summary.OrderItems[0].Quantity, notification type ORDER_CHANGE)
/// ```
///
/// The bytes are kept so that the message can be dead-lettered or retried as it was received.
///
/// Two errors are equal when they say the same thing (kind, path, type, delivery) about the same
/// bytes; the underlying `serde_json` error is not compared.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodeError(Box<Inner>);

#[derive(Clone)]
struct Inner {
    kind: DecodeErrorKind,
    path: String,
    notification_type: Option<NotificationType>,
    delivery: Option<Delivery>,
    raw: Vec<u8>,
    /// Shared so that the error can be cloned (it travels in [`Payload::Unparsed`](crate::Payload::Unparsed)).
    source: Option<Arc<serde_json::Error>>,
}

impl PartialEq for Inner {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
            && self.path == other.path
            && self.notification_type == other.notification_type
            && self.delivery == other.delivery
            && self.raw == other.raw
    }
}

impl Eq for Inner {}

impl DecodeError {
    pub(crate) fn new(kind: DecodeErrorKind, raw: &[u8]) -> Self {
        Self(Box::new(Inner {
            kind,
            path: ".".to_owned(),
            notification_type: None,
            delivery: None,
            raw: raw.to_vec(),
            source: None,
        }))
    }

    pub(crate) fn with_path(mut self, path: String) -> Self {
        self.0.path = if path.is_empty() {
            ".".to_owned()
        } else {
            path
        };
        self
    }

    pub(crate) fn with_notification_type(
        mut self,
        notification_type: Option<NotificationType>,
    ) -> Self {
        self.0.notification_type = notification_type;
        self
    }

    pub(crate) fn with_delivery(mut self, delivery: Delivery) -> Self {
        self.0.delivery = (!delivery.is_bare()).then_some(delivery);
        self
    }

    pub(crate) fn with_source(mut self, source: serde_json::Error) -> Self {
        self.0.source = Some(Arc::new(source));
        self
    }

    /// What was wrong.
    pub fn kind(&self) -> &DecodeErrorKind {
        &self.0.kind
    }

    /// Where: the JSON path of the offending value, through any envelopes (e.g.
    /// `Records[2].body.detail.Payload.Sku`), or `.` for the message as a whole.
    pub fn path(&self) -> &str {
        &self.0.path
    }

    /// The notification type, when it could be read.
    pub fn notification_type(&self) -> Option<&NotificationType> {
        self.0.notification_type.as_ref()
    }

    /// The envelopes read before the failure (e.g. the SQS message id and receipt handle of a
    /// Lambda record), if any.
    pub fn delivery(&self) -> Option<&Delivery> {
        self.0.delivery.as_ref()
    }

    /// The message that did not decode, byte for byte: the input, or for a batch the body of the
    /// SQS message that failed.
    pub fn raw(&self) -> &[u8] {
        &self.0.raw
    }

    /// The message that did not decode, without copying it.
    pub fn into_raw(self) -> Vec<u8> {
        self.0.raw
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at {}", self.0.kind, self.0.path)?;
        if let Some(notification_type) = &self.0.notification_type {
            write!(f, ", notification type {notification_type}")?;
        }
        f.write_str(")")
    }
}

/// Leaves out the raw bytes, which may be large and may hold a client secret.
impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("kind", &self.0.kind)
            .field("path", &self.0.path)
            .field("notification_type", &self.0.notification_type)
            .field("delivery", &self.0.delivery)
            .field("raw_len", &self.0.raw.len())
            .finish()
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source.as_deref().map(|source| source as _)
    }
}
