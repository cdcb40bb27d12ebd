//! The consumer tests' plumbing on moto, the AWS emulator: queues with a visibility timeout
//! and a dead-letter queue, a DynamoDB client, and SQS bodies of every kind.
//!
//! moto itself is started by `spapi_sandbox::testing::Moto` (one server shared by the tests
//! running at the same time); when it is not installed the tests fail: nothing is skipped.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_sdk_sqs::types::{QueueAttributeName, SendMessageBatchRequestEntry};
use spapi_notification_types::fixtures::{self, Envelope, KeyCase};
use spapi_notification_types::{Notification, NotificationMetadata, NotificationType};
use spapi_notifications_consumer::{
    BoxFuture, Claim, DedupStore, Error, InMemoryDedupStore, OutcomeKind, OutcomeReport, Received,
    Shutdown, SqsConsumer, SqsConsumerBuilder,
};
pub(crate) use spapi_sandbox::testing::{Moto, unique_name};
use tokio::sync::Semaphore;

/// The moto server shared by the tests running now, started if none is.
pub(crate) fn moto() -> Arc<Moto> {
    Moto::shared().expect("moto starts (scripts/test.sh installs it)")
}

/// A DynamoDB client for `moto`.
#[cfg(feature = "dynamodb")]
pub(crate) fn dynamodb(moto: &Moto) -> aws_sdk_dynamodb::Client {
    spapi_testkit::dynamodb::client(moto.endpoint())
}

/// A queue on the shared moto server (kept running while the queue lives) and, when made with
/// [`Queue::with_dlq`], its dead-letter queue.
#[derive(Debug, Clone)]
pub(crate) struct Queue {
    /// The shared server, kept running while the queue lives.
    #[cfg_attr(
        not(feature = "dynamodb"),
        expect(dead_code, reason = "the DynamoDB tests reach moto through it")
    )]
    pub(crate) moto: Arc<Moto>,
    pub(crate) sqs: aws_sdk_sqs::Client,
    pub(crate) url: String,
    pub(crate) dlq: Option<String>,
}

impl Queue {
    /// A standard queue with a visibility timeout of `visibility` seconds.
    pub(crate) async fn new(prefix: &str, visibility: u32) -> Queue {
        let moto = moto();
        let sqs = moto.sqs_client();
        let url = create(&sqs, &unique_name(prefix), visibility, None).await;
        Queue {
            moto,
            sqs,
            url,
            dlq: None,
        }
    }

    /// A queue whose redrive policy moves a message to a new dead-letter queue after
    /// `max_receive_count` receives.
    pub(crate) async fn with_dlq(prefix: &str, visibility: u32, max_receive_count: u32) -> Queue {
        let moto = moto();
        let name = unique_name(prefix);
        let dlq = moto
            .create_queue(&format!("{name}-dlq"))
            .await
            .expect("dead-letter queue");
        let policy = format!(
            r#"{{"deadLetterTargetArn":"{}","maxReceiveCount":"{max_receive_count}"}}"#,
            dlq.arn
        );
        let sqs = moto.sqs_client();
        let url = create(&sqs, &name, visibility, Some(policy)).await;
        Queue {
            moto,
            sqs,
            url,
            dlq: Some(dlq.url),
        }
    }

    /// A consumer of this queue, polling with 1 s waits so that tests end soon after they stop it.
    pub(crate) fn consumer(&self) -> SqsConsumerBuilder {
        SqsConsumer::builder(self.sqs.clone(), &self.url).wait_time(Duration::from_secs(1))
    }

    /// Sends `bodies`, ten per request.
    pub(crate) async fn send_all(&self, bodies: &[String]) {
        for (batch, chunk) in bodies.chunks(10).enumerate() {
            let entries = chunk
                .iter()
                .enumerate()
                .map(|(i, body)| {
                    SendMessageBatchRequestEntry::builder()
                        .id(format!("m{batch}-{i}"))
                        .message_body(body)
                        .build()
                        .expect("entry")
                })
                .collect();
            let sent = self
                .sqs
                .send_message_batch()
                .queue_url(&self.url)
                .set_entries(Some(entries))
                .send()
                .await
                .expect("send_message_batch");
            assert!(sent.failed.is_empty(), "{:?}", sent.failed);
        }
    }

