//! How to test your own SP-API code against the sandbox: here, a provisioning routine written
//! with plain `reqwest`, that must survive a 409 from an earlier run and a 503 from Amazon.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use spapi_sandbox::{Fault, NotificationType, Sandbox};

/// What your application knows: where Amazon is and its credentials.
struct Config {
    endpoint: String,
    token_url: String,
    client_id: String,
    client_secret: String,
    refresh_token: String,
}

/// Your code under test: subscribes the seller to ORDER_CHANGE on the queue `arn`, reusing the
/// destination and subscription when they exist, retrying 5xx answers.
async fn provision(config: &Config, arn: &str) -> Result<String, String> {
    let http = reqwest::Client::new();
    let grantless = token(
        &http,
        config,
        &[
            ("grant_type", "client_credentials"),
            ("scope", "sellingpartnerapi::notifications"),
        ],
    )
    .await?;
    let seller = token(
        &http,
        config,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &config.refresh_token),
        ],
    )
    .await?;
    let api = format!("{}/notifications/v1", config.endpoint);

    let body = json!({ "name": "orders", "resourceSpecification": { "sqs": { "arn": arn } } });
    let (status, created) = send(
        http.post(format!("{api}/destinations")),
        &grantless,
        Some(&body),
    )
    .await?;
    let destination_id = match status {
        StatusCode::OK => created["payload"]["destinationId"]
            .as_str()
            .map(str::to_owned),
        // The destination exists from an earlier run: find it.
        StatusCode::CONFLICT => {
            let (_, all) = send(http.get(format!("{api}/destinations")), &grantless, None).await?;
            all["payload"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|d| d["resource"]["sqs"]["arn"] == arn)
                .and_then(|d| d["destinationId"].as_str().map(str::to_owned))
        }
        other => return Err(format!("createDestination answered {other}")),
    }
    .ok_or("no destination id")?;

    let body = json!({ "payloadVersion": "1.0", "destinationId": destination_id });
    let path = format!("{api}/subscriptions/ORDER_CHANGE");
    let (status, created) = send(http.post(&path), &seller, Some(&body)).await?;
    let subscription = match status {
        StatusCode::OK => created,
        StatusCode::CONFLICT => send(http.get(&path), &seller, None).await?.1,
        other => return Err(format!("createSubscription answered {other}")),
    };
    subscription["payload"]["subscriptionId"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| "no subscription id".into())
}

async fn token(
    http: &reqwest::Client,
    config: &Config,
    grant: &[(&str, &str)],
) -> Result<String, String> {
    let mut form = vec![
        ("client_id", config.client_id.as_str()),
        ("client_secret", config.client_secret.as_str()),
    ];
    form.extend_from_slice(grant);
    let answer: Value = http
        .post(&config.token_url)
        .form(&form)
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    answer["access_token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("no token: {answer}"))
}

/// Sends a request, retrying server errors three times.
async fn send(
    request: reqwest::RequestBuilder,
    token: &str,
    body: Option<&Value>,
) -> Result<(StatusCode, Value), String> {
    for _ in 0..3 {
        let mut attempt = request
            .try_clone()
            .ok_or("unclonable request")?
            .header("x-amz-access-token", token);
        if let Some(body) = body {
            attempt = attempt.json(body);
        }
        let response = attempt.send().await.map_err(|e| e.to_string())?;
        let status = response.status();
        if !status.is_server_error() {
            return Ok((status, response.json().await.unwrap_or(Value::Null)));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err("server errors after 3 attempts".into())
}

#[tokio::test]
async fn provisioning_is_idempotent_and_survives_server_errors() {
    let sandbox = Sandbox::start().await.unwrap();
    let config = Config {
        endpoint: sandbox.base_url().to_owned(),
        token_url: sandbox.token_url().to_owned(),
        client_id: sandbox.client_id().to_owned(),
        client_secret: sandbox.client_secret().to_owned(),
        refresh_token: sandbox.refresh_token().to_owned(),
    };
    let arn = "arn:aws:sqs:us-east-1:123456789012:orders";

    let first = provision(&config, arn).await.unwrap();
    // A second run meets two 503s and the 409s of what the first run created.
    sandbox.fail_next(2, Fault::Unavailable);
    let second = provision(&config, arn).await.unwrap();
    assert_eq!(first, second);

    // The subscription works: a notification arrives, addressed to it.
    sandbox
        .publish(NotificationType::OrderChange, sandbox.seller_id())
        .await
        .unwrap();
    let received = sandbox.queue(arn).recv().await.decode().unwrap();
    assert_eq!(
        received.notification.metadata.unwrap().subscription_id,
        first
    );

    // And the calls stayed within the usage plan.
    let requests = sandbox.requests();
    assert!(
        requests
            .iter()
            .all(|r| r.status != Some(StatusCode::TOO_MANY_REQUESTS))
    );
    assert_eq!(
        requests
            .iter()
            .filter(|r| r.status == Some(StatusCode::SERVICE_UNAVAILABLE))
            .count(),
        2
    );
}
