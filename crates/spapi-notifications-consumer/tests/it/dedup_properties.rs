//! The de-duplication protocol (claim, complete, release, lease expiry) under arbitrary
//! interleavings of two owners, checked against a model of the module docs' table: in memory
//! (256 schedules) and on moto's DynamoDB (16 schedules, each a few dozen requests).

use std::time::{Duration, Instant};

use proptest::prelude::*;
use spapi_notifications_consumer::{Claim, DedupStore, InMemoryDedupStore};

/// One step of a schedule.
#[derive(Debug, Clone)]
enum Step {
    /// `owner` claims (or renews) the key with a short lease, or a long one.
    Claim {
        owner: u64,
        short: bool,
    },
    Complete {
        owner: u64,
    },
    Release {
        owner: u64,
    },
    /// Waits until every short lease has ended.
    Elapse,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (1..=2u64, any::<bool>()).prop_map(|(owner, short)| Step::Claim { owner, short }),
        2 => (1..=2u64).prop_map(|owner| Step::Complete { owner }),
        2 => (1..=2u64).prop_map(|owner| Step::Release { owner }),
        1 => Just(Step::Elapse),
    ]
}

/// What the key is, as far as the model knows. A lease's end is known to lie between two
/// instants (taken around the claim), widened by the store's clock resolution.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Model {
    Free,
    Held {
        owner: u64,
        ends_after: Instant,
        ends_before: Instant,
    },
    Done,
}

/// Whether a lease had ended at some instant between `before` and `after`: `Some` when that
/// is certain either way, `None` when the store may have seen it either way.
fn lease_over(
    ends_after: Instant,
    ends_before: Instant,
    before: Instant,
    after: Instant,
) -> Option<bool> {
    if ends_before <= before {
        Some(true)
    } else if ends_after > after {
        Some(false)
    } else {
        None
    }
}

/// Runs `steps` against `store` and the model; panics at the first answer the model forbids.
async fn check(store: &dyn DedupStore, key: &str, steps: &[Step], short: Duration) {
    const LONG: Duration = Duration::from_secs(3_600);
    // The DynamoDB store counts whole milliseconds.
    const SLACK: Duration = Duration::from_millis(2);
    let mut model = Model::Free;
    for (index, step) in steps.iter().enumerate() {
        let before = Instant::now();
        match *step {
            Step::Claim {
                owner,
                short: is_short,
            } => {
                let lease = if is_short { short } else { LONG };
                let answer = store.claim(key, owner, lease).await.expect("claim");
                let after = Instant::now();
                let allowed: &[Claim] = match model {
                    Model::Done => &[Claim::Done],
                    Model::Free => &[Claim::Acquired],
                    Model::Held { owner: holder, .. } if holder == owner => &[Claim::Acquired],
                    Model::Held {
                        ends_after,
                        ends_before,
                        ..
                    } => match lease_over(ends_after, ends_before, before, after) {
                        Some(true) => &[Claim::Acquired],
                        Some(false) => &[Claim::InProgress],
                        None => &[Claim::Acquired, Claim::InProgress],
                    },
                };
                assert!(
                    allowed.contains(&answer),
                    "step {index} {step:?}: {answer:?}, the model allows {allowed:?} in {model:?}"
                );
                if answer == Claim::Acquired {
                    model = Model::Held {
                        owner,
                        ends_after: before + lease - SLACK,
                        ends_before: after + lease + SLACK,
                    };
                }
            }
            Step::Complete { owner } => {
                store.complete(key, owner).await.expect("complete");
                model = Model::Done;
            }
            Step::Release { owner } => {
                store.release(key, owner).await.expect("release");
                if let Model::Held { owner: holder, .. } = model
                    && holder == owner
                {
                    model = Model::Free;
                }
            }
            Step::Elapse => tokio::time::sleep(short + SLACK * 2).await,
        }
        // Two owners never both hold a live lease: the model has one holder, and the store
        // agreed with it at every claim.
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_in_memory_store_follows_the_protocol(steps in prop::collection::vec(step(), 1..30)) {
        let store = InMemoryDedupStore::new();
        runtime().block_on(check(&store, "n-1", &steps, Duration::from_millis(3)));
    }
}

#[cfg(feature = "dynamodb")]
mod dynamodb {
    use super::*;
    use crate::support::{dynamodb, moto, unique_name};
    use spapi_notifications_consumer::DynamoDbDedupStore;
    use std::sync::OnceLock;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(16))]

        #[test]
        fn the_dynamodb_store_follows_the_protocol(steps in prop::collection::vec(step(), 1..25)) {
            static TABLE: OnceLock<String> = OnceLock::new();
            let table = TABLE.get_or_init(|| unique_name("dedup-properties"));
            let moto = moto();
            let runtime = runtime();
            runtime.block_on(async {
                let store = DynamoDbDedupStore::builder(dynamodb(&moto), table.as_str()).build();
                store.create_table().await.expect("create_table");
                // A key of its own per schedule: one table for all of them.
                let key = unique_name("n");
                check(&store, &key, &steps, Duration::from_millis(40)).await;
            });
        }
    }
}
