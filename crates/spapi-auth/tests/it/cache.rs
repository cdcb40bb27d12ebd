//! The token cache: reuse, refresh at the margin, single flight, invalidation.

use std::sync::Arc;
use std::time::Duration;

use crate::support::*;
use spapi_auth::{Error, LwaTokenProvider, OAuthErrorCode, RefreshMargin, TokenProvider};
use tokio::task::JoinSet;
use wiremock::MockServer;

/// Asks `provider` for a token from `callers` tasks at once and returns every result.
async fn concurrent_calls(
    provider: &LwaTokenProvider,
    callers: usize,
) -> Vec<Result<String, Error>> {
    let mut tasks = JoinSet::new();
    for _ in 0..callers {
        let provider = provider.clone();
        tasks.spawn(async move {
            provider
                .access_token()
                .await
                .map(|token| token.expose_secret().to_owned())
        });
    }
    tasks.join_all().await
}

/// [`concurrent_calls`] on a real clock: a caller left waiting (a lost wake-up) fails the test
/// after a minute instead of hanging it.
async fn concurrent_calls_answered(
    provider: &LwaTokenProvider,
    callers: usize,
) -> Vec<Result<String, Error>> {
    tokio::time::timeout(Duration::from_secs(60), concurrent_calls(provider, callers))
        .await
        .expect("every caller gets an answer within a minute")
}

fn token(n: usize) -> String {
    format!("{ACCESS_TOKEN_PREFIX}{n}")
}

async fn next_token(provider: &impl TokenProvider) -> String {
    provider
        .access_token()
        .await
        .expect("token")
        .expose_secret()
        .to_owned()
}

#[tokio::test(start_paused = true)]
async fn the_token_is_reused_until_the_margin_and_refreshed_after_it() {
    let server = lwa_server(3600).await;
    let provider = builder(&server, seller_grant()).build();

    assert_eq!(next_token(&provider).await, token(1));
    tokio::time::advance(Duration::from_secs(3600 - 60 - 1)).await;
    assert_eq!(
        next_token(&provider).await,
        token(1),
        "reused before the margin"
    );
    assert_eq!(request_count(&server).await, 1);

    tokio::time::advance(Duration::from_secs(1)).await;
    assert_eq!(
        next_token(&provider).await,
        token(2),
        "refreshed at the margin"
    );
    assert_eq!(next_token(&provider).await, token(2));
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test(start_paused = true)]
async fn the_refresh_margin_is_configurable() {
    let server = lwa_server(3600).await;
    let provider = builder(&server, seller_grant())
        .refresh_margin(RefreshMargin::new(0.5, Duration::from_secs(600)))
        .build();

    next_token(&provider).await;
    tokio::time::advance(Duration::from_secs(2999)).await;
    assert_eq!(next_token(&provider).await, token(1));
    tokio::time::advance(Duration::from_secs(1)).await;
    assert_eq!(next_token(&provider).await, token(2));
}

#[tokio::test(start_paused = true)]
async fn a_short_lived_token_is_kept_for_nine_tenths_of_its_life() {
    let server = lwa_server(60).await;
    let provider = builder(&server, seller_grant()).build();

    next_token(&provider).await;
    tokio::time::advance(Duration::from_secs(53)).await;
    assert_eq!(next_token(&provider).await, token(1));
    tokio::time::advance(Duration::from_secs(1)).await;
    assert_eq!(next_token(&provider).await, token(2));
}

