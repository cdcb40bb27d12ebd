//! One pass over a JSON document that is a notification or any envelope around one.
//!
//! The keys of every supported envelope are recognized together, so a document is read once
//! whatever it turns out to be; what it was is decided at the end from the keys it had.

use std::fmt;
use std::marker::PhantomData;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::{EventBridgeDelivery, SnsDelivery, SqsDelivery};
use crate::Notification;
use crate::notification::{
    EnvelopeKey, NotificationBuilder, NotificationPayload, NotificationVisitor,
};
use crate::wire::{KeySeed, key_is};

/// What a document turned out to be.
pub(crate) enum Document<'de, P> {
    /// A notification, with the envelope around it in this document, if any.
    Notification(Notification<P>, Option<Layer>),
    /// JSON text inside a string (double-encoded, an SNS `Message`, an SQS `body`), and the
    /// envelope that held it.
    Nested(String, Layer),
    /// The messages of a Lambda SQS event or of a `ReceiveMessage` response, and their key.
    Batch(&'static str, Vec<&'de RawValue>),
    /// An envelope that carries no notification, and why.
    Unsupported(String),
}

/// An envelope around a notification.
pub(crate) enum Layer {
    /// A JSON string holding the next document.
    Encoded,
    Sqs(SqsDelivery),
    Sns(SnsDelivery),
    EventBridge(EventBridgeDelivery),
}

impl Layer {
    /// The key that leads into the envelope's content, for error paths.
    pub(crate) fn key(&self) -> Option<&'static str> {
        match self {
            Self::Encoded => None,
            Self::Sqs(_) => Some("body"),
            Self::Sns(_) => Some("Message"),
            Self::EventBridge(_) => Some("detail"),
        }
    }
}

impl<'de, P: NotificationPayload> Deserialize<'de> for Document<'de, P> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DocumentVisitor(PhantomData))
    }
}

/// The string-valued envelope fields, by index into [`Fields`].
#[derive(Clone, Copy)]
enum Text {
    Id,
    DetailType,
    Source,
    Account,
    Region,
    Type,
    MessageId,
    TopicArn,
    ReceiptHandle,
    EventSourceArn,
    AwsRegion,
    Time,
    Timestamp,
}

const TEXT_FIELDS: usize = 13;

