//! Reading the envelope in one pass over the bytes: the payload is decoded straight into its
//! type as soon as the notification type is known, and buffered as raw JSON only when it comes
//! first (JSON key order is not guaranteed).

use std::fmt;
use std::marker::PhantomData;

use chrono::{DateTime, Utc};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::{Notification, NotificationMetadata, NotificationPayload};
use crate::NotificationType;
use crate::envelope::incoming::{Claim, Claims, claim_of};
use crate::notification_type::Casing;
use crate::wire::{Auto, Duplicate, KeySeed, Wire, duplicate, key_is, next_value, skip_value};

/// The six keys of a notification, in either casing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EnvelopeKey {
    NotificationVersion,
    NotificationType,
    PayloadVersion,
    EventTime,
    Payload,
    NotificationMetadata,
}

const CAMEL: [&str; 6] = [
    "notificationVersion",
    "notificationType",
    "payloadVersion",
    "eventTime",
    "payload",
    "notificationMetadata",
];
const PASCAL: [&str; 6] = [
    "NotificationVersion",
    "NotificationType",
    "PayloadVersion",
    "EventTime",
    "Payload",
    "NotificationMetadata",
];

impl EnvelopeKey {
    /// The envelope key `key` spells, in any casing.
    ///
    /// Every key of every envelope comes here: the names are spelled out, not looked up in
    /// [`CAMEL`], so that [`key_is`] compares with constants.
    #[inline]
    pub(crate) fn classify(key: &str) -> Option<Self> {
        Some(match key.len() {
            16 if key_is(key, "notificationType") => Self::NotificationType,
            19 if key_is(key, "notificationVersion") => Self::NotificationVersion,
            14 if key_is(key, "payloadVersion") => Self::PayloadVersion,
            9 if key_is(key, "eventTime") => Self::EventTime,
            7 if key_is(key, "payload") => Self::Payload,
            20 if key_is(key, "notificationMetadata") => Self::NotificationMetadata,
            _ => return None,
        })
    }

    /// The six key names in a casing, in the order of [`EnvelopeKey`].
    pub(crate) fn names(casing: Casing) -> [&'static str; 6] {
        match casing {
            Casing::Camel => CAMEL,
            Casing::Pascal => PASCAL,
        }
    }

    fn name(self) -> &'static str {
        CAMEL[self as usize]
    }
}

/// The envelope's fields as they are read, in any order.
pub(crate) struct NotificationBuilder<P> {
    notification_version: Option<String>,
    notification_type: Option<NotificationType>,
    payload_version: Option<String>,
    event_time: Option<DateTime<Utc>>,
    metadata: Option<Option<NotificationMetadata>>,
    payload: Option<P>,
    /// The payload, when it came before the type.
    deferred: Option<Box<RawValue>>,
}

impl<P: NotificationPayload> NotificationBuilder<P> {
    pub(crate) fn new() -> Self {
        Self {
            notification_version: None,
            notification_type: None,
            payload_version: None,
            event_time: None,
            metadata: None,
            payload: None,
            deferred: None,
        }
    }

    /// Reads the value of envelope key `key`.
    pub(crate) fn read<'de, A: MapAccess<'de>>(
        &mut self,
        key: EnvelopeKey,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match key {
            EnvelopeKey::NotificationVersion => put(&mut self.notification_version, key, map),
            EnvelopeKey::NotificationType => put(&mut self.notification_type, key, map),
            EnvelopeKey::PayloadVersion => put(&mut self.payload_version, key, map),
            EnvelopeKey::EventTime => put(&mut self.event_time, key, map),
            EnvelopeKey::NotificationMetadata => put(&mut self.metadata, key, map),
            EnvelopeKey::Payload => {
                if self.payload.is_some() || self.deferred.is_some() {
                    match map.next_value_seed(Duplicate(key.name()))? {}
                } else if let Some(notification_type) = &self.notification_type {
                    self.payload = Some(
                        map.next_value_seed(PayloadSeed::<P>(notification_type, PhantomData))?,
                    );
                } else {
                    self.deferred = Some(map.next_value()?);
                }
                Ok(())
            }
        }
    }

