//! The DynamoDB de-duplication store against moto's DynamoDB: its protocol, and two consumers
//! on one queue sharing it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::{Moto, Queue, eventually, mixed_corpus, unique_name};
use spapi_notifications_consumer::{
    Claim, DedupStore, DynamoDbDedupStore, Received, Shutdown, SqsConsumer,
};

async fn store(moto: &Moto, table: &str) -> DynamoDbDedupStore {
    let store = DynamoDbDedupStore::builder(crate::support::dynamodb(moto), table)
        .ttl(Duration::from_secs(3_600))
        .build();
    store.create_table().await.expect("create_table");
    store
}

#[tokio::test]
async fn claims_are_atomic_renewable_released_only_by_their_owner_and_expire() {
    let moto = crate::support::moto();
    let table = unique_name("dedup");
    let store = store(&moto, &table).await;
    store
        .create_table()
        .await
        .expect("create_table twice is fine");
    let lease = Duration::from_secs(60);

    assert_eq!(store.claim("n-1", 1, lease).await.unwrap(), Claim::Acquired);
    assert_eq!(
        store.claim("n-1", 2, lease).await.unwrap(),
        Claim::InProgress
    );
    assert_eq!(
        store.claim("n-1", 1, lease).await.unwrap(),
        Claim::Acquired,
        "renewal"
    );
    store.release("n-1", 2).await.unwrap();
    assert_eq!(
        store.claim("n-1", 2, lease).await.unwrap(),
        Claim::InProgress,
        "not 2's to release"
    );
    store.release("n-1", 1).await.unwrap();
    assert_eq!(
        store.claim("n-1", 2, lease).await.unwrap(),
        Claim::Acquired,
        "released"
    );
    store.complete("n-1", 2).await.unwrap();
    store.release("n-1", 2).await.unwrap();
    for owner in [1, 2, 3] {
        assert_eq!(store.claim("n-1", owner, lease).await.unwrap(), Claim::Done);
    }

    // A lease ends by itself (a consumer that died mid-handler).
    assert_eq!(
        store.claim("n-2", 1, Duration::from_secs(1)).await.unwrap(),
        Claim::Acquired
    );
    tokio::time::sleep(Duration::from_millis(2_100)).await;
    assert_eq!(store.claim("n-2", 2, lease).await.unwrap(), Claim::Acquired);
    // To the millisecond, not rounded to the next second.
    let short = Duration::from_millis(300);
    assert_eq!(store.claim("n-4", 1, short).await.unwrap(), Claim::Acquired);
    assert_eq!(
        store.claim("n-4", 2, lease).await.unwrap(),
        Claim::InProgress
    );
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(store.claim("n-4", 2, lease).await.unwrap(), Claim::Acquired);

    // Of many concurrent claims, exactly one wins.
    let store = Arc::new(store);
    let claims = (10..30).map(|owner| {
        let store = Arc::clone(&store);
        tokio::spawn(async move { store.claim("n-3", owner, lease).await.unwrap() })
    });
    let mut won = 0;
    for claim in claims {
        if claim.await.unwrap() == Claim::Acquired {
            won += 1;
        }
    }
    assert_eq!(won, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_consumers_on_one_queue_with_the_shared_store_handle_each_notification_once() {
    let queue = Queue::new("pair", 2).await;
    let moto = &queue.moto;
    let table = unique_name("dedup");
    let (bodies, ids) = mixed_corpus(250, 50, 23);

    let handled: Arc<Mutex<HashMap<String, Vec<&'static str>>>> = Arc::default();
    let mut consumers = Vec::new();
    for name in ["a", "b"] {
        let handled = Arc::clone(&handled);
        // Each consumer with its own clients and store, as on two machines.
        let consumer = SqsConsumer::builder(moto.sqs_client(), &queue.url)
            .wait_time(Duration::from_secs(1))
            .visibility_timeout(Duration::from_secs(2))
            .concurrency(8)
            .dedup(store(moto, &table).await)
            .build(move |received: Received| {
                let handled = Arc::clone(&handled);
                async move {
                    let key = received.notification.dedup_key().into_owned();
                    handled.lock().unwrap().entry(key).or_default().push(name);
                    tokio::time::sleep(Duration::from_millis(5)).await;
                    Ok::<_, std::io::Error>(())
                }
            })
            .unwrap();
        consumers.push(Arc::new(consumer));
    }
    let stop = Shutdown::new();
    let runs: Vec<_> = consumers
        .iter()
        .map(|consumer| {
            let consumer = Arc::clone(consumer);
            let stop = stop.clone();
            tokio::spawn(async move { consumer.run(stop).await })
        })
        .collect();
    let deleted = || {
        consumers
            .iter()
            .map(|consumer| consumer.stats().deleted)
            .sum::<u64>()
    };
    queue.send_paced(&bodies, deleted).await;
    eventually(
        "every message handled and deleted",
        Duration::from_secs(60),
        || {
            let done = deleted() == 300;
            async move { done }
        },
    )
    .await;
    stop.trigger();
    for run in runs {
        run.await.unwrap().unwrap();
    }

    assert_eq!(queue.depth().await, 0);
    let handled = handled.lock().unwrap();
    assert_eq!(handled.len(), 250);
    for id in &ids {
        assert_eq!(
            handled.get(id).map(Vec::len),
            Some(1),
            "{id}: {:?}",
            handled.get(id)
        );
    }
    let by = |name| handled.values().filter(|names| names[0] == name).count();
    assert!(
        by("a") > 0 && by("b") > 0,
        "both consumers worked: {} and {}",
        by("a"),
        by("b")
    );
    let stats: Vec<_> = consumers.iter().map(|consumer| consumer.stats()).collect();
    assert_eq!(stats[0].handled + stats[1].handled, 250);
    assert_eq!(stats[0].duplicates + stats[1].duplicates, 50);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consumer_killed_mid_handler_has_its_message_handled_on_the_first_redelivery() {
    // Killed at once, and killed after a visibility extension and lease renewal.
    for kill_after in [Duration::ZERO, Duration::from_millis(900)] {
        let queue = Queue::new("crash", 2).await;
        let table = unique_name("dedup");
        // Two stores on one table, as on two machines.
        let before = store(&queue.moto, &table).await;
        let after = store(&queue.moto, &table).await;
        crate::support::assert_first_redelivery_after_a_crash_is_handled(
            &queue, before, after, kill_after,
        )
        .await;
    }
}
