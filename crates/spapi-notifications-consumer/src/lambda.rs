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

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use aws_lambda_events::event::sqs::{BatchItemFailure, SqsBatchResponse, SqsEvent, SqsMessage};
use futures_util::{StreamExt, stream};
use lambda_runtime::LambdaEvent;
use spapi_notification_types::Delivery;
use spapi_notification_types::envelope::{EventBridgeDelivery, SqsDelivery};

use crate::{Error, Handler, Outcome, Pipeline};

/// The Lambda event types, re-exported so that your function uses the versions this crate does.
pub use aws_lambda_events;
/// The Lambda runtime, re-exported so that your function uses the version this crate does.
pub use lambda_runtime;

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
    /// report: Lambda then retries the whole batch.
    pub async fn handle_sqs_event(
        &self,
        event: LambdaEvent<SqsEvent>,
    ) -> Result<SqsBatchResponse, Error> {
        let outcomes: Vec<(Option<String>, Outcome)> = stream::iter(event.payload.records)
            .map(|record| async move {
                let (body, delivery) = sqs_record(record);
                let message_id = delivery.sqs.as_ref().and_then(|sqs| sqs.message_id.clone());
                (message_id, self.process(body.as_bytes(), delivery).await)
            })
            .buffered(self.concurrency())
            .collect()
            .await;
        let mut response = SqsBatchResponse::default();
        for (index, (message_id, outcome)) in outcomes.into_iter().enumerate() {
            if outcome.is_done() {
                continue;
            }
            let Some(message_id) = message_id else {
                return Err(Error::MissingMessageId { index });
            };
            let mut failure = BatchItemFailure::default();
            failure.item_identifier = message_id;
            response.batch_item_failures.push(failure);
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
        let event = event.payload;
        // A `serde_json::Value` always serializes.
        let detail = serde_json::to_vec(&event.detail).unwrap_or_default();
        let mut bridge = EventBridgeDelivery::default();
        bridge.id = event.id;
        bridge.detail_type = Some(event.detail_type);
        bridge.source = Some(event.source);
        bridge.account = event.account;
        bridge.region = event.region;
        bridge.time = event.time;
        let mut delivery = Delivery::default();
        delivery.event_bridge = Some(bridge);
        match self.process(&detail, delivery).await {
            Outcome::Failed(error) => Err(error),
            Outcome::Handled | Outcome::Duplicate => Ok(()),
        }
    }
}

/// The body of a Lambda SQS record and its SQS metadata.
fn sqs_record(record: SqsMessage) -> (String, Delivery) {
    let mut sqs = SqsDelivery::default();
    sqs.approximate_receive_count = record
        .attributes
        .get("ApproximateReceiveCount")
        .and_then(|count| count.parse().ok());
    sqs.message_id = record.message_id;
    sqs.receipt_handle = record.receipt_handle;
    sqs.event_source_arn = record.event_source_arn;
    sqs.aws_region = record.aws_region;
    let mut delivery = Delivery::default();
    delivery.sqs = Some(sqs);
    (record.body.unwrap_or_default(), delivery)
}
