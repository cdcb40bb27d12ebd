//! The notification envelope: type, versions, event time, metadata and payload.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::de::{DeserializeOwned, Deserializer};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use crate::macros::wire_struct;
use crate::notification_type::Casing;
use crate::wire::Encode;
use crate::{DecodeError, NotificationType, Payload};

mod json_line;
mod visitor;

pub(crate) use visitor::{EnvelopeKey, NotificationBuilder, NotificationVisitor};

/// A notification as Amazon sends it, with its payload typed as `P`.
///
/// `P` is [`Payload`] (every known type, dispatched on [`notification_type`](Self::notification_type))
/// unless you pick your own: any `DeserializeOwned` type, such as `serde_json::Value`,
/// `Box<serde_json::value::RawValue>` or a struct of yours for a type this crate does not model.
///
/// Reads camelCase or PascalCase keys at every level, in any order, and writes the casing of the
/// type's schema, so decoding what was encoded gives the same value back.
///
/// ```
/// use spapi_notification_types::{Notification, NotificationType, Payload};
///
/// let body = br#"{"notificationVersion":"2020-09-04","notificationType":"FEED_PROCESSING_FINISHED",
///   "payloadVersion":"2020-09-04","eventTime":"2020-07-13T19:42:04.284Z",
///   "payload":{"feedProcessingFinishedNotification":{"sellerId":"A3TH9S8BH6GOGM",
///     "feedId":"53347018456","feedType":"POST_PRODUCT_DATA","processingStatus":"DONE"}},
///   "notificationMetadata":{"applicationId":"amzn1.sellerapps.app.1","subscriptionId":"s-1",
///     "publishTime":"2020-07-13T19:42:04.284Z","notificationId":"n-1"}}"#;
///
/// let notification = Notification::from_slice(body)?;
/// assert_eq!(notification.notification_type, NotificationType::FeedProcessingFinished);
/// assert_eq!(notification.dedup_key(), "n-1");
/// let Payload::FeedProcessingFinished(feed) = &notification.payload else { unreachable!() };
/// assert_eq!(feed.feed_id, "53347018456");
/// # Ok::<(), spapi_notification_types::DecodeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Notification<P = Payload> {
    /// The version of the envelope, e.g. `1.0` or `2020-09-04`.
    pub notification_version: String,
    /// The notification type.
    pub notification_type: NotificationType,
    /// The version of the payload's shape, e.g. `1.0` or `2023-12-13`.
    pub payload_version: String,
    /// When the event happened.
    pub event_time: DateTime<Utc>,
    /// Who the notification is for and its identity; absent in some types (the
    /// FBA_INVENTORY_AVAILABILITY_CHANGES schema has none).
    pub metadata: Option<NotificationMetadata>,
    /// What happened.
    pub payload: P,
}

wire_struct! {
    /// The identity of a notification and of the subscription that produced it.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct NotificationMetadata {
        /// The application the notification is for.
        "applicationId" => pub application_id: String,
        /// The subscription that produced it.
        "subscriptionId" => pub subscription_id: String,
        /// When Amazon published it.
        "publishTime" => pub publish_time: DateTime<Utc>,
        /// The notification's identity: the same in every redelivery of it.
        "notificationId" => pub notification_id: String,
    }
}

impl NotificationMetadata {
    /// Metadata with every field, e.g. for a notification a test or a sandbox delivers.
    pub fn new(
        application_id: impl Into<String>,
        subscription_id: impl Into<String>,
        publish_time: DateTime<Utc>,
        notification_id: impl Into<String>,
    ) -> Self {
        Self {
            application_id: application_id.into(),
            subscription_id: subscription_id.into(),
            publish_time,
            notification_id: notification_id.into(),
        }
    }
}

/// A type that can be a notification's payload, read once the notification type is known.
///
/// Implemented by [`Payload`] (which picks the struct from the type) and by every
/// `DeserializeOwned` type (which ignores it).
pub trait NotificationPayload: Sized {
    /// Reads the payload of a notification of type `notification_type`.
    ///
    /// # Errors
    ///
    /// The deserializer's error when the payload does not have the expected shape.
    fn deserialize_payload<'de, D: Deserializer<'de>>(
        notification_type: &NotificationType,
        deserializer: D,
    ) -> Result<Self, D::Error>;
}

impl<T: DeserializeOwned> NotificationPayload for T {
    fn deserialize_payload<'de, D: Deserializer<'de>>(
        _: &NotificationType,
        d: D,
    ) -> Result<Self, D::Error> {
        T::deserialize(d)
    }
}

