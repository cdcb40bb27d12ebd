//! LWA's token endpoint (both grants, every error) and the token each operation takes.

use std::time::Duration;

use crate::support::{
    self, Answer, NOTIFICATIONS_SCOPE, call, get, grantless_token, lwa, seller_token, token,
};
use reqwest::{Method, StatusCode};
use serde_json::json;
use spapi_sandbox::{Operation, Sandbox, TokenKind};

fn credentials(sandbox: &Sandbox) -> Vec<(&str, &str)> {
    vec![
        ("client_id", sandbox.client_id()),
        ("client_secret", sandbox.client_secret()),
    ]
}

#[track_caller]
fn assert_oauth_error(answer: &Answer, status: u16, error: &str, description: &str) {
    assert_eq!(answer.status.as_u16(), status, "{:#}", answer.body);
    assert_eq!(answer.body["error"], error, "{:#}", answer.body);
    let text = answer.body["error_description"].as_str().unwrap();
    assert!(text.contains(description), "{text}");
}

#[tokio::test]
async fn both_grants_issue_random_bearer_tokens() {
    let sandbox = Sandbox::builder()
        .client_id("amzn1.application-oa2-client.test")
        .client_secret("the-secret")
        .seller("A3TH9S8BH6GOGM", "Atzr|first")
        .seller("A1PA6795UKMFR9", "Atzr|second")
        .token_lifetime(Duration::from_secs(120))
        .start()
        .await
        .unwrap();
    assert_eq!(sandbox.client_id(), "amzn1.application-oa2-client.test");
    assert_eq!(sandbox.refresh_token(), "Atzr|first");

    let mut form = credentials(&sandbox);
    form.extend([
        ("grant_type", "refresh_token"),
        ("refresh_token", "Atzr|second"),
    ]);
    let seller = lwa(&sandbox, &form, false).await;
    assert_eq!(seller.status, StatusCode::OK);
    assert_eq!(seller.headers["cache-control"], "no-store");
    assert!(seller.headers.contains_key("x-amzn-requestid"));
    let body = &seller.body;
    assert!(body["access_token"].as_str().unwrap().starts_with("Atza|"));
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 120);
    assert_eq!(body["refresh_token"], "Atzr|second");

    // The grantless flow, here as JSON (as Amazon's Java SDK sends it): no refresh token back.
    let mut form = credentials(&sandbox);
    form.extend([
        ("grant_type", "client_credentials"),
        ("scope", NOTIFICATIONS_SCOPE),
    ]);
    let grantless = lwa(&sandbox, &form, true).await;
    assert_eq!(grantless.status, StatusCode::OK, "{:#}", grantless.body);
    assert!(grantless.body.get("refresh_token").is_none());
    assert_ne!(grantless.body["access_token"], body["access_token"]);

    // Several scopes, space-separated.
    let both = token(
        &sandbox,
        &[
            ("grant_type", "client_credentials"),
            (
                "scope",
                "sellingpartnerapi::notifications sellingpartnerapi::migration",
            ),
        ],
    )
    .await;
    assert_eq!(
        get(&sandbox, "/destinations", &both).await.status,
        StatusCode::OK
    );
}

/// `base` with each change applied: `Some` sets a field, `None` removes it.
fn edit(base: &[(&str, &str)], changes: &[(&str, Option<&str>)]) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = base
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    for (key, value) in changes {
        form.retain(|(k, _)| k != key);
        if let Some(value) = value {
            form.push(((*key).to_owned(), (*value).to_owned()));
        }
    }
    form
}

async fn send(sandbox: &Sandbox, form: Vec<(String, String)>) -> Answer {
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    lwa(sandbox, &fields, false).await
}

