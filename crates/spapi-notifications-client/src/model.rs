//! The request and response bodies of the Notifications API v1, as `api/notifications.json`
//! defines them.
//!
//! Every struct is `#[non_exhaustive]` because Amazon adds fields: build one with its
//! constructor, or with `Default::default()` and field assignments. Enums over Amazon's strings
//! keep values they do not know in `Other(String)`. Unknown fields are ignored, and `null` reads
//! as absent.

mod destination;
mod directive;
mod raw_resource;
mod subscription;
mod test_notification;
mod type_rules;

pub use destination::{
    CreateDestinationRequest, Destination, DestinationResource, DestinationResourceSpecification,
    EventBridgeResource, EventBridgeResourceSpecification, SqsResource,
};
pub use directive::{
    AggregationSettings, AggregationTimePeriod, EventFilter, EventFilterType, ProcessingDirective,
};
pub use raw_resource::RawResource;
// One definition each, shared with the notifications that carry them.
pub use spapi_notification_types::{CarrierTracking, OrderChangeType, TrackingIdentifier};
pub use subscription::{
    CreateSubscriptionRequest, GetSubscriptionsPayload, GetSubscriptionsQuery, Subscription,
};
pub use test_notification::{SendTestNotificationRequest, TestNotification};

/// Reads `null` as the type's default (an empty list).
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de> + Default,
{
    Ok(<Option<T> as serde::Deserialize>::deserialize(deserializer)?.unwrap_or_default())
}
