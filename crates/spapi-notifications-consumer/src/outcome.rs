//! What became of a message: the answer of [`Pipeline::process`](crate::Pipeline::process),
//! and the report the outcome hook gets for metering and alerting.

use std::time::Duration;

use spapi_notification_types::NotificationType;

use crate::Error;

/// What became of a message.
#[derive(Debug)]
#[non_exhaustive]
pub enum Outcome {
    /// The handler succeeded and the notification is marked handled: acknowledge the message.
    Handled,
    /// The notification was handled already: acknowledge the message, the handler was not
    /// called.
    Duplicate,
    /// Not handled; leave the message for redelivery (a poison message reaches the dead-letter
    /// queue after the queue's `maxReceiveCount`). [`kind`](Self::kind) says why.
    Failed(Error),
}

impl Outcome {
    /// Whether the message can be deleted (or acknowledged): handled now or before.
    pub fn is_done(&self) -> bool {
        matches!(self, Self::Handled | Self::Duplicate)
    }

    /// The outcome's kind, as the outcome hook reports it.
    pub fn kind(&self) -> OutcomeKind {
        match self {
            Self::Handled => OutcomeKind::Handled,
            Self::Duplicate => OutcomeKind::Duplicate,
            Self::Failed(Error::Decode(_)) => OutcomeKind::Undecodable,
            Self::Failed(Error::InProgressElsewhere { .. }) => OutcomeKind::Bounced,
            Self::Failed(Error::ShutDown { .. }) => OutcomeKind::Stopped,
            Self::Failed(_) => OutcomeKind::Failed,
        }
    }
}

/// The kinds of [`Outcome`], one per thing worth counting or alerting on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OutcomeKind {
    /// The handler succeeded.
    Handled,
    /// The notification was handled already; the handler was not called.
    Duplicate,
    /// The handler failed or panicked, or the de-duplication store failed: the message is
    /// redelivered.
    Failed,
    /// Another handler (here, or in another process sharing the store) held the notification:
    /// the message is redelivered, without calling the handler.
    Bounced,
    /// The message is not a notification: it is redelivered until the queue's redrive policy
    /// moves it to the dead-letter queue.
    Undecodable,
    /// The consumer was shutting down: the handler was not started, or was stopped at the
    /// shutdown deadline, and the message made visible again at once.
    Stopped,
}

impl OutcomeKind {
    /// A lowercase name for metric labels: `handled`, `duplicate`, `failed`, `bounced`,
    /// `undecodable`, `stopped`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Handled => "handled",
            Self::Duplicate => "duplicate",
            Self::Failed => "failed",
            Self::Bounced => "bounced",
            Self::Undecodable => "undecodable",
            Self::Stopped => "stopped",
        }
    }
}

/// One message's outcome, given to the hook of
/// [`PipelineBuilder::on_outcome`](crate::PipelineBuilder::on_outcome) (and
/// [`SqsConsumerBuilder::on_outcome`](crate::SqsConsumerBuilder::on_outcome)) as soon as the
/// message is done with, before it is deleted or left for redelivery.
///
/// ```
/// use spapi_notifications_consumer::{OutcomeKind, OutcomeReport, Pipeline, Received};
///
/// let pipeline = Pipeline::builder()
///     .max_receive_count(5)
///     .on_outcome(|report: &OutcomeReport<'_>| {
///         // Outcomes and handler latency are counted already (`metrics`); this hook alerts.
///         if report.dead_lettered {
///             eprintln!("message {:?} goes to the dead-letter queue: {:?}", report.message_id, report.error);
///         }
///     })
///     .build(|received: Received| async move { Ok::<_, std::convert::Infallible>(()) });
/// ```
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct OutcomeReport<'a> {
    /// What became of the message.
    pub kind: OutcomeKind,
    /// Why it was not handled, for every kind but [`Handled`](OutcomeKind::Handled) and
    /// [`Duplicate`](OutcomeKind::Duplicate).
    pub error: Option<&'a Error>,
    /// The SQS message id, when it came in an SQS message.
    pub message_id: Option<&'a str>,
    /// How many times SQS delivered the message, this time included (`ApproximateReceiveCount`).
    pub receive_count: Option<u32>,
    /// The notification id, when the message was a notification that has one.
    pub notification_id: Option<&'a str>,
    /// The notification's type, when the message was a notification.
    pub notification_type: Option<&'a NotificationType>,
    /// From the moment the pipeline got the message to its outcome: decoding, de-duplication
    /// and the handler.
    pub latency: Duration,
    /// The message was not handled on its last receive: the queue's redrive policy moves it to
    /// the dead-letter queue instead of delivering it again (its receive count reached the
    /// queue's `maxReceiveCount`). Always `false` when the queue has no redrive policy, or
    /// when the count or the policy is unknown.
    pub dead_lettered: bool,
}
