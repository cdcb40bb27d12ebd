//! What a cached token costs a caller: `access_token()` on a warm `LwaTokenProvider`, through
//! `Arc<dyn TokenProvider>` as the clients hold it, against the least any cache can do (lock a
//! mutex, clone the token, box the future) measured in the same run. A cache hit completes on the
//! first poll, so both are polled once (`now_or_never`), without a runtime in the way.
//!
//! `cargo bench -p spapi-auth --bench token_cache` prints both and their ratio.

use std::hint::black_box;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use futures_util::FutureExt;
use serde_json::json;
use spapi_auth::{
    AccessToken, BoxFuture, ClientSecret, Error, LwaCredentials, LwaTokenProvider, Scope,
    TokenProvider,
};
use tokio::runtime::Runtime;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The baseline: a provider that only locks, clones and boxes.
#[derive(Debug)]
struct Baseline(Mutex<AccessToken>);

impl TokenProvider for Baseline {
    fn access_token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        let token = self.0.lock().expect("baseline lock").clone();
        Box::pin(async move { Ok(token) })
    }

    fn invalidate(&self) {}
}

/// Both providers, the LWA one warmed up against a local stand-in.
fn providers(runtime: &Runtime) -> (MockServer, Arc<dyn TokenProvider>, Arc<dyn TokenProvider>) {
    runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                json!({"access_token": "Atza|bench", "token_type": "bearer", "expires_in": 3600}),
            ))
            .mount(&server)
            .await;
        let credentials = LwaCredentials::new("bench-client", ClientSecret::new("bench-secret"));
        let lwa = LwaTokenProvider::builder(
            credentials,
            spapi_auth::Grant::client_credentials([Scope::NOTIFICATIONS]),
        )
        .token_url(
            format!("{}/auth/o2/token", server.uri())
                .parse()
                .expect("url"),
        )
        .build();
        let token = lwa.access_token().await.expect("warm-up token");
        let baseline = Baseline(Mutex::new(token));
        (
            server,
            Arc::new(lwa) as Arc<dyn TokenProvider>,
            Arc::new(baseline) as Arc<dyn TokenProvider>,
        )
    })
}

fn bench_cached_token(c: &mut Criterion) {
    let runtime = Runtime::new().expect("runtime");
    let (_server, lwa, baseline) = providers(&runtime);
    let mut group = c.benchmark_group("cached access_token");
    for (name, provider) in [
        ("baseline (lock + clone)", &baseline),
        ("LwaTokenProvider", &lwa),
    ] {
        group.bench_function(name, |b| b.iter(|| black_box(cached(provider))));
    }
    group.finish();
}

/// A cached token: the call must complete on its first poll.
fn cached(provider: &Arc<dyn TokenProvider>) -> AccessToken {
    provider
        .access_token()
        .now_or_never()
        .expect("a cache hit is immediate")
        .expect("cached token")
}

/// Mean time per call over `calls` calls.
fn time_per_call(provider: &Arc<dyn TokenProvider>, calls: u32) -> Duration {
    let started = Instant::now();
    for _ in 0..calls {
        black_box(cached(provider));
    }
    started.elapsed() / calls
}

fn print_ratio() {
    let runtime = Runtime::new().expect("runtime");
    let (_server, lwa, baseline) = providers(&runtime);
    let calls = 2_000_000;
    time_per_call(&lwa, calls / 10); // warm-up
    let base = time_per_call(&baseline, calls);
    let ours = time_per_call(&lwa, calls);
    writeln!(
        std::io::stdout(),
        "cached access_token: LwaTokenProvider {ours:?}/call, baseline {base:?}/call, ratio {:.2}",
        ours.as_secs_f64() / base.as_secs_f64()
    )
    .expect("stdout");
}

criterion_group!(benches, bench_cached_token);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // `cargo test --all-targets` runs benches once as smoke tests; the ratio is for `cargo bench`.
    if std::env::args().any(|arg| arg == "--bench") {
        print_ratio();
    }
}
