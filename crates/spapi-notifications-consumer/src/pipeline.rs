//! One message through decode, de-duplication and the handler: what every delivery path shares.

use std::fmt;
use std::future::Future;
use std::hash::BuildHasher;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use futures_util::FutureExt;
use spapi_notification_types::{DecodeError, Delivery, envelope};
use tokio::time::Instant;
use tracing::Instrument;

use crate::stats::{Counters, count};
use crate::{Claim, DedupStore, Error, Handler, InMemoryDedupStore, Stats};

/// Called with every message that is not a notification, and how it was delivered, before the
/// message is left for its dead-letter queue.
pub(crate) type DecodeHook = Arc<dyn Fn(&DecodeError, &Delivery) + Send + Sync>;

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
    lease: Duration,
    concurrency: usize,
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
    lease: Duration,
    concurrency: usize,
}

/// What became of a message.
#[derive(Debug)]
#[non_exhaustive]
pub enum Outcome {
    /// The handler succeeded and the notification is marked handled: acknowledge the message.
    Handled,
    /// The notification was handled already: acknowledge the message, the handler was not
    /// called.
    Duplicate,
    /// Not handled; leave the message for redelivery (a poison message reaches the dead-letter
    /// queue after the queue's `maxReceiveCount`).
    Failed(Error),
}

impl Outcome {
    /// Whether the message can be deleted (or acknowledged): handled now or before.
    pub fn is_done(&self) -> bool {
        matches!(self, Self::Handled | Self::Duplicate)
    }
}

/// How to keep a message while its handler runs: every `every`, call `extend` and renew the
/// de-duplication lease for `lease`.
pub(crate) struct KeepAlive<F> {
    pub(crate) every: Duration,
    pub(crate) lease: Duration,
    pub(crate) extend: F,
}

impl Pipeline<()> {
    /// Settings for a pipeline: an [`InMemoryDedupStore`], a 60-second lease renewed while the
    /// handler runs, 10 handlers at once, no decode-failure hook.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder {
            dedup: None,
            on_decode_error: None,
            lease: Duration::from_secs(60),
            concurrency: 10,
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

    /// How long a claim on a notification lasts without renewal (60 s by default; renewed every
    /// third of it while the handler runs): how long a notification whose handler died with its
    /// process waits before another consumer may handle it. The SQS consumer uses its visibility
    /// timeout instead.
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
                lease: self.lease,
                concurrency: self.concurrency,
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
    /// the envelopes the body itself does not have, and reaches the handler and the hook.
    pub async fn process(&self, body: &[u8], delivery: Delivery) -> Outcome {
        let lease = self.shared.lease;
        let keep_alive = KeepAlive {
            every: lease / 3,
            lease,
            extend: || async {},
        };
        self.process_with(body, delivery, keep_alive).await
    }

    /// [`process`](Self::process), calling `keep_alive.extend` on its schedule while the
    /// handler runs.
    pub(crate) async fn process_with<F, Fut>(
        &self,
        body: &[u8],
        delivery: Delivery,
        keep_alive: KeepAlive<F>,
    ) -> Outcome
    where
        F: Fn() -> Fut + Send,
        Fut: Future<Output = ()> + Send,
    {
        let shared = &*self.shared;
        count!(shared.counters, received);
        let mut received = match envelope::decode(body) {
            Ok(received) => received,
            Err(error) => {
                count!(shared.counters, undecodable, error = %error);
                if let Some(hook) = &shared.on_decode_error {
                    hook(&error, &delivery);
                }
                return Outcome::Failed(Error::Decode(error));
            }
        };
        fill(&mut received.delivery, delivery);
        let key = received.notification.dedup_key().into_owned();
        let span = tracing::info_span!(
            "notification",
            notification_type = %received.notification.notification_type,
            key = %key,
            message_id = received.delivery.sqs.as_ref().and_then(|sqs| sqs.message_id.as_deref()),
        );
        let owner = shared
            .owner_seed
            .wrapping_add(shared.owners.fetch_add(1, Ordering::Relaxed));
        async move {
            match shared.dedup.claim(&key, owner, keep_alive.lease).await {
                Ok(Claim::Acquired) => {}
                Ok(Claim::Done) => {
                    count!(shared.counters, duplicates);
                    return Outcome::Duplicate;
                }
                Ok(Claim::InProgress) => {
                    count!(shared.counters, in_progress_elsewhere);
                    return Outcome::Failed(Error::InProgressElsewhere { key });
                }
                Err(error) => {
                    count!(shared.counters, failed, error = %error);
                    return Outcome::Failed(error);
                }
            }
            let started = Instant::now();
            let handled = AssertUnwindSafe(shared.handler.handle(received)).catch_unwind();
            let heartbeat = async {
                loop {
                    tokio::time::sleep(keep_alive.every).await;
                    let (_, renewed) = tokio::join!(
                        (keep_alive.extend)(),
                        shared.dedup.claim(&key, owner, keep_alive.lease)
                    );
                    match renewed {
                        Ok(Claim::Acquired) => {}
                        Ok(lost) => tracing::warn!(?lost, "lost the claim on a notification whose handler still runs"),
                        Err(error) => tracing::warn!(%error, "could not renew the claim on a notification"),
                    }
                }
            };
            // The handler first: one that finishes without waiting never starts the timer.
            let result = tokio::select! {
                biased;
                result = handled => result.map(|handled| handled.map_err(Into::into)),
                never = heartbeat => never,
            };
            match result {
                Ok(Ok(())) => {
                    if let Err(error) = shared.dedup.complete(&key, owner).await {
                        tracing::warn!(%error, "handled, but could not mark the notification handled");
                    }
                    count!(
                        shared.counters,
                        handled,
                        histogram.handler_seconds = started.elapsed().as_secs_f64()
                    );
                    Outcome::Handled
                }
                Ok(Err(error)) => {
                    self.release(&key, owner).await;
                    let error = Error::Handler { key, source: error };
                    count!(shared.counters, failed, error = %error);
                    Outcome::Failed(error)
                }
                Err(panic) => {
                    self.release(&key, owner).await;
                    let message = panic_message(&*panic);
                    count!(shared.counters, panicked);
                    let error = Error::HandlerPanicked { key, message };
                    count!(shared.counters, failed, error = %error);
                    Outcome::Failed(error)
                }
            }
        }
        .instrument(span)
        .await
    }

    async fn release(&self, key: &str, owner: u64) {
        if let Err(error) = self.shared.dedup.release(key, owner).await {
            tracing::warn!(%error, "could not release the claim of a failed handler; it ends with its lease");
        }
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
            .field("lease", &self.lease)
            .field("concurrency", &self.concurrency)
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