#[tokio::test]
async fn bad_requests_get_lwa_oauth_errors() {
    let sandbox = Sandbox::start().await.unwrap();
    let mut refresh = credentials(&sandbox);
    refresh.extend([
        ("grant_type", "refresh_token"),
        ("refresh_token", sandbox.refresh_token()),
    ]);
    let mut grantless = credentials(&sandbox);
    grantless.extend([
        ("grant_type", "client_credentials"),
        ("scope", NOTIFICATIONS_SCOPE),
    ]);
    let refresh_with = |changes: &[(&str, Option<&str>)]| send(&sandbox, edit(&refresh, changes));
    let grantless_with =
        |changes: &[(&str, Option<&str>)]| send(&sandbox, edit(&grantless, changes));

    let bad_id = refresh_with(&[("client_id", Some("amzn1.application-oa2-client.other"))]).await;
    assert_oauth_error(
        &bad_id,
        401,
        "invalid_client",
        "Client authentication failed",
    );
    let bad_secret = grantless_with(&[("client_secret", Some("wrong"))]).await;
    assert_oauth_error(
        &bad_secret,
        401,
        "invalid_client",
        "Client authentication failed",
    );
    let bad_refresh = refresh_with(&[("refresh_token", Some("Atzr|revoked"))]).await;
    assert_oauth_error(&bad_refresh, 400, "invalid_grant", "refresh_token");
    let bad_scope = grantless_with(&[("scope", Some("sellingpartnerapi::everything"))]).await;
    assert_oauth_error(&bad_scope, 400, "invalid_scope", "unknown scope");
    // The field rules: no scope in the refresh flow, no refresh token in the grantless flow.
    let scoped_refresh = refresh_with(&[("scope", Some(NOTIFICATIONS_SCOPE))]).await;
    assert_oauth_error(
        &scoped_refresh,
        400,
        "invalid_request",
        "invalid parameter : scope",
    );
    let grantless_refresh = grantless_with(&[("refresh_token", Some("Atzr|x"))]).await;
    assert_oauth_error(
        &grantless_refresh,
        400,
        "invalid_request",
        "invalid parameter : refresh_token",
    );
    let unscoped = grantless_with(&[("scope", None)]).await;
    assert_oauth_error(
        &unscoped,
        400,
        "invalid_request",
        "missing a required parameter : scope",
    );
    let no_secret = refresh_with(&[("client_secret", None)]).await;
    assert_oauth_error(&no_secret, 400, "invalid_request", "client_secret");
    let code = refresh_with(&[("grant_type", Some("authorization_code"))]).await;
    assert_oauth_error(&code, 400, "unsupported_grant_type", "not supported");
    let nothing = send(&sandbox, Vec::new()).await;
    assert_oauth_error(&nothing, 400, "invalid_request", "grant_type");
    // The client is checked before the refresh token: a bad secret never reveals whether a
    // refresh token exists.
    let both_bad = refresh_with(&[
        ("client_secret", Some("wrong")),
        ("refresh_token", Some("Atzr|x")),
    ])
    .await;
    assert_oauth_error(
        &both_bad,
        401,
        "invalid_client",
        "Client authentication failed",
    );
}

/// One call of `operation` with `token`, with valid-looking paths and bodies.
async fn call_operation(sandbox: &Sandbox, operation: Operation, token: Option<&str>) -> Answer {
    let (path, body) = match operation {
        Operation::GetSubscriptions => ("/subscriptions?notificationTypes=ORDER_CHANGE", None),
        Operation::GetSubscription | Operation::CreateSubscription => (
            "/subscriptions/ORDER_CHANGE",
            Some(json!({ "payloadVersion": "1.0", "destinationId": "d" })),
        ),
        Operation::GetSubscriptionById | Operation::DeleteSubscriptionById => {
            ("/subscriptions/ORDER_CHANGE/s-1", None)
        }
        Operation::SendTestNotification => (
            "/subscriptions/ORDER_CHANGE/testNotification",
            Some(json!({})),
        ),
        Operation::GetDestinations | Operation::CreateDestination => (
            "/destinations",
            Some(
                json!({ "name": "n", "resourceSpecification": { "sqs": { "arn": support::arn("q") } } }),
            ),
        ),
        Operation::RotateApplicationClientSecret => {
            let path = "/applications/2023-11-30/clientSecret";
            return support::call_api(sandbox, Method::POST, path, token, None).await;
        }
        _ => ("/destinations/d-1", None),
    };
    let body = body.filter(|_| operation.method() == Method::POST);
    call(sandbox, operation.method(), path, token, body).await
}

