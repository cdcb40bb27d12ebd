//! AWS Lambda adapters: an SQS-triggered function with partial batch failures, and an
//! EventBridge-triggered function, both running a [`Pipeline`].
//!
//! ```no_run
//! use spapi_notifications_consumer::lambda::lambda_runtime::{self, service_fn};
//! use spapi_notifications_consumer::{Pipeline, Received};
//!
//! #[tokio::main]
//! async fn main() -> Result<(), lambda_runtime::Error> {
//!     let pipeline = Pipeline::builder().build(handle);
//!     lambda_runtime::run(service_fn(|event| pipeline.handle_sqs_event(event))).await
//! }
//!
//! async fn handle(received: Received) -> anyhow::Result<()> {
//!     println!("{}", received.notification.notification_type);
//!     Ok(())
//! }
//! ```
//!
//! The adapters take the invocation's JSON as Lambda sends it ([`SqsEvent`],
//! [`EventBridgeEvent`]) and decode it once: each record's SQS metadata (message id, receive
//! count, ...) and the EventBridge envelope come with the notification, in the
//! [`Received::delivery`](crate::Received) the handler gets, and error paths go through the
//! envelopes (`Records[2].body.Payload...`, `detail.Payload...`).
//!
//! The pipeline's hooks and settings apply here too: the outcome hook
//! ([`PipelineBuilder::on_outcome`](crate::PipelineBuilder::on_outcome)) reports every record
//! and event; give it the queue's `maxReceiveCount` with
//! [`max_receive_count`](crate::PipelineBuilder::max_receive_count) to have the last failed
//! receive reported as dead-lettered (Lambda does not say); and
//! [`unparsed_payloads`](crate::PipelineBuilder::unparsed_payloads) hands the handler
//! notifications whose payload fails typed decoding instead of failing them. Set the pipeline's
//! [`lease`](crate::PipelineBuilder::lease) below the queue's visibility timeout, so that a
//! record of an invocation that timed out is handled on its redelivery.
//!
//! The SQS event source mapping must have `FunctionResponseTypes: ["ReportBatchItemFailures"]`:
//! without it Lambda retries the whole batch when one message fails (the de-duplication store
//! then keeps the others from being handled twice, but each retry costs an invocation). A
//! function's in-memory store lives as long as its execution environment; use
//! [`DynamoDbDedupStore`](crate::DynamoDbDedupStore) to share one across concurrent
//! environments.

use futures_util::{StreamExt, stream};
use lambda_runtime::LambdaEvent;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;
use spapi_notification_types::{Delivery, envelope};
use tokio::time::Instant;

use crate::{Error, Handler, Outcome, Pipeline};

/// The Lambda runtime (1.5), re-exported so that your function uses the version this crate
/// does.
pub use lambda_runtime;
/// serde (1), whose traits the events (`Deserialize`) and the batch response (`Serialize`)
/// implement for the runtime.
pub use serde;

/// Lambda events as the runtime hands them over: the invocation's JSON, kept as received for
/// the pipeline to decode once (with its envelope, each record's metadata with its notification).
macro_rules! raw_event {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(Box<str>);

        impl $name {
            /// The event whose JSON is `json`, as Lambda sends it (it is read when handled).
            pub fn from_json(json: impl Into<String>) -> Self {
                Self(json.into().into_boxed_str())
            }

            /// The event's JSON, as received.
            pub fn as_json(&self) -> &str {
                &self.0
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Box::<RawValue>::deserialize(deserializer).map(|raw| Self(raw.into()))
            }
        }
    };
}

raw_event! {
    /// The event of an SQS-triggered invocation: `{"Records": [...]}`, one record per message.
    SqsEvent
}

raw_event! {
    /// The event of an EventBridge-triggered invocation, whose `detail` is the notification.
    EventBridgeEvent
}

/// The answer to an SQS-triggered invocation: the messages Lambda must not delete (with the
/// event source mapping's `ReportBatchItemFailures`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SqsBatchResponse {
    /// The messages to retry.
    pub batch_item_failures: Vec<BatchItemFailure>,
}

/// A message of an SQS-triggered invocation to retry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BatchItemFailure {
    /// The SQS message id.
    pub item_identifier: String,
}

impl<H: Handler> Pipeline<H> {
    /// Handles the records of an SQS-triggered invocation, as many at once as the pipeline's
    /// concurrency, and reports the ones to retry as batch item failures: handler failures and
    /// panics, bodies that are not notifications (reported to the decode-failure hook, and
    /// moved to the dead-letter queue by the queue's redrive policy), notifications in progress
    /// elsewhere. Handled records and duplicates are left for Lambda to delete.
    ///
    /// # Errors
    ///
    /// [`Error::MissingMessageId`] when a record that must be retried has no message id to
    /// report, and [`Error::Decode`] when the event is not an SQS event: Lambda then retries the
    /// whole batch.
    pub async fn handle_sqs_event(
        &self,
        event: LambdaEvent<SqsEvent>,
    ) -> Result<SqsBatchResponse, Error> {
        let started = Instant::now();
        let json = event.payload.as_json().as_bytes();
        let mut decoded = envelope::decode_all_with(json, self.unparsed());
        // Not even one record's metadata read: the event is not an SQS event.
        if matches!(decoded.as_slice(), [Err(error)] if error.delivery().is_none_or(|delivery| delivery.sqs.is_none()))
            && let Some(Err(error)) = decoded.pop()
        {
            return Err(Error::Decode(error));
        }
        let attempt = self.standalone();
        let outcomes: Vec<(Option<String>, Outcome)> = stream::iter(decoded)
            .map(|decoded| {
                let message_id = match &decoded {
                    Ok(received) => received.message_id(),
                    Err(error) => error
                        .delivery()
                        .and_then(|delivery| delivery.sqs.as_ref()?.message_id.as_deref()),
                }
                .map(str::to_owned);
                let attempt = &attempt;
                async move {
                    let outcome = self
                        .process_decoded(decoded, Delivery::default(), started, attempt)
                        .await;
                    (message_id, outcome)
                }
            })
            .buffered(self.concurrency())
            .collect()
            .await;
        let mut response = SqsBatchResponse::default();
        for (index, (message_id, outcome)) in outcomes.into_iter().enumerate() {
            if outcome.is_done() {
                continue;
            }
            let Some(item_identifier) = message_id else {
                return Err(Error::MissingMessageId { index });
            };
            response
                .batch_item_failures
                .push(BatchItemFailure { item_identifier });
        }
        Ok(response)
    }

    /// Handles an EventBridge-triggered invocation: the event's `detail` is the notification.
    ///
    /// # Errors
    ///
    /// The [`Outcome::Failed`] error when the notification is not handled (the handler failed
    /// or panicked, the detail is not a notification, it is in progress elsewhere, the store
    /// failed), so that Lambda retries the event and, after its retries, sends it to the
    /// function's dead-letter queue or on-failure destination.
    pub async fn handle_eventbridge_event(
        &self,
        event: LambdaEvent<EventBridgeEvent>,
    ) -> Result<(), Error> {
        let json = event.payload.as_json().as_bytes();
        match self.process(json, Delivery::default()).await {
            Outcome::Failed(error) => Err(error),
            Outcome::Handled | Outcome::Duplicate => Ok(()),
        }
    }
}
