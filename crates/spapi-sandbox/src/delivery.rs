//! Realistic notifications, built from the types crate's fixtures, and their delivery to a
//! destination: an SQS queue (in-process, or real with the `sqs` feature) or an EventBridge
//! partner event source (in-process).

use chrono::{SecondsFormat, Utc};
use serde::Serialize;
use serde_json::value::RawValue;
use spapi_notification_types::{Notification, NotificationMetadata, NotificationType, fixtures};

use crate::Error;
use crate::api::wire::Destination;
use crate::ids;
use crate::queue::{Message, Queue, Queues};

/// What [`Sandbox::publish`](crate::Sandbox::publish) delivers.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Publication {
    /// A realistic notification of this type: the type's example from
    /// [`spapi_notification_types::fixtures`], with a fresh notification id, the subscription's
    /// id and payload version, and the current event and publish times.
    Example(NotificationType),
    /// This body, delivered exactly as given (a malformed one too), to the seller's
    /// subscriptions to `notification_type`.
    Raw {
        /// The subscriptions to deliver to.
        notification_type: NotificationType,
        /// The notification's JSON (or anything else, to test failure paths).
        body: String,
    },
}

impl Publication {
    /// A body delivered as given to the subscriptions to `notification_type`.
    pub fn raw(notification_type: NotificationType, body: impl Into<String>) -> Self {
        Self::Raw {
            notification_type,
            body: body.into(),
        }
    }

    /// The notification type whose subscriptions receive the publication.
    pub fn notification_type(&self) -> &NotificationType {
        match self {
            Self::Example(notification_type)
            | Self::Raw {
                notification_type, ..
            } => notification_type,
        }
    }
}

impl From<NotificationType> for Publication {
    fn from(notification_type: NotificationType) -> Self {
        Self::Example(notification_type)
    }
}

/// One notification delivered by [`Sandbox::publish`](crate::Sandbox::publish).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Published {
    /// The subscription it was delivered for.
    pub subscription_id: String,
    /// The destination it was delivered to.
    pub destination_id: String,
    /// The SQS queue ARN or the EventBridge partner event source it was delivered to.
    pub target: String,
    /// The message body delivered.
    pub body: String,
}

/// A notification the sandbox did not deliver because Amazon could not have: the queue's
/// access policy does not let Amazon's principal send (with
/// [`check_queue_policies`](crate::SandboxBuilder::check_queue_policies)).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Undelivered {
    /// The destination it was for.
    pub destination_id: String,
    /// The SQS queue ARN.
    pub target: String,
    /// Why Amazon could not deliver it.
    pub reason: String,
}

/// Who a notification is for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Addressee<'a> {
    pub(crate) notification_type: &'a NotificationType,
    pub(crate) payload_version: &'a str,
    pub(crate) subscription_id: &'a str,
    pub(crate) application_id: &'a str,
    /// A test scenario: picks the type's fixture of that name (`vendor` picks
    /// `report_processing_finished.vendor`), the type's example otherwise.
    pub(crate) scenario: Option<&'a str>,
}

/// A realistic notification for `to`, in the casing of its type's schema.
pub(crate) fn example(to: Addressee<'_>) -> String {
    let named = to.scenario.and_then(|scenario| {
        let name = format!(
            "{}.{}",
            to.notification_type.as_str().to_ascii_lowercase(),
            scenario.to_ascii_lowercase()
        );
        fixtures::named(&name).map(|fixture| fixture.json)
    });
    let fixture = named
        .or_else(|| fixtures::example(to.notification_type))
        .and_then(|json| Notification::<Box<RawValue>>::from_slice(json.as_bytes()).ok());
    let now = Utc::now();
    let mut notification = fixture.unwrap_or_else(|| Notification {
        notification_version: "1.0".to_owned(),
        notification_type: to.notification_type.clone(),
        payload_version: String::new(),
        event_time: now,
        metadata: None,
        payload: RawValue::from_string("{}".to_owned()).unwrap_or_default(),
    });
    notification.payload_version = to.payload_version.to_owned();
    notification.event_time = now - chrono::Duration::milliseconds(250);
    notification.metadata = Some(NotificationMetadata::new(
        to.application_id,
        to.subscription_id,
        now,
        ids::uuid(),
    ));
    serde_json::to_string(&notification).unwrap_or_default()
}

/// An EventBridge event carrying `notification`, as Amazon puts it on a partner event source.
#[derive(Serialize)]
struct Event<'a> {
    version: &'static str,
    id: String,
    #[serde(rename = "detail-type")]
    detail_type: &'a str,
    source: &'a str,
    account: &'a str,
    time: String,
    region: &'a str,
    resources: [(); 0],
    detail: &'a RawValue,
}

/// Delivers notifications to destinations.
#[derive(Debug, Default)]
pub(crate) struct Deliverer {
    pub(crate) queues: Queues,
    #[cfg(feature = "sqs")]
    pub(crate) sqs: Option<crate::sqs::SqsSender>,
    #[cfg(feature = "eventbridge")]
    pub(crate) event_bridge: Option<crate::event_bridge::EventBridgeSender>,
    pub(crate) undelivered: std::sync::Mutex<Vec<Undelivered>>,
}

