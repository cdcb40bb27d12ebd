//! What the client tests share: an LWA stand-in telling grants apart, a Notifications API
//! stand-in that fails the test on any request no mock expects, and clients pointed at them.
#![allow(dead_code, unused_imports, unreachable_pub)] // each test file uses its own subset

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::{Value, json};
use spapi_auth::retry::RetryPolicy;
use spapi_auth::{
    AccessToken, BoxFuture, ClientSecret, LwaCredentials, RefreshToken, TokenProvider,
};
use spapi_notifications_client::{NotificationsClient, NotificationsClientBuilder, SellerClient};
use spapi_testkit::lwa::form_fields;
use wiremock::matchers::{any, body_json, header, method, path};
use wiremock::{Mock, MockBuilder, MockServer, Request, Respond, ResponseTemplate};

pub use spapi_testkit::lwa::{CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, TOKEN_PATH};

/// Distinctive parts of each secret, searched for in every output that must not contain them.
pub const OTHER_REFRESH_TOKEN: &str = "Atzr|refresh-token-4444";
/// Grantless tokens are `Atza|grantless-token-1`, `-2`, ...; seller tokens `Atza|seller-token-1`, ...
pub const GRANTLESS_TOKEN: &str = "Atza|grantless-token-1";
pub const SELLER_TOKEN: &str = "Atza|seller-token-1";
pub const SECRET_MARKERS: [&str; 5] = [
    "client-secret-1111",
    "refresh-token-3333",
    "refresh-token-4444",
    "grantless-token-",
    "seller-token-",
];

pub const REQUEST_ID: &str = "f0e9b1e4-req-0001";
pub const ACCESS_TOKEN: &str = "x-amz-access-token";
pub const DESTINATIONS: &str = "/notifications/v1/destinations";
pub const SUBSCRIPTIONS: &str = "/notifications/v1/subscriptions";
pub const ORDER_CHANGE: &str = "/notifications/v1/subscriptions/ORDER_CHANGE";

/// Panics with the text if it contains any secret.
#[track_caller]
pub fn assert_no_secret(what: &str, text: &str) {
    spapi_testkit::assert_no_secret(&SECRET_MARKERS, what, text);
}

pub fn credentials() -> LwaCredentials {
    LwaCredentials::new(CLIENT_ID, ClientSecret::new(CLIENT_SECRET))
}

/// Retries quickly, so retry tests take milliseconds.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(2))
        .with_max_backoff(Duration::from_millis(10))
}

/// An LWA stand-in: `client_credentials` with the notifications scope gets grantless tokens,
/// `refresh_token` with a known refresh token gets that seller's tokens, anything else an
/// OAuth error. Both grants must carry the test application's id and secret.
pub struct Lwa {
    grantless: AtomicUsize,
    seller: AtomicUsize,
}

impl Respond for Lwa {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let form = form_fields(request);
        let field = |name: &str| {
            form.iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.as_str())
        };
        if field("client_id") != Some(CLIENT_ID) || field("client_secret") != Some(CLIENT_SECRET) {
            return oauth_error("invalid_client");
        }
        let token = match (field("grant_type"), field("scope"), field("refresh_token")) {
            (Some("client_credentials"), Some("sellingpartnerapi::notifications"), None) => {
                format!("Atza|grantless-token-{}", bump(&self.grantless))
            }
            (Some("refresh_token"), None, Some(REFRESH_TOKEN)) => {
                format!("Atza|seller-token-{}", bump(&self.seller))
            }
            (Some("refresh_token"), None, Some(OTHER_REFRESH_TOKEN)) => {
                format!("Atza|other-seller-token-{}", bump(&self.seller))
            }
            _ => return oauth_error("invalid_grant"),
        };
        spapi_testkit::lwa::token(&token, 3600)
    }
}

fn bump(counter: &AtomicUsize) -> usize {
    counter.fetch_add(1, Ordering::SeqCst) + 1
}

fn oauth_error(code: &str) -> ResponseTemplate {
    spapi_testkit::lwa::oauth_error(400, code)
}

/// A server playing LWA and the Notifications API. Any request that no mounted mock expects
/// fails the test when the server is dropped.
pub async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(Lwa {
            grantless: AtomicUsize::new(0),
            seller: AtomicUsize::new(0),
        })
        .with_priority(1)
        .named("lwa")
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(599))
        .with_priority(u8::MAX)
        .named("an unexpected request")
        .expect(0)
        .mount(&server)
        .await;
    server
}

