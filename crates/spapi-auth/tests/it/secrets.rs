//! No client secret, refresh token or access token in any `Debug`, error or log line.

use std::sync::Arc;
use std::time::Duration;

use crate::support::*;
use spapi_auth::retry::RetryPolicy;
use spapi_auth::{
    AccessToken, ClientSecret, Error, Grant, LwaTokenProvider, OAuthErrorCode, RefreshToken, Scope,
    TokenProvider, TransportErrorKind,
};
use wiremock::{MockServer, ResponseTemplate};

/// Checks `Debug` (plain and pretty) of `value` for secrets and returns it.
fn debug_of(value: &impl std::fmt::Debug) -> String {
    let debug = format!("{value:?}");
    assert_no_secret("Debug", &debug);
    assert_no_secret("pretty Debug", &format!("{value:#?}"));
    debug
}

/// Checks `Debug`, `Display` and every source of `error` for secrets.
fn check_error(error: &Error) {
    debug_of(error);
    let mut source: Option<&dyn std::error::Error> = Some(error);
    while let Some(current) = source {
        assert_no_secret("error Display", &current.to_string());
        assert_no_secret("error source Debug", &format!("{current:?}"));
        source = current.source();
    }
}

#[tokio::test]
async fn debug_of_every_public_type_redacts_secrets() {
    let client_secret = ClientSecret::new(CLIENT_SECRET);
    assert_eq!(debug_of(&client_secret), "ClientSecret([REDACTED])");
    let refresh_token = RefreshToken::new(REFRESH_TOKEN);
    assert_eq!(debug_of(&refresh_token), "RefreshToken([REDACTED])");
    let access_token = AccessToken::new(
        format!("{ACCESS_TOKEN_PREFIX}debug"),
        tokio::time::Instant::now().into_std() + Duration::from_secs(60),
    );
    assert!(debug_of(&access_token).contains("[REDACTED]"));

    let credentials = credentials();
    let debug = debug_of(&credentials);
    assert!(
        debug.contains(CLIENT_ID) && debug.contains("[REDACTED]"),
        "{debug}"
    );
    debug_of(&credentials.client_secret());

    debug_of(&seller_grant());
    debug_of(&grantless_grant());
    debug_of(&Scope::NOTIFICATIONS);
    debug_of(&RetryPolicy::default());
    debug_of(&OAuthErrorCode::InvalidGrant);
    debug_of(&TransportErrorKind::Timeout);

    let server = lwa_server(3600).await;
    let builder = builder(&server, seller_grant());
    debug_of(&builder);
    let provider = builder.build();
    debug_of(&provider);
    let token = provider.access_token().await.expect("token");
    debug_of(&token);
    let debug = debug_of(&provider);
    assert!(
        debug.contains("cached: Some("),
        "the cached token shows, redacted: {debug}"
    );
    let dyn_provider: Arc<dyn TokenProvider> = Arc::new(provider.with_grant(grantless_grant()));
    debug_of(&dyn_provider);

    // Rotation keeps the new secret out of Debug too.
    credentials.rotate_secret(ClientSecret::new(NEW_CLIENT_SECRET));
    debug_of(&credentials);
}

/// One example of every error variant, each obtained the way users get it.
async fn every_error() -> Vec<Error> {
    let server = MockServer::start().await;
    let fail_once = |status: u16, body: &str| {
        token_endpoint(ResponseTemplate::new(status).set_body_string(body.to_owned()))
            .up_to_n_times(1)
    };
    for code in [
        "invalid_request",
        "invalid_client",
        "invalid_grant",
        "unauthorized_client",
        "unsupported_grant_type",
        "invalid_scope",
        "server_error",
        "temporarily_unavailable",
        "access_denied",
    ] {
        token_endpoint(oauth_error(400, code))
            .up_to_n_times(1)
            .mount(&server)
            .await;
    }
    fail_once(502, "<html>bad gateway</html>")
        .mount(&server)
        .await;
    fail_once(200, r#"{"access_token":"Atza|access-token-incomplete"}"#)
        .mount(&server)
        .await;
    fail_once(200, r#"{"expires_in":3600}"#)
        .mount(&server)
        .await;
    fail_once(200, "not json").mount(&server).await;

    let mut errors = Vec::new();
    for _ in 0..13 {
        let provider = builder(&server, seller_grant())
            .retry_policy(RetryPolicy::never())
            .build();
        errors.push(provider.access_token().await.expect_err("scripted failure"));
    }

    let refused = LwaTokenProvider::builder(credentials(), seller_grant())
        .token_url(refusing_token_url())
        .retry_policy(RetryPolicy::never())
        .build();
    errors.push(refused.access_token().await.expect_err("connect"));

    let slow = slow_lwa_server().await;
    let timeout = builder(&slow, seller_grant())
        .timeout(Duration::from_millis(50))
        .retry_policy(RetryPolicy::never())
        .build();
    errors.push(timeout.access_token().await.expect_err("timeout"));

    let bad_agent = builder(&server, seller_grant())
        .user_agent("bad\nagent")
        .build();
    errors.push(bad_agent.access_token().await.expect_err("setup"));

    let no_scopes = builder(&server, Grant::client_credentials([])).build();
    errors.push(no_scopes.access_token().await.expect_err("no scopes"));

    errors.push(Error::MissingEnv {
        names: &["LWA_APP_ID", "LWA_CLIENT_ID"],
    });
    errors.push(Error::InvalidEnv {
        name: "LWA_TOKEN_URL",
        reason: "\"x\" is not a url".to_owned(),
    });
    errors
}

#[tokio::test]
async fn no_error_variant_shows_a_secret() {
    let errors = every_error().await;
    let variants: Vec<&str> = errors
        .iter()
        .map(|error| match error {
            Error::OAuth { .. } => "oauth",
            Error::UnexpectedResponse { .. } => "unexpected",
            Error::Transport { .. } => "transport",
            Error::InvalidTokenResponse { .. } => "invalid token",
            Error::NoScopes => "no scopes",
            Error::MissingEnv { .. } => "missing env",
            Error::InvalidEnv { .. } => "invalid env",
            _ => "other",
        })
        .collect();
    for variant in [
        "oauth",
        "unexpected",
        "transport",
        "invalid token",
        "no scopes",
        "missing env",
        "invalid env",
    ] {
        assert!(
            variants.contains(&variant),
            "no {variant} error in {variants:?}"
        );
    }
    for error in &errors {
        check_error(error);
        check_error(&error.clone());
    }
}
