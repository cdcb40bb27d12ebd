//! Retries: only transient failures, within the policy's bounds.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use crate::support::*;
use spapi_auth::retry::RetryPolicy;
use spapi_auth::{Error, OAuthErrorCode, TokenProvider};
use tokio::time::Instant;
use wiremock::{MockServer, ResponseTemplate};

/// A server answering the first `failures.len()` requests with `failures`, then with tokens.
async fn server_failing_with(failures: Vec<ResponseTemplate>) -> MockServer {
    let server = MockServer::start().await;
    for failure in failures {
        token_endpoint(failure)
            .up_to_n_times(1)
            .mount(&server)
            .await;
    }
    token_endpoint(issue_tokens(3600)).mount(&server).await;
    server
}

#[tokio::test]
async fn a_503_then_a_200_succeeds() {
    let server = server_failing_with(vec![ResponseTemplate::new(503)]).await;
    let provider = builder(&server, seller_grant()).build();

    let token = provider.access_token().await.expect("the retry succeeds");

    assert_eq!(token.expose_secret(), format!("{ACCESS_TOKEN_PREFIX}1"));
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn throttling_and_oauth_server_errors_are_retried() {
    let server = server_failing_with(vec![
        ResponseTemplate::new(429),
        oauth_error(500, "server_error"),
    ])
    .await;
    let provider = builder(&server, grantless_grant()).build();

    provider
        .access_token()
        .await
        .expect("the third attempt succeeds");

    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn a_timeout_is_retried() {
    let server = server_failing_with(vec![
        ResponseTemplate::new(200).set_delay(Duration::from_secs(5)),
    ])
    .await;
    let provider = builder(&server, seller_grant())
        .timeout(Duration::from_millis(100))
        .build();

    provider
        .access_token()
        .await
        .expect("the second attempt succeeds");

    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn invalid_grant_is_not_retried() {
    let server = server_failing_with(vec![oauth_error(400, "invalid_grant")]).await;
    let provider = builder(&server, seller_grant()).build();

    let error = provider.access_token().await.expect_err("not retried");

    assert_eq!(error.oauth_code(), Some(&OAuthErrorCode::InvalidGrant));
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn no_4xx_is_retried() {
    for status in [400, 401, 403, 404] {
        let server = server_failing_with(vec![ResponseTemplate::new(status)]).await;
        let provider = builder(&server, seller_grant()).build();

        let error = provider.access_token().await.expect_err("not retried");

        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(request_count(&server).await, 1, "http {status}");
    }
}

#[tokio::test]
async fn attempts_stop_at_the_maximum_with_the_last_error() {
    let server = MockServer::start().await;
    token_endpoint(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let provider = builder(&server, seller_grant())
        .retry_policy(fast_retries().with_max_attempts(4))
        .build();

    let error = provider.access_token().await.expect_err("always 503");

    assert!(matches!(&error, Error::UnexpectedResponse { status, .. } if status.as_u16() == 503));
    assert_eq!(request_count(&server).await, 4);
}

#[tokio::test(start_paused = true)]
async fn no_attempt_starts_after_the_time_budget() {
    let server = MockServer::start().await;
    token_endpoint(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let policy = RetryPolicy::default()
        .with_max_attempts(1000)
        .with_initial_backoff(Duration::from_secs(1))
        .with_max_backoff(Duration::from_secs(4))
        .with_max_elapsed(Duration::from_secs(20));
    let provider = builder(&server, seller_grant())
        .retry_policy(policy)
        .build();
    let started = Instant::now();

    provider.access_token().await.expect_err("always 503");

    // Requests take no time on the paused clock: the backoff sleeps are all that elapsed.
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    let requests = request_count(&server).await;
    assert!((5..1000).contains(&requests), "{requests} requests");
}

#[test]
fn the_backoff_ceiling_doubles_up_to_the_maximum() {
    let policy = RetryPolicy::default()
        .with_initial_backoff(Duration::from_millis(100))
        .with_max_backoff(Duration::from_secs(1));
    let ceilings: Vec<u128> = (1..=6)
        .map(|attempt| policy.backoff_ceiling(attempt).as_millis())
        .collect();
    assert_eq!(ceilings, [100, 200, 400, 800, 1000, 1000]);
    assert_eq!(policy.backoff_ceiling(u32::MAX), Duration::from_secs(1));
}

#[test]
fn the_backoff_is_jittered_within_its_ceiling() {
    let policy = RetryPolicy::default()
        .with_initial_backoff(Duration::from_millis(100))
        .with_max_backoff(Duration::from_secs(1));
    for attempt in 1..=6 {
        let delays: Vec<Duration> = (0..500).map(|_| policy.backoff(attempt)).collect();
        let ceiling = policy.backoff_ceiling(attempt);
        assert!(delays.iter().all(|delay| *delay <= ceiling));
        // Full jitter spreads delays over the whole range.
        assert!(
            delays.iter().any(|delay| *delay < ceiling / 4),
            "attempt {attempt}"
        );
        assert!(
            delays.iter().any(|delay| *delay > ceiling * 3 / 4),
            "attempt {attempt}"
        );
    }
}

#[test]
fn next_delay_respects_attempts_and_elapsed_time() {
    let policy = RetryPolicy::default()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(100))
        .with_max_elapsed(Duration::from_secs(10));
    assert!(policy.next_delay(1, Duration::ZERO).is_some());
    assert!(policy.next_delay(2, Duration::from_secs(5)).is_some());
    assert_eq!(
        policy.next_delay(3, Duration::ZERO),
        None,
        "no attempts left"
    );
    assert_eq!(
        policy.next_delay(1, Duration::from_secs(10)),
        None,
        "no time left"
    );

    assert_eq!(RetryPolicy::never().max_attempts(), 1);
    assert_eq!(RetryPolicy::never().next_delay(1, Duration::ZERO), None);
    assert_eq!(
        RetryPolicy::default().with_max_attempts(0).max_attempts(),
        1
    );
}

#[derive(Debug, PartialEq)]
enum CallError {
    Busy,
    Denied,
}

#[tokio::test(start_paused = true)]
async fn run_retries_any_operation_with_its_own_notion_of_transient() {
    let policy = RetryPolicy::default().with_max_attempts(5);
    let calls = AtomicU32::new(0);

    let result = policy
        .run(
            |attempt| {
                calls.fetch_add(1, Ordering::SeqCst);
                async move {
                    if attempt < 3 {
                        Err(CallError::Busy)
                    } else {
                        Ok(attempt)
                    }
                }
            },
            |error| *error == CallError::Busy,
        )
        .await;
    assert_eq!(result, Ok(3));

    let result: Result<(), _> = policy
        .run(
            |_| async { Err(CallError::Denied) },
            |error| *error == CallError::Busy,
        )
        .await;
    assert_eq!(result, Err(CallError::Denied));
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}