/// Every key the envelopes use, besides the notification's own.
#[derive(Clone, Copy)]
enum Key {
    Envelope(EnvelopeKey),
    /// `detail` (EventBridge), `Message` (SNS) or `body` (SQS): where the next document is.
    Content(ContentKey),
    Text(Text),
    Attributes,
    Batch(&'static str),
    Other,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ContentKey {
    Detail,
    Message,
    Body,
}

const KEYS: [(&str, Key); 19] = [
    ("detail", Key::Content(ContentKey::Detail)),
    ("Message", Key::Content(ContentKey::Message)),
    ("body", Key::Content(ContentKey::Body)),
    ("id", Key::Text(Text::Id)),
    ("detail-type", Key::Text(Text::DetailType)),
    ("source", Key::Text(Text::Source)),
    ("account", Key::Text(Text::Account)),
    ("region", Key::Text(Text::Region)),
    ("time", Key::Text(Text::Time)),
    ("Type", Key::Text(Text::Type)),
    ("MessageId", Key::Text(Text::MessageId)),
    ("TopicArn", Key::Text(Text::TopicArn)),
    ("Timestamp", Key::Text(Text::Timestamp)),
    ("receiptHandle", Key::Text(Text::ReceiptHandle)),
    ("eventSourceARN", Key::Text(Text::EventSourceArn)),
    ("awsRegion", Key::Text(Text::AwsRegion)),
    ("attributes", Key::Attributes),
    ("Records", Key::Batch("Records")),
    ("Messages", Key::Batch("Messages")),
];

fn classify(key: &str) -> Key {
    if let Some(envelope) = EnvelopeKey::classify(key) {
        return Key::Envelope(envelope);
    }
    KEYS.iter()
        .find(|(name, _)| key_is(key, name))
        .map_or(Key::Other, |&(_, key)| key)
}

struct DocumentVisitor<P>(PhantomData<fn() -> P>);

impl<'de, P: NotificationPayload> Visitor<'de> for DocumentVisitor<P> {
    type Value = Document<'de, P>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a notification or a delivery envelope (EventBridge, SNS, SQS, Lambda)")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Document::Nested(text.to_owned(), Layer::Encoded))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(Document::Nested(text, Layer::Encoded))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut builder = NotificationBuilder::<P>::new();
        let mut content: Option<(ContentKey, Content<P>)> = None;
        let mut batch = None;
        let mut texts: [Option<String>; TEXT_FIELDS] = Default::default();
        let mut receive_count = None;

        while let Some(key) = map.next_key_seed(KeySeed(classify))? {
            match key {
                Key::Envelope(key) => builder.read(key, &mut map)?,
                Key::Content(key) => {
                    if content.is_some() {
                        return Err(de::Error::custom(
                            "more than one of `detail`, `Message` and `body`",
                        ));
                    }
                    content = Some((key, map.next_value_seed(ContentSeed(PhantomData))?));
                }
                Key::Text(field) => {
                    texts[field as usize] = map.next_value::<Option<Scalar>>()?.map(|s| s.0);
                }
                Key::Attributes => receive_count = map.next_value_seed(ReceiveCount)?,
                Key::Batch(key) => batch = Some((key, map.next_value()?)),
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }

        if let Some((key, records)) = batch {
            return Ok(Document::Batch(key, records));
        }
        let mut text = |field: Text| texts[field as usize].take();
        let Some((key, content)) = content else {
            return Ok(Document::Notification(builder.finish()?, None));
        };
        let layer = match key {
            ContentKey::Detail => Layer::EventBridge(EventBridgeDelivery {
                id: text(Text::Id),
                detail_type: text(Text::DetailType),
                source: text(Text::Source),
                account: text(Text::Account),
                region: text(Text::Region),
                time: text(Text::Time).as_deref().and_then(timestamp),
            }),
            ContentKey::Message => match text(Text::Type) {
                Some(kind) if kind != "Notification" => {
                    return Ok(Document::Unsupported(format!(
                        "an SNS `{kind}` message carries no notification"
                    )));
                }
                _ => Layer::Sns(SnsDelivery {
                    message_id: text(Text::MessageId),
                    topic_arn: text(Text::TopicArn),
                    timestamp: text(Text::Timestamp).as_deref().and_then(timestamp),
                }),
            },
            ContentKey::Body => Layer::Sqs(SqsDelivery {
                message_id: text(Text::MessageId),
                receipt_handle: text(Text::ReceiptHandle),
                event_source_arn: text(Text::EventSourceArn),
                aws_region: text(Text::AwsRegion),
                approximate_receive_count: receive_count,
            }),
        };
        Ok(match content {
            Content::Notification(notification) => {
                Document::Notification(notification, Some(layer))
            }
            Content::Text(text) => Document::Nested(text, layer),
        })
    }
}

/// Delivery timestamps are informative: one that does not parse is dropped, never an error.
fn timestamp(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|time| time.with_timezone(&Utc))
}

/// The content of `detail`, `Message` or `body`: a notification object, or JSON text.
enum Content<P> {
    Notification(Notification<P>),
    Text(String),
}

struct ContentSeed<P>(PhantomData<fn() -> P>);

impl<'de, P: NotificationPayload> DeserializeSeed<'de> for ContentSeed<P> {
    type Value = Content<P>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, P: NotificationPayload> Visitor<'de> for ContentSeed<P> {
    type Value = Content<P>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a notification object or JSON text")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Content::Text(text.to_owned()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(Content::Text(text))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        NotificationVisitor::new()
            .visit_map(map)
            .map(Content::Notification)
    }
}

/// An envelope field's value: a string, or a number or boolean kept as its text.
struct Scalar(String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Scalar, E> {
                Ok(Scalar(text.to_owned()))
            }
            fn visit_u64<E: de::Error>(self, number: u64) -> Result<Scalar, E> {
                Ok(Scalar(number.to_string()))
            }
            fn visit_i64<E: de::Error>(self, number: i64) -> Result<Scalar, E> {
                Ok(Scalar(number.to_string()))
            }
            fn visit_bool<E: de::Error>(self, value: bool) -> Result<Scalar, E> {
                Ok(Scalar(value.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// `ApproximateReceiveCount` from SQS message attributes (a string holding a number).
struct ReceiveCount;

impl<'de> DeserializeSeed<'de> for ReceiveCount {
    type Value = Option<u32>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<u32>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ReceiveCount {
    type Value = Option<u32>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SQS message attributes")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut count = None;
        while let Some(key) =
            map.next_key_seed(KeySeed(|key| key_is(key, "ApproximateReceiveCount")))?
        {
            if key {
                count = map
                    .next_value::<Option<Scalar>>()?
                    .and_then(|value| value.0.parse().ok());
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(count)
    }
}
