//! moto, the AWS emulator, started on 127.0.0.1 for the tests, and the clients and queues they use.
//!
//! `MOTO_SERVER` names the `moto_server` program (scripts/test.sh installs it and sets it);
//! without it, `<workspace>/target/moto-venv/bin/moto_server` is used. When neither exists the
//! tests fail: nothing is skipped.
#![allow(dead_code, reason = "each test binary uses part of the support module")]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use aws_sdk_sqs::types::{QueueAttributeName, SendMessageBatchRequestEntry};
use spapi_notification_types::fixtures::{self, Envelope, KeyCase};
use spapi_notification_types::{Notification, NotificationMetadata};

/// A running moto server, stopped when the last test using it drops it.
#[derive(Debug)]
pub(crate) struct Moto {
    child: Child,
    pub(crate) endpoint: String,
}

impl Moto {
    /// The server shared by the tests running now, started if none is.
    pub(crate) fn shared() -> Arc<Moto> {
        static SHARED: Mutex<Weak<Moto>> = Mutex::new(Weak::new());
        let mut shared = SHARED
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(moto) = shared.upgrade() {
            return moto;
        }
        let moto = Arc::new(Moto::start());
        *shared = Arc::downgrade(&moto);
        moto
    }

    fn start() -> Moto {
        let program = program();
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(&program)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("could not start {}: {error}", program.display()));
        let mut moto = Moto {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        let started = Instant::now();
        while !ready(port) {
            if let Ok(Some(status)) = moto.child.try_wait() {
                panic!(
                    "{} exited with {status} before it was ready",
                    program.display()
                );
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "moto did not answer on port {port} within 30 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        moto
    }

    /// An SQS client for this server.
    pub(crate) async fn sqs(&self) -> aws_sdk_sqs::Client {
        aws_sdk_sqs::Client::new(&self.config().await)
    }

    /// A DynamoDB client for this server.
    #[cfg(feature = "dynamodb")]
    pub(crate) async fn dynamodb(&self) -> aws_sdk_dynamodb::Client {
        aws_sdk_dynamodb::Client::new(&self.config().await)
    }

    async fn config(&self) -> aws_config::SdkConfig {
        aws_config::defaults(aws_config::BehaviorVersion::latest())
            .endpoint_url(&self.endpoint)
            .region(aws_config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_sqs::config::Credentials::new(
                "test", "test", None, None, "static",
            ))
            .load()
            .await
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `MOTO_SERVER`, else the workspace's virtualenv; a failure that says what to run otherwise.
fn program() -> PathBuf {
    if let Some(program) = std::env::var_os("MOTO_SERVER") {
        return PathBuf::from(program);
    }
    let venv =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/moto-venv/bin/moto_server");
    assert!(
        venv.exists(),
        "moto is not installed: run scripts/test.sh (it installs moto into target/moto-venv and sets MOTO_SERVER), or set MOTO_SERVER to a moto_server program"
    );
    venv
}

/// Whether `GET /moto-api/` answers 200.
fn ready(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET /moto-api/ HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0; 12];
    stream.read_exact(&mut head).is_ok() && head.ends_with(b"200")
}

/// A queue name no other test (or earlier run) uses.
pub(crate) fn unique_name(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .subsec_nanos();
    format!(
        "{prefix}-{}-{}-{nanos}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// A queue and, when made with [`Queue::with_dlq`], its dead-letter queue.
#[derive(Debug, Clone)]
pub(crate) struct Queue {
    pub(crate) sqs: aws_sdk_sqs::Client,
    pub(crate) url: String,
    pub(crate) dlq: Option<String>,
}

impl Queue {
    /// A standard queue with a visibility timeout of `visibility` seconds.
    pub(crate) async fn new(sqs: &aws_sdk_sqs::Client, prefix: &str, visibility: u32) -> Queue {
        let url = create(sqs, &unique_name(prefix), visibility, None).await;
        Queue {
            sqs: sqs.clone(),
            url,
            dlq: None,
        }
    }

    /// A queue whose redrive policy moves a message to a new dead-letter queue after
    /// `max_receive_count` receives.
    pub(crate) async fn with_dlq(
        sqs: &aws_sdk_sqs::Client,
        prefix: &str,
        visibility: u32,
        max_receive_count: u32,
    ) -> Queue {
        let name = unique_name(prefix);
        let dlq = create(sqs, &format!("{name}-dlq"), visibility, None).await;
        let arn = sqs
            .get_queue_attributes()
            .queue_url(&dlq)
            .attribute_names(QueueAttributeName::QueueArn)
            .send()
            .await
            .expect("dlq arn")
            .attributes
            .and_then(|attributes| attributes.get(&QueueAttributeName::QueueArn).cloned())
            .expect("dlq arn");
        let policy =
            format!(r#"{{"deadLetterTargetArn":"{arn}","maxReceiveCount":"{max_receive_count}"}}"#);
        let url = create(sqs, &name, visibility, Some(policy)).await;
        Queue {
            sqs: sqs.clone(),
            url,
            dlq: Some(dlq),
        }
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
