//! What the sandbox's tests share: a plain HTTP client for LWA and the Notifications API.
#![allow(dead_code)]

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::sync::Arc;

use spapi_sandbox::testing::{Moto, TestQueue, unique_name};
use spapi_sandbox::{Sandbox, SandboxBuilder};

pub(crate) const NOTIFICATIONS_SCOPE: &str = "sellingpartnerapi::notifications";

/// A sandbox builder with two sellers: `A3TH9S8BH6GOGM` (refresh token `Atzr|first`, the
/// default seller) and `A1PA6795UKMFR9` (`Atzr|second`).
pub(crate) fn two_sellers() -> SandboxBuilder {
    Sandbox::builder()
        .seller("A3TH9S8BH6GOGM", "Atzr|first")
        .seller("A1PA6795UKMFR9", "Atzr|second")
}

/// The shared moto server and a new queue on it named after `prefix`.
pub(crate) async fn moto_queue(prefix: &str) -> (Arc<Moto>, TestQueue) {
    let moto = Moto::shared().unwrap();
    let queue = moto.create_queue(&unique_name(prefix)).await.unwrap();
    (moto, queue)
}

/// A sandbox without rate limits, for tests that make many calls.
pub(crate) async fn sandbox() -> Sandbox {
    Sandbox::builder()
        .without_rate_limits()
        .start()
        .await
        .unwrap()
}

/// An HTTP answer, its body read as JSON (`null` when empty or not JSON).
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Value,
}

impl Answer {
    /// The first SP-API error's code, message and details.
    pub(crate) fn error(&self) -> (&str, &str, &str) {
        let error = &self.body["errors"][0];
        let text = |key: &str| error[key].as_str().unwrap_or_default();
        (text("code"), text("message"), text("details"))
    }

    /// Asserts an SP-API error answer with this status and code.
    #[track_caller]
    pub(crate) fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status.as_u16(), status, "{:#}", self.body);
        assert_eq!(self.error().0, code, "{:#}", self.body);
        assert!(self.headers.contains_key("x-amzn-requestid"));
    }

    /// Asserts a 400 `InvalidInput` answer whose details mention `details`; `context` is what
    /// was sent.
    #[track_caller]
    pub(crate) fn assert_invalid_input(&self, details: &str, context: impl std::fmt::Display) {
        self.assert_error(400, "InvalidInput");
        assert!(
            self.error().2.contains(details),
            "{context}: {:#}",
            self.body
        );
    }

    /// Asserts a 200 answer and returns its `payload`.
    #[track_caller]
    pub(crate) fn payload(&self) -> &Value {
        assert_eq!(self.status, StatusCode::OK, "{:#}", self.body);
        &self.body["payload"]
    }
}

/// POSTs a form (or JSON when `json` is set) to LWA.
pub(crate) async fn lwa(sandbox: &Sandbox, fields: &[(&str, &str)], as_json: bool) -> Answer {
    let http = reqwest::Client::new();
    let request = http.post(sandbox.token_url());
    let request = if as_json {
        let object: serde_json::Map<String, Value> = fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), json!(v)))
            .collect();
        request.json(&object)
    } else {
        request.form(fields)
    };
    answer(request.send().await.unwrap()).await
}

/// A grantless access token with the notifications scope.
pub(crate) async fn grantless_token(sandbox: &Sandbox) -> String {
    token(
        sandbox,
        &[
            ("grant_type", "client_credentials"),
            ("scope", NOTIFICATIONS_SCOPE),
        ],
    )
    .await
}

/// An access token of the seller with `refresh_token`.
pub(crate) async fn seller_token_of(sandbox: &Sandbox, refresh_token: &str) -> String {
    token(
        sandbox,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
        ],
    )
    .await
}

/// An access token of the default seller.
pub(crate) async fn seller_token(sandbox: &Sandbox) -> String {
    seller_token_of(sandbox, sandbox.refresh_token()).await
}

/// An access token for `grant`, with the sandbox's client credentials.
pub(crate) async fn token(sandbox: &Sandbox, grant: &[(&str, &str)]) -> String {
    let mut fields = vec![
        ("client_id", sandbox.client_id()),
        ("client_secret", sandbox.client_secret()),
    ];
    fields.extend_from_slice(grant);
    let answer = lwa(sandbox, &fields, false).await;
    assert_eq!(answer.status, StatusCode::OK, "{:#}", answer.body);
    answer.body["access_token"].as_str().unwrap().to_owned()
}

/// Calls the Notifications API at `path` (under `/notifications/v1`).
pub(crate) async fn call(
    sandbox: &Sandbox,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Answer {
    let path = format!("/notifications/v1{path}");
    call_api(sandbox, method, &path, token, body).await
}

/// A call of any SP-API path (`call` is one of the Notifications API's).
pub(crate) async fn call_api(
    sandbox: &Sandbox,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Answer {
    let url = format!("{}{path}", sandbox.base_url());
    let mut request = reqwest::Client::new().request(method, url);
    if let Some(token) = token {
        request = request.header("x-amz-access-token", token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    answer(request.send().await.unwrap()).await
}

pub(crate) async fn get(sandbox: &Sandbox, path: &str, token: &str) -> Answer {
    call(sandbox, Method::GET, path, Some(token), None).await
}

pub(crate) async fn post(sandbox: &Sandbox, path: &str, token: &str, body: Value) -> Answer {
    call(sandbox, Method::POST, path, Some(token), Some(body)).await
}

pub(crate) async fn delete(sandbox: &Sandbox, path: &str, token: &str) -> Answer {
    call(sandbox, Method::DELETE, path, Some(token), None).await
}

pub(crate) async fn answer(response: reqwest::Response) -> Answer {
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.unwrap();
    Answer {
        status,
        headers,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

/// An SQS queue ARN named `name`.
pub(crate) fn arn(name: &str) -> String {
    format!("arn:aws:sqs:us-east-1:123456789012:{name}")
}

/// Creates an SQS destination for `arn` and returns its id.
pub(crate) async fn sqs_destination(sandbox: &Sandbox, grantless: &str, arn: &str) -> String {
    let body = json!({ "name": "queue", "resourceSpecification": { "sqs": { "arn": arn } } });
    let answer = post(sandbox, "/destinations", grantless, body).await;
    answer.payload()["destinationId"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Creates an EventBridge destination for AWS account `account_id` and returns its id.
pub(crate) async fn event_bridge_destination(
    sandbox: &Sandbox,
    grantless: &str,
    account_id: &str,
) -> String {
    let body = json!({ "name": "bus", "resourceSpecification": {
        "eventBridge": { "region": "us-east-1", "accountId": account_id } } });
    let answer = post(sandbox, "/destinations", grantless, body).await;
    answer.payload()["destinationId"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Subscribes the seller of `seller` (a seller token) to `notification_type`.
pub(crate) async fn subscribe(
    sandbox: &Sandbox,
    seller: &str,
    notification_type: &str,
    payload_version: &str,
    destination_id: &str,
) -> Answer {
    post(
        sandbox,
        &format!("/subscriptions/{notification_type}"),
        seller,
        json!({ "payloadVersion": payload_version, "destinationId": destination_id }),
    )
    .await
}
