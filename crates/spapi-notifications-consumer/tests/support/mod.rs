//! The consumer tests' plumbing on moto, the AWS emulator: queues with a visibility timeout
//! and a dead-letter queue, a DynamoDB client, and SQS bodies of every kind.
//!
//! moto itself is started by `spapi_sandbox::testing::Moto` (one server shared by the tests
//! running at the same time); when it is not installed the tests fail: nothing is skipped.
#![allow(dead_code, reason = "each test binary uses part of the support module")]

use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_sdk_sqs::types::{QueueAttributeName, SendMessageBatchRequestEntry};
use spapi_notification_types::fixtures::{self, Envelope, KeyCase};
use spapi_notification_types::{Notification, NotificationMetadata};
use spapi_notifications_consumer::{SqsConsumer, SqsConsumerBuilder};
pub(crate) use spapi_sandbox::testing::{Moto, unique_name};

/// The moto server shared by the tests running now, started if none is.
pub(crate) fn moto() -> Arc<Moto> {
    Moto::shared().expect("moto starts (scripts/test.sh installs it)")
}

/// A DynamoDB client for `moto`: region `us-east-1`, placeholder credentials.
#[cfg(feature = "dynamodb")]
pub(crate) fn dynamodb(moto: &Moto) -> aws_sdk_dynamodb::Client {
    use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(moto.endpoint())
        .credentials_provider(Credentials::new("test", "test", None, None, "moto"))
        .build();
    aws_sdk_dynamodb::Client::from_conf(config)
}

/// A queue on the shared moto server (kept running while the queue lives) and, when made with
/// [`Queue::with_dlq`], its dead-letter queue.
#[derive(Debug, Clone)]
pub(crate) struct Queue {
    /// The shared server, kept running while the queue lives.
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
        depth(&self.sqs, &self.url).await
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

async fn depth(sqs: &aws_sdk_sqs::Client, url: &str) -> u64 {
    let attributes = sqs
        .get_queue_attributes()
        .queue_url(url)
        .attribute_names(QueueAttributeName::ApproximateNumberOfMessages)
        .attribute_names(QueueAttributeName::ApproximateNumberOfMessagesNotVisible)
        .send()
        .await
        .expect("get_queue_attributes")
        .attributes
        .unwrap_or_default();
    [
        QueueAttributeName::ApproximateNumberOfMessages,
        QueueAttributeName::ApproximateNumberOfMessagesNotVisible,
    ]
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
