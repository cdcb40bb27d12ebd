//! Provisioning 1,000 sellers × 3 types against the sandbox with Amazon's usage plan (1 request
//! per second, burst 5, per operation and seller) and 20 ms per request, LWA's included.
//!
//! Measured, in interleaved rounds, median judged: `Fleet::provision` at concurrency C against
//! the loop users write by hand (sellers C at a time, `ensure_subscription` type after type),
//! and the floor for C: each seller needs its LWA token, then a `getSubscriptions` and a
//! `createSubscription` per type, types side by side: 3 round trips, so N / C × 3 × 20 ms
//! (6 calls a seller stay within the burst: no rate-limit wait). Also counted: LWA requests
//! and 429s. Then peak memory (VmHWM) of a child process provisioning 1,000 and 10,000
//! sellers read lazily, the sandbox in this process, so the child's memory is the client's.
//! Criterion then times one contender of each kind at its usual sample size.
//!
//! `cargo bench -p spapi-notifications-fleet --bench provision`
#![allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]

use std::time::{Duration, Instant};

use criterion::Criterion;
use futures_util::StreamExt as _;
use spapi_auth::{ClientSecret, LwaCredentials, RefreshToken, Url};
use spapi_notification_types::NotificationType;
use spapi_notifications_client::{DestinationResourceSpecification, NotificationsClient};
use spapi_notifications_fleet::{FileRegistry, Fleet, ProvisionPlan, Seller, SubscriptionSpec};
use spapi_sandbox::{Faults, Sandbox};

const SELLERS: usize = 1_000;
const CONCURRENCY: usize = 50;
const LATENCY: Duration = Duration::from_millis(20);
const ROUNDS: usize = 3;
const TYPES: [NotificationType; 3] = [
    NotificationType::ReportProcessingFinished,
    NotificationType::FeedProcessingFinished,
    NotificationType::FulfillmentOrderStatus,
];
/// Set in the child that measures memory: how many sellers it provisions.
const CHILD: &str = "FLEET_BENCH_CHILD_SELLERS";

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    if let Ok(count) = std::env::var(CHILD) {
        runtime.block_on(child(count.parse().expect("a count")));
        return;
    }
    // `cargo test --benches` runs this once, on a small fleet, as a check that it works.
    if !std::env::args().any(|arg| arg == "--bench") {
        runtime.block_on(async {
            for contender in [Contender::Fleet, Contender::HandWritten] {
                let run = run(20, contender).await;
                assert_eq!((run.lwa, run.throttled), (20, 0), "{contender:?}");
            }
        });
        return;
    }
    // `-- memory`: the memory figures alone.
    let memory_only = std::env::args().any(|arg| arg == "memory");
    if !memory_only {
        runtime.block_on(rounds());
    }
    runtime.block_on(memory());
    if memory_only {
        return;
    }
    let mut criterion = Criterion::default().sample_size(10).configure_from_args();
    criterion.bench_function("provision_100x3_fleet", |b| {
        b.iter_custom(|iters| {
            runtime.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    total += run(100, Contender::Fleet).await.elapsed;
                }
                total
            })
        });
    });
    criterion.final_summary();
}

#[derive(Clone, Copy, Debug)]
enum Contender {
    Fleet,
    HandWritten,
}

struct Run {
    elapsed: Duration,
    lwa: usize,
    throttled: usize,
}

fn sandbox(count: usize, latency: Duration) -> spapi_sandbox::SandboxBuilder {
    (0..count)
        .fold(Sandbox::builder(), |b, i| {
            b.seller(format!("SELLER{i}"), format!("Atzr|seller-{i}"))
        })
        .faults(Faults {
            latency,
            include_lwa: true,
            ..Faults::default()
        })
}

fn client(endpoint: &str, token_url: &str, id: &str, secret: &str) -> NotificationsClient {
    NotificationsClient::builder()
        .endpoint(endpoint.parse::<Url>().expect("url"))
        .token_url(token_url.parse::<Url>().expect("url"))
        .credentials(LwaCredentials::new(id, ClientSecret::new(secret)))
        .build()
        .expect("client")
}

async fn plan(client: &NotificationsClient) -> ProvisionPlan {
    let queue = DestinationResourceSpecification::sqs("arn:aws:sqs:us-east-1:123456789012:bench");
    let destination = client
        .ensure_destination("bench", &queue)
        .await
        .expect("destination");
    ProvisionPlan::new(
        &destination.destination_id,
        TYPES.map(|t| SubscriptionSpec::new(t, "1.0")),
    )
}

/// Sellers made as they are read, never all at once.
fn sellers(count: usize) -> impl futures_core::Stream<Item = Seller> + Send {
    futures_util::stream::iter((0..count).map(|i| {
        Seller::new(
            format!("SELLER{i}"),
            RefreshToken::new(format!("Atzr|seller-{i}")),
        )
    }))
}

