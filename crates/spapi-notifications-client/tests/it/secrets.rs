//! No secret (client secret, refresh token, access token) in any log line, `Debug` output or
//! error message, through a flow that touches every path: both grants, a refresh after a 403,
//! the seller fallback, retries, an LWA rejection and API errors.
//!
//! In a process of its own: the capturing subscriber is the global default.

use crate::support::*;
use serde_json::json;
use spapi_auth::RefreshToken;
use spapi_notifications_client::{
    CreateSubscriptionRequest, NotificationType, NotificationsClient,
};
use spapi_testkit::TraceLog;
use wiremock::ResponseTemplate;

#[tokio::test]
async fn no_secret_reaches_logs_debug_output_or_errors() {
    if !spapi_testkit::in_own_process() {
        return; // the child ran it, alone
    }
    let trace = TraceLog::install();

    let server = server().await;
    let by_id = "/notifications/v1/subscriptions/ORDER_CHANGE/s-1";
    api("GET", DESTINATIONS, GRANTLESS_TOKEN)
        .respond_with(expired())
        .expect(1)
        .mount(&server)
        .await;
    // The refreshed token meets a 503 first, then an answer.
    let refreshed = || api("GET", DESTINATIONS, "Atza|grantless-token-2");
    refreshed()
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    refreshed()
        .respond_with(ok(json!({"payload": []})))
        .expect(1)
        .mount(&server)
        .await;
    api("DELETE", by_id, "Atza|grantless-token-2")
        .respond_with(denied(None))
        .expect(1)
        .mount(&server)
        .await;
    api("DELETE", by_id, SELLER_TOKEN)
        .respond_with(answer(200, json!({})))
        .expect(1)
        .mount(&server)
        .await;
    api("POST", ORDER_CHANGE, SELLER_TOKEN)
        .respond_with(api_error(400, "InvalidInput", "Invalid input", None))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let seller = seller(&client);
    let mut outputs = vec![
        format!("{:?}", client.get_destinations().await.unwrap()),
        format!(
            "{:?}",
            seller
                .delete_subscription_by_id(&NotificationType::OrderChange, "s-1")
                .await
                .unwrap()
        ),
    ];
    let error = seller
        .create_subscription(
            &NotificationType::OrderChange,
            &CreateSubscriptionRequest::new("1.0", "d-1"),
        )
        .await
        .unwrap_err();
    outputs.push(format!("{error} {error:?}"));
    // A refresh token LWA does not know: an OAuth error, which must not echo it.
    let stranger = client.seller(RefreshToken::new("Atzr|refresh-token-4444-revoked"));
    let error = stranger
        .get_subscription(&NotificationType::OrderChange, None)
        .await
        .unwrap_err();
    outputs.push(format!("{error} {error:?}"));
    outputs.push(format!("{client:?} {seller:?} {stranger:?}"));
    outputs.push(format!(
        "{:?}",
        NotificationsClient::builder().credentials(credentials())
    ));

    let log = trace.contents();
    assert!(
        log.contains("notifications_api"),
        "the flow was logged: {log}"
    );
    assert!(
        log.contains("operation=\"deleteSubscriptionById\""),
        "{log}"
    );
    assert!(log.contains("request_id=\"f0e9b1e4-req-0001\""), "{log}");
    assert!(log.contains("rate_limit_wait_ms"), "{log}");
    assert_no_secret("the log", &log);
    for output in outputs {
        assert_no_secret("an output", &output);
    }
}