impl<P: NotificationPayload> Notification<P> {
    /// Decodes a bare notification (an SQS message body), exactly as
    /// [`envelope::decode`](crate::envelope::decode) reads one: the same result and the same
    /// errors.
    ///
    /// For bodies that may arrive in a delivery envelope (EventBridge, SNS, a Lambda SQS event,
    /// a double-encoded string), use [`envelope::decode`](crate::envelope::decode).
    ///
    /// # Errors
    ///
    /// A [`DecodeError`] naming what is wrong, where (the JSON path) and, when it could be read,
    /// the notification type; it keeps `bytes` for dead-lettering. A message in an envelope is
    /// [`DecodeErrorKind::UnexpectedEnvelope`](crate::DecodeErrorKind::UnexpectedEnvelope),
    /// naming the envelope.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, DecodeError> {
        crate::decode::bare(bytes)
    }
}

impl<P> Notification<P> {
    /// The notification id, when the notification has metadata.
    pub fn notification_id(&self) -> Option<&str> {
        self.metadata
            .as_ref()
            .map(|metadata| metadata.notification_id.as_str())
    }
}

impl<P: Serialize> Notification<P> {
    /// The key to de-duplicate deliveries with: SQS delivers at least once.
    ///
    /// It is the notification id when the notification has metadata. Otherwise it is
    /// `TYPE@EVENT_TIME#HASH`, where `HASH` is the 128-bit FNV-1a hash (32 hex digits) of the
    /// payload's JSON as this crate writes it: stable across processes, machines and releases
    /// that do not change the payload's shape, so every consumer computes the same key.
    pub fn dedup_key(&self) -> Cow<'_, str> {
        if let Some(id) = self.notification_id() {
            return Cow::Borrowed(id);
        }
        // A payload that cannot be written as JSON (a user type with non-string map keys) hashes
        // as empty: the key then rests on type and event time alone.
        let payload = serde_json::to_vec(&self.payload).unwrap_or_default();
        Cow::Owned(format!(
            "{}@{}#{:032x}",
            self.notification_type,
            self.event_time
                .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
            fnv1a_128(&payload)
        ))
    }
}

/// FNV-1a, 128-bit: a specified, dependency-free hash whose value never changes.
pub(crate) fn fnv1a_128(bytes: &[u8]) -> u128 {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    bytes.iter().fold(OFFSET, |hash, &byte| {
        (hash ^ u128::from(byte)).wrapping_mul(PRIME)
    })
}

impl<'de, P: NotificationPayload> Deserialize<'de> for Notification<P> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(visitor::NotificationVisitor::new())
    }
}

/// Writes the envelope and metadata in the casing of the type's schema.
impl<P: Serialize> Serialize for Notification<P> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let keys = EnvelopeKey::names(self.notification_type.casing());
        let mut out =
            s.serialize_struct("Notification", 5 + usize::from(self.metadata.is_some()))?;
        out.serialize_field(keys[0], &self.notification_version)?;
        out.serialize_field(keys[1], &self.notification_type)?;
        out.serialize_field(keys[2], &self.payload_version)?;
        out.serialize_field(keys[3], &Encode::<DateTime<Utc>>::new(&self.event_time))?;
        out.serialize_field(keys[4], &self.payload)?;
        match &self.metadata {
            Some(metadata) => out.serialize_field(
                keys[5],
                &MetadataIn(metadata, self.notification_type.casing()),
            )?,
            None => out.skip_field(keys[5])?,
        }
        out.end()
    }
}

/// Metadata written in the envelope's casing rather than its own camelCase.
struct MetadataIn<'a>(&'a NotificationMetadata, Casing);

impl Serialize for MetadataIn<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.1 == Casing::Camel {
            return self.0.serialize(s);
        }
        let mut out = s.serialize_struct("NotificationMetadata", 4)?;
        out.serialize_field("ApplicationId", &self.0.application_id)?;
        out.serialize_field("SubscriptionId", &self.0.subscription_id)?;
        out.serialize_field(
            "PublishTime",
            &Encode::<DateTime<Utc>>::new(&self.0.publish_time),
        )?;
        out.serialize_field("NotificationId", &self.0.notification_id)?;
        out.end()
    }
}

#[cfg(test)]
mod tests {
    use super::fnv1a_128;

    #[test]
    fn fnv1a_128_matches_the_reference_vectors() {
        assert_eq!(fnv1a_128(b""), 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d);
        assert_eq!(fnv1a_128(b"a"), 0xd228_cb69_6f1a_8caf_7891_2b70_4e4a_8964);
    }
}
