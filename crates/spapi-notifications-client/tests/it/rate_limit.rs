//! The client-side rate limit against a server that enforces a token bucket of its own.
//!
//! The usage plan is 1 request per second with a burst of 5, so 20 calls need at least 15 s.
//! The rule is the same at any rate (the unit tests in `src/rate_limit.rs` check the exact
//! 1/s schedule: five at once, then one per second), so this test runs it at 10 requests per
//! second with a burst of 5: 20 calls need at least 1.5 s, and the suite stays fast. Time is
//! real: tokio's paused clock jumps to the next timer while loopback I/O is in flight, which
//! would distort both the server's view and the total.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{self, DESTINATIONS, FixedToken, ORDER_CHANGE};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use futures_util::future::join_all;
use spapi_auth::retry::RetryPolicy;
use spapi_notifications_client::reqwest;
use spapi_notifications_client::{NotificationsClient, RateLimit, RateLimits};

const RATE: f64 = 10.0;
const BURST: u32 = 5;
const CALLS: usize = 20;
/// How early a request may arrive and still be accepted. Loopback latency varies by a few
/// milliseconds (the burst opens new connections; later requests reuse them), so a request
/// released exactly on time can reach the server a little before its token: with no allowance
/// at all this test fails now and then, as pacing exactly at the limit would against Amazon
/// (the client then waits and retries the 429). The allowance still catches every wrong
/// client: one without the limit is a whole token early, a burst of 6 one token early, a rate
/// of 10.5/s 70 ms early by the 20th call.
const JITTER: Duration = Duration::from_millis(20);

/// A token bucket on the server side: `rate` per second, `burst` at most, starting full.
struct Enforcer {
    rate: f64,
    burst: f64,
    tokens: f64,
    updated: Instant,
    accepted: usize,
    throttled: usize,
}

type Shared = Arc<Mutex<Enforcer>>;

async fn destinations(State(enforcer): State<Shared>) -> impl IntoResponse {
    let mut enforcer = enforcer.lock().unwrap();
    let now = Instant::now();
    let earned = now.duration_since(enforcer.updated).as_secs_f64() * enforcer.rate;
    enforcer.tokens = (enforcer.tokens + earned).min(enforcer.burst);
    enforcer.updated = now;
    let allowance = JITTER.as_secs_f64() * enforcer.rate;
    let rate = enforcer.rate.to_string();
    if enforcer.tokens + allowance >= 1.0 {
        enforcer.tokens -= 1.0;
        enforcer.accepted += 1;
        (
            StatusCode::OK,
            [("x-amzn-RateLimit-Limit", rate)],
            r#"{"payload":[]}"#,
        )
    } else {
        enforcer.throttled += 1;
        (
            StatusCode::TOO_MANY_REQUESTS,
            [("x-amzn-RateLimit-Limit", rate)],
            r#"{"errors":[{"code":"QuotaExceeded","message":"You exceeded your quota for the requested resource."}]}"#,
        )
    }
}

/// Starts an enforcing Notifications API stand-in on 127.0.0.1.
async fn enforcing_server() -> (SocketAddr, Shared) {
    let enforcer = Arc::new(Mutex::new(Enforcer {
        rate: RATE,
        burst: f64::from(BURST),
        tokens: f64::from(BURST),
        updated: Instant::now(),
        accepted: 0,
        throttled: 0,
    }));
    let app = Router::new()
        .route(DESTINATIONS, get(destinations))
        .with_state(enforcer.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (address, enforcer)
}

fn client(address: SocketAddr, limits: RateLimits) -> NotificationsClient {
    NotificationsClient::builder()
        .endpoint(format!("http://{address}"))
        .grantless_provider(FixedToken::new("Atza|fixed-token"))
        .rate_limits(limits)
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_twenty_calls_is_never_throttled_and_takes_the_minimum_time() {
    let (address, enforcer) = enforcing_server().await;
    let client = client(address, RateLimits::uniform(RateLimit::new(RATE, BURST)));

    let started = Instant::now();
    let results = join_all((0..CALLS).map(|_| client.get_destinations())).await;
    let elapsed = started.elapsed();

    let failures: Vec<_> = results
        .iter()
        .filter_map(|result| result.as_ref().err())
        .collect();
    assert!(failures.is_empty(), "{failures:?}");
    let enforcer = enforcer.lock().unwrap();
    assert_eq!((enforcer.accepted, enforcer.throttled), (CALLS, 0));
    // Five at once, then one every 100 ms: the 20th goes out 1.5 s after the first.
    let minimum = Duration::from_secs_f64((CALLS - BURST as usize) as f64 / RATE);
    assert!(elapsed >= minimum - JITTER, "{elapsed:?} < {minimum:?}");
    assert!(
        elapsed.as_secs_f64() <= minimum.as_secs_f64() * 1.05,
        "{elapsed:?} is more than 5% above {minimum:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_limit_the_same_burst_is_throttled() {
    // The control: the server does enforce, so the test above proves the client's limit.
    let (address, enforcer) = enforcing_server().await;
    let client = client(address, RateLimits::disabled());

    let results = join_all((0..CALLS).map(|_| client.get_destinations())).await;
    let throttled = results
        .iter()
        .filter(|result| matches!(result, Err(error) if error.is_status(reqwest::StatusCode::TOO_MANY_REQUESTS)))
        .count();
    assert!(
        throttled >= CALLS - BURST as usize - 1,
        "{throttled} throttled"
    );
    assert_eq!(enforcer.lock().unwrap().throttled, throttled);
}

#[tokio::test]
async fn each_seller_and_the_application_have_buckets_of_their_own() {
    let server = support::server().await;
    let subscription = serde_json::json!({"payload": {"subscriptionId": "s", "payloadVersion": "1.0", "destinationId": "d"}});
    wiremock::Mock::given(wiremock::matchers::path(ORDER_CHANGE))
        .respond_with(support::answer(200, subscription))
        .expect(5)
        .mount(&server)
        .await;
    wiremock::Mock::given(wiremock::matchers::path(DESTINATIONS))
        .respond_with(support::answer(200, serde_json::json!({"payload": []})))
        .expect(2)
        .mount(&server)
        .await;
    let client = support::builder(&server)
        .rate_limits(RateLimits::uniform(RateLimit::new(1.0, 2)))
        .build()
        .unwrap();
    let first = support::seller(&client);
    let second = client.seller(spapi_auth::RefreshToken::new(support::OTHER_REFRESH_TOKEN));
    let kind = spapi_notifications_client::NotificationType::OrderChange;

    // Two sellers and the application each spend their own burst of 2 at once.
    let started = Instant::now();
    for seller in [&first, &second] {
        for _ in 0..2 {
            seller.get_subscription(&kind, None).await.unwrap();
        }
    }
    client.get_destinations().await.unwrap();
    client.get_destinations().await.unwrap();
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "{:?}",
        started.elapsed()
    );

    // Clones and new handles of the same seller share its bucket: the third call waits.
    let again = client.seller(spapi_auth::RefreshToken::new(support::REFRESH_TOKEN));
    let started = Instant::now();
    again.get_subscription(&kind, None).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
}