    /// Sends `bodies` while consumers run, at most ~100 ahead of what they deleted (`deleted`),
    /// as on a live queue: moto's SQS slows down with every message waiting in a queue.
    pub(crate) async fn send_paced(&self, bodies: &[String], deleted: impl Fn() -> u64) {
        let started = Instant::now();
        for (i, chunk) in bodies.chunks(50).enumerate() {
            while (i as u64 * 50).saturating_sub(deleted()) > 50 {
                assert!(
                    started.elapsed() < Duration::from_secs(60),
                    "the consumers stalled"
                );
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            self.send_all(chunk).await;
        }
    }

    /// Messages in the queue, visible or in flight.
    pub(crate) async fn depth(&self) -> u64 {
        count(&self.sqs, &self.url, &[IN_QUEUE, IN_FLIGHT]).await
    }

    /// Messages in the queue that a receive would get now (not in flight).
    pub(crate) async fn visible(&self) -> u64 {
        count(&self.sqs, &self.url, &[IN_QUEUE]).await
    }

    /// Messages in the dead-letter queue.
    pub(crate) async fn dead_letter_depth(&self) -> u64 {
        let dlq = self.dlq.as_ref().expect("a queue with a dlq");
        count(&self.sqs, dlq, &[IN_QUEUE, IN_FLIGHT]).await
    }

    /// Receives what is visible in the dead-letter queue now (without deleting it).
    pub(crate) async fn dead_letters(&self) -> Vec<String> {
        let dlq = self.dlq.as_ref().expect("a queue with a dlq");
        let mut bodies = Vec::new();
        loop {
            let output = self
                .sqs
                .receive_message()
                .queue_url(dlq)
                .max_number_of_messages(10)
                .visibility_timeout(30)
                .send()
                .await
                .expect("receive from dlq");
            let messages = output.messages.unwrap_or_default();
            if messages.is_empty() {
                return bodies;
            }
            bodies.extend(messages.into_iter().filter_map(|message| message.body));
        }
    }
}

async fn create(
    sqs: &aws_sdk_sqs::Client,
    name: &str,
    visibility: u32,
    redrive: Option<String>,
) -> String {
    let mut request = sqs.create_queue().queue_name(name).attributes(
        QueueAttributeName::VisibilityTimeout,
        visibility.to_string(),
    );
    if let Some(policy) = redrive {
        request = request.attributes(QueueAttributeName::RedrivePolicy, policy);
    }
    request
        .send()
        .await
        .expect("create_queue")
        .queue_url
        .expect("queue url")
}

const IN_QUEUE: QueueAttributeName = QueueAttributeName::ApproximateNumberOfMessages;
const IN_FLIGHT: QueueAttributeName = QueueAttributeName::ApproximateNumberOfMessagesNotVisible;

/// The sum of the queue's message counts `names`.
async fn count(sqs: &aws_sdk_sqs::Client, url: &str, names: &[QueueAttributeName]) -> u64 {
    let attributes = sqs
        .get_queue_attributes()
        .queue_url(url)
        .set_attribute_names(Some(names.to_vec()))
        .send()
        .await
        .expect("get_queue_attributes")
        .attributes
        .unwrap_or_default();
    names
        .iter()
        .filter_map(|name| attributes.get(name)?.parse::<u64>().ok())
        .sum()
}

/// SQS bodies an SP-API queue may see: every fixture, in both casings, in each envelope that can
/// arrive in an SQS body, each with its own notification id, cycling through them to make
/// `unique` notifications; plus, after them, `duplicates` second deliveries of the first ones,
/// in another envelope. Returns the bodies (shuffled by `seed`) and the ids.
pub(crate) fn mixed_corpus(
    unique: usize,
    duplicates: usize,
    seed: u64,
) -> (Vec<String>, Vec<String>) {
    const ENVELOPES: [Envelope; 5] = [
        Envelope::Bare,
        Envelope::DoubleEncoded,
        Envelope::EventBridge,
        Envelope::Sns,
        Envelope::SqsRecordOfEventBridge,
    ];
    let variants: Vec<(&str, KeyCase)> = fixtures::all()
        .iter()
        .flat_map(|fixture| {
            [
                (fixture.json, KeyCase::Camel),
                (fixture.json, KeyCase::Pascal),
            ]
        })
        .collect();
    let mut bodies = Vec::with_capacity(unique + duplicates);
    let mut ids = Vec::with_capacity(unique);
    let mut notifications = Vec::with_capacity(unique);
    for i in 0..unique {
        let (json, case) = variants[i % variants.len()];
        let id = format!("corpus-{seed}-{i}");
        let json = recased_with_id(json, &id, case);
        bodies.push(fixtures::wrap(&json, ENVELOPES[i % ENVELOPES.len()]));
        notifications.push(json);
        ids.push(id);
    }
    for (i, json) in notifications.iter().take(duplicates).enumerate() {
        bodies.push(fixtures::wrap(json, ENVELOPES[(i + 1) % ENVELOPES.len()]));
    }
    shuffle(&mut bodies, seed);
    (bodies, ids)
}

/// The notification `json` with notification id `id`, its keys in `case`.
pub(crate) fn recased_with_id(json: &str, id: &str, case: KeyCase) -> String {
    let mut notification: Notification =
        Notification::from_slice(json.as_bytes()).expect("fixture");
    let metadata = notification
        .metadata
        .get_or_insert_with(NotificationMetadata::default);
    metadata.notification_id = id.to_owned();
    fixtures::recase(
        &serde_json::to_string(&notification).expect("serialize"),
        case,
    )
}

/// A deterministic Fisher-Yates shuffle.
pub(crate) fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed | 1;
    for i in (1..items.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        items.swap(i, (state % (i as u64 + 1)) as usize);
    }
}