#[tokio::test]
async fn each_operation_takes_its_kind_of_token() {
    let sandbox = support::sandbox().await;
    let grantless = grantless_token(&sandbox).await;
    let seller = seller_token(&sandbox).await;
    let migration_only = token(
        &sandbox,
        &[
            ("grant_type", "client_credentials"),
            ("scope", "sellingpartnerapi::migration"),
        ],
    )
    .await;
    let rotation = token(
        &sandbox,
        &[
            ("grant_type", "client_credentials"),
            ("scope", "sellingpartnerapi::client_credential:rotation"),
        ],
    )
    .await;
    assert_eq!(Operation::ALL.len(), 11);
    for &operation in Operation::ALL {
        // The Application Management API's one operation takes its own grantless scope.
        let application = if operation == Operation::RotateApplicationClientSecret {
            &rotation
        } else {
            &grantless
        };
        let (right, wrong) = match operation.token_kind() {
            TokenKind::Grantless => (application, &seller),
            _ => (&seller, application),
        };
        let refused = call_operation(&sandbox, operation, Some(wrong)).await;
        refused.assert_error(403, "Unauthorized");
        assert_eq!(refused.error().1, "Access to requested resource is denied.");
        if operation.token_kind() == TokenKind::Grantless {
            call_operation(&sandbox, operation, Some(&migration_only))
                .await
                .assert_error(403, "Unauthorized");
        }
        // With the right token the request gets past the gate (to a 200, 400 or 404).
        let admitted = call_operation(&sandbox, operation, Some(right)).await;
        assert_ne!(
            admitted.status,
            StatusCode::FORBIDDEN,
            "{operation}: {:#}",
            admitted.body
        );

        let missing = call_operation(&sandbox, operation, None).await;
        missing.assert_error(403, "Unauthorized");
        assert!(missing.error().2.contains("missing"), "{:#}", missing.body);
        let forged = call_operation(&sandbox, operation, Some("Atza|forged")).await;
        forged.assert_error(403, "Unauthorized");
        assert!(forged.error().2.contains("revoked, malformed or invalid"));
    }
    let operations: Vec<_> = sandbox
        .requests()
        .iter()
        .filter_map(|r| r.operation)
        .collect();
    assert!(Operation::ALL.iter().all(|op| operations.contains(op)));
}

#[tokio::test]
async fn tokens_expire_after_their_lifetime_or_on_demand() {
    // A zero lifetime issues tokens that are expired at once.
    let sandbox = Sandbox::builder()
        .token_lifetime(Duration::ZERO)
        .start()
        .await
        .unwrap();
    let expired = grantless_token(&sandbox).await;
    let answer = get(&sandbox, "/destinations", &expired).await;
    answer.assert_error(403, "Unauthorized");
    assert_eq!(
        answer.error().2,
        "The access token you provided has expired."
    );

    let sandbox = Sandbox::start().await.unwrap();
    let grantless = grantless_token(&sandbox).await;
    let seller = seller_token(&sandbox).await;
    assert_eq!(
        get(&sandbox, "/destinations", &grantless).await.status,
        StatusCode::OK
    );
    sandbox.expire_tokens();
    for (path, token) in [
        ("/destinations", &grantless),
        ("/subscriptions/ORDER_CHANGE", &seller),
    ] {
        let answer = get(&sandbox, path, token).await;
        answer.assert_error(403, "Unauthorized");
        assert!(answer.error().2.contains("expired"));
    }
    // A fresh token works again.
    let fresh = grantless_token(&sandbox).await;
    assert_eq!(
        get(&sandbox, "/destinations", &fresh).await.status,
        StatusCode::OK
    );
}
