//! The SQS calls: receive, batch delete, visibility changes, the redrive policy, and which
//! errors are worth a retry.

use std::time::Duration;

use aws_sdk_sqs::config::http::HttpResponse;
use aws_sdk_sqs::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_sqs::types::{
    ChangeMessageVisibilityBatchRequestEntry, DeleteMessageBatchRequestEntry, Message,
    MessageSystemAttributeName, QueueAttributeName,
};
use tokio::sync::{mpsc, oneshot};

use super::Inner;
use crate::Error;
use crate::stats::Counter;

/// SQS's most entries in one batch request.
const MAX_BATCH: usize = 10;

/// What to do with a message once it is done with.
#[derive(Debug)]
pub(super) struct Settle {
    message_id: Option<String>,
    receipt: String,
    /// `None` to delete it; otherwise make it visible again after this long.
    visible_after: Option<Duration>,
    /// Told once the delete was sent (whatever SQS answered).
    deleted: Option<oneshot::Sender<()>>,
}

impl Settle {
    /// Delete a handled message, then tell `deleted`.
    pub(super) fn delete(
        message_id: Option<String>,
        receipt: String,
        deleted: oneshot::Sender<()>,
    ) -> Self {
        Self {
            message_id,
            receipt,
            visible_after: None,
            deleted: Some(deleted),
        }
    }

    /// Make a message visible again after `after`.
    pub(super) fn visible(message_id: Option<String>, receipt: String, after: Duration) -> Self {
        Self {
            message_id,
            receipt,
            visible_after: Some(after),
            deleted: None,
        }
    }
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

    /// The `maxReceiveCount` of the queue's redrive policy; `None` without one, or when it
    /// cannot be read (which is logged: the consumer works without it).
    pub(super) async fn max_receive_count(&self) -> Option<u32> {
        let read = self
            .client
            .get_queue_attributes()
            .queue_url(&self.queue_url)
            .attribute_names(QueueAttributeName::RedrivePolicy)
            .send()
            .await;
        let attributes = match read {
            Ok(output) => output.attributes.unwrap_or_default(),
            Err(error) => {
                tracing::warn!(error = %DisplayErrorContext(&error), "could not read the queue's redrive policy; dead-lettering will not be reported");
                return None;
            }
        };
        let policy = attributes.get(&QueueAttributeName::RedrivePolicy)?;
        let count = serde_json::from_str::<RedrivePolicy>(policy)
            .ok()
            .and_then(|policy| policy.max_receive_count.count());
        if count.is_none() {
            tracing::warn!(
                policy,
                "the queue's redrive policy has no readable maxReceiveCount"
            );
        }
        count
    }

    /// Settles messages as they come, in batches of what is waiting (up to 10 of a kind), until
    /// every sender is gone.
    pub(super) async fn settle_batches(
        self: std::sync::Arc<Self>,
        mut settled: mpsc::UnboundedReceiver<Settle>,
    ) {
        let mut deletes = Vec::with_capacity(MAX_BATCH);
        let mut visible = Vec::with_capacity(MAX_BATCH);
        while let Some(first) = settled.recv().await {
            let mut next = Some(first);
            while let Some(settle) = next.take() {
                let batch = if settle.visible_after.is_none() {
                    &mut deletes
                } else {
                    &mut visible
                };
                batch.push(settle);
                if deletes.len() < MAX_BATCH && visible.len() < MAX_BATCH {
                    next = settled.try_recv().ok();
                }
            }
            if !deletes.is_empty() {
                self.delete(&deletes).await;
                for settle in deletes.drain(..) {
                    if let Some(deleted) = settle.deleted {
                        let _ = deleted.send(());
                    }
                }
            }
            if !visible.is_empty() {
                self.make_visible(&visible).await;
                visible.clear();
            }
        }
    }

    /// Deletes one batch. Whatever is not deleted is redelivered and then deleted as a duplicate.
    async fn delete(&self, batch: &[Settle]) {
        let entries = batch.iter().enumerate().filter_map(|(i, settle)| {
            DeleteMessageBatchRequestEntry::builder()
                .id(i.to_string())
                .receipt_handle(&settle.receipt)
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
                    tracing::warn!(
                        message_id = message_id(batch, &failed.id),
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

    /// Changes the visibility of one batch. Whatever is not changed keeps the visibility it had.
    async fn make_visible(&self, batch: &[Settle]) {
        let entries = batch.iter().enumerate().filter_map(|(i, settle)| {
            ChangeMessageVisibilityBatchRequestEntry::builder()
                .id(i.to_string())
                .receipt_handle(&settle.receipt)
                .visibility_timeout(seconds(settle.visible_after.unwrap_or_default()))
                .build()
                .ok()
        });
        let result = self
            .client
            .change_message_visibility_batch()
            .queue_url(&self.queue_url)
            .set_entries(Some(entries.collect()))
            .send()
            .await;
        match result {
            Ok(output) => {
                for failed in &output.failed {
                    tracing::warn!(
                        message_id = message_id(batch, &failed.id),
                        code = failed.code,
                        reason = failed.message,
                        "could not change a message's visibility; it keeps the one it had"
                    );
                }
            }
            Err(error) => tracing::warn!(
                error = %DisplayErrorContext(&error),
                count = batch.len(),
                "could not change the visibility of messages; they keep the one they had"
            ),
        }
    }
}

/// The message id of the batch entry `id` (its index).
fn message_id<'a>(batch: &'a [Settle], id: &str) -> Option<&'a str> {
    id.parse::<usize>()
        .ok()
        .and_then(|i| batch.get(i))
        .and_then(|settle| settle.message_id.as_deref())
}

/// The part of a queue's `RedrivePolicy` attribute the consumer reads.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct RedrivePolicy {
    max_receive_count: Count,
}

/// SQS writes `maxReceiveCount` as a string, and accepts a number.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Count {
    Number(u32),
    Text(String),
}

impl Count {
    fn count(&self) -> Option<u32> {
        match self {
            Self::Number(count) => Some(*count),
            Self::Text(text) => text.parse().ok(),
        }
    }
}
