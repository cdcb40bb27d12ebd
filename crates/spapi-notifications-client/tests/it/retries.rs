//! Retries: 429 with and without `x-amzn-RateLimit-Limit`, bounded 5xx retries, and POSTs
//! never retried after a failure that may have taken effect.

use std::time::{Duration, Instant};

use crate::support::*;
use serde_json::json;
use spapi_auth::TransportErrorKind;
use spapi_auth::retry::RetryPolicy;
use spapi_notifications_client::reqwest;
use spapi_notifications_client::{
    CreateDestinationRequest, DestinationResourceSpecification, Error, Hint, NotificationType,
    Operation, RateLimit, RateLimits,
};
use wiremock::ResponseTemplate;

fn create_request() -> CreateDestinationRequest {
    CreateDestinationRequest::new(
        "q",
        DestinationResourceSpecification::sqs("arn:aws:sqs:us-east-1:1:q"),
    )
}

fn created() -> ResponseTemplate {
    answer(
        200,
        json!({"payload": {"destinationId": "d-1", "name": "q", "resource": {"sqs": {"arn": "arn:aws:sqs:us-east-1:1:q"}}}}),
    )
}

fn create_mock() -> wiremock::MockBuilder {
    api_post(
        DESTINATIONS,
        GRANTLESS_TOKEN,
        json!({"resourceSpecification": {"sqs": {"arn": "arn:aws:sqs:us-east-1:1:q"}}, "name": "q"}),
    )
}

fn throttled() -> ResponseTemplate {
    api_error(
        429,
        "QuotaExceeded",
        "You exceeded your quota for the requested resource.",
        None,
    )
}

