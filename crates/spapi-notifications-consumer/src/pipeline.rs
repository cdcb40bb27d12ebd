//! One message through decode, de-duplication and the handler: what every delivery path shares.

use std::fmt;
use std::future::Future;
use std::hash::BuildHasher;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use futures_util::FutureExt;
use spapi_notification_types::envelope::{self, UnparsedPayloads};
use spapi_notification_types::{DecodeError, Delivery, NotificationType, Payload, Received};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use crate::metrics;
use crate::stats::{Counters, count};
use crate::{Claim, DedupStore, Error, Handler, InMemoryDedupStore, Outcome, OutcomeReport, Stats};

/// Called with every message that is not a notification, and how it was delivered, before the
/// message is left for its dead-letter queue.
pub(crate) type DecodeHook = Arc<dyn Fn(&DecodeError, &Delivery) + Send + Sync>;

/// Called with the outcome of every message.
pub(crate) type OutcomeHook = Arc<dyn Fn(&OutcomeReport<'_>) + Send + Sync>;

/// Decodes messages into typed notifications, drops duplicates and calls the [`Handler`]: the
/// delivery logic of [`SqsConsumer`](crate::SqsConsumer) and of the Lambda adapters, for
/// messages received any other way too.
///
/// Cheap to clone: clones share the handler, the store and the counters.
///
/// ```
/// use spapi_notifications_consumer::{Delivery, Outcome, Pipeline, Received};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let pipeline = Pipeline::builder().build(|received: Received| async move {
///     println!("{}", received.notification.notification_type);
///     Ok::<_, std::convert::Infallible>(())
/// });
/// let body = br#"{"notificationVersion":"2020-09-04","notificationType":"FEED_PROCESSING_FINISHED",
///   "payloadVersion":"2020-09-04","eventTime":"2020-07-13T19:42:04.284Z",
///   "payload":{"feedProcessingFinishedNotification":{"sellerId":"A3TH9S8BH6GOGM",
///     "feedId":"53347018456","feedType":"POST_PRODUCT_DATA","processingStatus":"DONE"}},
///   "notificationMetadata":{"applicationId":"amzn1.sellerapps.app.1","subscriptionId":"s-1",
///     "publishTime":"2020-07-13T19:42:04.284Z","notificationId":"n-1"}}"#;
///
/// assert!(matches!(pipeline.process(body, Delivery::default()).await, Outcome::Handled));
/// assert!(matches!(pipeline.process(body, Delivery::default()).await, Outcome::Duplicate));
/// # }
/// ```
pub struct Pipeline<H> {
    shared: Arc<Shared<H>>,
}

struct Shared<H> {
    handler: H,
    dedup: Arc<dyn DedupStore>,
    on_decode_error: Option<DecodeHook>,
    on_outcome: Option<OutcomeHook>,
    lease: Duration,
    concurrency: usize,
    max_receive_count: Option<u32>,
    unparsed: UnparsedPayloads,
    counters: Counters,
    /// Owners are `seed + n`: unique in this process, and across processes with a random seed.
    owner_seed: u64,
    owners: AtomicU64,
}

/// Settings of a [`Pipeline`]; [`build`](Self::build) takes the handler.
#[derive(Clone)]
pub struct PipelineBuilder {
    dedup: Option<Arc<dyn DedupStore>>,
    on_decode_error: Option<DecodeHook>,
    on_outcome: Option<OutcomeHook>,
    lease: Duration,
    concurrency: usize,
    max_receive_count: Option<u32>,
    unparsed: UnparsedPayloads,
}

/// How to keep a message while its handler runs: every `every`, call `extend` and renew the
/// de-duplication lease for `lease`.
pub(crate) struct KeepAlive<F> {
    pub(crate) every: Duration,
    pub(crate) lease: Duration,
    pub(crate) extend: F,
}

/// How a consumer processes one message: kept alive while its handler runs, stopped by the
/// consumer's shutdown, with the queue's `maxReceiveCount` when it is known.
pub(crate) struct Attempt<'a, F> {
    pub(crate) keep_alive: KeepAlive<F>,
    pub(crate) stop: Option<&'a Stop>,
    pub(crate) max_receive_count: Option<u32>,
}

