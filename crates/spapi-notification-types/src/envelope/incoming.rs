//! One pass over a JSON document that is a notification or any envelope around one.
//!
//! The keys of every supported envelope are recognized together, so a document is read once
//! whatever it turns out to be; what it was is decided at the end from the keys it had.

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::json_text::raw_text;
use super::{EventBridgeDelivery, SnsDelivery, SqsDelivery};
use crate::Notification;
use crate::notification::{
    EnvelopeKey, NotificationBuilder, NotificationPayload, NotificationVisitor,
};
use crate::wire::{Duplicate, KeySeed, key_is, parse_utc, skip_value};

/// What a document turned out to be.
pub(crate) enum Document<'de, P> {
    /// A notification, with the envelope around it in this document, if any.
    Notification(Notification<P>, Option<Layer>),
    /// JSON text inside a string (double-encoded, an SNS `Message`, an SQS `body`), and the
    /// envelope that held it.
    Nested(String, Layer),
    /// The messages of a Lambda SQS event or of a `ReceiveMessage` response, and their key.
    Batch(&'static str, Records<'de, P>),
    /// An envelope that carries no notification, and why.
    Unsupported(String),
}

/// A batch's messages: raw, or already read (see [`Mode::records`]).
pub(crate) enum Records<'de, P> {
    Raw(Vec<&'de RawValue>),
    Read(Vec<Document<'de, P>>),
}

/// How the fast path reads a document. The default reads it as the slow path does.
#[derive(Clone, Copy, Default)]
pub(crate) struct Mode<'c> {
    /// When set, the JSON text of an SNS `Message` or SQS `body` is taken raw and unescaped in
    /// one pass into a string sized up front (serde_json's own unescaping grows a buffer from
    /// empty, then it is copied). Content this does not cover (an object, an escape it would not
    /// accept) sets the cell and fails: the caller reads the message again without it.
    pub(crate) bail: Option<&'c Cell<bool>>,
    /// Whether a batch's records are read as documents in the same pass, rather than raw.
    pub(crate) records: bool,
    /// The text of the document's first content key, lifted out before serde_json read the
    /// document ([`super::lift`]): taken by that key, whose value is left an empty string.
    pub(crate) lifted: Option<&'c Cell<Option<String>>>,
}

impl<'c> Mode<'c> {
    /// The fast path's mode for one message: nested text taken raw, giving up into `bail`.
    pub(crate) fn fast(bail: &'c Cell<bool>) -> Self {
        Self {
            bail: Some(bail),
            records: false,
            lifted: None,
        }
    }
}

/// Reads a [`Document`] in a [`Mode`].
pub(crate) struct DocumentSeed<'c, P>(pub(crate) Mode<'c>, PhantomData<fn() -> P>);

impl<'c, P> DocumentSeed<'c, P> {
    pub(crate) fn new(mode: Mode<'c>) -> Self {
        Self(mode, PhantomData)
    }
}

impl<'de, P: NotificationPayload> DeserializeSeed<'de> for DocumentSeed<'_, P> {
    type Value = Document<'de, P>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(DocumentVisitor(self.0, PhantomData))
    }
}

/// A batch's records, each read as a document (in the mode of the batch, but for records).
struct RecordsSeed<'c, P>(Mode<'c>, PhantomData<fn() -> P>);

impl<'de, P: NotificationPayload> DeserializeSeed<'de> for RecordsSeed<'_, P> {
    type Value = Vec<Document<'de, P>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, P: NotificationPayload> Visitor<'de> for RecordsSeed<'_, P> {
    type Value = Vec<Document<'de, P>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of messages")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // Lambda's default batch size for SQS.
        let mut records = Vec::with_capacity(seq.size_hint().unwrap_or(10));
        let mode = Mode {
            records: false,
            lifted: None,
            ..self.0
        };
        while let Some(record) = seq.next_element_seed(DocumentSeed::new(mode))? {
            records.push(record);
        }
        Ok(records)
    }
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
    /// What the envelope is, for errors.
    pub(crate) fn describe(&self) -> String {
        match self {
            Self::Encoded => "a JSON string",
            Self::Sqs(_) => "an SQS message",
            Self::Sns(_) => "an SNS notification",
            Self::EventBridge(_) => "an EventBridge event",
        }
        .to_owned()
    }

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

