//! The SQS polling consumer.

use std::fmt;
use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use aws_sdk_sqs::types::Message;
use spapi_notification_types::Delivery;
use spapi_notification_types::envelope::SqsDelivery;
use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinSet;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use crate::pipeline::KeepAlive;
use crate::{Error, Handler, Outcome, Pipeline, Stats};

mod builder;
mod queue;

pub use builder::SqsConsumerBuilder;

use queue::Delete;

/// The longest a message can stay invisible: SQS's limit.
const MAX_VISIBILITY: Duration = Duration::from_secs(12 * 60 * 60);

/// Receive errors SQS may recover from are retried after this, doubling up to 20 s.
const RECEIVE_RETRY: Duration = Duration::from_millis(250);

/// After the shutdown deadline, how long pending deletes of handled messages may still take.
const DELETE_GRACE: Duration = Duration::from_secs(5);

/// Receives notifications from an Amazon SQS queue and hands each one, typed, to a
/// [`Handler`], once.
///
/// - **Long polling** in batches of up to 10, as many handlers at once as its concurrency
///   allows, receiving only when a handler is free.
/// - **Delete after success** only, in batches; a duplicate (a notification handled already,
///   see [`DedupStore`](crate::DedupStore)) is deleted without calling the handler.
/// - **Failures stay on the queue**: a handler error or panic leaves the message to be
///   redelivered (after the failure backoff, when one is set), so the queue's redrive policy
///   moves a message that keeps failing to its dead-letter queue after `maxReceiveCount`. A body
///   that is not a notification goes to the decode-failure hook and is never deleted.
/// - **Visibility is extended** while a handler runs, so a slow handler does not see its message
///   delivered to another consumer.
/// - **Graceful shutdown**: [`run`](Self::run) stops receiving when told to, lets in-flight
///   handlers finish within the shutdown deadline, deletes what they handled and returns. A
///   handler still running at the deadline is dropped and its message returns to the queue.
///
/// ```no_run
/// use spapi_notifications_consumer::{Received, SqsConsumer};
/// use tokio_util::sync::CancellationToken;
///
/// # async fn example(sqs: aws_sdk_sqs::Client) -> Result<(), spapi_notifications_consumer::Error> {
/// let consumer = SqsConsumer::builder(sqs, "https://sqs.us-east-1.amazonaws.com/123456789012/sp-api")
///     .concurrency(32)
///     .build(|received: Received| async move {
///         println!("{:?}", received.notification.payload);
///         Ok::<_, std::convert::Infallible>(())
///     })?;
/// let shutdown = CancellationToken::new();
/// consumer.run(shutdown.child_token()).await?;
/// # Ok(())
/// # }
/// ```
pub struct SqsConsumer<H> {
    inner: Arc<Inner<H>>,
}

struct Inner<H> {
    client: aws_sdk_sqs::Client,
    queue_url: String,
    pipeline: Pipeline<H>,
    settings: Settings,
}

/// Validated settings (see [`SqsConsumerBuilder`]).
#[derive(Debug, Clone)]
struct Settings {
    wait_time: Duration,
    batch_size: usize,
    visibility_timeout: Duration,
    extend_every: Duration,
    failure_backoff: Option<Duration>,
    shutdown_timeout: Duration,
}

impl SqsConsumer<()> {
    /// Settings for a consumer of the queue at `queue_url`, through `client`.
    pub fn builder(
        client: aws_sdk_sqs::Client,
        queue_url: impl Into<String>,
    ) -> SqsConsumerBuilder {
        SqsConsumerBuilder::new(client, queue_url.into())
    }
}

impl<H: Handler> SqsConsumer<H> {
    /// Consumes until `shutdown` is cancelled, then shuts down gracefully (see the [type
    /// docs](Self)).
    ///
    /// # Errors
    ///
    /// [`Error::Sqs`] when receiving fails in a way retrying will not fix (the queue does not
    /// exist, access is denied); in-flight handlers are finished first. Network errors, SQS
    /// server errors and throttling are logged and retried with backoff.
    pub async fn run(&self, shutdown: CancellationToken) -> Result<(), Error> {
        self.run_until(shutdown.cancelled_owned()).await
    }

    /// Consumes until `shutdown` completes (e.g. `tokio::signal::ctrl_c()`), then shuts down
    /// gracefully, as [`run`](Self::run).
    ///
    /// # Errors
    ///
    /// As [`run`](Self::run).
    pub async fn run_until(&self, shutdown: impl Future<Output = ()> + Send) -> Result<(), Error> {
        let span = tracing::info_span!("sqs_consumer", queue_url = %self.inner.queue_url);
        self.consume(shutdown).instrument(span).await
    }