/// Polls `condition` every 50 ms until it holds, failing after `limit`.
pub(crate) async fn eventually<F, Fut>(what: &str, limit: Duration, mut condition: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    while !condition().await {
        assert!(
            started.elapsed() < limit,
            "timed out after {limit:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A store whose claims take `delay`, adding a permit to `claiming` when one begins.
#[derive(Debug)]
pub(crate) struct SlowClaims {
    pub(crate) store: Arc<InMemoryDedupStore>,
    pub(crate) claiming: Arc<Semaphore>,
    pub(crate) delay: Duration,
}

impl DedupStore for SlowClaims {
    fn claim<'a>(
        &'a self,
        key: &'a str,
        owner: u64,
        lease: Duration,
    ) -> BoxFuture<'a, Result<Claim, Error>> {
        Box::pin(async move {
            self.claiming.add_permits(1);
            tokio::time::sleep(self.delay).await;
            self.store.claim(key, owner, lease).await
        })
    }

    fn complete<'a>(&'a self, key: &'a str, owner: u64) -> BoxFuture<'a, Result<(), Error>> {
        self.store.complete(key, owner)
    }

    fn release<'a>(&'a self, key: &'a str, owner: u64) -> BoxFuture<'a, Result<(), Error>> {
        self.store.release(key, owner)
    }
}

/// Amazon's ORDER_CHANGE example with notification id `id`, camelCase.
pub(crate) fn order_change(id: &str) -> String {
    let json = fixtures::example(&NotificationType::OrderChange).expect("fixture");
    recased_with_id(json, id, KeyCase::Camel)
}

/// An ORDER_CHANGE with notification id `id` whose envelope is sound and whose payload does
/// not decode: an item quantity of `"ten"`.
pub(crate) fn unparsable_order_change(id: &str) -> String {
    format!(
        r#"{{"NotificationVersion":"1.0","NotificationType":"ORDER_CHANGE","PayloadVersion":"1.0",
  "EventTime":"2020-01-11T00:09:53.109Z","Payload":{{"OrderChangeNotification":{{"NotificationLevel":"OrderLevel",
    "SellerId":"A1","AmazonOrderId":"903-1","OrderChangeType":"OrderStatusChange",
    "Summary":{{"MarketplaceId":"ATVPDKIKX0DER","OrderStatus":"Shipped","FulfillmentType":"MFN",
      "OrderItems":[{{"OrderItemId":"I1","SellerSKU":"SKU-1","Quantity":"ten"}}]}}}}}},
  "NotificationMetadata":{{"ApplicationId":"amzn1.sellerapps.app.1","SubscriptionId":"s-1",
    "PublishTime":"2020-01-11T00:09:54.000Z","NotificationId":"{id}"}}}}"#
    )
}

/// The path of the field [`unparsable_order_change`] gets wrong.
pub(crate) const UNPARSABLE_PATH: &str =
    "Payload.OrderChangeNotification.Summary.OrderItems[0].Quantity";

/// An [`OutcomeReport`], owned, as a test keeps it.
#[derive(Debug, Clone)]
pub(crate) struct Report {
    pub(crate) kind: OutcomeKind,
    pub(crate) error: Option<String>,
    pub(crate) message_id: Option<String>,
    pub(crate) receive_count: Option<u32>,
    pub(crate) notification_id: Option<String>,
    pub(crate) notification_type: Option<NotificationType>,
    pub(crate) latency: Duration,
    pub(crate) dead_lettered: bool,
}

