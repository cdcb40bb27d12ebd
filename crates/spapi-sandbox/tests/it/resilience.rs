//! Usage-plan rate limits (429 `QuotaExceeded`, `x-amzn-RateLimit-Limit`) and injected faults.

use std::time::{Duration, Instant};

use crate::support::{
    self, NOTIFICATIONS_SCOPE, get, grantless_token, lwa, seller_token, seller_token_of,
    two_sellers,
};
use reqwest::StatusCode;
use spapi_sandbox::{Error, Fault, Faults, Operation, RateLimit, Sandbox};

#[tokio::test]
async fn the_default_usage_plan_allows_a_burst_of_five_per_operation_and_caller() {
    let sandbox = two_sellers().start().await.unwrap();
    let grantless = grantless_token(&sandbox).await;
    for _ in 0..5 {
        let answer = get(&sandbox, "/destinations", &grantless).await;
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.headers["x-amzn-ratelimit-limit"], "1.0");
    }
    let throttled = get(&sandbox, "/destinations", &grantless).await;
    throttled.assert_error(429, "QuotaExceeded");
    assert_eq!(
        throttled.error().1,
        "You exceeded your quota for the requested resource."
    );
    assert_eq!(throttled.headers["x-amzn-ratelimit-limit"], "1.0");

    // Other operations, and other callers, have buckets of their own.
    let other_operation = get(&sandbox, "/destinations/d-1", &grantless).await;
    other_operation.assert_error(404, "NotFound");
    let first = seller_token(&sandbox).await;
    let second = seller_token_of(&sandbox, "Atzr|second").await;
    for _ in 0..5 {
        get(&sandbox, "/subscriptions/ORDER_CHANGE", &first)
            .await
            .assert_error(404, "NotFound");
    }
    get(&sandbox, "/subscriptions/ORDER_CHANGE", &first)
        .await
        .assert_error(429, "QuotaExceeded");
    get(&sandbox, "/subscriptions/ORDER_CHANGE", &second)
        .await
        .assert_error(404, "NotFound");

    let throttles = sandbox
        .requests()
        .iter()
        .filter(|r| r.status == Some(StatusCode::TOO_MANY_REQUESTS))
        .count();
    assert_eq!(throttles, 2);
}

#[tokio::test]
async fn usage_plans_are_configurable_refill_and_can_be_disabled() {
    let sandbox = Sandbox::builder()
        .rate_limit(RateLimit::new(2.0, 2))
        .start()
        .await
        .unwrap();
    let grantless = grantless_token(&sandbox).await;
    assert_eq!(
        get(&sandbox, "/destinations", &grantless).await.headers["x-amzn-ratelimit-limit"],
        "2.0"
    );
    get(&sandbox, "/destinations", &grantless).await.payload();
    get(&sandbox, "/destinations", &grantless)
        .await
        .assert_error(429, "QuotaExceeded");
    // 2 per second: a token is back within 500 ms.
    tokio::time::sleep(Duration::from_millis(600)).await;
    get(&sandbox, "/destinations", &grantless).await.payload();

    // No plan at all but for one operation.
    let sandbox = Sandbox::builder()
        .without_rate_limits()
        .operation_rate_limit(Operation::GetDestination, RateLimit::new(0.5, 1))
        .start()
        .await
        .unwrap();
    let grantless = grantless_token(&sandbox).await;
    for _ in 0..20 {
        let answer = get(&sandbox, "/destinations", &grantless).await;
        assert_eq!(answer.status, StatusCode::OK);
        assert!(!answer.headers.contains_key("x-amzn-ratelimit-limit"));
    }
    let limited = get(&sandbox, "/destinations/d-1", &grantless).await;
    assert_eq!(limited.headers["x-amzn-ratelimit-limit"], "0.5");
    get(&sandbox, "/destinations/d-1", &grantless)
        .await
        .assert_error(429, "QuotaExceeded");

    for bad in [
        RateLimit::new(0.0, 1),
        RateLimit::new(1.0, 0),
        RateLimit::new(f64::INFINITY, 1),
    ] {
        let error = Sandbox::builder()
            .rate_limit(bad)
            .start()
            .await
            .unwrap_err();
        assert!(
            matches!(
                error,
                Error::Config {
                    setting: "rate_limit",
                    ..
                }
            ),
            "{error}"
        );
    }
}

/// The statuses of `n` `getDestinations` calls (`None` for a dropped connection).
async fn statuses(sandbox: &Sandbox, token: &str, n: usize) -> Vec<Option<u16>> {
    let http = reqwest::Client::new();
    let url = format!("{}/notifications/v1/destinations", sandbox.base_url());
    let mut statuses = Vec::new();
    for _ in 0..n {
        let answer = http
            .get(&url)
            .header("x-amz-access-token", token)
            .send()
            .await;
        statuses.push(answer.ok().map(|answer| answer.status().as_u16()));
    }
    statuses
}