/// A consumer's shutdown, as its tasks see it.
#[derive(Debug, Default)]
pub(crate) struct Stop {
    /// Shutdown began: a handler not yet started is not started.
    pub(crate) stopping: CancellationToken,
    /// The shutdown deadline passed: running handlers are stopped.
    pub(crate) abandon: CancellationToken,
}

impl Pipeline<()> {
    /// Settings for a pipeline: an [`InMemoryDedupStore`], a 60-second lease renewed while the
    /// handler runs, 10 handlers at once, no hooks.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder {
            dedup: None,
            on_decode_error: None,
            on_outcome: None,
            lease: Duration::from_secs(60),
            concurrency: 10,
            max_receive_count: None,
            unparsed: UnparsedPayloads::Refuse,
        }
    }
}

impl PipelineBuilder {
    /// The de-duplication store ([`InMemoryDedupStore`] by default); pass an `Arc` to share one
    /// store between pipelines.
    pub fn dedup(mut self, store: impl DedupStore) -> Self {
        self.dedup = Some(Arc::new(store));
        self
    }

    /// Calls `hook` with every message that is not a notification (the error keeps its bytes)
    /// and its delivery metadata, before the message is left for the dead-letter queue. It runs
    /// on the consumer's task: keep it quick.
    pub fn on_decode_error(
        mut self,
        hook: impl Fn(&DecodeError, &Delivery) + Send + Sync + 'static,
    ) -> Self {
        self.on_decode_error = Some(Arc::new(hook));
        self
    }

    /// Calls `hook` with the [outcome](OutcomeReport) of every message, as soon as it is known:
    /// for counters, latency histograms and alerts (a message about to be dead-lettered). It
    /// runs on the consumer's task: keep it quick.
    pub fn on_outcome(mut self, hook: impl Fn(&OutcomeReport<'_>) + Send + Sync + 'static) -> Self {
        self.on_outcome = Some(Arc::new(hook));
        self
    }

    /// The `maxReceiveCount` of the redrive policy of the queue the messages come from, so that
    /// the outcome hook can tell which failure sends a message to the dead-letter queue (see
    /// [`OutcomeReport::dead_lettered`]). For the Lambda SQS adapter; the SQS consumer reads
    /// it from its queue.
    pub fn max_receive_count(mut self, max_receive_count: u32) -> Self {
        self.max_receive_count = Some(max_receive_count);
        self
    }

    /// What to do with a notification whose payload fails typed decoding although its
    /// envelope (type, notification id, metadata) is sound: a field Amazon sends in a form the
    /// typed payload does not accept.
    ///
    /// - [`UnparsedPayloads::Refuse`] (the default): it is undecodable, like a body that is no
    ///   notification: the decode-failure hook sees it, the handler does not, and the message is
    ///   redelivered until the queue's redrive policy moves it to the dead-letter queue.
    /// - [`UnparsedPayloads::Keep`]: the handler gets it, de-duplicated like any other, with
    ///   [`Payload::Unparsed`] holding the payload's raw JSON and the typed error, and decides
    ///   (store it for later, alert, succeed to have it deleted, or fail to have it redelivered).
    ///   [`Stats::unparsed`] counts them.
    pub fn unparsed_payloads(mut self, unparsed: UnparsedPayloads) -> Self {
        self.unparsed = unparsed;
        self
    }

    /// How long a claim on a notification lasts without renewal (60 s by default; renewed every
    /// third of it while the handler runs): how long a notification whose handler died with its
    /// process waits before another consumer may handle it. Make it shorter than the queue's
    /// visibility timeout, so that the message's redelivery finds the claim over (in Lambda,
    /// that is the queue's visibility timeout). The SQS consumer sets it from its own
    /// visibility timeout.
    pub fn lease(mut self, lease: Duration) -> Self {
        self.lease = lease.max(Duration::from_millis(1));
        self
    }

    /// How many handlers run at once (10 by default; at least 1).
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency.max(1);
        self
    }

