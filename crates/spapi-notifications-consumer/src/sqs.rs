//! The SQS polling consumer.

use std::fmt;
use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use aws_sdk_sqs::types::Message;
use spapi_notification_types::Delivery;
use spapi_notification_types::envelope::SqsDelivery;
use tokio::sync::{Semaphore, mpsc, oneshot};
use tokio::task::JoinSet;
use tokio::time::Instant;
use tracing::Instrument;

use crate::pipeline::{Attempt, KeepAlive, Stop};
use crate::{Error, Handler, OutcomeKind, Pipeline, Shutdown, Stats};

mod builder;
mod queue;

pub use builder::SqsConsumerBuilder;

use queue::Settle;

/// The longest a message can stay invisible: SQS's limit.
const MAX_VISIBILITY: Duration = Duration::from_secs(12 * 60 * 60);

/// Receive errors SQS may recover from are retried after this, doubling up to 20 s.
const RECEIVE_RETRY: Duration = Duration::from_millis(250);

/// After the shutdown deadline, how long stopped handlers may take to release their claims,
/// and pending deletes and visibility changes may still take.
const DELETE_GRACE: Duration = Duration::from_secs(5);

/// The claim on a notification ends this long before its message can be visible again (a
/// quarter of the visibility timeout when that is under 4 s): so that when a consumer dies, the
/// first redelivery finds the claim over and is handled, instead of bouncing as "in progress
/// elsewhere" (which costs a receive toward `maxReceiveCount` and a visibility timeout). It
/// covers the time from SQS's receive to the claim, and clock differences between consumers
/// sharing a store.
const LEASE_MARGIN: Duration = Duration::from_secs(1);