#[tokio::test]
async fn random_faults_follow_their_rates_and_repeat_with_a_seed() {
    let faults = Faults {
        error_rate: 0.4,
        drop_rate: 0.2,
        ..Faults::default()
    };
    let start = || {
        Sandbox::builder()
            .without_rate_limits()
            .faults(faults.clone())
            .seed(9)
            .start()
    };
    let (first, second) = (start().await.unwrap(), start().await.unwrap());
    // LWA is spared by default.
    let (token_a, token_b) = (
        grantless_token(&first).await,
        grantless_token(&second).await,
    );
    let a = statuses(&first, &token_a, 60).await;
    let b = statuses(&second, &token_b, 60).await;
    assert_eq!(a, b, "the same seed, the same faults");
    let count = |status: Option<u16>| a.iter().filter(|s| **s == status).count();
    assert!(
        count(None) > 0 && count(Some(500)) > 0 && count(Some(503)) > 0 && count(Some(200)) > 0,
        "{a:?}"
    );
    assert_eq!(
        count(None) + count(Some(500)) + count(Some(503)) + count(Some(200)),
        60
    );
    // The log has every request, dropped ones without a status.
    let logged = first.requests();
    let api: Vec<_> = logged
        .iter()
        .filter(|r| r.operation == Some(Operation::GetDestinations))
        .collect();
    assert_eq!(
        api.iter().filter(|r| r.status.is_none()).count(),
        count(None)
    );

    // Server errors carry SP-API's bodies.
    first
        .set_faults(Faults {
            error_rate: 1.0,
            ..Faults::default()
        })
        .unwrap();
    let failed = get(&first, "/destinations", &token_a).await;
    assert!(
        matches!(failed.error().0, "InternalFailure" | "ServiceUnavailable"),
        "{:#}",
        failed.body
    );
    assert!(failed.headers.contains_key("x-amzn-requestid"));

    first.set_faults(Faults::default()).unwrap();
    assert!(
        statuses(&first, &token_a, 10)
            .await
            .iter()
            .all(|s| *s == Some(200))
    );
    let error = first
        .set_faults(Faults {
            drop_rate: 2.0,
            ..Faults::default()
        })
        .unwrap_err();
    assert!(matches!(
        error,
        Error::Config {
            setting: "faults",
            ..
        }
    ));
}

#[tokio::test]
async fn the_next_requests_fail_as_asked_then_succeed() {
    let sandbox = support::sandbox().await;
    let grantless = grantless_token(&sandbox).await;
    sandbox.fail_next(2, Fault::Unavailable);
    sandbox.fail_next(1, Fault::Throttled);
    sandbox.fail_next(1, Fault::InternalError);
    sandbox.fail_next(1, Fault::Drop);
    let seen = statuses(&sandbox, &grantless, 6).await;
    assert_eq!(
        seen,
        [Some(503), Some(503), Some(429), Some(500), None, Some(200)]
    );
    // A dropped connection is closed without a response.
    sandbox.fail_next(1, Fault::Drop);
    let url = format!("{}/notifications/v1/destinations", sandbox.base_url());
    let error = reqwest::Client::new()
        .get(&url)
        .header("x-amz-access-token", &grantless)
        .send()
        .await
        .unwrap_err();
    assert!(error.is_request() || error.is_connect(), "{error:?}");
}

#[tokio::test]
async fn lwa_meets_faults_only_when_included_and_latency_is_added() {
    let sandbox = Sandbox::builder()
        .faults(Faults {
            error_rate: 1.0,
            include_lwa: true,
            ..Faults::default()
        })
        .start()
        .await
        .unwrap();
    let mut form = vec![
        ("client_id", sandbox.client_id()),
        ("client_secret", sandbox.client_secret()),
    ];
    form.extend([
        ("grant_type", "client_credentials"),
        ("scope", NOTIFICATIONS_SCOPE),
    ]);
    let answer = lwa(&sandbox, &form, false).await;
    assert!(answer.status.is_server_error());
    assert!(matches!(
        answer.body["error"].as_str(),
        Some("server_error" | "temporarily_unavailable")
    ));

    sandbox
        .set_faults(Faults {
            latency: Duration::from_millis(150),
            ..Faults::default()
        })
        .unwrap();
    sandbox.fail_next(1, Fault::Throttled);
    // LWA is out of scope again: neither the latency nor the queued failure touch it.
    let token = grantless_token(&sandbox).await;
    let started = Instant::now();
    get(&sandbox, "/destinations", &token)
        .await
        .assert_error(429, "QuotaExceeded");
    get(&sandbox, "/destinations", &token).await.payload();
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_sandbox_stops_on_shutdown_or_drop() {
    let sandbox = Sandbox::start().await.unwrap();
    let addr = sandbox.addr();
    assert_eq!(sandbox.base_url(), format!("http://{addr}"));
    assert_eq!(sandbox.token_url(), format!("http://{addr}/auth/o2/token"));
    assert!(tokio::net::TcpStream::connect(addr).await.is_ok());
    sandbox.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());

    let sandbox = Sandbox::start().await.unwrap();
    let addr = sandbox.addr();
    drop(sandbox);
    // The server task notices at its next poll.
    let mut closed = false;
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(10)).await;
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            closed = true;
            break;
        }
    }
    assert!(
        closed,
        "the port is still open after the sandbox was dropped"
    );
}