async fn run(count: usize, contender: Contender) -> Run {
    let sandbox = sandbox(count, LATENCY).start().await.expect("sandbox");
    let client = client(
        sandbox.base_url(),
        sandbox.token_url(),
        sandbox.client_id(),
        sandbox.client_secret(),
    );
    let plan = plan(&client).await;
    let lwa_before = lwa(&sandbox);
    let started = Instant::now();
    let failed = match contender {
        Contender::Fleet => {
            let fleet = Fleet::builder(client).concurrency(CONCURRENCY).build();
            fleet
                .provision(&plan, sellers(count))
                .filter(|report| std::future::ready(!report.succeeded()))
                .count()
                .await
        }
        Contender::HandWritten => {
            let failed = std::sync::atomic::AtomicUsize::new(0);
            sellers(count)
                .for_each_concurrent(CONCURRENCY, |seller| {
                    let (client, plan, failed) = (&client, &plan, &failed);
                    async move {
                        let handle = client.seller(seller.refresh_token);
                        for spec in &plan.subscriptions {
                            let request = spec.request(&plan.destination_id);
                            if handle
                                .ensure_subscription(&spec.notification_type, &request)
                                .await
                                .is_err()
                            {
                                failed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            }
                        }
                    }
                })
                .await;
            failed.into_inner()
        }
    };
    let elapsed = started.elapsed();
    assert_eq!(failed, 0, "{contender:?}: every seller provisioned");
    let throttled = sandbox
        .requests()
        .iter()
        .filter(|r| r.status.is_some_and(|s| s.as_u16() == 429))
        .count();
    Run {
        elapsed,
        lwa: lwa(&sandbox) - lwa_before,
        throttled,
    }
}

fn lwa(sandbox: &Sandbox) -> usize {
    sandbox
        .requests()
        .iter()
        .filter(|r| r.path == "/auth/o2/token")
        .count()
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

async fn rounds() {
    let (mut fleet, mut hand) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let a = run(SELLERS, Contender::Fleet).await;
        let b = run(SELLERS, Contender::HandWritten).await;
        println!(
            "round {round}: fleet {:?} (lwa {}, 429s {}), hand-written {:?} (lwa {}, 429s {})",
            a.elapsed, a.lwa, a.throttled, b.elapsed, b.lwa, b.throttled
        );
        assert_eq!((a.lwa, a.throttled), (SELLERS, 0));
        fleet.push(a.elapsed);
        hand.push(b.elapsed);
    }
    let floor = LATENCY * 3 * u32::try_from(SELLERS.div_ceil(CONCURRENCY)).expect("small");
    let (fleet, hand) = (median(fleet), median(hand));
    println!(
        "{SELLERS} sellers x {} types, concurrency {CONCURRENCY}, {LATENCY:?} a request: \
         fleet median {fleet:?} = {:.2}x the floor {floor:?}; hand-written {hand:?} = {:.2}x fleet",
        TYPES.len(),
        fleet.as_secs_f64() / floor.as_secs_f64(),
        hand.as_secs_f64() / fleet.as_secs_f64(),
    );
}

/// Peak memory of a child provisioning `count` sellers against a sandbox here, recording
/// them in memory (every record kept) or in a file (nothing kept).
async fn memory() {
    for (count, registry) in [1_000, 10_000]
        .into_iter()
        .flat_map(|n| [(n, "memory"), (n, "file")])
    {
        let sandbox = sandbox(count, Duration::ZERO)
            .start()
            .await
            .expect("sandbox");
        let output = tokio::process::Command::new(std::env::current_exe().expect("exe"))
            .env(CHILD, count.to_string())
            .env("FLEET_BENCH_REGISTRY", registry)
            .env("FLEET_BENCH_ENDPOINT", sandbox.base_url())
            .env("FLEET_BENCH_TOKEN_URL", sandbox.token_url())
            .env("FLEET_BENCH_CLIENT_ID", sandbox.client_id())
            .env("FLEET_BENCH_CLIENT_SECRET", sandbox.client_secret())
            .output()
            .await
            .expect("child");
        assert!(output.status.success(), "{output:?}");
        print!("{}", String::from_utf8_lossy(&output.stdout));
    }
}

async fn child(count: usize) {
    let var = |name: &str| std::env::var(name).expect(name);
    let client = client(
        &var("FLEET_BENCH_ENDPOINT"),
        &var("FLEET_BENCH_TOKEN_URL"),
        &var("FLEET_BENCH_CLIENT_ID"),
        &var("FLEET_BENCH_CLIENT_SECRET"),
    );
    let plan = plan(&client).await;
    let registry = var("FLEET_BENCH_REGISTRY");
    let file = std::env::temp_dir().join(format!("fleet-bench-{}.jsonl", std::process::id()));
    let before = vm_hwm();
    let mut fleet = Fleet::builder(client).concurrency(CONCURRENCY);
    if registry == "file" {
        fleet = fleet.registry(std::sync::Arc::new(
            FileRegistry::open(&file).expect("registry file"),
        ));
    }
    let fleet = fleet.build();
    let started = Instant::now();
    let failed = fleet
        .provision(&plan, sellers(count))
        .filter(|report| std::future::ready(!report.succeeded()))
        .count()
        .await;
    assert_eq!(failed, 0);
    let _ = std::fs::remove_file(&file);
    println!(
        "memory: {count} sellers, {registry} registry, in {:?}: VmHWM {} kB before provisioning, {} kB after",
        started.elapsed(),
        before,
        vm_hwm()
    );
}

/// The process's peak resident set, in kB, from /proc/self/status.
fn vm_hwm() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}