/// The lease on the notification of a message received with `visibility`.
fn lease_for(visibility: Duration) -> Duration {
    visibility - LEASE_MARGIN.min(visibility / 4)
}

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
/// - **After a crash**, the first redelivery is handled: the claim on a notification (its
///   lease in the de-duplication store) ends a margin before its message can be visible again.
/// - **Graceful shutdown**: [`run`](Self::run) stops receiving when told to, lets in-flight
///   handlers finish within the shutdown deadline, deletes what they handled and returns. A
///   message whose handler had not started is not started, and a handler still running at the
///   deadline is stopped (dropped): their claims are released and their messages made visible
///   again at once, for another consumer (or the next run) to handle.
/// - **Outcomes** of every message go to the hook of
///   [`on_outcome`](SqsConsumerBuilder::on_outcome), with its message id, receive count,
///   notification id and latency, and whether it is about to be dead-lettered (the consumer
///   reads the queue's `maxReceiveCount` from its redrive policy when it starts).
///
/// ```no_run
/// use spapi_notifications_consumer::{Received, Shutdown, SqsConsumer};
///
/// # async fn example(sqs: aws_sdk_sqs::Client) -> Result<(), spapi_notifications_consumer::Error> {
/// let consumer = SqsConsumer::builder(sqs, "https://sqs.us-east-1.amazonaws.com/123456789012/sp-api")
///     .concurrency(32)
///     .build(|received: Received| async move {
///         println!("{:?}", received.notification.payload);
///         Ok::<_, std::convert::Infallible>(())
///     })?;
/// let shutdown = Shutdown::new();
/// // Elsewhere, `shutdown.trigger()` (on a clone) stops the consumer gracefully.
/// consumer.run(shutdown.clone()).await?;
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
    /// Consumes until `shutdown` is triggered, then shuts down gracefully (see the [type
    /// docs](Self)).
    ///
    /// # Errors
    ///
    /// [`Error::Sqs`] when receiving fails in a way retrying will not fix (the queue does not
    /// exist, access is denied); in-flight handlers are finished first. Network errors, SQS
    /// server errors and throttling are logged and retried with backoff.
    pub async fn run(&self, shutdown: Shutdown) -> Result<(), Error> {
        self.run_until(shutdown.triggered()).await
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
        let max_receive_count = inner.max_receive_count().await;
        let permits = Arc::new(Semaphore::new(inner.pipeline.concurrency()));
        let stop = Arc::new(Stop::default());
        let (settle, settled) = mpsc::unbounded_channel();
        let settler = tokio::spawn(Arc::clone(inner).settle_batches(settled).in_current_span());
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
                        let settle = settle.clone();
                        let stop = Arc::clone(&stop);
                        tasks.spawn(
                            async move {
                                inner
                                    .handle(message, &settle, &stop, max_receive_count)
                                    .await;
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
        stop.stopping.cancel();
        let deadline = Instant::now() + inner.settings.shutdown_timeout;
        tracing::info!(
            in_flight = tasks.len(),
            "stopped receiving; finishing in-flight handlers"
        );
        if !join_all(&mut tasks, deadline).await {
            tracing::warn!(
                stopped = tasks.len(),
                "shutdown deadline passed: stopping handlers; their messages are made visible again"
            );
            stop.abandon.cancel();
            if !join_all(&mut tasks, Instant::now() + DELETE_GRACE).await {
                tasks.shutdown().await;
            }
        }
        drop(settle);
        let flush = deadline.max(Instant::now() + DELETE_GRACE);
        if tokio::time::timeout_at(flush, settler).await.is_err() {
            tracing::warn!("gave up on deleting handled messages; they will be redelivered");
        }
        result
    }
}

/// Waits until every task is done, or `deadline`: whether they all are.
async fn join_all(tasks: &mut JoinSet<()>, deadline: Instant) -> bool {
    tokio::time::timeout_at(deadline, async {
        while let Some(done) = tasks.join_next().await {
            report(done);
        }
    })
    .await
    .is_ok()
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
    /// Runs one message through the pipeline, keeping it invisible meanwhile, then has it
    /// deleted when it is done with, or made visible again when it should come back sooner
    /// than its visibility timeout.
    async fn handle(
        &self,
        message: Message,
        settle: &mpsc::UnboundedSender<Settle>,
        stop: &Stop,
        max_receive_count: Option<u32>,
    ) {
        let sqs = self.delivery_of(&message);
        let Some(receipt) = message.receipt_handle else {
            tracing::warn!(message_id = ?message.message_id, "message without a receipt handle");
            return;
        };
        let receive_count = sqs.approximate_receive_count;
        let mut delivery = Delivery::default();
        delivery.sqs = Some(sqs);
        let visibility = self.settings.visibility_timeout;
        let attempt = Attempt {
            keep_alive: KeepAlive {
                every: self.settings.extend_every,
                lease: lease_for(visibility),
                extend: || self.change_visibility(&receipt, visibility),
            },
            stop: Some(stop),
            max_receive_count,
        };
        let body = message.body.unwrap_or_default();
        let outcome = self
            .pipeline
            .process_with(body.as_bytes(), delivery, &attempt)
            .await;
        let visible_after = match outcome.kind() {
            OutcomeKind::Handled | OutcomeKind::Duplicate => {
                let (deleted, sent) = oneshot::channel();
                // The receiver lives until every task is done.
                let _ = settle.send(Settle::delete(message.message_id, receipt.clone(), deleted));
                self.keep_invisible_until(&receipt, sent).await;
                return;
            }
            OutcomeKind::Stopped => Some(Duration::ZERO),
            // Back when its visibility timeout ends, by when the other handler is likely done.
            OutcomeKind::Bounced => None,
            OutcomeKind::Failed | OutcomeKind::Undecodable => {
                self.failure_visibility(receive_count)
            }
        };
        if let Some(after) = visible_after {
            let _ = settle.send(Settle::visible(message.message_id, receipt, after));
        }
    }

    /// Extends the visibility of a handled message until its delete was sent: a delete queued
    /// behind others must not let the message be received, and handled, again meanwhile.
    async fn keep_invisible_until(&self, receipt: &str, sent: oneshot::Receiver<()>) {
        let mut sent = pin!(sent);
        loop {
            tokio::select! {
                biased;
                _ = &mut sent => return,
                () = tokio::time::sleep(self.settings.extend_every) => {
                    self.change_visibility(receipt, self.settings.visibility_timeout).await;
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
