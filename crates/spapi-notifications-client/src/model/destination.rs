//! Destinations: where Amazon delivers notifications (an SQS queue or EventBridge).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use spapi_notification_types::DeliveryChannel;

use super::RawResource;
use crate::Error;
use crate::validate;

/// A destination (the model's `Destination`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Destination {
    /// The developer-defined name (at most 256 characters).
    pub name: String,
    /// The identifier Amazon generated when the destination was created.
    pub destination_id: String,
    /// The resource that receives the notifications.
    pub resource: DestinationResource,
}

/// The resource of a [`Destination`] (the model's `DestinationResource`): one of `sqs` or
/// `eventBridge`; Amazon may send the other one as `null`.
///
/// Amazon has also sent kinds the model does not define (a live `getDestinations` reply
/// carried `privateSqs` and `webhook`): those are kept in [`other`](Self::other) with their
/// JSON exactly as received, and written back unchanged. A `null` resource reads as absent.
///
/// ```
/// use spapi_notifications_client::Destination;
///
/// let json = r#"{"name":"n","destinationId":"d-1","resource":{"sqs":null,"webhook":{"url":"https://example.com/hook"}}}"#;
/// let destination: Destination = serde_json::from_str(json).unwrap();
/// assert_eq!(destination.resource.sqs, None);
/// assert_eq!(destination.resource.other["webhook"].json(), r#"{"url":"https://example.com/hook"}"#);
/// assert_eq!(destination.channel(), None);
/// assert_eq!(serde_json::from_str::<Destination>(&serde_json::to_string(&destination).unwrap()).unwrap(), destination);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DestinationResource {
    /// An Amazon SQS queue (`sqs`).
    pub sqs: Option<SqsResource>,
    /// An Amazon EventBridge partner event source (`eventBridge`).
    pub event_bridge: Option<EventBridgeResource>,
    /// Resources of kinds this version does not model, by their key (such as `privateSqs` or
    /// `webhook`), each with its JSON as received.
    pub other: BTreeMap<String, RawResource>,
}

/// An Amazon SQS queue (the model's `SqsResource`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SqsResource {
    /// The queue's ARN, `arn:aws:sqs:<region>:<account>:<name>` (at most 1000 characters).
    pub arn: String,
}

/// An Amazon EventBridge destination as Amazon reports it (the model's `EventBridgeResource`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EventBridgeResource {
    /// The partner event source, `aws.partner/sellingpartnerapi.amazon.com/<account>/<app>`.
    pub name: String,
    /// The AWS region that receives the events.
    pub region: String,
    /// The AWS account that receives (and pays for) the events.
    pub account_id: String,
}

/// What to create a destination on (the model's `DestinationResourceSpecification`): exactly one
/// of `sqs` or `eventBridge`. Build it with [`sqs`](Self::sqs) or
/// [`event_bridge`](Self::event_bridge).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DestinationResourceSpecification {
    /// An Amazon SQS queue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sqs: Option<SqsResource>,
    /// An Amazon EventBridge partner event source to create.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_bridge: Option<EventBridgeResourceSpecification>,
}

/// The EventBridge part of a [`DestinationResourceSpecification`] (the model's
/// `EventBridgeResourceSpecification`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EventBridgeResourceSpecification {
    /// The AWS region that will receive the events, e.g. `us-east-1`.
    pub region: String,
    /// The AWS account that will receive (and pay for) the events.
    pub account_id: String,
}

/// The body of `createDestination` (the model's `CreateDestinationRequest`).
///
/// ```
/// use spapi_notifications_client::{CreateDestinationRequest, DestinationResourceSpecification};
///
/// let request = CreateDestinationRequest::new(
///     "orders",
///     DestinationResourceSpecification::sqs("arn:aws:sqs:us-east-1:444455556666:orders"),
/// );
/// assert_eq!(
///     serde_json::to_string(&request).unwrap(),
///     r#"{"resourceSpecification":{"sqs":{"arn":"arn:aws:sqs:us-east-1:444455556666:orders"}},"name":"orders"}"#
/// );
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CreateDestinationRequest {
    /// The resource to deliver to.
    pub resource_specification: DestinationResourceSpecification,
    /// A developer-defined name (1 to 256 characters).
    pub name: String,
}

