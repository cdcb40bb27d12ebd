//! What the Notifications client costs on top of HTTP: one `getDestinations` through
//! `NotificationsClient` (a cached LWA token, the rate limiter on, retries armed, the response
//! decoded into typed destinations) against the same request made with bare reqwest (same
//! headers, same decoding into the same types), both to the same local server in the same run.
//!
//! `cargo bench --bench client` runs the criterion benchmarks, then measures the ratio the
//! crate promises in the same run and prints it: the client within 10% of bare reqwest.
#![allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]

use std::collections::HashMap;
use std::hint::black_box;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::{get, post};
use criterion::Criterion;
use spapi_notifications::auth::{ClientSecret, LwaCredentials, TokenProvider};
use spapi_notifications::client::{
    DEFAULT_USER_AGENT, Destination, NotificationsClient, RateLimit, RateLimits,
};
use tokio::runtime::Runtime;

/// The model's getDestinations example.
const DESTINATIONS: &str = r#"{"payload":[{"destinationId":"9e7a83ee-7730-11e9-8f9e-2a86e4085a59","name":"SQSDestination","resource":{"sqs":{"arn":"arn:aws:sqs:us-east-2:444455556666:queue1"}}}]}"#;
const TOKEN: &str =
    r#"{"access_token":"Atza|bench-token","token_type":"bearer","expires_in":3600}"#;

/// Starts the stand-in (LWA and getDestinations) on a runtime of its own, so that it does not
/// share a scheduler with the clients.
fn start_server() -> SocketAddr {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("server runtime");
        runtime.block_on(async {
            let app = Router::new()
                .route(
                    "/auth/o2/token",
                    post(|| async { ([("content-type", "application/json")], TOKEN) }),
                )
                .route(
                    "/notifications/v1/destinations",
                    get(|| async {
                        (
                            [
                                ("content-type", "application/json"),
                                ("x-amzn-RequestId", "bench-request"),
                                ("x-amzn-RateLimit-Limit", "1000000"),
                            ],
                            DESTINATIONS,
                        )
                    }),
                );
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            sender
                .send(listener.local_addr().expect("address"))
                .expect("send address");
            axum::serve(listener, app).await.expect("serve");
        });
    });
    receiver.recv().expect("server address")
}

/// The client under test, its token cached, its rate limiter on with room to spare.
fn client(runtime: &Runtime, address: SocketAddr) -> NotificationsClient {
    let client = NotificationsClient::builder()
        .endpoint(format!("http://{address}"))
        .token_url(format!("http://{address}/auth/o2/token"))
        .credentials(LwaCredentials::new(
            "bench-client",
            ClientSecret::new("bench-secret"),
        ))
        .rate_limits(RateLimits::uniform(RateLimit::new(1e9, 1_000_000)))
        .build()
        .expect("client");
    runtime.block_on(async {
        client
            .grantless_provider()
            .access_token()
            .await
            .expect("warm-up token");
        client.get_destinations().await.expect("warm-up call");
    });
    client
}

/// The baseline: bare reqwest with the same headers and the same decoding.
struct Bare {
    http: reqwest::Client,
    url: String,
    token: String,
}

impl Bare {
    async fn get_destinations(&self) -> Vec<Destination> {
        let response = self
            .http
            .get(&self.url)
            .header("accept", "application/json")
            .header("user-agent", DEFAULT_USER_AGENT)
            .header("x-amz-access-token", &self.token)
            .send()
            .await
            .expect("response");
        assert!(response.status().is_success());
        let body = response.bytes().await.expect("body");
        let mut payload: HashMap<String, Vec<Destination>> =
            serde_json::from_slice(&body).expect("destinations");
        payload.remove("payload").unwrap_or_default()
    }
}

fn bare(address: SocketAddr) -> Bare {
    Bare {
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http client"),
        url: format!("http://{address}/notifications/v1/destinations"),
        token: "Atza|bench-token".to_owned(),
    }
}

/// One request each way, as the benchmarks and the ratio run them.
struct Calls {
    runtime: Runtime,
    client: NotificationsClient,
    bare: Bare,
}

impl Calls {
    fn through_client(&self) {
        let response = self
            .runtime
            .block_on(self.client.get_destinations())
            .expect("call");
        black_box(response);
    }

    fn through_bare_reqwest(&self) {
        black_box(self.runtime.block_on(self.bare.get_destinations()));
    }
}

/// The median time of one call of `f` and of `g`, over 41 interleaved samples of about 20 ms
/// each, so that both see the same machine.
fn paired(f: impl Fn(), g: impl Fn()) -> (Duration, Duration) {
    let start = Instant::now();
    let mut calls = 0u32;
    while start.elapsed() < Duration::from_millis(20) {
        f();
        g();
        calls += 1;
    }
    let (mut fs, mut gs) = (Vec::new(), Vec::new());
    for _ in 0..41 {
        let t = Instant::now();
        (0..calls).for_each(|_| f());
        fs.push(t.elapsed() / calls);
        let t = Instant::now();
        (0..calls).for_each(|_| g());
        gs.push(t.elapsed() / calls);
    }
    fs.sort();
    gs.sort();
    (fs[fs.len() / 2], gs[gs.len() / 2])
}

fn main() {
    let address = start_server();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    let client = client(&runtime, address);
    let calls = Calls {
        bare: bare(address),
        client,
        runtime,
    };
    calls.through_bare_reqwest();

    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("getDestinations over loopback");
    group.bench_function("bare reqwest (baseline)", |b| {
        b.iter(|| calls.through_bare_reqwest());
    });
    group.bench_function("NotificationsClient", |b| {
        b.iter(|| calls.through_client());
    });
    group.finish();
    criterion.final_summary();

    println!("\nRatio measured in this run (medians of 41 interleaved samples):");
    let (bare, client) = paired(|| calls.through_bare_reqwest(), || calls.through_client());
    let overhead = client.as_secs_f64() / bare.as_secs_f64() - 1.0;
    println!(
        "  getDestinations: bare reqwest {bare:?}, NotificationsClient {client:?} -> overhead {:+.1}% (target <= 10%: {})",
        overhead * 100.0,
        if overhead <= 0.10 { "ok" } else { "MISSED" }
    );
}