/// 5 s tokens used once a second for 11 s: one token for 0-4 s, one for 5-9 s, one for
/// 10-11 s. The margin of the old rule (half of a short lifetime) cost a fourth request.
#[tokio::test(start_paused = true)]
async fn short_tokens_used_once_a_second_cost_no_extra_request() {
    let server = lwa_server(5).await;
    let provider = builder(&server, seller_grant()).build();

    let mut tokens = Vec::new();
    for _ in 0..12 {
        tokens.push(next_token(&provider).await);
        tokio::time::advance(Duration::from_secs(1)).await;
    }
    assert_eq!(request_count(&server).await, 3);
    let expected: Vec<String> = [1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3]
        .into_iter()
        .map(token)
        .collect();
    assert_eq!(tokens, expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_callers_on_a_cold_cache_cause_one_request() {
    let server = MockServer::start().await;
    // The delay keeps the request in flight while every caller arrives.
    token_endpoint(issue_tokens_after(3600, Duration::from_millis(300)))
        .mount(&server)
        .await;
    let provider = builder(&server, grantless_grant()).build();

    let results = concurrent_calls_answered(&provider, 1000).await;

    assert_eq!(results.len(), 1000);
    assert!(results.iter().all(|r| matches!(r, Ok(t) if *t == token(1))));
    assert_eq!(request_count(&server).await, 1);
}

/// Many short flights on two threads, where a missed wake-up (as `futures::future::Shared` has,
/// futures-rs#2706) once left every caller waiting forever.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_caller_of_many_cold_flights_on_two_threads_is_answered() {
    let server = MockServer::start().await;
    token_endpoint(issue_tokens(3600)).mount(&server).await;
    for round in 1..=200 {
        let provider = builder(&server, grantless_grant()).build();
        let results = concurrent_calls_answered(&provider, 50).await;
        assert!(results.iter().all(Result::is_ok), "round {round}");
    }
    assert_eq!(request_count(&server).await, 200);
}

#[tokio::test(start_paused = true)]
async fn a_thousand_callers_at_expiry_cause_one_request() {
    let server = MockServer::start().await;
    token_endpoint(issue_tokens_after(3600, Duration::from_millis(100)))
        .mount(&server)
        .await;
    let provider = builder(&server, grantless_grant()).build();
    assert_eq!(next_token(&provider).await, token(1));

    tokio::time::advance(Duration::from_secs(3600)).await;
    let results = concurrent_calls(&provider, 1000).await;

    assert!(results.iter().all(|r| matches!(r, Ok(t) if *t == token(2))));
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_reaches_every_waiter_and_the_next_call_tries_again() {
    let server = MockServer::start().await;
    token_endpoint(oauth_error(400, "invalid_grant").set_delay(Duration::from_secs(1)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    token_endpoint(issue_tokens(3600)).mount(&server).await;
    let provider = builder(&server, seller_grant()).build();

    let results = concurrent_calls_answered(&provider, 1000).await;

    assert_eq!(results.len(), 1000);
    for result in &results {
        let error = result.as_ref().expect_err("every waiter gets the error");
        assert_eq!(error.oauth_code(), Some(&OAuthErrorCode::InvalidGrant));
    }
    assert_eq!(request_count(&server).await, 1);

    assert_eq!(next_token(&provider).await, token(1));
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test(start_paused = true)]
async fn invalidate_makes_the_next_call_fetch() {
    let server = lwa_server(3600).await;
    let provider = builder(&server, seller_grant()).build();

    assert_eq!(next_token(&provider).await, token(1));
    provider.invalidate();
    assert_eq!(next_token(&provider).await, token(2));
    assert_eq!(next_token(&provider).await, token(2));
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test(start_paused = true)]
async fn clones_and_trait_objects_share_one_cache() {
    let server = lwa_server(3600).await;
    let provider = builder(&server, seller_grant()).build();
    let shared: Arc<dyn TokenProvider> = Arc::new(provider.clone());

    assert_eq!(next_token(&provider).await, token(1));
    assert_eq!(next_token(&shared).await, token(1));
    assert_eq!(next_token(&provider.clone()).await, token(1));
    shared.invalidate();
    assert_eq!(next_token(&provider).await, token(2));
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_abandoned_caller_does_not_abandon_the_request() {
    let server = MockServer::start().await;
    token_endpoint(issue_tokens_after(3600, Duration::from_millis(200)))
        .mount(&server)
        .await;
    let provider = builder(&server, seller_grant()).build();

    let first = tokio::spawn({
        let provider = provider.clone();
        async move { provider.access_token().await.map(|_| ()) }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    first.abort();

    assert_eq!(next_token(&provider).await, token(1));
    assert_eq!(request_count(&server).await, 1);
}
