//! Metrics: every name and label the consumer records (`spapi_notifications_consumer::metrics`),
//! from an SQS consumer on moto, read back from a recorder of the test's own.

use std::sync::Arc;
use std::time::Duration;

use spapi_notifications_consumer::metrics::{DEAD_LETTERED, HANDLER_DURATION, MESSAGES, OUTCOME};
use spapi_notifications_consumer::{DedupStore, InMemoryDedupStore, Received, Shutdown};
use spapi_testkit::metrics::{counters, histogram, record};

use crate::support::{Queue, eventually, order_change};

#[test]
fn every_outcome_is_counted_and_every_handler_run_timed() {
    let (stats, recorded) = record(|| async {
        spapi_notifications_consumer::metrics::describe();
        // One receive only: a message not handled goes to the dead-letter queue.
        let queue = Queue::with_dlq("metrics", 30, 1).await;
        let store = Arc::new(InMemoryDedupStore::new());
        // Another consumer holds this one: it bounces.
        let held = store.claim("n-held", 999, Duration::from_secs(60)).await;
        assert!(held.is_ok(), "{held:?}");
        queue
            .send_all(&[
                order_change("n-1"),
                order_change("n-1"),
                order_change("n-fail"),
                order_change("n-held"),
                "not a notification".to_owned(),
            ])
            .await;
        let consumer = queue
            .consumer()
            // One message at a time: the second copy of n-1 is a duplicate, never a bounce.
            .concurrency(1)
            .dedup(Arc::clone(&store))
            .build(|received: Received| async move {
                match received.notification.notification_id() {
                    Some("n-fail") => Err(std::io::Error::other("refused")),
                    _ => Ok(()),
                }
            })
            .unwrap();
        let consumer = Arc::new(consumer);
        let stop = Shutdown::new();
        let run = tokio::spawn({
            let (consumer, stop) = (Arc::clone(&consumer), stop.clone());
            async move { consumer.run(stop).await }
        });
        eventually("every message done with", Duration::from_secs(20), || {
            let stats = consumer.stats();
            let done = stats.deleted == 2
                && stats.failed + stats.undecodable + stats.in_progress_elsewhere == 3;
            async move { done }
        })
        .await;
        stop.trigger();
        run.await.unwrap().unwrap();
        consumer.stats()
    });

    assert_eq!(stats.dead_lettered, 3, "{stats:?}");
    assert_eq!(
        counters(&recorded),
        [
            format!("counter {DEAD_LETTERED}{{}} = 3"),
            format!("counter {MESSAGES}{{{OUTCOME}=bounced}} = 1"),
            format!("counter {MESSAGES}{{{OUTCOME}=duplicate}} = 1"),
            format!("counter {MESSAGES}{{{OUTCOME}=failed}} = 1"),
            format!("counter {MESSAGES}{{{OUTCOME}=handled}} = 1"),
            format!("counter {MESSAGES}{{{OUTCOME}=undecodable}} = 1"),
        ]
    );
    for outcome in ["handled", "failed"] {
        let runs = histogram(
            &recorded,
            &format!("histogram {HANDLER_DURATION}{{{OUTCOME}={outcome}}}"),
        );
        assert!(runs.len() == 1 && runs[0] >= 0.0, "{outcome}: {runs:?}");
    }
    assert_eq!(recorded.len(), 8, "{recorded:#?}");
    for metric in &recorded {
        assert!(metric.described, "{} has no description", metric.key);
        let seconds = metric.key.contains("_seconds");
        assert_eq!(metric.unit == Some("seconds"), seconds, "{}", metric.key);
    }
}

/// The consumer's rows of the one table, in `spapi_http::metrics`, name its constants.
#[test]
fn the_one_table_lists_the_consumer_metrics() {
    let table = include_str!("../../../spapi-http/src/metrics.rs");
    for name in [MESSAGES, HANDLER_DURATION, DEAD_LETTERED] {
        assert!(table.contains(&format!("//! | `{name}` |")), "{name}");
    }
    assert!(table.contains(&format!("//! | `{OUTCOME}` |")));
}
