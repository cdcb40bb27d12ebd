//! A TRACE-level log of a full token flow describes it without a single secret.
//!
//! In a process of its own: the capturing subscriber is the global default, so no other test
//! running in parallel can change which call sites are enabled.

use crate::support::*;
use spapi_auth::{ClientSecret, TokenProvider};
use spapi_testkit::TraceLog;
use wiremock::{MockServer, ResponseTemplate};

#[tokio::test]
async fn a_trace_level_log_of_a_full_flow_holds_no_secret() {
    if !spapi_testkit::in_own_process() {
        return; // the child ran it, alone
    }
    let trace = TraceLog::install();

    // A grantless token after a 503, a seller token, a cache hit, a rotation, an invalidation,
    // and a rejected refresh token.
    let server = MockServer::start().await;
    token_endpoint(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    token_endpoint(issue_tokens(3600))
        .up_to_n_times(3)
        .mount(&server)
        .await;
    token_endpoint(oauth_error(400, "invalid_grant"))
        .mount(&server)
        .await;
    let grantless = builder(&server, grantless_grant()).build();
    let seller = grantless.with_grant(seller_grant());
    let grantless_token = grantless.access_token().await.expect("grantless");
    seller.access_token().await.expect("seller");
    seller.access_token().await.expect("cached");
    grantless
        .credentials()
        .rotate_secret(ClientSecret::new(NEW_CLIENT_SECRET));
    grantless.invalidate();
    grantless.access_token().await.expect("after rotation");
    seller.invalidate();
    seller.access_token().await.expect_err("invalid_grant");
    drop(grantless_token);

    let log = trace.contents();
    assert_no_secret("the trace log", &log);
    // The log does describe the flow.
    for expected in [
        "lwa_token_request",
        "grant=\"client_credentials\"",
        "scopes=sellingpartnerapi::notifications",
        "grant=\"refresh_token\"",
        "attempt=2",
        "status=503",
        "status=200",
        "status=400",
        "invalid_grant",
        "lwa client secret rotated",
        "lwa token invalidated",
    ] {
        assert!(log.contains(expected), "the log lacks {expected:?}:\n{log}");
    }
}
