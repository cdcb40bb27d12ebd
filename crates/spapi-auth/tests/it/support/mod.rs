//! What the auth tests share: recognisable secrets, an LWA stand-in on loopback, and providers
//! pointed at it.
#![allow(dead_code, unused_imports, unreachable_pub)] // each test file uses its own subset

use spapi_auth::reqwest;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use spapi_auth::retry::RetryPolicy;
use spapi_auth::{
    ClientSecret, Grant, LwaCredentials, LwaTokenProvider, LwaTokenProviderBuilder, RefreshToken,
    Scope, Url,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond};

pub use spapi_testkit::lwa::{
    CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, TOKEN_PATH, form_fields, oauth_error,
};

/// Distinctive parts of each secret, searched for in every output that must not contain them.
pub const NEW_CLIENT_SECRET: &str = "amzn1.oa2-cs.v1.client-secret-2222";
pub const ACCESS_TOKEN_PREFIX: &str = "Atza|access-token-";
pub const SECRET_MARKERS: [&str; 4] = [
    "client-secret-1111",
    "client-secret-2222",
    "refresh-token-3333",
    "access-token-",
];

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
#[track_caller]
pub fn assert_no_secret(what: &str, text: &str) {
    spapi_testkit::assert_no_secret(&SECRET_MARKERS, what, text);
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
        spapi_testkit::lwa::token(&format!("{ACCESS_TOKEN_PREFIX}{n}"), expires_in)
    }
}

/// Like [`issue_tokens`], each answer delayed by `delay` (to keep a request in flight).
pub fn issue_tokens_after(expires_in: u64, delay: Duration) -> impl Respond {
    let tokens = issue_tokens(expires_in);
    move |request: &Request| tokens.respond(request).set_delay(delay)
}

/// A mock of the token endpoint answering with `response`.
pub fn token_endpoint(response: impl Respond + 'static) -> Mock {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(response)
}

/// An LWA stand-in whose every answer takes 5 s: longer than any test's timeout.
pub async fn slow_lwa_server() -> MockServer {
    let server = MockServer::start().await;
    token_endpoint(issue_tokens_after(3600, Duration::from_secs(5)))
        .mount(&server)
        .await;
    server
}

/// A token URL on a port of 127.0.0.1 that was free a moment ago: nothing listens there.
pub fn refusing_token_url() -> Url {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("free port")
        .port();
    Url::parse(&format!("http://127.0.0.1:{port}{TOKEN_PATH}")).expect("url")
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