/// The string-valued envelope fields, by index into [`TEXTS`].
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
    /// `detail`, `Message`, `body`, `Records` or `Messages`: where the content is.
    Claim(Claim),
    Text(Text),
    Attributes,
    Other,
}

/// What a key says its object is. An object that two keys claim for different things (a
/// notification with a `Records` key, an SNS `Message` next to an SQS `body`) is ambiguous: it
/// is refused, because reading it either way would drop what the other way reads.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Claim {
    /// A notification's own keys.
    Notification,
    /// An envelope around one message: where the next document is.
    Content(ContentKey),
    /// A batch of messages (a Lambda SQS event or a `ReceiveMessage` response), by its key.
    Batch(&'static str),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ContentKey {
    Detail,
    Message,
    Body,
}

/// The claims by key, as [`claim_of`] reads them.
#[cfg(test)]
const CLAIMS: [(&str, Claim); 5] = [
    ("detail", Claim::Content(ContentKey::Detail)),
    ("Message", Claim::Content(ContentKey::Message)),
    ("body", Claim::Content(ContentKey::Body)),
    ("Records", Claim::Batch("Records")),
    ("Messages", Claim::Batch("Messages")),
];

/// The string-valued keys, then `attributes`, each with its bit in a `seen` mask.
const TEXTS: [(&str, Text); TEXT_FIELDS] = [
    ("id", Text::Id),
    ("detail-type", Text::DetailType),
    ("source", Text::Source),
    ("account", Text::Account),
    ("region", Text::Region),
    ("Type", Text::Type),
    ("MessageId", Text::MessageId),
    ("TopicArn", Text::TopicArn),
    ("receiptHandle", Text::ReceiptHandle),
    ("eventSourceARN", Text::EventSourceArn),
    ("awsRegion", Text::AwsRegion),
    ("time", Text::Time),
    ("Timestamp", Text::Timestamp),
];
const ATTRIBUTES: &str = "attributes";

/// The claim of an envelope's content or batch key, in any casing.
///
/// Spelled out rather than looked up in [`CLAIMS`] (which the tests check it against), so that
/// [`key_is`] compares with constants: every key of every notification comes here.
#[inline]
pub(crate) fn claim_of(key: &str) -> Option<Claim> {
    Some(match key.len() {
        6 if key_is(key, "detail") => Claim::Content(ContentKey::Detail),
        7 if key_is(key, "Message") => Claim::Content(ContentKey::Message),
        4 if key_is(key, "body") => Claim::Content(ContentKey::Body),
        7 if key_is(key, "Records") => Claim::Batch("Records"),
        8 if key_is(key, "Messages") => Claim::Batch("Messages"),
        _ => return None,
    })
}

fn classify(key: &str) -> Key {
    if let Some(envelope) = EnvelopeKey::classify(key) {
        return Key::Envelope(envelope);
    }
    if let Some(claim) = claim_of(key) {
        return Key::Claim(claim);
    }
    if key_is(key, ATTRIBUTES) {
        return Key::Attributes;
    }
    text_of(key).map_or(Key::Other, Key::Text)
}