impl Deliverer {
    /// Delivers `notification` (of type `notification_type`) to `destination`; returns the
    /// target and the message body delivered, or `None` when Amazon could not have delivered
    /// it (recorded in [`undelivered`](Self::undelivered)).
    pub(crate) async fn deliver(
        &self,
        destination: &Destination,
        notification_type: &NotificationType,
        notification: String,
    ) -> Result<Option<(String, String)>, Error> {
        if let Some(sqs) = &destination.resource.sqs {
            #[cfg(feature = "sqs")]
            if let Some(sender) = &self.sqs {
                if let crate::sqs::Sent::Refused(reason) =
                    sender.send(&sqs.arn, &notification).await?
                {
                    crate::state::lock(&self.undelivered).push(Undelivered {
                        destination_id: destination.destination_id.clone(),
                        target: sqs.arn.clone(),
                        reason,
                    });
                    return Ok(None);
                }
                return Ok(Some((sqs.arn.clone(), notification)));
            }
            push(&self.queues.get(&sqs.arn), notification.clone());
            return Ok(Some((sqs.arn.clone(), notification)));
        }
        let Some(bus) = &destination.resource.event_bridge else {
            return Err(Error::Delivery {
                target: destination.destination_id.clone(),
                source: "the destination has no resource".into(),
            });
        };
        #[cfg(feature = "eventbridge")]
        if let Some(sender) = &self.event_bridge {
            sender
                .put(&bus.name, notification_type.as_str(), &notification)
                .await?;
            return Ok(Some((bus.name.clone(), notification)));
        }
        let detail = RawValue::from_string(notification).map_err(|error| Error::Delivery {
            target: bus.name.clone(),
            source: format!("an EventBridge detail must be a JSON object: {error}").into(),
        })?;
        let event = Event {
            version: "0",
            id: ids::uuid(),
            detail_type: notification_type.as_str(),
            source: &bus.name,
            account: &bus.account_id,
            time: Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
            region: &bus.region,
            resources: [],
            detail: &detail,
        };
        let body = serde_json::to_string(&event).unwrap_or_default();
        push(&self.queues.get(&bus.name), body.clone());
        Ok(Some((bus.name.clone(), body)))
    }
}

fn push(queue: &Queue, body: String) {
    queue.push(Message {
        message_id: ids::uuid(),
        body,
    });
}

#[cfg(test)]
mod tests {
    use spapi_notification_types::{Payload, envelope};

    use super::*;

    fn to<'a>(notification_type: &'a NotificationType, scenario: Option<&'a str>) -> Addressee<'a> {
        Addressee {
            notification_type,
            payload_version: "1.0",
            subscription_id: "sub-1",
            application_id: "amzn1.sp.solution.app",
            scenario,
        }
    }

    #[test]
    fn examples_are_typed_fresh_and_addressed() {
        for notification_type in NotificationType::ALL {
            let json = example(to(notification_type, None));
            let received = envelope::decode(json.as_bytes())
                .unwrap_or_else(|error| panic!("{notification_type}: {error}"));
            let notification = received.notification;
            assert_eq!(&notification.notification_type, notification_type);
            assert_eq!(notification.payload_version, "1.0");
            let metadata = notification.metadata.as_ref().unwrap();
            assert_eq!(metadata.subscription_id, "sub-1");
            assert_eq!(metadata.application_id, "amzn1.sp.solution.app");
            assert!((Utc::now() - metadata.publish_time).num_seconds() < 60);
            // The fixture's payload, unchanged.
            let fixture = fixtures::example(notification_type).unwrap();
            let original = Notification::<Payload>::from_slice(fixture.as_bytes()).unwrap();
            assert_eq!(
                notification.payload, original.payload,
                "{notification_type}"
            );
        }
        let order = NotificationType::OrderChange;
        let first = example(to(&order, None));
        assert!(
            first.contains(r#""NotificationType":"ORDER_CHANGE""#),
            "schema casing"
        );
        assert_ne!(first, example(to(&order, None)), "fresh notification ids");
    }

    #[test]
    fn scenarios_pick_named_fixtures_and_unknown_types_get_an_empty_payload() {
        let report = NotificationType::ReportProcessingFinished;
        let vendor = example(to(&report, Some("VENDOR")));
        let Payload::ReportProcessingFinished(payload) = envelope::decode(vendor.as_bytes())
            .unwrap()
            .notification
            .payload
        else {
            panic!("not a report notification");
        };
        assert!(
            payload.seller_id.is_none(),
            "the vendor fixture has no seller"
        );

        let new = NotificationType::from("BRAND_NEW_TYPE");
        let json = example(to(&new, None));
        let received = envelope::decode(json.as_bytes()).unwrap();
        assert_eq!(received.notification.notification_type, new);
    }
}
