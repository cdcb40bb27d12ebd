//! The request and response bodies of the Notifications API v1, as in `notifications.json`.
//!
//! These are the sandbox's own structs: it reads what any client sends and answers what Amazon
//! answers. Required fields are plain fields, so serde names a missing one; enum-like strings
//! stay strings and are checked in [`super::validate`], with Amazon's wording.

use serde::{Deserialize, Serialize};
use spapi_notification_types::DeliveryChannel;

/// `{"payload": ...}`, the success envelope of every operation.
#[derive(Debug, Serialize)]
pub(crate) struct Payload<T> {
    pub(crate) payload: T,
}

/// A destination (`Destination`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Destination {
    pub(crate) name: String,
    pub(crate) destination_id: String,
    pub(crate) resource: DestinationResource,
}

impl Destination {
    /// The kind of destination.
    pub(crate) fn channel(&self) -> DeliveryChannel {
        if self.resource.sqs.is_some() {
            DeliveryChannel::Sqs
        } else {
            DeliveryChannel::EventBridge
        }
    }
}

/// `DestinationResource`. Both keys are always written, the unused one as `null`, as Amazon
/// does (`"sqs": null` next to an EventBridge resource).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DestinationResource {
    pub(crate) sqs: Option<SqsResource>,
    pub(crate) event_bridge: Option<EventBridgeResource>,
}

/// `SqsResource`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SqsResource {
    pub(crate) arn: String,
}

/// `EventBridgeResource`: the partner event source Amazon created for the destination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct EventBridgeResource {
    pub(crate) name: String,
    pub(crate) region: String,
    pub(crate) account_id: String,
}

/// `CreateDestinationRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CreateDestinationRequest {
    pub(crate) resource_specification: ResourceSpecification,
    pub(crate) name: String,
}

/// `DestinationResourceSpecification`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ResourceSpecification {
    #[serde(default)]
    pub(crate) sqs: Option<SqsResource>,
    #[serde(default)]
    pub(crate) event_bridge: Option<EventBridgeSpecification>,
}

/// `EventBridgeResourceSpecification`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct EventBridgeSpecification {
    pub(crate) region: String,
    pub(crate) account_id: String,
}

/// A subscription (`Subscription`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Subscription {
    pub(crate) subscription_id: String,
    pub(crate) payload_version: String,
    pub(crate) destination_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) processing_directive: Option<ProcessingDirective>,
}

/// `GetSubscriptionsPayload`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SubscriptionsPage {
    pub(crate) subscriptions: Vec<Subscription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) next_token: Option<String>,
}

/// `CreateSubscriptionRequest`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CreateSubscriptionRequest {
    pub(crate) payload_version: String,
    pub(crate) destination_id: String,
    #[serde(default)]
    pub(crate) processing_directive: Option<ProcessingDirective>,
}

/// `ProcessingDirective`: an event filter or a filter expression, never both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ProcessingDirective {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) event_filter: Option<EventFilter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) filter_expression: Option<String>,
}

/// `EventFilter`: the flattened `allOf` of the aggregation, marketplace, order change type and
/// tracking filters, with the required `eventFilterType`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct EventFilter {
    pub(crate) event_filter_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) aggregation_settings: Option<AggregationSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) marketplace_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) order_change_types: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) tracking_identifier: Option<TrackingIdentifier>,
}

/// `AggregationSettings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AggregationSettings {
    pub(crate) aggregation_time_period: String,
}

/// `TrackingIdentifier`: exactly one of its fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TrackingIdentifier {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) acsin: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) aftn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) container_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) house_bill_of_lading_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) carrier_tracking: Option<CarrierTracking>,
}

/// The carrier's tracking number of a `TrackingIdentifier`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CarrierTracking {
    pub(crate) tracking_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) carrier_code: Option<String>,
}

/// `SendTestNotificationRequest`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SendTestNotificationRequest {
    #[serde(default)]
    pub(crate) destination_id: Option<String>,
    #[serde(default)]
    pub(crate) test_notification: Option<TestNotification>,
}

/// `TestNotification`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TestNotification {
    pub(crate) payload_version: String,
    #[serde(default)]
    pub(crate) test_scenario: Option<String>,
}