    /// The pipeline, calling `handler`.
    pub fn build<H: Handler>(self, handler: H) -> Pipeline<H> {
        let seed = std::hash::RandomState::new().hash_one(std::process::id());
        Pipeline {
            shared: Arc::new(Shared {
                handler,
                dedup: self
                    .dedup
                    .unwrap_or_else(|| Arc::new(InMemoryDedupStore::new())),
                on_decode_error: self.on_decode_error,
                on_outcome: self.on_outcome,
                lease: self.lease,
                concurrency: self.concurrency,
                max_receive_count: self.max_receive_count,
                unparsed: self.unparsed,
                counters: Counters::default(),
                owner_seed: seed,
                owners: AtomicU64::new(0),
            }),
        }
    }
}

impl<H: Handler> Pipeline<H> {
    /// Decodes `body` (a notification in any envelope: see
    /// [`envelope`](spapi_notification_types::envelope)), claims it in the de-duplication store
    /// and calls the handler unless it was handled already.
    ///
    /// `delivery` says how the body was delivered (the SQS message it came in, ...); it fills
    /// the envelopes the body itself does not have, and reaches the handler and the hooks.
    pub async fn process(&self, body: &[u8], delivery: Delivery) -> Outcome {
        self.process_with(body, delivery, &self.standalone()).await
    }

    /// [`process`](Self::process) as a consumer runs it: calling `attempt.keep_alive.extend`
    /// on its schedule while the handler runs, and stopping with `attempt.stop`.
    pub(crate) async fn process_with<F, Fut>(
        &self,
        body: &[u8],
        delivery: Delivery,
        attempt: &Attempt<'_, F>,
    ) -> Outcome
    where
        F: Fn() -> Fut + Send + Sync,
        Fut: Future<Output = ()> + Send,
    {
        let started = Instant::now();
        let decoded = envelope::decode_with(body, self.shared.unparsed);
        self.process_decoded(decoded, delivery, started, attempt)
            .await
    }