/// The string-valued field `key` names, in any casing: [`TEXTS`] spelled out, as in
/// [`claim_of`].
#[inline]
fn text_of(key: &str) -> Option<Text> {
    Some(match key.len() {
        2 if key_is(key, "id") => Text::Id,
        11 if key_is(key, "detail-type") => Text::DetailType,
        6 if key_is(key, "source") => Text::Source,
        7 if key_is(key, "account") => Text::Account,
        6 if key_is(key, "region") => Text::Region,
        4 if key_is(key, "Type") => Text::Type,
        9 if key_is(key, "MessageId") => Text::MessageId,
        8 if key_is(key, "TopicArn") => Text::TopicArn,
        13 if key_is(key, "receiptHandle") => Text::ReceiptHandle,
        14 if key_is(key, "eventSourceARN") => Text::EventSourceArn,
        9 if key_is(key, "awsRegion") => Text::AwsRegion,
        4 if key_is(key, "time") => Text::Time,
        9 if key_is(key, "Timestamp") => Text::Timestamp,
        _ => return None,
    })
}

impl Claim {
    fn name(self) -> &'static str {
        match self {
            Self::Notification => "notificationType",
            Self::Content(ContentKey::Detail) => "detail",
            Self::Content(ContentKey::Message) => "Message",
            Self::Content(ContentKey::Body) => "body",
            Self::Batch(key) => key,
        }
    }

    fn rank(self) -> usize {
        match self {
            Self::Notification => 0,
            Self::Content(key) => 1 + key as usize,
            Self::Batch(_) => 4,
        }
    }

    fn describe(self) -> String {
        match self {
            Self::Notification => "a notification".to_owned(),
            Self::Content(ContentKey::Detail) => "an EventBridge event (`detail`)".to_owned(),
            Self::Content(ContentKey::Message) => "an SNS notification (`Message`)".to_owned(),
            Self::Content(ContentKey::Body) => "an SQS message (`body`)".to_owned(),
            Self::Batch(key) => format!("a batch (`{key}`)"),
        }
    }
}

/// The first claim made on an object, to refuse a second, different one.
#[derive(Default)]
pub(crate) struct Claims(Option<Claim>);

impl Claims {
    /// Records that the key just read makes `claim`. A different claim than an earlier key's,
    /// or the same content or batch key again (in another casing), is an error at this key.
    pub(crate) fn make<'de, A: MapAccess<'de>>(
        &mut self,
        claim: Claim,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match self.0 {
            None => self.0 = Some(claim),
            Some(Claim::Notification) if claim == Claim::Notification => {}
            Some(first) if first == claim => match map.next_value_seed(Duplicate(claim.name()))? {},
            Some(first) => match map.next_value_seed(Ambiguous(first, claim))? {},
        }
        Ok(())
    }
}

/// The start of every ambiguity error's message.
pub(crate) const AMBIGUOUS: &str = "ambiguous document: ";

/// Refuses a key whose claim contradicts an earlier key's. Read as the key's value, so that the
/// error is reported at the key's path; the message is the same whichever key came first.
struct Ambiguous(Claim, Claim);

impl<'de> DeserializeSeed<'de> for Ambiguous {
    type Value = std::convert::Infallible;
    fn deserialize<D: Deserializer<'de>>(self, _: D) -> Result<Self::Value, D::Error> {
        let (a, b) = if self.0.rank() <= self.1.rank() {
            (self.0, self.1)
        } else {
            (self.1, self.0)
        };
        Err(de::Error::custom(format_args!(
            "{AMBIGUOUS}{} and {} in one object",
            a.describe(),
            b.describe()
        )))
    }
}

struct DocumentVisitor<'c, P>(Mode<'c>, PhantomData<fn() -> P>);

