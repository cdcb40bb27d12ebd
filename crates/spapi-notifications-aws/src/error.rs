//! The one error type of the crate.

use spapi_notification_types::NotificationType;

/// Why an AWS step of the workflow failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The queue is a FIFO queue: SP-API delivers only to standard queues.
    #[error(
        "queue {queue} is a FIFO queue: SP-API delivers only to standard queues; use a standard queue (a name without .fifo)"
    )]
    FifoQueue {
        /// The queue name or URL.
        queue: String,
    },
    /// A policy document could not be read.
    #[error("invalid policy: {problem}")]
    InvalidPolicy {
        /// What is wrong with it.
        problem: String,
    },
    /// The queue's policy denies Amazon what it needs, and merging an Allow cannot change
    /// that: an explicit Deny wins.
    #[error(
        "statement {statement} of the policy of {queue} denies {principal} {action}: remove or narrow it"
    )]
    PolicyDenies {
        /// The queue ARN.
        queue: String,
        /// The statement (`Sid`, or `#N` by position).
        statement: String,
        /// The principal denied.
        principal: String,
        /// The action denied.
        action: String,
    },
    /// A notification type that Amazon delivers through the other channel.
    #[error("{notification_type} is delivered through {channel}, not this destination")]
    WrongChannel {
        /// The type.
        notification_type: NotificationType,
        /// The channel it needs.
        channel: &'static str,
    },
    /// Amazon has not created the partner event source (yet) after `createDestination`.
    #[error(
        "partner event source {name} not found in the account: check the account id and region of the destination"
    )]
    NoPartnerSource {
        /// The source's name.
        name: String,
    },
    /// An SQS call failed.
    #[error("sqs {operation} failed")]
    Sqs {
        /// The operation, such as `CreateQueue`.
        operation: &'static str,
        /// The SDK's error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// An EventBridge call failed.
    #[error("eventbridge {operation} failed")]
    EventBridge {
        /// The operation, such as `PutRule`.
        operation: &'static str,
        /// The SDK's error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// An SP-API Notifications call failed.
    #[error("sp-api notifications call failed")]
    Api(#[from] spapi_notifications_client::Error),
    /// AWS answered without something it always sends (a queue URL, an ARN).
    #[error("{operation} answered without {missing}")]
    Incomplete {
        /// The operation.
        operation: &'static str,
        /// What was missing.
        missing: &'static str,
    },
}

impl Error {
    /// An SQS call's failure (the SDK's service error, which names the AWS error code).
    pub(crate) fn sqs(
        operation: &'static str,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Self::Sqs {
            operation,
            source: Box::new(source),
        }
    }

    /// An EventBridge call's failure.
    pub(crate) fn event_bridge(
        operation: &'static str,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Self::EventBridge {
            operation,
            source: Box::new(source),
        }
    }
}

/// A lookup's result (its SDK error made a service error) with the error meaning "not there"
/// (`is_absent`) as `None`, and every other failure as `wrap` makes it.
pub(crate) fn absent_as_none<T, E>(
    result: Result<T, E>,
    is_absent: impl FnOnce(&E) -> bool,
    wrap: impl FnOnce(E) -> Error,
) -> Result<Option<T>, Error> {
    match result {
        Ok(output) => Ok(Some(output)),
        Err(error) if is_absent(&error) => Ok(None),
        Err(error) => Err(wrap(error)),
    }
}