    /// The settings under which the decoded messages of a batch go to
    /// [`process_decoded`](Self::process_decoded): no keep-alive beyond the lease, no consumer.
    pub(crate) fn standalone(&self) -> Attempt<'static, impl Fn() -> std::future::Ready<()>> {
        let lease = self.shared.lease;
        Attempt {
            keep_alive: KeepAlive {
                every: lease / 3,
                lease,
                extend: || std::future::ready(()),
            },
            stop: None,
            max_receive_count: None,
        }
    }

    /// What becomes of a message decoded already (at `started`): `delivery` fills the
    /// envelopes the decoded message does not have.
    pub(crate) async fn process_decoded<F, Fut>(
        &self,
        decoded: Result<Received, DecodeError>,
        delivery: Delivery,
        started: Instant,
        attempt: &Attempt<'_, F>,
    ) -> Outcome
    where
        F: Fn() -> Fut + Send + Sync,
        Fut: Future<Output = ()> + Send,
    {
        let shared = &*self.shared;
        let max_receive_count = attempt.max_receive_count.or(shared.max_receive_count);
        count!(shared.counters, received);
        let mut received = match decoded {
            Ok(received) => {
                if let Payload::Unparsed { error, .. } = &received.notification.payload {
                    count!(shared.counters, unparsed, error = %error);
                }
                received
            }
            Err(error) => {
                count!(shared.counters, undecodable, error = %error);
                let mut read = error.delivery().cloned().unwrap_or_default();
                fill(&mut read, delivery);
                if let Some(hook) = &shared.on_decode_error {
                    hook(&error, &read);
                }
                let outcome = Outcome::Failed(Error::Decode(error));
                let sqs = read.sqs.as_ref();
                let ids = Ids {
                    message_id: sqs.and_then(|sqs| sqs.message_id.as_deref()),
                    receive_count: sqs.and_then(|sqs| sqs.approximate_receive_count),
                    notification_id: None,
                    notification_type: None,
                };
                self.report(&outcome, &ids, started, max_receive_count);
                return outcome;
            }
        };
        fill(&mut received.delivery, delivery);
        let key = received.notification.dedup_key().into_owned();
        let sqs = received.delivery.sqs.as_ref();
        let receive_count = sqs.and_then(|sqs| sqs.approximate_receive_count);
        let span = tracing::info_span!(
            "notification",
            notification_type = %received.notification.notification_type,
            key = %key,
            message_id = sqs.and_then(|sqs| sqs.message_id.as_deref()),
        );
        // Owned copies for the outcome hook only: the handler takes the notification.
        let owned = shared.on_outcome.is_some().then(|| {
            (
                sqs.and_then(|sqs| sqs.message_id.clone()),
                received.notification.notification_id().map(str::to_owned),
                received.notification.notification_type.clone(),
            )
        });
        let owner = shared
            .owner_seed
            .wrapping_add(shared.owners.fetch_add(1, Ordering::Relaxed));
        let outcome = self
            .attempt(&key, owner, received, attempt)
            .instrument(span)
            .await;
        let ids = match &owned {
            Some((message_id, notification_id, notification_type)) => Ids {
                message_id: message_id.as_deref(),
                receive_count,
                notification_id: notification_id.as_deref(),
                notification_type: Some(notification_type),
            },
            None => Ids {
                receive_count,
                ..Ids::default()
            },
        };
        self.report(&outcome, &ids, started, max_receive_count);
        outcome
    }

    /// Claims `key`, then runs the handler on `received` while keeping the claim alive.
    async fn attempt<F, Fut>(
        &self,
        key: &str,
        owner: u64,
        received: Received,
        attempt: &Attempt<'_, F>,
    ) -> Outcome
    where
        F: Fn() -> Fut + Send + Sync,
        Fut: Future<Output = ()> + Send,
    {
        let shared = &*self.shared;
        let keep_alive = &attempt.keep_alive;
        let claim = tokio::select! {
            biased;
            claim = shared.dedup.claim(key, owner, keep_alive.lease) => Some(claim),
            () = abandoned(attempt.stop) => None,
        };
        match claim {
            Some(Ok(Claim::Acquired)) => {}
            Some(Ok(Claim::Done)) => {
                count!(shared.counters, duplicates);
                return Outcome::Duplicate;
            }
            Some(Ok(Claim::InProgress)) => {
                count!(shared.counters, in_progress_elsewhere);
                return Outcome::Failed(Error::InProgressElsewhere {
                    key: key.to_owned(),
                });
            }
            Some(Err(error)) => {
                count!(shared.counters, failed, error = %error);
                return Outcome::Failed(error);
            }
            // The claim may have landed: releasing is a no-op when it did not.
            None => return self.stopped(key, owner).await,
        }
        if attempt
            .stop
            .is_some_and(|stop| stop.stopping.is_cancelled())
        {
            return self.stopped(key, owner).await;
        }
        let started = Instant::now();
        let handled = AssertUnwindSafe(shared.handler.handle(received)).catch_unwind();
        let heartbeat = async {
            loop {
                tokio::time::sleep(keep_alive.every).await;
                let (_, renewed) = tokio::join!(
                    (keep_alive.extend)(),
                    shared.dedup.claim(key, owner, keep_alive.lease)
                );
                match renewed {
                    Ok(Claim::Acquired) => {}
                    Ok(lost) => {
                        tracing::warn!(
                            ?lost,
                            "lost the claim on a notification whose handler still runs"
                        );
                    }
                    Err(error) => {
                        tracing::warn!(%error, "could not renew the claim on a notification");
                    }
                }
            }
        };
        // The handler first: one that finishes without waiting never starts the timer.
        let result = tokio::select! {
            biased;
            result = handled => Some(result.map(|handled| handled.map_err(Into::into))),
            never = heartbeat => never,
            () = abandoned(attempt.stop) => None,
        };
        if let Some(result) = &result {
            metrics::handler_duration(matches!(result, Ok(Ok(()))), started.elapsed());
        }
        match result {
            Some(Ok(Ok(()))) => {
                if let Err(error) = shared.dedup.complete(key, owner).await {
                    tracing::warn!(%error, "handled, but could not mark the notification handled");
                }
                count!(
                    shared.counters,
                    handled,
                    histogram.handler_seconds = started.elapsed().as_secs_f64()
                );
                Outcome::Handled
            }
            Some(Ok(Err(error))) => {
                self.release(key, owner).await;
                let error = Error::Handler {
                    key: key.to_owned(),
                    source: error,
                };
                count!(shared.counters, failed, error = %error);
                Outcome::Failed(error)
            }
            Some(Err(panic)) => {
                self.release(key, owner).await;
                let message = panic_message(&*panic);
                count!(shared.counters, panicked);
                let error = Error::HandlerPanicked {
                    key: key.to_owned(),
                    message,
                };
                count!(shared.counters, failed, error = %error);
                Outcome::Failed(error)
            }
            // The handler was dropped with the select: nothing of it runs any more.
            None => self.stopped(key, owner).await,
        }
    }

    /// Releases the claim of a handler stopped (or never started) by the shutdown.
    async fn stopped(&self, key: &str, owner: u64) -> Outcome {
        self.release(key, owner).await;
        count!(self.shared.counters, stopped);
        Outcome::Failed(Error::ShutDown {
            key: key.to_owned(),
        })
    }

    async fn release(&self, key: &str, owner: u64) {
        if let Err(error) = self.shared.dedup.release(key, owner).await {
            tracing::warn!(%error, "could not release the claim of a failed handler; it ends with its lease");
        }
    }

    /// Counts a message about to reach the dead-letter queue, and calls the outcome hook.
    fn report(
        &self,
        outcome: &Outcome,
        ids: &Ids<'_>,
        started: Instant,
        max_receive_count: Option<u32>,
    ) {
        let shared = &*self.shared;
        let dead_lettered = !outcome.is_done()
            && ids
                .receive_count
                .zip(max_receive_count)
                .is_some_and(|(count, max)| count >= max);
        metrics::message(outcome.kind());
        if dead_lettered {
            metrics::dead_lettered();
            count!(shared.counters, dead_lettered, message_id = ids.message_id);
        }
        if let Some(hook) = &shared.on_outcome {
            hook(&OutcomeReport {
                kind: outcome.kind(),
                error: match outcome {
                    Outcome::Failed(error) => Some(error),
                    Outcome::Handled | Outcome::Duplicate => None,
                },
                message_id: ids.message_id,
                receive_count: ids.receive_count,
                notification_id: ids.notification_id,
                notification_type: ids.notification_type,
                latency: started.elapsed(),
                dead_lettered,
            });
        }
    }
}