impl Destination {
    /// How this destination receives notifications, when Amazon said.
    pub fn channel(&self) -> Option<DeliveryChannel> {
        self.resource.channel()
    }
}

impl DestinationResource {
    /// `Sqs` or `EventBridge`, by which resource is present; `None` when both or neither are,
    /// or when a resource of another kind is (Amazon's `privateSqs`, for instance, is not known
    /// to take the same notification types as `sqs`).
    pub fn channel(&self) -> Option<DeliveryChannel> {
        match (&self.sqs, &self.event_bridge) {
            _ if !self.other.is_empty() => None,
            (Some(_), None) => Some(DeliveryChannel::Sqs),
            (None, Some(_)) => Some(DeliveryChannel::EventBridge),
            _ => None,
        }
    }

    /// Whether this is the resource `spec` asks for: the same queue ARN, or the same
    /// EventBridge account and region.
    pub fn matches(&self, spec: &DestinationResourceSpecification) -> bool {
        match (&spec.sqs, &spec.event_bridge) {
            (Some(wanted), None) => self.sqs.as_ref().is_some_and(|sqs| sqs.arn == wanted.arn),
            (None, Some(wanted)) => self.event_bridge.as_ref().is_some_and(|event_bridge| {
                event_bridge.account_id == wanted.account_id && event_bridge.region == wanted.region
            }),
            _ => false,
        }
    }
}

impl SqsResource {
    /// A queue by its ARN.
    pub fn new(arn: impl Into<String>) -> Self {
        Self { arn: arn.into() }
    }
}

impl DestinationResourceSpecification {
    /// An Amazon SQS queue by its ARN. The queue's policy must let principal `437568002678`
    /// call `sqs:SendMessage` and `sqs:GetQueueAttributes`.
    pub fn sqs(arn: impl Into<String>) -> Self {
        Self {
            sqs: Some(SqsResource::new(arn)),
            event_bridge: None,
        }
    }

    /// Amazon EventBridge in `account_id`'s `region`: Amazon creates a partner event source
    /// there, which you then associate with an event bus.
    pub fn event_bridge(account_id: impl Into<String>, region: impl Into<String>) -> Self {
        Self {
            sqs: None,
            event_bridge: Some(EventBridgeResourceSpecification {
                region: region.into(),
                account_id: account_id.into(),
            }),
        }
    }

    /// `Sqs` or `EventBridge`, by which resource is present.
    pub fn channel(&self) -> Option<DeliveryChannel> {
        match (&self.sqs, &self.event_bridge) {
            (Some(_), None) => Some(DeliveryChannel::Sqs),
            (None, Some(_)) => Some(DeliveryChannel::EventBridge),
            _ => None,
        }
    }

    /// Checks the rules of the model: exactly one resource, an SQS ARN matching
    /// `^arn:aws:sqs:\S+:\S+:\S+` of at most 1000 characters, a non-empty EventBridge account and
    /// region.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] naming the field that breaks a rule.
    pub fn validate(&self) -> Result<(), Error> {
        const FIELD: &str = "resourceSpecification";
        match (&self.sqs, &self.event_bridge) {
            (Some(sqs), None) => validate::sqs_arn("resourceSpecification.sqs.arn", &sqs.arn),
            (None, Some(event_bridge)) => {
                validate::not_blank(
                    "resourceSpecification.eventBridge.accountId",
                    &event_bridge.account_id,
                )?;
                validate::not_blank(
                    "resourceSpecification.eventBridge.region",
                    &event_bridge.region,
                )
            }
            (Some(_), Some(_)) => Err(Error::validation(
                FIELD,
                "has both sqs and eventBridge: a destination has exactly one resource",
            )),
            (None, None) => Err(Error::validation(
                FIELD,
                "has neither sqs nor eventBridge: a destination needs exactly one resource",
            )),
        }
    }
}

impl CreateDestinationRequest {
    /// A request to create a destination called `name` on `resource`.
    pub fn new(name: impl Into<String>, resource: DestinationResourceSpecification) -> Self {
        Self {
            resource_specification: resource,
            name: name.into(),
        }
    }

    /// Checks the name (1 to 256 characters) and [the resource](DestinationResourceSpecification::validate).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] naming the field that breaks a rule.
    pub fn validate(&self) -> Result<(), Error> {
        validate::length("name", &self.name, 1, 256)?;
        self.resource_specification.validate()
    }
}