    async fn consume(&self, shutdown: impl Future<Output = ()> + Send) -> Result<(), Error> {
        let inner = &self.inner;
        let mut shutdown = pin!(shutdown);
        let permits = Arc::new(Semaphore::new(inner.pipeline.concurrency()));
        let (deletes, deleted) = mpsc::unbounded_channel();
        let deleter = tokio::spawn(Arc::clone(inner).delete_batches(deleted).in_current_span());
        let mut tasks = JoinSet::new();
        let mut retry = RECEIVE_RETRY;
        let result = loop {
            while let Some(done) = tasks.try_join_next() {
                report(done);
            }
            let free = tokio::select! {
                biased;
                () = &mut shutdown => break Ok(()),
                free = Arc::clone(&permits).acquire_owned() => free,
            };
            let Ok(first) = free else { break Ok(()) };
            let mut batch = vec![first];
            while batch.len() < inner.settings.batch_size
                && let Ok(more) = Arc::clone(&permits).try_acquire_owned()
            {
                batch.push(more);
            }
            let received = tokio::select! {
                biased;
                () = &mut shutdown => break Ok(()),
                received = inner.receive(batch.len()) => received,
            };
            match received {
                Ok(messages) => {
                    retry = RECEIVE_RETRY;
                    for (message, permit) in messages.into_iter().zip(batch) {
                        let inner = Arc::clone(inner);
                        let deletes = deletes.clone();
                        tasks.spawn(
                            async move {
                                inner.handle(message, &deletes).await;
                                drop(permit);
                            }
                            .in_current_span(),
                        );
                    }
                }
                Err(queue::ReceiveError::Transient(error)) => {
                    tracing::warn!(%error, retry_in = ?retry, "receiving failed; retrying");
                    tokio::select! {
                        biased;
                        () = &mut shutdown => break Ok(()),
                        () = tokio::time::sleep(retry) => {}
                    }
                    retry = (retry * 2).min(Duration::from_secs(20));
                }
                Err(queue::ReceiveError::Fatal(error)) => break Err(error),
            }
        };
        let deadline = Instant::now() + inner.settings.shutdown_timeout;
        tracing::info!(
            in_flight = tasks.len(),
            "stopped receiving; finishing in-flight handlers"
        );
        let finished = tokio::time::timeout_at(deadline, async {
            while let Some(done) = tasks.join_next().await {
                report(done);
            }
        })
        .await;
        if finished.is_err() {
            tracing::warn!(
                abandoned = tasks.len(),
                "shutdown deadline passed: abandoning handlers; their messages return to the queue"
            );
            tasks.shutdown().await;
        }
        drop(deletes);
        let flush = deadline.max(Instant::now() + DELETE_GRACE);
        if tokio::time::timeout_at(flush, deleter).await.is_err() {
            tracing::warn!("gave up on deleting handled messages; they will be redelivered");
        }
        result
    }
}

impl<H> SqsConsumer<H> {
    /// What the consumer has done so far.
    pub fn stats(&self) -> Stats {
        self.inner.pipeline.stats()
    }

    /// The pipeline that decodes, de-duplicates and dispatches each message.
    pub fn pipeline(&self) -> &Pipeline<H> {
        &self.inner.pipeline
    }

    /// The queue's URL.
    pub fn queue_url(&self) -> &str {
        &self.inner.queue_url
    }
}

impl<H: Handler> Inner<H> {
    /// Runs one message through the pipeline, keeping it invisible meanwhile, and deletes it
    /// when it is done with.
    async fn handle(&self, message: Message, deletes: &mpsc::UnboundedSender<Delete>) {
        let sqs = self.delivery_of(&message);
        let Some(receipt) = message.receipt_handle else {
            tracing::warn!(message_id = ?message.message_id, "message without a receipt handle");
            return;
        };
        let receive_count = sqs.approximate_receive_count;
        let mut delivery = Delivery::default();
        delivery.sqs = Some(sqs);
        let visibility = self.settings.visibility_timeout;
        let keep_alive = KeepAlive {
            every: self.settings.extend_every,
            lease: visibility,
            extend: || self.change_visibility(&receipt, visibility),
        };
        let body = message.body.unwrap_or_default();
        match self
            .pipeline
            .process_with(body.as_bytes(), delivery, keep_alive)
            .await
        {
            Outcome::Handled | Outcome::Duplicate => {
                // The receiver lives until every task is done.
                let _ = deletes.send(Delete {
                    message_id: message.message_id,
                    receipt,
                });
            }
            // Back when its visibility timeout ends, by when the other handler is likely done.
            Outcome::Failed(Error::InProgressElsewhere { .. }) => {}
            Outcome::Failed(_) => {
                if let Some(backoff) = self.failure_visibility(receive_count) {
                    self.change_visibility(&receipt, backoff).await;
                }
            }
        }
    }

    fn delivery_of(&self, message: &Message) -> SqsDelivery {
        let mut sqs = SqsDelivery::default();
        sqs.message_id.clone_from(&message.message_id);
        sqs.receipt_handle.clone_from(&message.receipt_handle);
        sqs.approximate_receive_count = message
            .attributes
            .as_ref()
            .and_then(|attributes| {
                attributes
                    .get(&aws_sdk_sqs::types::MessageSystemAttributeName::ApproximateReceiveCount)
            })
            .and_then(|count| count.parse().ok());
        sqs.aws_region = self.client.config().region().map(ToString::to_string);
        sqs
    }

    /// The failure backoff, doubled for each earlier receive, at most SQS's 12 hours.
    fn failure_visibility(&self, receive_count: Option<u32>) -> Option<Duration> {
        let base = self.settings.failure_backoff?;
        let doublings = receive_count.unwrap_or(1).saturating_sub(1).min(16);
        Some(base.saturating_mul(1 << doublings).min(MAX_VISIBILITY))
    }
}

/// Logs a consumer task that did not end normally (the pipeline catches handler panics, so this
/// is a bug or an abandoned task).
fn report(done: Result<(), tokio::task::JoinError>) {
    if let Err(error) = done
        && error.is_panic()
    {
        tracing::error!(%error, "a consumer task panicked");
    }
}

impl<H> fmt::Debug for SqsConsumer<H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqsConsumer")
            .field("queue_url", &self.inner.queue_url)
            .field("settings", &self.inner.settings)
            .field("pipeline", &self.inner.pipeline)
            .finish_non_exhaustive()
    }
}
