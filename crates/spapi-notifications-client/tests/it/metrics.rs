//! Metrics: every name and label the client and its token requests record (the table of
//! `spapi_http::metrics`), read back from a recorder of the test's own.

use serde_json::json;
use spapi_auth::RefreshToken;
use spapi_notifications_client::{NotificationType, RateLimit, RateLimits};
use spapi_testkit::metrics::{counters, histogram, record};
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

/// LWA that fails the first token request with a bare 503, then grants grantless tokens and
/// refuses every refresh token; an API whose `getDestinations` fails once with a 503.
async fn flaky_server() -> MockServer {
    let server = MockServer::start().await;
    let lwa = || Mock::given(method("POST")).and(path(TOKEN_PATH));
    lwa()
        .and(body_string_contains("grant_type=refresh_token"))
        .respond_with(spapi_testkit::lwa::oauth_error(400, "invalid_grant"))
        .with_priority(1)
        .mount(&server)
        .await;
    lwa()
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    lwa()
        .respond_with(spapi_testkit::lwa::token(GRANTLESS_TOKEN, 3600))
        .with_priority(3)
        .mount(&server)
        .await;
    api("GET", DESTINATIONS, GRANTLESS_TOKEN)
        .respond_with(api_error(503, "ServiceUnavailable", "Try again.", None))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    api("GET", DESTINATIONS, GRANTLESS_TOKEN)
        .respond_with(ok(json!({"payload": []})))
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

#[test]
fn every_metric_is_recorded_with_its_labels_and_description() {
    let ((), recorded) = record(|| async {
        spapi_http::metrics::describe();
        let server = flaky_server().await;
        // 20 requests a second, one at once: the retry waits for its turn.
        let client = builder(&server)
            .rate_limits(RateLimits::uniform(RateLimit::new(20.0, 1)))
            .build()
            .unwrap();
        client.get_destinations().await.unwrap();
        let seller = client.seller(RefreshToken::new("Atzr|revoked"));
        let refused = seller
            .get_subscription(&NotificationType::AnyOfferChanged, None)
            .await;
        assert!(refused.is_err(), "{refused:?}");

        // Nothing listens on the port: every attempt fails to connect, and is retried.
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let endpoint = format!("http://{}", closed.local_addr().unwrap());
        drop(closed);
        let unreachable = builder(&server).endpoint(endpoint).build().unwrap();
        let failed = unreachable.get_destination("d-1").await;
        assert!(failed.is_err(), "{failed:?}");
    });

    assert_eq!(
        counters(&recorded),
        [
            "counter spapi_api_requests_total{operation=getDestination,status=connect} = 3",
            "counter spapi_api_requests_total{operation=getDestinations,status=200} = 1",
            "counter spapi_api_requests_total{operation=getDestinations,status=503} = 1",
            "counter spapi_api_retries_total{operation=getDestinations} = 1",
            "counter spapi_api_retries_total{operation=getDestination} = 2",
            "counter spapi_lwa_failures_total{error=invalid_grant,grant=refresh_token} = 1",
            "counter spapi_lwa_failures_total{error=unexpected_response,grant=client_credentials} = 1",
            "counter spapi_lwa_requests_total{grant=client_credentials} = 3",
            "counter spapi_lwa_requests_total{grant=refresh_token} = 1",
            "counter spapi_lwa_retries_total{grant=client_credentials} = 1",
        ]
    );
    let waits = histogram(
        &recorded,
        "histogram spapi_api_rate_limit_wait_seconds{operation=getDestinations}",
    );
    assert_eq!(waits.len(), 2, "{waits:?}");
    assert!(waits[0] == 0.0 && waits[1] > 0.0, "{waits:?}");
    let unlimited = histogram(
        &recorded,
        "histogram spapi_api_rate_limit_wait_seconds{operation=getDestination}",
    );
    assert_eq!(unlimited, [0.0; 3]);
    assert_eq!(recorded.len(), 12, "{recorded:#?}");
    for metric in &recorded {
        assert!(metric.described, "{} has no description", metric.key);
        let seconds = metric.key.contains("_seconds");
        assert_eq!(metric.unit == Some("seconds"), seconds, "{}", metric.key);
    }
}