    /// The notification, once every key was read.
    pub(crate) fn finish<E: de::Error>(self) -> Result<Notification<P>, E> {
        let notification_type = self
            .notification_type
            .ok_or_else(|| E::missing_field("notificationType"))?;
        let payload = match (self.payload, self.deferred) {
            (Some(payload), _) => payload,
            (None, Some(raw)) => {
                let mut d = serde_json::Deserializer::from_str(raw.get());
                P::deserialize_payload(&notification_type, &mut d).map_err(E::custom)?
            }
            (None, None) => return Err(E::missing_field("payload")),
        };
        Ok(Notification {
            notification_version: self
                .notification_version
                .ok_or_else(|| E::missing_field("notificationVersion"))?,
            payload_version: self
                .payload_version
                .ok_or_else(|| E::missing_field("payloadVersion"))?,
            event_time: self
                .event_time
                .ok_or_else(|| E::missing_field("eventTime"))?,
            metadata: self.metadata.flatten(),
            notification_type,
            payload,
        })
    }
}

/// Reads the value of `key` into its slot, which must be empty.
fn put<'de, T: Wire, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    key: EnvelopeKey,
    map: &mut A,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(duplicate(map, key.name()));
    }
    *slot = Some(next_value::<T, Auto, A>(map)?);
    Ok(())
}

/// Reads a payload once the notification type is known.
struct PayloadSeed<'a, P>(&'a NotificationType, PhantomData<fn() -> P>);

impl<'de, P: NotificationPayload> DeserializeSeed<'de> for PayloadSeed<'_, P> {
    type Value = P;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<P, D::Error> {
        P::deserialize_payload(self.0, d)
    }
}

/// A bare notification object.
pub(crate) struct NotificationVisitor<P>(PhantomData<fn() -> P>);

impl<P> NotificationVisitor<P> {
    pub(crate) fn new() -> Self {
        Self(PhantomData)
    }
}

impl<'de, P: NotificationPayload> Visitor<'de> for NotificationVisitor<P> {
    type Value = Notification<P>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a notification object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut builder = NotificationBuilder::new();
        let mut claims = Claims::default();
        while let Some(key) = map.next_key_seed(KeySeed(NotificationKey::classify))? {
            match key {
                NotificationKey::Envelope(key) => {
                    claims.make(Claim::Notification, &mut map)?;
                    builder.read(key, &mut map)?;
                }
                // An envelope's key inside a notification: refused when it makes the object
                // ambiguous (next to the notification's keys), and otherwise ignored.
                NotificationKey::Claim(claim) => {
                    claims.make(claim, &mut map)?;
                    map.next_value::<IgnoredAny>()?;
                }
                NotificationKey::Other => skip_value(&mut map)?,
            }
        }
        builder.finish()
    }
}

/// A key of a notification object.
enum NotificationKey {
    Envelope(EnvelopeKey),
    Claim(Claim),
    Other,
}

impl NotificationKey {
    fn classify(key: &str) -> Self {
        match EnvelopeKey::classify(key) {
            Some(key) => Self::Envelope(key),
            None => claim_of(key).map_or(Self::Other, Self::Claim),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{CAMEL, EnvelopeKey, PASCAL};

    #[test]
    fn envelope_keys_classify_in_the_order_of_their_names() {
        for names in [CAMEL, PASCAL] {
            for (index, name) in names.iter().enumerate() {
                assert_eq!(
                    EnvelopeKey::classify(name).map(|key| key as usize),
                    Some(index)
                );
                assert_eq!(
                    EnvelopeKey::classify(&name.to_uppercase()).map(|key| key as usize),
                    Some(index)
                );
            }
        }
        assert_eq!(EnvelopeKey::classify("notificationTypes"), None);
        assert_eq!(EnvelopeKey::classify("detail"), None);
    }
}