impl<'de, P: NotificationPayload> Visitor<'de> for DocumentVisitor<'_, P> {
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
        let mut claims = Claims::default();
        let mut content: Option<(ContentKey, Content<P>)> = None;
        let mut batch = None;
        let mut texts: [Option<String>; TEXT_FIELDS] = Default::default();
        let mut receive_count = None;
        // One bit per text field, and the last for `attributes`: keys seen, to refuse a second.
        let mut seen = 0u16;
        let mut first = |bit: usize| {
            let new = seen & 1 << bit == 0;
            seen |= 1 << bit;
            new
        };

        while let Some(key) = map.next_key_seed(KeySeed(classify))? {
            match key {
                Key::Envelope(key) => {
                    claims.make(Claim::Notification, &mut map)?;
                    builder.read(key, &mut map)?;
                }
                Key::Claim(claim) => {
                    claims.make(claim, &mut map)?;
                    match claim {
                        Claim::Content(key) => {
                            let value = if let Some(text) = self.0.lifted.and_then(Cell::take) {
                                map.next_value::<IgnoredAny>()?;
                                Content::Text(text)
                            } else {
                                let raw = self.0.bail.filter(|_| key != ContentKey::Detail);
                                map.next_value_seed(ContentSeed(raw, PhantomData))?
                            };
                            content = Some((key, value));
                        }
                        Claim::Batch(key) => {
                            let records = if self.0.records {
                                Records::Read(
                                    map.next_value_seed(RecordsSeed(self.0, PhantomData))?,
                                )
                            } else {
                                Records::Raw(map.next_value()?)
                            };
                            batch = Some((key, records));
                        }
                        Claim::Notification => unreachable!("no key claims a notification"),
                    }
                }
                Key::Text(field) => {
                    if !first(field as usize) {
                        match map.next_value_seed(Duplicate(TEXTS[field as usize].0))? {}
                    }
                    texts[field as usize] = map.next_value::<Option<Scalar>>()?.map(|s| s.0);
                }
                Key::Attributes => {
                    if !first(TEXT_FIELDS) {
                        match map.next_value_seed(Duplicate(ATTRIBUTES))? {}
                    }
                    receive_count = map.next_value_seed(ReceiveCount)?;
                }
                Key::Other => skip_value(&mut map)?,
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
    parse_utc(text).or_else(|| {
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|time| time.with_timezone(&Utc))
    })
}

/// The content of `detail`, `Message` or `body`: a notification object, or JSON text.
enum Content<P> {
    Notification(Notification<P>),
    Text(String),
}

/// Reads content; with a cell, only JSON text, taken raw (see [`Mode::bail`]).
struct ContentSeed<'c, P>(Option<&'c Cell<bool>>, PhantomData<fn() -> P>);

impl<'de, P: NotificationPayload> DeserializeSeed<'de> for ContentSeed<'_, P> {
    type Value = Content<P>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        match self.0 {
            Some(bail) => raw_text(d, bail).map(Content::Text),
            None => d.deserialize_any(self),
        }
    }
}

impl<'de, P: NotificationPayload> Visitor<'de> for ContentSeed<'_, P> {
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
        const KEY: &str = "ApproximateReceiveCount";
        let (mut count, mut seen) = (None, false);
        while let Some(key) = map.next_key_seed(KeySeed(|key: &str| key_is(key, KEY)))? {
            if key {
                if std::mem::replace(&mut seen, true) {
                    match map.next_value_seed(Duplicate(KEY))? {}
                }
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

#[cfg(test)]
mod tests {
    use super::{CLAIMS, TEXTS, Text, claim_of, text_of};

    #[test]
    fn claims_classify_as_listed_in_any_casing() {
        for (name, claim) in CLAIMS {
            for key in [name.to_owned(), name.to_uppercase(), name.to_lowercase()] {
                assert!(claim_of(&key) == Some(claim), "{key}");
            }
        }
        for key in ["details", "Messag", "bodies", "Record", "notificationType"] {
            assert!(claim_of(key).is_none(), "{key}");
        }
    }

    #[test]
    fn texts_are_listed_in_the_order_of_their_enum() {
        for (index, (name, text)) in TEXTS.iter().enumerate() {
            assert_eq!(*text as usize, index);
            for key in [name.to_string(), name.to_uppercase(), name.to_lowercase()] {
                assert_eq!(
                    text_of(&key).map(|text| text as usize),
                    Some(index),
                    "{key}"
                );
            }
        }
        for key in ["ids", "detail_type", "Types", "messageIds", "attributes"] {
            assert!(text_of(key).is_none(), "{key}");
        }
        assert_eq!(TEXTS[Text::Timestamp as usize].0, "Timestamp");
    }
}