#[tokio::test]
async fn a_429_with_the_rate_header_waits_at_the_announced_rate_and_succeeds() {
    let server = server().await;
    api("GET", DESTINATIONS, GRANTLESS_TOKEN)
        .respond_with(throttled().insert_header("x-amzn-RateLimit-Limit", "20.0"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    api("GET", DESTINATIONS, GRANTLESS_TOKEN)
        .respond_with(answer(200, json!({"payload": []})))
        .expect(1)
        .mount(&server)
        .await;

    // Seeded at 1 request per second: only the announced 20/s explains a wait under a second.
    let client = builder(&server)
        .rate_limits(RateLimits::uniform(RateLimit::new(1.0, 1)))
        .build()
        .unwrap();
    let started = Instant::now();
    let response = client.get_destinations().await.unwrap();
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(50),
        "waited only {elapsed:?}"
    );
    assert!(elapsed < Duration::from_millis(900), "waited {elapsed:?}");
    assert_eq!(response.rate_limit, Some(1.0));
}

#[tokio::test]
async fn a_429_without_the_header_waits_for_the_bucket_and_succeeds() {
    let server = server().await;
    create_mock()
        .respond_with(throttled())
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    create_mock()
        .respond_with(created())
        .expect(1)
        .mount(&server)
        .await;

    // A POST: a 429 shows Amazon did not act on it, so it is retried.
    let client = builder(&server)
        .rate_limits(RateLimits::uniform(RateLimit::new(10.0, 1)))
        .build()
        .unwrap();
    let started = Instant::now();
    client.create_destination(&create_request()).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(100),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn throttling_that_outlasts_the_retries_is_an_error_with_a_hint() {
    let server = server().await;
    api("GET", DESTINATIONS, GRANTLESS_TOKEN)
        .respond_with(throttled())
        .expect(3)
        .mount(&server)
        .await;
    let error = client(&server).get_destinations().await.unwrap_err();
    assert_eq!(error.status(), Some(reqwest::StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(error.hint(), Some(Hint::Throttled));
}

#[tokio::test]
async fn a_burst_of_503s_is_retried_a_bounded_number_of_times() {
    let server = server().await;
    api("GET", DESTINATIONS, GRANTLESS_TOKEN)
        .respond_with(ResponseTemplate::new(503))
        .expect(3)
        .mount(&server)
        .await;
    create_mock()
        .respond_with(ResponseTemplate::new(503))
        .expect(3)
        .mount(&server)
        .await;

    let client = client(&server);
    let error = client.get_destinations().await.unwrap_err();
    assert!(
        matches!(&error, Error::Api { status, operation: Operation::GetDestinations, .. } if *status == 503)
    );
    // A 503 shows Amazon did not act: a POST is retried as well.
    let error = client
        .create_destination(&create_request())
        .await
        .unwrap_err();
    assert_eq!(
        error.status(),
        Some(reqwest::StatusCode::SERVICE_UNAVAILABLE)
    );
}

#[tokio::test]
async fn retries_stop_at_the_time_limit() {
    let server = server().await;
    api("GET", DESTINATIONS, GRANTLESS_TOKEN)
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    let policy = RetryPolicy::default()
        .with_max_attempts(1000)
        .with_initial_backoff(Duration::from_millis(20))
        .with_max_backoff(Duration::from_millis(40))
        .with_max_elapsed(Duration::from_millis(300));
    let client = builder(&server).retry_policy(policy).build().unwrap();
    let started = Instant::now();
    client.get_destinations().await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    let attempts = api_requests(&server).await.len();
    assert!((2..100).contains(&attempts), "{attempts} attempts");
}

#[tokio::test]
async fn server_errors_are_retried_for_get_and_delete_only() {
    let server = server().await;
    api("GET", "/notifications/v1/destinations/d-1", GRANTLESS_TOKEN)
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    api("GET", "/notifications/v1/destinations/d-1", GRANTLESS_TOKEN)
        .respond_with(created())
        .expect(1)
        .mount(&server)
        .await;
    // A 500 may come after the destination was created: never sent twice.
    create_mock()
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&server)
        .await;
    api_post(
        ORDER_CHANGE,
        SELLER_TOKEN,
        json!({"payloadVersion": "1.0", "destinationId": "d-1"}),
    )
    .respond_with(ResponseTemplate::new(504))
    .expect(1)
    .mount(&server)
    .await;

    let client = client(&server);
    client.get_destination("d-1").await.unwrap();
    let error = client
        .create_destination(&create_request())
        .await
        .unwrap_err();
    assert_eq!(
        error.status(),
        Some(reqwest::StatusCode::INTERNAL_SERVER_ERROR)
    );
    let error = seller(&client)
        .create_subscription(
            &NotificationType::OrderChange,
            &spapi_notifications_client::CreateSubscriptionRequest::new("1.0", "d-1"),
        )
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(reqwest::StatusCode::GATEWAY_TIMEOUT));
}

#[tokio::test]
async fn a_post_is_not_retried_after_a_timeout_once_the_body_was_sent() {
    let server = server().await;
    create_mock()
        .respond_with(created().set_delay(Duration::from_millis(400)))
        .expect(1)
        .mount(&server)
        .await;
    api("GET", DESTINATIONS, GRANTLESS_TOKEN)
        .respond_with(answer(200, json!({"payload": []})).set_delay(Duration::from_millis(400)))
        .expect(3)
        .mount(&server)
        .await;

    let client = builder(&server)
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let error = client
        .create_destination(&create_request())
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Transport {
                kind: TransportErrorKind::Timeout,
                operation: Operation::CreateDestination,
                ..
            }
        ),
        "{error:?}"
    );
    // The same timeout on a GET is retried.
    let error = client.get_destinations().await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Transport {
                kind: TransportErrorKind::Timeout,
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_delete_retried_after_an_ambiguous_failure_counts_404_as_done() {
    let server = server().await;
    let path = "/notifications/v1/destinations/d-1";
    api("DELETE", path, GRANTLESS_TOKEN)
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    api("DELETE", path, GRANTLESS_TOKEN)
        .respond_with(not_found())
        .expect(2)
        .mount(&server)
        .await;

    let client = client(&server);
    client.delete_destination("d-1").await.unwrap();
    // Without an earlier ambiguous failure, a 404 is an error.
    let error = client.delete_destination("d-1").await.unwrap_err();
    assert_eq!(error.status(), Some(reqwest::StatusCode::NOT_FOUND));
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error_after_the_retries() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = spapi_notifications_client::NotificationsClient::builder()
        .endpoint(format!("http://127.0.0.1:{port}"))
        .grantless_provider(FixedToken::new("Atza|fixed-token"))
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client
        .create_destination(&create_request())
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Transport {
                kind: TransportErrorKind::Connect,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}