/// A client of `server`: no rate limits, fast retries.
pub fn builder(server: &MockServer) -> NotificationsClientBuilder {
    NotificationsClient::builder()
        .endpoint(server.uri())
        .token_url(format!("{}{TOKEN_PATH}", server.uri()))
        .credentials(credentials())
        .retry_policy(fast_retries())
        .disable_rate_limits()
}

pub fn client(server: &MockServer) -> NotificationsClient {
    builder(server).build().expect("client")
}

pub fn seller(client: &NotificationsClient) -> SellerClient {
    client.seller(RefreshToken::new(REFRESH_TOKEN))
}

/// A mock of one API request carrying `token`, with the headers every request has.
pub fn api(verb: &str, api_path: &str, token: &str) -> MockBuilder {
    Mock::given(method(verb))
        .and(path(api_path))
        .and(header(ACCESS_TOKEN, token))
        .and(header("accept", "application/json"))
        .and(header(
            "user-agent",
            spapi_notifications_client::DEFAULT_USER_AGENT,
        ))
}

/// [`api`] for a POST with exactly this JSON body.
pub fn api_post(api_path: &str, token: &str, body: Value) -> MockBuilder {
    api("POST", api_path, token)
        .and(header("content-type", "application/json"))
        .and(body_json(body))
}

/// A JSON answer with Amazon's request id and rate limit headers.
pub fn answer(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("x-amzn-RequestId", REQUEST_ID)
        .insert_header("x-amzn-RateLimit-Limit", "1.0")
        .set_body_json(body)
}

/// A 200 JSON answer (see [`answer`]).
pub fn ok(body: Value) -> ResponseTemplate {
    answer(200, body)
}

/// Amazon's 403 for a token it refuses, with `details` when it gives them.
pub fn denied(details: Option<&str>) -> ResponseTemplate {
    api_error(
        403,
        "Unauthorized",
        "Access to requested resource is denied.",
        details,
    )
}

/// Amazon's 403 for an access token that has expired.
pub fn expired() -> ResponseTemplate {
    denied(Some("The access token you provided has expired."))
}

/// Amazon's 404 for a resource that does not exist.
pub fn not_found() -> ResponseTemplate {
    api_error(
        404,
        "NotFound",
        "The resource specified does not exist.",
        None,
    )
}

/// An SP-API error answer.
pub fn api_error(
    status: u16,
    code: &str,
    message: &str,
    details: Option<&str>,
) -> ResponseTemplate {
    let mut error = json!({"code": code, "message": message});
    if let Some(details) = details {
        error["details"] = json!(details);
    }
    ResponseTemplate::new(status)
        .insert_header("x-amzn-RequestId", REQUEST_ID)
        .set_body_json(json!({"errors": [error]}))
}

/// The requests the API (not LWA) received, in order.
pub async fn api_requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
        .into_iter()
        .filter(|request| request.url.path() != TOKEN_PATH)
        .collect()
}

/// How many token requests of `grant_type` LWA received.
pub async fn token_requests(server: &MockServer, grant_type: &str) -> usize {
    let needle = format!("grant_type={grant_type}");
    server
        .received_requests()
        .await
        .expect("request recording is on")
        .iter()
        .filter(|request| {
            request.url.path() == TOKEN_PATH
                && String::from_utf8_lossy(&request.body).contains(&needle)
        })
        .count()
}

/// The access token a recorded request carried.
pub fn token_of(request: &Request) -> &str {
    request
        .headers
        .get(ACCESS_TOKEN)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
}

/// A token provider handing out one fixed token, counting its calls.
#[derive(Debug)]
pub struct FixedToken {
    pub token: &'static str,
    pub calls: AtomicUsize,
    pub invalidations: AtomicUsize,
}

impl FixedToken {
    pub fn new(token: &'static str) -> Arc<Self> {
        Arc::new(Self {
            token,
            calls: AtomicUsize::new(0),
            invalidations: AtomicUsize::new(0),
        })
    }
}

impl TokenProvider for FixedToken {
    fn access_token(&self) -> BoxFuture<'_, Result<AccessToken, spapi_auth::Error>> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let token = AccessToken::new(
            self.token,
            tokio::time::Instant::now().into_std() + Duration::from_secs(3600),
        );
        Box::pin(async move { Ok(token) })
    }

    fn invalidate(&self) {
        self.invalidations.fetch_add(1, Ordering::SeqCst);
    }
}
