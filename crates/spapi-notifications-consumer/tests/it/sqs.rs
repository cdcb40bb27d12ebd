//! The SQS consumer against moto's SQS: real queues, real redelivery, real dead-letter queues.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::{
    Queue, Reports, SlowClaims, UNPARSABLE_PATH, eventually, mixed_corpus, of_kind, order_change,
    recording_outcomes, unparsable_order_change,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use spapi_notification_types::fixtures::{self, Envelope};
use spapi_notifications_consumer::{
    Claim, DedupStore, Error, Handler, InMemoryDedupStore, NotificationType, OutcomeKind, Payload,
    Received, Shutdown, SqsConsumer, Stats, UnparsedPayloads,
};
use tokio::sync::Semaphore;
use tokio::task::JoinHandle;

/// What a handler saw: attempts and successes per notification id.
#[derive(Debug, Default)]
struct Seen {
    attempts: HashMap<String, u32>,
    successes: HashMap<String, u32>,
    /// Calls for a notification that had already succeeded: must stay 0.
    after_success: u32,
}

impl Seen {
    fn attempt(&mut self, received: &Received) -> String {
        let id = received.notification.dedup_key().into_owned();
        if self.successes.contains_key(&id) {
            self.after_success += 1;
        }
        *self.attempts.entry(id.clone()).or_default() += 1;
        id
    }

    fn succeed(&mut self, id: String) {
        *self.successes.entry(id).or_default() += 1;
    }
}

type Shared = Arc<Mutex<Seen>>;

fn seen(shared: &Shared) -> std::sync::MutexGuard<'_, Seen> {
    shared.lock().unwrap()
}

/// A consumer running in a task of its own.
struct Running {
    stop: Shutdown,
    run: JoinHandle<Result<(), Error>>,
}

impl Running {
    /// Shuts the consumer down, and fails the test unless its run ended without an error.
    async fn stop(self) {
        self.stop.trigger();
        self.run.await.unwrap().unwrap();
    }
}

/// Runs `consumer` until [`Running::stop`].
fn spawn<H: Handler>(consumer: &Arc<SqsConsumer<H>>) -> Running {
    let stop = Shutdown::new();
    let run = tokio::spawn({
        let consumer = Arc::clone(consumer);
        let stop = stop.clone();
        async move { consumer.run(stop).await }
    });
    Running { stop, run }
}

/// Waits up to `limit` until `consumer` deleted `count` messages: `what` the test waits for.
async fn until_deleted<H: Handler>(
    consumer: &SqsConsumer<H>,
    count: u64,
    what: &str,
    limit: Duration,
) {
    eventually(
        what,
        limit,
        || async move { consumer.stats().deleted == count },
    )
    .await;
}

/// Runs `consumer` until it deleted `count` messages (within `limit`: `what` the test waits
/// for), then stops it.
async fn run_until_deleted<H: Handler>(
    consumer: &Arc<SqsConsumer<H>>,
    count: u64,
    what: &str,
    limit: Duration,
) {
    let running = spawn(consumer);
    until_deleted(consumer, count, what, limit).await;
    running.stop().await;
}

