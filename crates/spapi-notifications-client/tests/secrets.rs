//! No secret (client secret, refresh token, access token) in any log line, `Debug` output or
//! error message, through a flow that touches every path: both grants, a refresh after a 403,
//! the seller fallback, retries, an LWA rejection and API errors.
//!
//! In a test binary of its own: the capturing subscriber is the global default.

mod common;

use std::io;
use std::sync::{Arc, Mutex};

use common::*;
use serde_json::json;
use spapi_auth::RefreshToken;
use spapi_notifications_client::{
    CreateSubscriptionRequest, NotificationType, NotificationsClient,
};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::ResponseTemplate;

/// A `MakeWriter` appending every log line to a shared buffer.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl io::Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Capture {
    type Writer = Self;

    fn make_writer(&'a self) -> Self {
        self.clone()
    }
}

#[tokio::test]
async fn no_secret_reaches_logs_debug_output_or_errors() {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(capture.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let server = server().await;
    let by_id = "/notifications/v1/subscriptions/ORDER_CHANGE/s-1";
    api("GET", "/notifications/v1/destinations", GRANTLESS_TOKEN)
        .respond_with(api_error(
            403,
            "Unauthorized",
            "Access to requested resource is denied.",
            Some("The access token you provided has expired."),
        ))
        .expect(1)
        .mount(&server)
        .await;
    api(
        "GET",
        "/notifications/v1/destinations",
        "Atza|grantless-token-2",
    )
    .respond_with(ResponseTemplate::new(503))
    .up_to_n_times(1)
    .expect(1)
    .mount(&server)
    .await;
    api(
        "GET",
        "/notifications/v1/destinations",
        "Atza|grantless-token-2",
    )
    .respond_with(answer(200, json!({"payload": []})))
    .expect(1)
    .mount(&server)
    .await;
    api("DELETE", by_id, "Atza|grantless-token-2")
        .respond_with(api_error(
            403,
            "Unauthorized",
            "Access to requested resource is denied.",
            None,
        ))
        .expect(1)
        .mount(&server)
        .await;
    api("DELETE", by_id, SELLER_TOKEN)
        .respond_with(answer(200, json!({})))
        .expect(1)
        .mount(&server)
        .await;
    api(
        "POST",
        "/notifications/v1/subscriptions/ORDER_CHANGE",
        SELLER_TOKEN,
    )
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

    let log = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
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
