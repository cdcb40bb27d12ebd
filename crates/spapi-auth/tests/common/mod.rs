//! What the auth tests share: recognisable secrets, an LWA stand-in on loopback, and providers
//! pointed at it.
#![allow(dead_code, unreachable_pub)] // each test file uses its own subset

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::json;
use spapi_auth::retry::RetryPolicy;
use spapi_auth::{
    ClientSecret, Grant, LwaCredentials, LwaTokenProvider, LwaTokenProviderBuilder, RefreshToken,
    Scope, Url,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub const CLIENT_ID: &str = "amzn1.application-oa2-client.test";
/// Distinctive parts of each secret, searched for in every output that must not contain them.
pub const CLIENT_SECRET: &str = "amzn1.oa2-cs.v1.client-secret-1111";
pub const NEW_CLIENT_SECRET: &str = "amzn1.oa2-cs.v1.client-secret-2222";
pub const REFRESH_TOKEN: &str = "Atzr|refresh-token-3333";
pub const ACCESS_TOKEN_PREFIX: &str = "Atza|access-token-";
pub const SECRET_MARKERS: [&str; 4] = [
    "client-secret-1111",
    "client-secret-2222",
    "refresh-token-3333",
    "access-token-",
];

pub const TOKEN_PATH: &str = "/auth/o2/token";

pub fn credentials() -> LwaCredentials {
    LwaCredentials::new(CLIENT_ID, ClientSecret::new(CLIENT_SECRET))
}

pub fn seller_grant() -> Grant {
    RefreshToken::new(REFRESH_TOKEN).into()
}

pub fn grantless_grant() -> Grant {
    Grant::client_credentials([Scope::NOTIFICATIONS])
}

/// Panics with the text if it contains any secret.
pub fn assert_no_secret(what: &str, text: &str) {
    for marker in SECRET_MARKERS {
        assert!(!text.contains(marker), "{what} leaks {marker:?}: {text}");
    }
}

pub fn token_url(server: &MockServer) -> Url {
    Url::parse(&format!("{}{TOKEN_PATH}", server.uri())).expect("mock server url")
}

/// Retries quickly, so retry tests take milliseconds.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_millis(20))
}

/// A client with no timers of its own (no timeout, no idle pool), so tokio's paused clock only
/// moves when a test advances it.
pub fn timerless_http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .expect("http client")
}

/// A provider of `grant` pointed at `server`.
pub fn builder(server: &MockServer, grant: Grant) -> LwaTokenProviderBuilder {
    LwaTokenProvider::builder(credentials(), grant)
        .token_url(token_url(server))
        .http_client(timerless_http_client())
        .retry_policy(fast_retries())
}

/// Answers each token request with a new token, `Atza|access-token-1`, `-2`, ...
pub fn issue_tokens(expires_in: u64) -> impl Respond {
    let issued = AtomicUsize::new(0);
    move |_: &Request| {
        let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200).set_body_json(json!({
            "access_token": format!("{ACCESS_TOKEN_PREFIX}{n}"),
            "token_type": "bearer",
            "expires_in": expires_in,
        }))
    }
}

/// Like [`issue_tokens`], each answer delayed by `delay` (to keep a request in flight).
pub fn issue_tokens_after(expires_in: u64, delay: Duration) -> impl Respond {
    let tokens = issue_tokens(expires_in);
    move |request: &Request| tokens.respond(request).set_delay(delay)
}

/// An OAuth error response as LWA sends it.
pub fn oauth_error(status: u16, code: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "error_description": format!("description of {code}"),
        "error": code,
    }))
}

/// A mock of the token endpoint answering with `response`.
pub fn token_endpoint(response: impl Respond + 'static) -> Mock {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(response)
}

/// An LWA stand-in issuing tokens that live `expires_in` seconds.
pub async fn lwa_server(expires_in: u64) -> MockServer {
    let server = MockServer::start().await;
    token_endpoint(issue_tokens(expires_in))
        .mount(&server)
        .await;
    server
}

pub async fn request_count(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .expect("request recording is on")
        .len()
}

/// The form fields of a recorded request, in order.
pub fn form_fields(request: &Request) -> Vec<(String, String)> {
    url::form_urlencoded::parse(&request.body)
        .into_owned()
        .collect()
}