/// A handler recording each call in `record`, that says when it started (on `started`), then
/// takes `duration`.
fn recording(record: &Shared, started: &Arc<Semaphore>, duration: Duration) -> impl Handler {
    let (record, started) = (Arc::clone(record), Arc::clone(started));
    move |received: Received| {
        let started = Arc::clone(&started);
        let record = Arc::clone(&record);
        async move {
            let id = seen(&record).attempt(&received);
            started.add_permits(1);
            tokio::time::sleep(duration).await;
            seen(&record).succeed(id);
            Ok::<_, std::io::Error>(())
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_mixed_messages_with_duplicates_are_each_handled_once_and_drained() {
    let queue = Queue::new("mixed", 2).await;
    let (bodies, ids) = mixed_corpus(900, 100, 7);
    assert_eq!(bodies.len(), 1_000);

    let record = Shared::default();
    let consumer = Arc::new(
        queue
            .consumer()
            .visibility_timeout(Duration::from_secs(2))
            .concurrency(20)
            .build(recording(
                &record,
                &Arc::new(Semaphore::new(0)),
                Duration::ZERO,
            ))
            .unwrap(),
    );
    let running = spawn(&consumer);
    queue.send_paced(&bodies, || consumer.stats().deleted).await;
    until_deleted(
        &consumer,
        1_000,
        "every message handled and deleted",
        Duration::from_secs(60),
    )
    .await;
    running.stop().await;
    assert_eq!(queue.depth().await, 0, "queue drained");

    let seen = seen(&record);
    assert_eq!(seen.successes.len(), 900);
    for id in &ids {
        assert_eq!(seen.successes.get(id), Some(&1), "{id}");
        assert_eq!(seen.attempts.get(id), Some(&1), "{id}");
    }
    let stats = consumer.stats();
    assert_eq!(
        (
            stats.handled,
            stats.duplicates,
            stats.failed,
            stats.undecodable
        ),
        (900, 100, 0, 0)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_failures_and_panics_are_redelivered_until_everything_is_handled_once() {
    let queue = Queue::new("flaky", 1).await;
    let (bodies, ids) = mixed_corpus(200, 0, 11);
    queue.send_all(&bodies).await;

    let record = Shared::default();
    let rng = Arc::new(Mutex::new(StdRng::seed_from_u64(30)));
    let consumer = Arc::new(
        queue
            .consumer()
            .visibility_timeout(Duration::from_secs(1))
            .failure_backoff(Duration::ZERO)
            .concurrency(10)
            .build({
                let record = Arc::clone(&record);
                move |received: Received| {
                    let record = Arc::clone(&record);
                    let roll: f64 = rng.lock().unwrap().random();
                    async move {
                        let id = seen(&record).attempt(&received);
                        if roll < 0.15 {
                            return Err(format!("flaky downstream for {id}"));
                        }
                        if roll < 0.30 {
                            panic!("handler bug for {id}");
                        }
                        seen(&record).succeed(id);
                        Ok(())
                    }
                }
            })
            .unwrap(),
    );
    // Drained, not "200 deletes": a copy received again while its delete was on the way is
    // deleted twice, and counted twice.
    let running = spawn(&consumer);
    eventually(
        "every message handled and the queue drained",
        Duration::from_secs(60),
        || async { consumer.stats().handled >= 200 && queue.depth().await == 0 },
    )
    .await;
    running.stop().await;
    assert_eq!(queue.depth().await, 0, "nothing left, nothing lost");

    let seen = seen(&record);
    for id in &ids {
        assert_eq!(seen.successes.get(id), Some(&1), "{id} handled once");
    }
    assert_eq!(
        seen.after_success, 0,
        "nothing handled again after it succeeded"
    );
    let attempts: u32 = seen.attempts.values().sum();
    let stats = consumer.stats();
    assert!(stats.failed > 20 && stats.panicked > 10, "{stats:?}");
    assert_eq!(u64::from(attempts), stats.handled + stats.failed);
    assert_eq!(stats.handled, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poison_message_reaches_the_dead_letter_queue_and_the_hook_sees_each_receive() {
    let queue = Queue::with_dlq("poison", 1, 3).await;
    let poison = r#"{"hello":"this is no notification"}"#.to_owned();
    let (good, _) = mixed_corpus(1, 0, 3);
    queue.send_all(&[poison.clone(), good[0].clone()]).await;

    let hooked = Arc::new(Mutex::new(Vec::new()));
    let consumer = Arc::new(
        queue
            .consumer()
            .visibility_timeout(Duration::from_secs(1))
            .failure_backoff(Duration::ZERO)
            .on_decode_error({
                let hooked = Arc::clone(&hooked);
                move |error, delivery| {
                    let sqs = delivery.sqs.as_ref().expect("sqs metadata");
                    hooked.lock().unwrap().push((
                        error.raw().to_vec(),
                        error.to_string(),
                        sqs.approximate_receive_count,
                        sqs.message_id.is_some(),
                    ));
                }
            })
            .build(|_: Received| async { Ok::<_, std::io::Error>(()) })
            .unwrap(),
    );
    let running = spawn(&consumer);
    let dlq = Queue {
        url: queue.dlq.clone().unwrap(),
        dlq: None,
        ..queue.clone()
    };
    eventually(
        "the poison message in the dead-letter queue",
        Duration::from_secs(30),
        || {
            let dlq = dlq.clone();
            async move { dlq.depth().await == 1 }
        },
    )
    .await;
    running.stop().await;
    assert_eq!(queue.depth().await, 0);

    assert_eq!(
        queue.dead_letters().await,
        vec![poison.clone()],
        "byte for byte"
    );
    let hooked = hooked.lock().unwrap();
    let counts: Vec<Option<u32>> = hooked.iter().map(|(_, _, count, _)| *count).collect();
    assert_eq!(counts, [Some(1), Some(2), Some(3)]);
    for (raw, message, _, has_id) in hooked.iter() {
        assert_eq!(raw, poison.as_bytes());
        assert!(message.contains("missing field"), "{message}");
        assert!(has_id);
    }
    let stats = consumer.stats();
    assert_eq!((stats.handled, stats.undecodable, stats.deleted), (1, 3, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handler_slower_than_the_visibility_timeout_keeps_its_message() {
    let queue = Queue::new("slow", 1).await;
    let (bodies, _) = mixed_corpus(1, 0, 5);
    queue.send_all(&bodies).await;

    let calls = Arc::new(Mutex::new(0u32));
    let consumer = Arc::new(
        queue
            .consumer()
            .visibility_timeout(Duration::from_secs(1))
            .extend_visibility_every(Duration::from_millis(300))
            .concurrency(4)
            .build({
                let calls = Arc::clone(&calls);
                move |_: Received| {
                    *calls.lock().unwrap() += 1;
                    async {
                        tokio::time::sleep(Duration::from_millis(3_500)).await;
                        Ok::<_, std::io::Error>(())
                    }
                }
            })
            .unwrap(),
    );
    // Free handlers kept polling all along: a lapse in visibility would have shown the message.
    run_until_deleted(
        &consumer,
        1,
        "the slow message handled",
        Duration::from_secs(20),
    )
    .await;
    assert_eq!(*calls.lock().unwrap(), 1);
    let stats = consumer.stats();
    assert_eq!(
        (stats.received, stats.handled, stats.in_progress_elsewhere),
        (1, 1, 0),
        "{stats:?}"
    );
    assert_eq!(queue.depth().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_mid_batch_lets_in_flight_handlers_finish_and_deletes_what_they_handled() {
    let queue = Queue::new("shutdown", 5).await;
    let (bodies, ids) = mixed_corpus(10, 0, 13);
    queue.send_all(&bodies).await;

    let started = Arc::new(Semaphore::new(0));
    let record = Shared::default();
    let consumer = Arc::new(
        queue
            .consumer()
            .visibility_timeout(Duration::from_secs(5))
            .concurrency(4)
            .shutdown_timeout(Duration::from_secs(10))
            .build(recording(&record, &started, Duration::from_millis(1_500)))
            .unwrap(),
    );
    let running = spawn(&consumer);
    // Four handlers in flight, six messages not yet received.
    drop(started.acquire_many(4).await.unwrap());
    running.stop().await;
    assert_eq!(queue.depth().await, 6);

    let stats = consumer.stats();
    let seen = seen(&record);
    assert_eq!(stats.received, 4, "nothing received after the shutdown");
    assert_eq!((stats.handled, stats.deleted), (4, 4), "{stats:?}");
    assert_eq!(seen.successes.len(), 4, "every in-flight handler finished");
    let unhandled: Vec<&String> = ids
        .iter()
        .filter(|id| !seen.successes.contains_key(*id))
        .collect();
    assert_eq!(unhandled.len(), 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn handlers_past_the_shutdown_deadline_are_stopped_and_their_messages_visible_again_at_once()
{
    // A visibility timeout far longer than the test: only visibility 0 brings them back.
    let queue = Queue::new("deadline", 60).await;
    let (bodies, _) = mixed_corpus(3, 0, 17);
    queue.send_all(&bodies).await;

    let store = Arc::new(InMemoryDedupStore::new());
    let started = Arc::new(Semaphore::new(0));
    let record = Shared::default();
    let reports = Reports::default();
    let consumer = Arc::new(
        queue
            .consumer()
            .visibility_timeout(Duration::from_secs(60))
            .shutdown_timeout(Duration::from_millis(300))
            .dedup(Arc::clone(&store))
            .on_outcome(recording_outcomes(&reports))
            .build(recording(&record, &started, Duration::from_secs(30)))
            .unwrap(),
    );
    let running = spawn(&consumer);
    drop(started.acquire_many(3).await.unwrap());
    let stopping = std::time::Instant::now();
    running.stop().await;
    assert!(
        stopping.elapsed() < Duration::from_secs(5),
        "{:?}",
        stopping.elapsed()
    );

    let stats = consumer.stats();
    assert_eq!(
        (stats.deleted, stats.stopped, stats.failed),
        (0, 3, 0),
        "{stats:?}"
    );
    assert!(seen(&record).successes.is_empty());
    assert_eq!(queue.visible().await, 3, "visible again at once");
    assert!(store.is_empty(), "their claims released");
    let stopped = of_kind(&reports, OutcomeKind::Stopped);
    assert_eq!(stopped.len(), 3, "{stopped:?}");
    for report in &stopped {
        let error = report.error.as_deref().unwrap();
        assert!(
            error.starts_with("the consumer stopped before notification "),
            "{error}"
        );
        assert_eq!(report.receive_count, Some(1));
        assert!(report.message_id.is_some() && report.notification_id.is_some());
        assert!(!report.dead_lettered, "the queue has no redrive policy");
    }

    let again = Arc::new(
        queue
            .consumer()
            .dedup(Arc::clone(&store))
            .build(|_: Received| async { Ok::<_, std::io::Error>(()) })
            .unwrap(),
    );
    run_until_deleted(
        &again,
        3,
        "the stopped messages handled",
        Duration::from_secs(20),
    )
    .await;
    assert_eq!(again.stats().in_progress_elsewhere, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_received_but_not_started_at_shutdown_are_not_started_and_visible_again_at_once() {
    let queue = Queue::new("unstarted", 60).await;
    let (bodies, _) = mixed_corpus(3, 0, 19);
    queue.send_all(&bodies).await;

    let store = Arc::new(InMemoryDedupStore::new());
    let claiming = Arc::new(Semaphore::new(0));
    let record = Shared::default();
    let consumer = Arc::new(
        queue
            .consumer()
            .visibility_timeout(Duration::from_secs(60))
            .concurrency(3)
            .dedup(SlowClaims {
                store: Arc::clone(&store),
                claiming: Arc::clone(&claiming),
                delay: Duration::from_millis(500),
            })
            .build(recording(
                &record,
                &Arc::new(Semaphore::new(0)),
                Duration::ZERO,
            ))
            .unwrap(),
    );
    let running = spawn(&consumer);
    // Received, and claiming: the handlers have not started when the shutdown begins.
    drop(claiming.acquire_many(3).await.unwrap());
    running.stop().await;

    assert!(seen(&record).attempts.is_empty(), "no handler started");
    let stats = consumer.stats();
    assert_eq!(
        (stats.received, stats.stopped, stats.deleted),
        (3, 3, 0),
        "{stats:?}"
    );
    assert_eq!(queue.visible().await, 3, "visible again at once");
    assert!(store.is_empty(), "their claims released");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consumer_killed_mid_handler_has_its_message_handled_on_the_first_redelivery() {
    // Killed at once, and killed after a visibility extension and lease renewal.
    for kill_after in [Duration::ZERO, Duration::from_millis(900)] {
        let queue = Queue::new("crash", 2).await;
        // One store for both consumers, as two consumers in one process share one; the dead one
        // slow to claim, so that its claim comes well after SQS's receive.
        let store = Arc::new(InMemoryDedupStore::new());
        let slow = SlowClaims {
            store: Arc::clone(&store),
            claiming: Arc::new(Semaphore::new(0)),
            delay: Duration::from_millis(300),
        };
        crate::support::assert_first_redelivery_after_a_crash_is_handled(
            &queue, slow, store, kill_after,
        )
        .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_outcome_is_reported_with_its_ids_and_the_last_failed_receive_as_dead_lettered() {
    let queue = Queue::with_dlq("outcomes", 1, 2).await;
    let store = Arc::new(InMemoryDedupStore::new());
    // Held by another owner all along: its message bounces.
    let held = store.claim("n-busy", 999, Duration::from_secs(600)).await;
    assert_eq!(held.unwrap(), Claim::Acquired);
    let poison = r#"{"hello":"this is no notification"}"#.to_owned();
    let ok = order_change("n-ok");
    let bodies = [
        ok.clone(),
        order_change("n-fail"),
        order_change("n-busy"),
        poison,
    ];
    queue.send_all(&bodies).await;

    let reports = Reports::default();
    let consumer = Arc::new(
        queue
            .consumer()
            .visibility_timeout(Duration::from_secs(1))
            .failure_backoff(Duration::ZERO)
            .concurrency(1)
            .dedup(Arc::clone(&store))
            .on_outcome(recording_outcomes(&reports))
            .build(|received: Received| async move {
                match received.notification.notification_id() {
                    Some("n-fail") => Err("downstream unavailable"),
                    _ => Ok(()),
                }
            })
            .unwrap(),
    );
    let running = spawn(&consumer);
    until_deleted(&consumer, 1, "n-ok handled", Duration::from_secs(20)).await;
    // Delivered again, in another envelope.
    queue.send_all(&[fixtures::wrap(&ok, Envelope::Sns)]).await;
    let dlq = Queue {
        url: queue.dlq.clone().unwrap(),
        dlq: None,
        ..queue.clone()
    };
    eventually(
        "the three failing messages in the dead-letter queue, the copy deleted",
        Duration::from_secs(30),
        || {
            let dlq = dlq.clone();
            let deleted = consumer.stats().deleted;
            async move { deleted == 2 && dlq.depth().await == 3 }
        },
    )
    .await;
    running.stop().await;

    let by_kind = |kind| of_kind(&reports, kind);
    let handled = by_kind(OutcomeKind::Handled);
    assert_eq!(handled.len(), 1, "{handled:?}");
    assert_eq!(handled[0].notification_id.as_deref(), Some("n-ok"));
    assert_eq!(
        handled[0].notification_type,
        Some(NotificationType::OrderChange)
    );
    assert_eq!(handled[0].receive_count, Some(1));
    let duplicate = by_kind(OutcomeKind::Duplicate);
    assert_eq!(duplicate.len(), 1, "{duplicate:?}");
    assert_eq!(duplicate[0].notification_id.as_deref(), Some("n-ok"));
    assert_ne!(
        duplicate[0].message_id, handled[0].message_id,
        "another message"
    );
    for report in handled.iter().chain(&duplicate) {
        assert!(
            report.error.is_none() && !report.dead_lettered,
            "{report:?}"
        );
        assert!(report.message_id.is_some(), "{report:?}");
        assert!(report.latency < Duration::from_secs(5), "{report:?}");
    }
    // Each failing message twice: the second receive is its last, then the dead-letter queue.
    let failing = [
        (
            OutcomeKind::Failed,
            Some("n-fail"),
            "handler failed for notification n-fail",
        ),
        (
            OutcomeKind::Bounced,
            Some("n-busy"),
            "notification n-busy is being handled elsewhere",
        ),
        (OutcomeKind::Undecodable, None, "undecodable message"),
    ];
    for (kind, notification_id, error) in failing {
        let reports = by_kind(kind);
        let seen: Vec<(Option<u32>, bool)> = reports
            .iter()
            .map(|report| (report.receive_count, report.dead_lettered))
            .collect();
        assert_eq!(
            seen,
            [(Some(1), false), (Some(2), true)],
            "{kind:?}: {reports:?}"
        );
        for report in &reports {
            assert_eq!(
                report.notification_id.as_deref(),
                notification_id,
                "{report:?}"
            );
            assert_eq!(report.error.as_deref(), Some(error), "{report:?}");
            assert!(report.message_id.is_some(), "{report:?}");
        }
        assert_eq!(reports[0].message_id, reports[1].message_id);
    }
    let stats = consumer.stats();
    assert_eq!(
        (
            stats.handled,
            stats.duplicates,
            stats.dead_lettered,
            stats.stopped
        ),
        (1, 1, 3, 0),
        "{stats:?}"
    );
}

#[tokio::test]
async fn a_missing_queue_stops_the_consumer_with_the_sqs_error() {
    let moto = crate::support::moto();
    let url = format!(
        "{}/123456789012/{}",
        moto.endpoint(),
        crate::support::unique_name("missing")
    );
    let consumer = SqsConsumer::builder(moto.sqs_client(), url)
        .wait_time(Duration::from_secs(1))
        .build(|_: Received| async { Ok::<_, std::io::Error>(()) })
        .unwrap();
    let error = tokio::time::timeout(Duration::from_secs(20), consumer.run(Shutdown::new()))
        .await
        .expect("a fatal error ends the run")
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Sqs {
                operation: "ReceiveMessage",
                ..
            }
        ),
        "{error:?}"
    );
    let source = std::error::Error::source(&error).expect("the sdk error");
    let chain = format!("{source:?}");
    assert!(
        chain.contains("QueueDoesNotExist") || chain.contains("NonExistentQueue"),
        "{chain}"
    );
    assert_eq!(consumer.stats(), Stats::default());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payload_that_does_not_decode_is_dead_lettered_by_default_or_handed_over_raw_if_kept() {
    let body = unparsable_order_change("n-unparsed");

    // Refused (the default): never handled, on to the dead-letter queue.
    let queue = Queue::with_dlq("refused", 1, 1).await;
    queue.send_all(std::slice::from_ref(&body)).await;
    let hooked = Arc::new(Mutex::new(Vec::new()));
    let record = Shared::default();
    let refusing = Arc::new(
        queue
            .consumer()
            .visibility_timeout(Duration::from_secs(1))
            .on_decode_error({
                let hooked = Arc::clone(&hooked);
                move |error, _| hooked.lock().unwrap().push(error.path().to_owned())
            })
            .build(recording(
                &record,
                &Arc::new(Semaphore::new(0)),
                Duration::ZERO,
            ))
            .unwrap(),
    );
    let running = spawn(&refusing);
    eventually(
        "the refused message in the dead-letter queue",
        Duration::from_secs(20),
        || {
            let queue = queue.clone();
            async move { queue.dead_letter_depth().await == 1 }
        },
    )
    .await;
    running.stop().await;
    assert!(seen(&record).attempts.is_empty());
    assert_eq!(*hooked.lock().unwrap(), [UNPARSABLE_PATH]);
    assert_eq!(queue.dead_letters().await, std::slice::from_ref(&body));
    let stats = refusing.stats();
    assert_eq!(
        (stats.undecodable, stats.unparsed, stats.dead_lettered),
        (1, 0, 1)
    );

    // Kept: the handler gets the notification, its raw payload and the typed error.
    let queue = Queue::with_dlq("kept", 1, 1).await;
    queue.send_all(std::slice::from_ref(&body)).await;
    let payloads = Arc::new(Mutex::new(Vec::new()));
    let keeping = Arc::new(
        queue
            .consumer()
            .unparsed_payloads(UnparsedPayloads::Keep)
            .build({
                let payloads = Arc::clone(&payloads);
                move |received: Received| {
                    let notification = received.notification;
                    payloads.lock().unwrap().push((
                        notification.notification_id().map(str::to_owned),
                        notification.notification_type.clone(),
                        notification.payload,
                    ));
                    async { Ok::<_, std::io::Error>(()) }
                }
            })
            .unwrap(),
    );
    run_until_deleted(
        &keeping,
        1,
        "the kept notification handled",
        Duration::from_secs(20),
    )
    .await;
    let payloads = std::mem::take(&mut *payloads.lock().unwrap());
    let [(id, notification_type, Payload::Unparsed { raw, error })] = &payloads[..] else {
        panic!("{payloads:?}");
    };
    assert_eq!(id.as_deref(), Some("n-unparsed"));
    assert_eq!(*notification_type, NotificationType::OrderChange);
    assert!(raw.get().contains(r#""Quantity":"ten""#), "{raw}");
    assert_eq!(error.path(), UNPARSABLE_PATH);
    let stats = keeping.stats();
    assert_eq!(
        (stats.handled, stats.unparsed, stats.undecodable),
        (1, 1, 0)
    );
    assert_eq!(queue.depth().await + queue.dead_letter_depth().await, 0);
}
