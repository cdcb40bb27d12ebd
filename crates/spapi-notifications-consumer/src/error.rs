//! The crate's one error type.

use spapi_notification_types::DecodeError;

/// Any error: what a handler, a [`DedupStore`](crate::DedupStore) or a run of the consumer can
/// return.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// What went wrong while delivering a notification, or running a consumer.
///
/// Every variant but [`Sqs`](Self::Sqs) and [`InvalidConfig`](Self::InvalidConfig) concerns one
/// message, which is then left on its queue for redelivery (and, after the queue's
/// `maxReceiveCount`, its dead-letter queue).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The message is not a notification; its bytes are kept in the [`DecodeError`].
    #[error("undecodable message")]
    Decode(#[from] DecodeError),
    /// The handler returned an error.
    #[error("handler failed for notification {key}")]
    Handler {
        /// The notification's de-duplication key (its notification id).
        key: String,
        /// The handler's error.
        #[source]
        source: BoxError,
    },
    /// The handler panicked.
    #[error("handler panicked for notification {key}: {message}")]
    HandlerPanicked {
        /// The notification's de-duplication key (its notification id).
        key: String,
        /// The panic's message, when it was a string.
        message: String,
    },
    /// Another handler, here or in another process sharing the store, is handling the same
    /// notification right now (its lease has not expired).
    #[error("notification {key} is being handled elsewhere")]
    InProgressElsewhere {
        /// The notification's de-duplication key (its notification id).
        key: String,
    },
    /// The consumer was shutting down: the handler was not started, or it was stopped at the
    /// shutdown deadline. Its claim is released and its message made visible again at once.
    #[error("the consumer stopped before notification {key} was handled")]
    ShutDown {
        /// The notification's de-duplication key (its notification id).
        key: String,
    },
    /// The de-duplication store failed.
    #[error("de-duplication store failed: {operation}")]
    DedupStore {
        /// What the store was doing, e.g. `claim`.
        operation: &'static str,
        /// The store's error.
        #[source]
        source: BoxError,
    },
    /// An SQS call failed in a way retrying will not fix (the queue does not exist, access is
    /// denied, the request is invalid).
    #[error("sqs {operation} failed")]
    Sqs {
        /// The SQS operation, e.g. `ReceiveMessage`.
        operation: &'static str,
        /// The SDK's error.
        #[source]
        source: BoxError,
    },
    /// A Lambda SQS record that failed has no message id, so it cannot be reported as a batch
    /// item failure: the whole batch is failed instead.
    #[error("lambda sqs record {index} failed and has no message id")]
    MissingMessageId {
        /// The record's position in the event.
        index: usize,
    },
    /// A builder was given a setting SQS does not accept.
    #[error("invalid configuration: {message}")]
    InvalidConfig {
        /// Which setting, and what it accepts.
        message: String,
    },
}

impl Error {
    /// A [`DedupStore`](Self::DedupStore) error, for implementations of
    /// [`DedupStore`](crate::DedupStore).
    pub fn dedup_store(operation: &'static str, source: impl Into<BoxError>) -> Self {
        Self::DedupStore {
            operation,
            source: source.into(),
        }
    }

    pub(crate) fn invalid_config(message: impl Into<String>) -> Self {
        Self::InvalidConfig {
            message: message.into(),
        }
    }
}

#[cfg(feature = "lambda")]
#[cfg_attr(docsrs, doc(cfg(feature = "lambda")))]
impl From<Error> for lambda_runtime::Diagnostic {
    fn from(error: Error) -> Self {
        let mut message = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        Self {
            error_type: "spapi_notifications_consumer::Error".to_owned(),
            error_message: message,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use spapi_notification_types::envelope;

    use super::Error;

    #[test]
    fn no_error_repeats_its_source_in_its_display() {
        let decode = envelope::decode(br#"{"hello":"world"}"#).unwrap_err();
        let errors = [
            Error::Decode(decode),
            Error::Handler {
                key: "n-1".to_owned(),
                source: "downstream unavailable".into(),
            },
            Error::dedup_store("claim", std::io::Error::other("table is gone")),
            Error::Sqs {
                operation: "ReceiveMessage",
                source: std::io::Error::other("access denied").into(),
            },
        ];
        for error in errors {
            let source = error.source().expect("a source").to_string();
            let display = error.to_string();
            assert!(!display.contains(&source), "{display:?} repeats {source:?}");
            // anyhow's alternate form prints the chain: each cause once.
            let chain = format!("{:#}", anyhow::Error::new(error));
            assert_eq!(chain.matches(&source).count(), 1, "{chain}");
            assert!(chain.starts_with(&display), "{chain}");
        }
    }
}
