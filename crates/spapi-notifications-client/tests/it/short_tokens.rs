//! Short-lived tokens against the sandbox, which issues them (`token_lifetime`), enforces
//! Amazon's usage plan and refuses expired tokens with a 403: callers queued by the rate limit
//! send a token taken after their wait, and the refresh margin costs no extra LWA request.
//!
//! Time is real (tokio's paused clock would jump while loopback I/O is in flight), so these
//! tests take as long as the usage plan makes them: about 15 s, 11 s and 1 s, in parallel.

use std::time::Duration;

use futures_util::future::join_all;
use reqwest::StatusCode;
use spapi_auth::{ClientSecret, LwaCredentials, RefreshMargin, RefreshToken};
use spapi_notifications_client::reqwest;
use spapi_notifications_client::{
    GetSubscriptionsQuery, NotificationType, NotificationsClientBuilder,
};
use spapi_sandbox::{Fault, Sandbox};

/// The sandbox's LWA token endpoint.
const TOKEN_PATH: &str = "/auth/o2/token";

async fn sandbox(token_lifetime: Duration) -> Sandbox {
    Sandbox::builder()
        .token_lifetime(token_lifetime)
        .start()
        .await
        .expect("sandbox")
}

/// A client of `sandbox` with the default rate limits (Amazon's usage plan) and margin.
fn builder(sandbox: &Sandbox) -> NotificationsClientBuilder {
    spapi_notifications_client::NotificationsClient::builder()
        .endpoint(sandbox.base_url())
        .token_url(sandbox.token_url())
        .credentials(LwaCredentials::new(
            sandbox.client_id(),
            ClientSecret::new(sandbox.client_secret()),
        ))
}

/// The statuses the sandbox answered, LWA's excluded.
fn api_statuses(sandbox: &Sandbox) -> Vec<StatusCode> {
    sandbox
        .requests()
        .iter()
        .filter(|request| request.path != TOKEN_PATH)
        .filter_map(|request| request.status)
        .collect()
}

fn token_requests(sandbox: &Sandbox) -> usize {
    sandbox
        .requests()
        .iter()
        .filter(|request| request.path == TOKEN_PATH)
        .count()
}

/// 20 calls at once at 1 per second with a burst of 5: the last waits about 15 s, three
/// lifetimes of a 5 s token. Each call takes its token after its wait, so none is refused,
/// for the application's operations and a seller's alike.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_queued_calls_outlast_their_tokens_and_all_succeed() {
    let sandbox = sandbox(Duration::from_secs(5)).await;
    let client = builder(&sandbox).build().unwrap();
    let seller = client.seller(RefreshToken::new(sandbox.refresh_token()));
    let query = GetSubscriptionsQuery::new(NotificationType::OrderChange);

    let (grantless, sellers) = tokio::join!(
        join_all((0..20).map(|_| client.get_destinations())),
        join_all((0..20).map(|_| seller.get_subscriptions(&query))),
    );

    let failed: Vec<String> = grantless
        .iter()
        .filter_map(|result| result.as_ref().err())
        .chain(sellers.iter().filter_map(|result| result.as_ref().err()))
        .map(ToString::to_string)
        .collect();
    assert!(failed.is_empty(), "{} failed: {failed:#?}", failed.len());
    let statuses = api_statuses(&sandbox);
    assert_eq!(statuses.len(), 40, "no 403 was retried: {statuses:?}");
    assert!(statuses.iter().all(|status| *status == StatusCode::OK));
}

/// 5 s tokens used once a second for 11 s: a token for 0-4 s, one for 5-9 s, one for 10-11 s.
/// The margin of old (half of a short token's life) cost a fourth. A margin set on the
/// builder reaches the provider: half a lifetime asks again after 2.5 s, at 0, 3, 6 and 9 s.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn short_tokens_used_once_a_second_cost_three_lwa_requests() {
    let default = sandbox(Duration::from_secs(5)).await;
    let eager = sandbox(Duration::from_secs(5)).await;
    let default_client = builder(&default).build().unwrap();
    let eager_client = builder(&eager)
        .refresh_margin(RefreshMargin::new(0.5, Duration::from_secs(60)))
        .build()
        .unwrap();

    let mut ticks = tokio::time::interval(Duration::from_secs(1));
    for _ in 0..12 {
        ticks.tick().await;
        let (a, b) = tokio::join!(
            default_client.get_destinations(),
            eager_client.get_destinations()
        );
        a.unwrap();
        b.unwrap();
    }
    assert_eq!(token_requests(&default), 3);
    assert_eq!(token_requests(&eager), 4);
}

/// A 429 empties the rate limit's bucket, so the retry waits a full interval: past the life
/// of a 1 s token taken before the wait. The retry takes its token after the wait.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_after_a_wait_takes_its_token_after_the_wait() {
    let sandbox = Sandbox::builder()
        .token_lifetime(Duration::from_secs(1))
        .without_rate_limits()
        .start()
        .await
        .unwrap();
    let client = builder(&sandbox).build().unwrap();
    let seller = client.seller(RefreshToken::new(sandbox.refresh_token()));
    let query = GetSubscriptionsQuery::new(NotificationType::OrderChange);

    sandbox.fail_next(1, Fault::Throttled);
    client.get_destinations().await.unwrap();
    sandbox.fail_next(1, Fault::Throttled);
    seller.get_subscriptions(&query).await.unwrap();

    let statuses = api_statuses(&sandbox);
    assert_eq!(
        statuses,
        [
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::OK,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::OK
        ]
    );
}