/// The reports an outcome hook made.
pub(crate) type Reports = Arc<Mutex<Vec<Report>>>;

/// An outcome hook keeping every report in `reports`.
pub(crate) fn recording_outcomes(
    reports: &Reports,
) -> impl Fn(&OutcomeReport<'_>) + Send + Sync + 'static {
    let reports = Arc::clone(reports);
    move |report| {
        reports.lock().unwrap().push(Report {
            kind: report.kind,
            error: report.error.map(ToString::to_string),
            message_id: report.message_id.map(str::to_owned),
            receive_count: report.receive_count,
            notification_id: report.notification_id.map(str::to_owned),
            notification_type: report.notification_type.cloned(),
            latency: report.latency,
            dead_lettered: report.dead_lettered,
        });
    }
}

/// The reports of `kind`, in order.
pub(crate) fn of_kind(reports: &Reports, kind: OutcomeKind) -> Vec<Report> {
    let reports = reports.lock().unwrap();
    reports
        .iter()
        .filter(|report| report.kind == kind)
        .cloned()
        .collect()
}

/// A consumer dies mid-handler: its run is aborted after `kill_after` in the handler, so no
/// handler finishes and no claim is released, as when its process is killed. Another consumer,
/// its store `after` sharing what the dead one's `before` wrote, then handles the message on its
/// first redelivery (receive count 2), with no bounce off the dead consumer's claim.
pub(crate) async fn assert_first_redelivery_after_a_crash_is_handled(
    queue: &Queue,
    before: impl DedupStore,
    after: impl DedupStore,
    kill_after: Duration,
) {
    queue.send_all(&[order_change("n-crash")]).await;
    let visibility = Duration::from_secs(2);
    let started = Arc::new(Semaphore::new(0));
    let dying = queue
        .consumer()
        .visibility_timeout(visibility)
        .concurrency(1)
        .dedup(before)
        .build({
            let started = Arc::clone(&started);
            move |_: Received| {
                started.add_permits(1);
                std::future::pending::<Result<(), std::io::Error>>()
            }
        })
        .unwrap();
    let run = tokio::spawn(async move { dying.run(Shutdown::new()).await });
    drop(started.acquire().await.unwrap());
    tokio::time::sleep(kill_after).await;
    run.abort();
    assert!(run.await.unwrap_err().is_cancelled());

    let reports = Reports::default();
    let counts = Arc::new(Mutex::new(Vec::new()));
    let consumer = Arc::new(
        queue
            .consumer()
            .visibility_timeout(visibility)
            // moto's long poll looks again for messages whose visibility timeout ended only once
            // a second, where SQS returns them at once: short polls do the same here.
            .wait_time(Duration::ZERO)
            .dedup(after)
            .on_outcome(recording_outcomes(&reports))
            .build({
                let counts = Arc::clone(&counts);
                move |received: Received| {
                    let sqs = received.delivery.sqs.as_ref();
                    counts
                        .lock()
                        .unwrap()
                        .push(sqs.and_then(|sqs| sqs.approximate_receive_count));
                    async { Ok::<_, std::io::Error>(()) }
                }
            })
            .unwrap(),
    );
    let stop = Shutdown::new();
    let run = tokio::spawn({
        let (stop, consumer) = (stop.clone(), Arc::clone(&consumer));
        async move { consumer.run(stop).await }
    });
    eventually(
        "the redelivered message handled",
        Duration::from_secs(20),
        || {
            let done = !counts.lock().unwrap().is_empty();
            async move { done }
        },
    )
    .await;
    stop.trigger();
    run.await.unwrap().unwrap();
    let stats = consumer.stats();
    assert_eq!(
        *counts.lock().unwrap(),
        [Some(2)],
        "handled on its first redelivery"
    );
    let kinds: Vec<(OutcomeKind, Option<u32>)> = reports
        .lock()
        .unwrap()
        .iter()
        .map(|report| (report.kind, report.receive_count))
        .collect();
    assert_eq!(kinds, [(OutcomeKind::Handled, Some(2))], "no bounce");
    assert_eq!(
        (stats.in_progress_elsewhere, stats.handled, stats.deleted),
        (0, 1, 1)
    );
    assert_eq!(queue.depth().await, 0);
}
