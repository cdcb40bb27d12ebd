//! What decoding gives: a notification and the envelopes it was delivered in.

use chrono::{DateTime, Utc};

use crate::{Notification, Payload};

/// A notification and how it was delivered.
#[derive(Debug, Clone, PartialEq)]
pub struct Received<P = Payload> {
    /// The notification.
    pub notification: Notification<P>,
    /// The envelopes it came in.
    pub delivery: Delivery,
}

impl<P> Received<P> {
    /// The SQS message id, when the notification came in an SQS message: what a Lambda batch
    /// item failure reports.
    pub fn message_id(&self) -> Option<&str> {
        self.delivery.sqs.as_ref()?.message_id.as_deref()
    }

    /// How many times SQS delivered the message (`ApproximateReceiveCount`), this time included,
    /// when the notification came in an SQS message that said.
    pub fn receive_count(&self) -> Option<u32> {
        self.delivery.sqs.as_ref()?.approximate_receive_count
    }
}

/// The envelopes a notification came in, outermost first; all `None` for a bare notification.
///
/// When envelopes of one kind are nested (an EventBridge Pipe forwarding an SQS message to
/// another queue), the outermost is kept: it is the message this delivery can delete or report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Delivery {
    /// The SQS message that carried it.
    pub sqs: Option<SqsDelivery>,
    /// The SNS notification that carried it.
    pub sns: Option<SnsDelivery>,
    /// The EventBridge event that carried it.
    pub event_bridge: Option<EventBridgeDelivery>,
}

impl Delivery {
    /// Whether the notification came without any envelope (a bare SQS body).
    pub fn is_bare(&self) -> bool {
        self.sqs.is_none() && self.sns.is_none() && self.event_bridge.is_none()
    }
}

/// The SQS message a notification came in (a Lambda SQS record or a `ReceiveMessage` message).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SqsDelivery {
    /// The message id: what a Lambda batch item failure reports.
    pub message_id: Option<String>,
    /// The receipt handle: what deleting the message takes.
    pub receipt_handle: Option<String>,
    /// The queue's ARN (Lambda records).
    pub event_source_arn: Option<String>,
    /// The queue's region (Lambda records).
    pub aws_region: Option<String>,
    /// How many times the message was received, this time included.
    pub approximate_receive_count: Option<u32>,
}

/// The SNS notification a notification came in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SnsDelivery {
    /// The SNS message id.
    pub message_id: Option<String>,
    /// The topic it was published to.
    pub topic_arn: Option<String>,
    /// When it was published.
    pub timestamp: Option<DateTime<Utc>>,
}

/// The EventBridge event a notification came in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct EventBridgeDelivery {
    /// The event id.
    pub id: Option<String>,
    /// The `detail-type`: the notification type.
    pub detail_type: Option<String>,
    /// The partner event source, `aws.partner/sellingpartnerapi.amazon.com/{account}/{application}`.
    pub source: Option<String>,
    /// The AWS account the event was delivered to.
    pub account: Option<String>,
    /// The AWS region.
    pub region: Option<String>,
    /// When the event was put on the bus.
    pub time: Option<DateTime<Utc>>,
}
