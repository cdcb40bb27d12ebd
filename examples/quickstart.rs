//! Quick start: grantless and seller tokens from Login with Amazon, cached and fetched once.
//!
//! Runs with no credentials: it starts a small stand-in for the LWA token endpoint on 127.0.0.1
//! and points the token providers at it. With real credentials, drop the stand-in and the
//! `token_url` line (or use `LwaTokenProvider::grantless_from_env`).
//!
//! ```sh
//! cargo run --example quickstart
//! ```
#![allow(clippy::print_stdout)]

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};
use spapi_notifications::auth::{
    ClientSecret, Grant, LwaCredentials, LwaTokenProvider, RefreshToken, Scope, TokenProvider,
};

const CLIENT_ID: &str = "amzn1.application-oa2-client.quickstart";
const SECRETS: [&str; 2] = ["demo-secret-v1", "demo-secret-v2"];
const REFRESH_TOKEN: &str = "Atzr|demo-seller-refresh-token";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let lwa = LwaStandIn::start().await?;
    println!("LWA stand-in listening on {}", lwa.url);

    // 1. Credentials, and a grantless provider for the Notifications API's destination operations.
    let credentials = LwaCredentials::new(CLIENT_ID, ClientSecret::new(SECRETS[0]));
    println!("credentials: {credentials:?}");
    let grantless = LwaTokenProvider::builder(
        credentials.clone(),
        Grant::client_credentials([Scope::NOTIFICATIONS]),
    )
    .token_url(lwa.url.parse()?)
    .build();

    let token = grantless.access_token().await?;
    println!(
        "grantless token ({} chars), valid for {} s",
        token.expose_secret().len(),
        token.expires_in().as_secs()
    );
    grantless.access_token().await?;
    println!(
        "asked twice, LWA saw {} request(s): the second came from the cache",
        lwa.requests()
    );

    // 2. A seller provider sharing the credentials and HTTP client, with its own cache.
    let seller = grantless.with_grant(RefreshToken::new(REFRESH_TOKEN).into());
    let before = lwa.requests();
    let callers: Vec<_> = (0..100)
        .map(|_| {
            let seller = seller.clone();
            tokio::spawn(async move { seller.access_token().await })
        })
        .collect();
    for caller in callers {
        caller.await??;
    }
    println!(
        "100 concurrent seller callers, LWA saw {} request(s): single flight",
        lwa.requests() - before
    );

    // 3. Rotate the client secret: the next token request of every provider sends the new one.
    credentials.rotate_secret(ClientSecret::new(SECRETS[1]));
    grantless.invalidate(); // as after a 401 from the Selling Partner API
    grantless.access_token().await?;
    println!(
        "after rotation, LWA accepted secret v{}",
        lwa.last_secret_version()
    );
    println!("provider: {grantless:?}");
    Ok(())
}

/// A minimal LWA token endpoint: checks the client and the grant, issues one-hour tokens.
#[derive(Clone, Default)]
struct LwaStandIn {
    url: String,
    requests: Arc<AtomicUsize>,
    secret_version: Arc<AtomicUsize>,
}

impl LwaStandIn {
    async fn start() -> anyhow::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let stand_in = Self {
            url: format!("http://{}/auth/o2/token", listener.local_addr()?),
            ..Self::default()
        };
        let app = Router::new()
            .route("/auth/o2/token", post(token))
            .with_state(stand_in.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Ok(stand_in)
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    fn last_secret_version(&self) -> usize {
        self.secret_version.load(Ordering::SeqCst)
    }
}

async fn token(
    State(lwa): State<LwaStandIn>,
    Form(form): Form<HashMap<String, String>>,
) -> (StatusCode, Json<Value>) {
    let n = lwa.requests.fetch_add(1, Ordering::SeqCst) + 1;
    let field = |name: &str| form.get(name).map(String::as_str);
    let secret = SECRETS
        .iter()
        .position(|s| field("client_secret") == Some(*s));
    let (Some(CLIENT_ID), Some(version)) = (field("client_id"), secret) else {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client");
    };
    lwa.secret_version.store(version + 1, Ordering::SeqCst);
    let grant_ok = match field("grant_type") {
        Some("client_credentials") => field("scope").is_some() && field("refresh_token").is_none(),
        Some("refresh_token") => {
            field("refresh_token") == Some(REFRESH_TOKEN) && field("scope").is_none()
        }
        _ => false,
    };
    if !grant_ok {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant");
    }
    let body = json!({"access_token": format!("Atza|stand-in-{n}"), "token_type": "bearer", "expires_in": 3600});
    (StatusCode::OK, Json(body))
}

fn oauth_error(status: StatusCode, code: &str) -> (StatusCode, Json<Value>) {
    (
        status,
        Json(json!({"error": code, "error_description": format!("stand-in says {code}")})),
    )
}
