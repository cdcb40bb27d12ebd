//! Secrets (client secret, refresh tokens, access tokens) never appear in Debug output or logs.
//!
//! In a process of its own: the capturing subscriber is the global default.

use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::support::{self, grantless_token, seller_token};
use spapi_sandbox::{NotificationType, Sandbox};

/// Collects everything the tracing subscriber writes.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn secrets_stay_out_of_debug_output_and_logs() {
    if !spapi_testkit::in_own_process() {
        return; // the child ran it, alone
    }
    let logs = Logs::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .init();

    let builder = Sandbox::builder()
        .client_secret("client-secret-value")
        .seller("A3TH9S8BH6GOGM", "Atzr|refresh-token-value");
    assert!(!format!("{builder:?}").contains("client-secret-value"));
    assert!(!format!("{builder:?}").contains("refresh-token-value"));
    let sandbox = builder.without_rate_limits().start().await.unwrap();
    let debug = format!("{sandbox:?} {:?}", sandbox.sellers());
    assert!(
        debug.contains("A3TH9S8BH6GOGM") && debug.contains("[REDACTED]"),
        "{debug}"
    );
    assert!(
        !debug.contains("client-secret-value") && !debug.contains("refresh-token-value"),
        "{debug}"
    );

    // A whole workflow, with failures too, at TRACE level.
    let grantless = grantless_token(&sandbox).await;
    let seller = seller_token(&sandbox).await;
    let arn = support::arn("q");
    let destination = support::sqs_destination(&sandbox, &grantless, &arn).await;
    support::subscribe(&sandbox, &seller, "ORDER_CHANGE", "1.0", &destination)
        .await
        .payload();
    support::get(&sandbox, "/destinations", &seller)
        .await
        .assert_error(403, "Unauthorized");
    sandbox
        .publish(NotificationType::OrderChange, sandbox.seller_id())
        .await
        .unwrap();
    sandbox.expire_tokens();
    support::get(&sandbox, "/destinations", &grantless)
        .await
        .assert_error(403, "Unauthorized");

    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("sandbox_request"), "tracing is on: {logs}");
    for secret in [
        "client-secret-value",
        "refresh-token-value",
        &grantless,
        &seller,
    ] {
        assert!(!logs.contains(secret), "a secret is in the logs");
    }
}
