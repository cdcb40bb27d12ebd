//! The SQS calls: receive, batch delete, visibility changes, and which errors are worth a retry.

use std::time::Duration;

use aws_sdk_sqs::config::http::HttpResponse;
use aws_sdk_sqs::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_sqs::types::{DeleteMessageBatchRequestEntry, Message, MessageSystemAttributeName};
use tokio::sync::mpsc;

use super::Inner;
use crate::Error;
use crate::stats::Counter;

/// SQS's most entries in one batch request.
const MAX_BATCH: usize = 10;

/// A handled message to delete.
#[derive(Debug)]
pub(super) struct Delete {
    pub(super) message_id: Option<String>,
    pub(super) receipt: String,
}

/// Why a receive failed.
pub(super) enum ReceiveError {
    /// Network, SQS server errors, throttling: worth retrying.
    Transient(String),
    /// Anything else: the queue does not exist, access is denied, the request is invalid.
    Fatal(Error),
}

/// Error codes SQS answers with when it is throttling; like 5xx, they pass.
const THROTTLING: [&str; 4] = [
    "RequestThrottled",
    "ThrottlingException",
    "Throttling",
    "KmsThrottled",
];

fn classify<E>(operation: &'static str, error: SdkError<E, HttpResponse>) -> ReceiveError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let transient = match &error {
        SdkError::ServiceError(service) => {
            service
                .err()
                .code()
                .is_some_and(|code| THROTTLING.contains(&code))
                || error.raw_response().is_some_and(|raw| {
                    (500..600).contains(&raw.status().as_u16()) || raw.status().as_u16() == 429
                })
        }
        _ => true,
    };
    if transient {
        ReceiveError::Transient(DisplayErrorContext(&error).to_string())
    } else {
        ReceiveError::Fatal(Error::Sqs {
            operation,
            source: Box::new(error),
        })
    }
}

/// SQS takes whole seconds.
fn seconds(duration: Duration) -> i32 {
    i32::try_from(duration.as_secs()).unwrap_or(i32::MAX)
}

impl<H> Inner<H> {
    /// Long-polls for up to `max` messages.
    pub(super) async fn receive(&self, max: usize) -> Result<Vec<Message>, ReceiveError> {
        let output = self
            .client
            .receive_message()
            .queue_url(&self.queue_url)
            .max_number_of_messages(i32::try_from(max).unwrap_or(10))
            .wait_time_seconds(seconds(self.settings.wait_time))
            .visibility_timeout(seconds(self.settings.visibility_timeout))
            .message_system_attribute_names(MessageSystemAttributeName::ApproximateReceiveCount)
            .send()
            .await
            .map_err(|error| classify("ReceiveMessage", error))?;
        let messages = output.messages.unwrap_or_default();
        if !messages.is_empty() {
            tracing::debug!(count = messages.len(), "received");
        }
        Ok(messages)
    }

    /// Makes a message visible again after `after`; a failure is logged (the message then
    /// keeps the visibility it had).
    pub(super) async fn change_visibility(&self, receipt: &str, after: Duration) {
        let changed = self
            .client
            .change_message_visibility()
            .queue_url(&self.queue_url)
            .receipt_handle(receipt)
            .visibility_timeout(seconds(after))
            .send()
            .await;
        if let Err(error) = changed {
            tracing::warn!(error = %DisplayErrorContext(&error), "could not change a message's visibility");
        }
    }

    /// Deletes handled messages as they come, in batches of what is waiting (up to 10), until
    /// every sender is gone.
    pub(super) async fn delete_batches(
        self: std::sync::Arc<Self>,
        mut handled: mpsc::UnboundedReceiver<Delete>,
    ) {
        let mut batch = Vec::with_capacity(MAX_BATCH);
        while let Some(first) = handled.recv().await {
            batch.push(first);
            while batch.len() < MAX_BATCH
                && let Ok(next) = handled.try_recv()
            {
                batch.push(next);
            }
            self.delete(&batch).await;
            batch.clear();
        }
    }

    /// Deletes one batch. Whatever is not deleted is redelivered and then deleted as a duplicate.
    async fn delete(&self, batch: &[Delete]) {
        let entries = batch.iter().enumerate().filter_map(|(i, delete)| {
            DeleteMessageBatchRequestEntry::builder()
                .id(i.to_string())
                .receipt_handle(&delete.receipt)
                .build()
                .ok()
        });
        let result = self
            .client
            .delete_message_batch()
            .queue_url(&self.queue_url)
            .set_entries(Some(entries.collect()))
            .send()
            .await;
        match result {
            Ok(output) => {
                self.pipeline
                    .counters()
                    .add(Counter::deleted, output.successful.len() as u64);
                tracing::debug!(
                    target: "spapi_notifications_consumer::metrics",
                    event = "deleted",
                    monotonic_counter.deleted = output.successful.len() as u64
                );
                for failed in &output.failed {
                    let message_id = failed
                        .id
                        .parse::<usize>()
                        .ok()
                        .and_then(|i| batch.get(i))
                        .and_then(|delete| delete.message_id.as_deref());
                    tracing::warn!(
                        message_id,
                        code = failed.code,
                        reason = failed.message,
                        "could not delete a handled message; it will be redelivered and deleted as a duplicate"
                    );
                }
            }
            Err(error) => tracing::warn!(
                error = %DisplayErrorContext(&error),
                count = batch.len(),
                "could not delete handled messages; they will be redelivered and deleted as duplicates"
            ),
        }
    }
}
