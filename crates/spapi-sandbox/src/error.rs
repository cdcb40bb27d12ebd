//! The one error type of the crate.

use std::io;

use spapi_notification_types::NotificationType;

/// Why the sandbox could not start or do what a test asked of it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The builder was given a setting that cannot work.
    #[error("invalid sandbox setting `{setting}`: {problem}")]
    Config {
        /// The builder method, e.g. `faults`.
        setting: &'static str,
        /// What is wrong with the value.
        problem: String,
    },
    /// The sandbox could not listen on 127.0.0.1.
    #[error("the sandbox could not listen on 127.0.0.1")]
    Bind(#[source] io::Error),
    /// A seller id that was not registered with [`SandboxBuilder::seller`](crate::SandboxBuilder::seller).
    #[error("seller {seller_id} is not registered with this sandbox")]
    UnknownSeller {
        /// The seller id.
        seller_id: String,
    },
    /// [`Sandbox::publish`](crate::Sandbox::publish) found no subscription to deliver to.
    #[error("seller {seller_id} has no subscription to {notification_type}")]
    NotSubscribed {
        /// The seller id.
        seller_id: String,
        /// The notification type.
        notification_type: NotificationType,
    },
    /// A notification could not be delivered to its destination.
    #[error("delivery to {target} failed")]
    Delivery {
        /// The queue URL or ARN.
        target: String,
        /// What went wrong.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A test helper of the `testing` feature failed.
    #[cfg(feature = "testing")]
    #[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
    #[error("{what}")]
    Testing {
        /// What failed, and how to fix it.
        what: String,
        /// The underlying error, if any.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
}