/// What the outcome report says of a message besides its outcome.
#[derive(Default)]
struct Ids<'a> {
    message_id: Option<&'a str>,
    receive_count: Option<u32>,
    notification_id: Option<&'a str>,
    notification_type: Option<&'a NotificationType>,
}

/// Completes when the consumer's shutdown deadline passes; never without a consumer.
async fn abandoned(stop: Option<&Stop>) {
    match stop {
        Some(stop) => stop.abandon.cancelled().await,
        None => std::future::pending().await,
    }
}

impl<H> Pipeline<H> {
    /// What the pipeline has done so far.
    pub fn stats(&self) -> Stats {
        self.shared.counters.snapshot()
    }

    /// The handler.
    pub fn handler(&self) -> &H {
        &self.shared.handler
    }

    pub(crate) fn concurrency(&self) -> usize {
        self.shared.concurrency
    }

    #[cfg(feature = "lambda")]
    pub(crate) fn unparsed(&self) -> UnparsedPayloads {
        self.shared.unparsed
    }

    pub(crate) fn counters(&self) -> &Counters {
        &self.shared.counters
    }
}

impl<H> Clone for Pipeline<H> {
    fn clone(&self) -> Self {
        Self {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<H> fmt::Debug for Pipeline<H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pipeline")
            .field("handler", &std::any::type_name::<H>())
            .field("dedup", &self.shared.dedup)
            .field("lease", &self.shared.lease)
            .field("concurrency", &self.shared.concurrency)
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for PipelineBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PipelineBuilder")
            .field("dedup", &self.dedup)
            .field("on_decode_error", &self.on_decode_error.is_some())
            .field("on_outcome", &self.on_outcome.is_some())
            .field("lease", &self.lease)
            .field("concurrency", &self.concurrency)
            .field("max_receive_count", &self.max_receive_count)
            .field("unparsed", &self.unparsed)
            .finish()
    }
}

/// Adds the envelopes a body was delivered in to the ones found inside it.
fn fill(decoded: &mut Delivery, outer: Delivery) {
    if decoded.sqs.is_none() {
        decoded.sqs = outer.sqs;
    }
    if decoded.sns.is_none() {
        decoded.sns = outer.sns;
    }
    if decoded.event_bridge.is_none() {
        decoded.event_bridge = outer.event_bridge;
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|message| (*message).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a non-string panic payload".to_owned())
}
