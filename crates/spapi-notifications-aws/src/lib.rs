//! The AWS half of the SP-API notifications workflow, as idempotent calls: the SQS queue (with
//! a dead-letter queue and Amazon's statement merged into its access policy), or the
//! EventBridge partner event source associated with a bus, a rule and a target; a doctor that
//! says why notifications do not arrive; and a teardown.
//!
//! The AWS SDK crates in this API are re-exported: [`aws_sdk_sqs`] and [`aws_sdk_eventbridge`].
//!
//! [`policy`] evaluates resource policies as AWS does; the sandbox uses it too.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod bus;
mod change;
mod doctor;
mod encryption;
mod error;
mod event_bridge_destination;
mod event_pattern;
pub mod policy;
mod queue;
mod setup;
mod sqs_destination;
mod teardown;

pub use change::Change;
pub use doctor::{Check, CheckId, DiagnoseOptions, Report, Status};
pub use encryption::{AWS_MANAGED_SQS_KEY, Encryption};
pub use error::Error;
pub use event_bridge_destination::{
    DEFAULT_RULE_NAME, EventBridgeDestination, EventBridgeOptions, EventTarget, TARGET_ID,
};
pub use event_pattern::SOURCE_PREFIX;
pub use queue::Queue;
pub use setup::AwsSetup;
pub use sqs_destination::{DEFAULT_MAX_RECEIVE_COUNT, SqsDestination, SqsOptions};
pub use teardown::{Teardown, TeardownOptions};

/// The EventBridge SDK whose client this crate takes.
pub use aws_sdk_eventbridge;
/// The SQS SDK whose client this crate takes.
pub use aws_sdk_sqs;
/// The serialization crate (version 1) whose `Serialize` the doctor's [`Report`] implements.
pub use serde;
/// The JSON crate (version 1) of the policy statements this crate reads and writes.
pub use serde_json;
