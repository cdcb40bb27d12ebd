//! No schedule of calls makes the client exceed its rate limit: arbitrary interleavings of the
//! application and two sellers calling four operations, with pauses and 429 answers, checked
//! against a token bucket per operation and principal replayed over the server's arrival times.
//!
//! Time is real (see `rate_limit.rs` for why): 20 requests per second, burst 2, so a case takes
//! at most half a second, and arrivals may be `JITTER` early (loopback latency) as there.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::IntoResponse;
use futures_util::future::join_all;
use proptest::prelude::*;
use spapi_auth::retry::RetryPolicy;
use spapi_notifications_client::{NotificationType, NotificationsClient, RateLimit, RateLimits};

use crate::support::{ACCESS_TOKEN, FixedToken};

const RATE: f64 = 20.0;
const BURST: u32 = 2;
const JITTER: Duration = Duration::from_millis(20);
const TOKENS: [&str; 3] = ["Atza|app", "Atza|seller-a", "Atza|seller-b"];

/// One call of a schedule: who calls which operation, after how long a pause.
#[derive(Debug, Clone)]
struct Call {
    caller: usize,
    operation: usize,
    pause: Duration,
}

fn call() -> impl Strategy<Value = Call> {
    (0..3usize, 0..2usize, 0..40u64).prop_map(|(caller, operation, pause)| Call {
        caller,
        operation,
        pause: Duration::from_millis(pause),
    })
}

/// What the server saw: when each request arrived, with which token, for which path.
#[derive(Default)]
struct Seen {
    arrivals: Vec<(Instant, String, String)>,
    /// Every `throttle_every`-th request is answered 429 (0: never).
    throttle_every: usize,
}

async fn answer(
    State(seen): State<Arc<Mutex<Seen>>>,
    uri: Uri,
    headers: HeaderMap,
) -> impl IntoResponse {
    let mut seen = seen.lock().unwrap();
    let token = headers
        .get(ACCESS_TOKEN)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    seen.arrivals
        .push((Instant::now(), token, uri.path().to_owned()));
    let rate = [("x-amzn-RateLimit-Limit", RATE.to_string())];
    if seen.throttle_every > 0 && seen.arrivals.len() % seen.throttle_every == 0 {
        let body = r#"{"errors":[{"code":"QuotaExceeded","message":"You exceeded your quota."}]}"#;
        return (StatusCode::TOO_MANY_REQUESTS, rate, body);
    }
    (StatusCode::OK, rate, r#"{"payload":[]}"#)
}

async fn server(throttle_every: usize) -> (SocketAddr, Arc<Mutex<Seen>>) {
    let seen = Arc::new(Mutex::new(Seen {
        throttle_every,
        ..Seen::default()
    }));
    let app = Router::new().fallback(answer).with_state(Arc::clone(&seen));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (address, seen)
}

/// Runs the schedule, every call in a task of its own released after the pauses before it.
async fn run(
    schedule: &[Call],
    limits: RateLimits,
    throttle_every: usize,
) -> Vec<(Instant, String, String)> {
    let (address, seen) = server(throttle_every).await;
    let client = NotificationsClient::builder()
        .endpoint(format!("http://{address}"))
        .grantless_provider(FixedToken::new(TOKENS[0]))
        .rate_limits(limits)
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    let sellers = [1, 2].map(|i| client.seller_with_provider(FixedToken::new(TOKENS[i])));
    let mut release = Duration::ZERO;
    let tasks = schedule.iter().map(|call| {
        release += call.pause;
        let (client, sellers, call, release) =
            (client.clone(), sellers.clone(), call.clone(), release);
        tokio::spawn(async move {
            tokio::time::sleep(release).await;
            // Failures (429s, answers that are not what the operation returns) are fine:
            // only when requests were sent matters here.
            match (call.caller, call.operation) {
                (0, 0) => drop(client.get_destinations().await),
                (0, _) => drop(client.get_destination("d-1").await),
                (seller, 0) => drop(
                    sellers[seller - 1]
                        .get_subscription(&NotificationType::OrderChange, None)
                        .await,
                ),
                (seller, _) => drop(
                    sellers[seller - 1]
                        .get_subscription(&NotificationType::AnyOfferChanged, None)
                        .await,
                ),
            }
        })
    });
    for task in join_all(tasks).await {
        task.unwrap();
    }
    let mut seen = seen.lock().unwrap();
    std::mem::take(&mut seen.arrivals)
}

/// The requests that a bucket of `RATE` and `BURST` per token and path would have refused.
fn over_the_limit(arrivals: &[(Instant, String, String)]) -> Vec<String> {
    let mut buckets: std::collections::HashMap<(&str, &str), (f64, Instant)> = Default::default();
    let allowance = JITTER.as_secs_f64() * RATE;
    let mut refused = Vec::new();
    for (at, token, path) in arrivals {
        let (tokens, updated) = buckets
            .entry((token, path))
            .or_insert((f64::from(BURST), *at));
        *tokens =
            (*tokens + at.duration_since(*updated).as_secs_f64() * RATE).min(f64::from(BURST));
        *updated = *at;
        if *tokens + allowance < 1.0 {
            refused.push(format!("{token} {path} with {tokens:.2} tokens"));
        }
        *tokens -= 1.0;
    }
    refused
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn no_schedule_exceeds_a_bucket(
        schedule in prop::collection::vec(call(), 1..12),
        throttle_every in prop_oneof![3 => Just(0usize), 1 => 2..5usize],
    ) {
        let limits = RateLimits::uniform(RateLimit::new(RATE, BURST));
        let arrivals = runtime().block_on(run(&schedule, limits, throttle_every));
        prop_assert_eq!(arrivals.len(), schedule.len(), "every call sent one request");
        let refused = over_the_limit(&arrivals);
        prop_assert!(refused.is_empty(), "over the limit: {:?}", refused);
    }
}

/// The control: without the limit, a burst of one principal's calls is over it, so the
/// property above is not true of any client.
#[test]
fn without_the_limit_a_burst_is_over_it() {
    let burst: Vec<Call> = (0..6)
        .map(|_| Call {
            caller: 1,
            operation: 0,
            pause: Duration::ZERO,
        })
        .collect();
    let arrivals = runtime().block_on(run(&burst, RateLimits::disabled(), 0));
    assert!(over_the_limit(&arrivals).len() >= 3, "{arrivals:?}");
}
