//! Destination resources of kinds this version does not model, kept as Amazon sent them, and
//! the serde impls of [`DestinationResource`] that keep them.

use std::collections::BTreeSet;
use std::fmt;

use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

use super::{DestinationResource, EventBridgeResource, SqsResource};

/// The JSON of a destination resource this version does not model (see
/// [`DestinationResource::other`]), exactly as received: numbers, key order and whitespace
/// included. Two are equal when their JSON text is.
#[derive(Clone)]
pub struct RawResource(Box<RawValue>);

impl RawResource {
    /// A resource from its JSON text.
    ///
    /// # Errors
    ///
    /// When `json` is not one JSON value.
    pub fn from_json(json: impl Into<String>) -> Result<Self, serde_json::Error> {
        RawValue::from_string(json.into()).map(Self)
    }

    /// The JSON text.
    pub fn json(&self) -> &str {
        self.0.get()
    }

    /// The resource read as `T`, for a kind the caller knows.
    ///
    /// # Errors
    ///
    /// When the JSON does not match `T`.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.json())
    }
}

impl PartialEq for RawResource {
    fn eq(&self, other: &Self) -> bool {
        self.json() == other.json()
    }
}

impl Eq for RawResource {}

impl fmt::Debug for RawResource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("RawResource").field(&self.json()).finish()
    }
}

impl Serialize for RawResource {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for RawResource {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(deserializer).map(Self)
    }
}

const SQS: &str = "sqs";
const EVENT_BRIDGE: &str = "eventBridge";

impl Serialize for DestinationResource {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let known = usize::from(self.sqs.is_some()) + usize::from(self.event_bridge.is_some());
        let mut map = serializer.serialize_map(Some(known + self.other.len()))?;
        if let Some(sqs) = &self.sqs {
            map.serialize_entry(SQS, sqs)?;
        }
        if let Some(event_bridge) = &self.event_bridge {
            map.serialize_entry(EVENT_BRIDGE, event_bridge)?;
        }
        for (kind, resource) in &self.other {
            map.serialize_entry(kind, resource)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for DestinationResource {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ResourceVisitor)
    }
}

struct ResourceVisitor;

impl<'de> Visitor<'de> for ResourceVisitor {
    type Value = DestinationResource;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a destination resource object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut resource = DestinationResource::default();
        let mut seen = BTreeSet::new();
        while let Some(kind) = map.next_key::<String>()? {
            // A repeated key is refused, never resolved by keeping one of the two.
            if !seen.insert(kind.clone()) {
                return Err(de::Error::custom(format_args!("duplicate field `{kind}`")));
            }
            match kind.as_str() {
                SQS => resource.sqs = map.next_value::<Option<SqsResource>>()?,
                EVENT_BRIDGE => {
                    resource.event_bridge = map.next_value::<Option<EventBridgeResource>>()?;
                }
                _ => {
                    let raw = map.next_value::<RawResource>()?;
                    if raw.json() != "null" {
                        resource.other.insert(kind, raw);
                    }
                }
            }
        }
        Ok(resource)
    }
}
