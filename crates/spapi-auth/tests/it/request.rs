//! The token request on the wire and the parsing of LWA's answer.

use std::time::Duration;

use crate::support::*;
use serde_json::json;
use spapi_auth::{ClientSecret, DEFAULT_USER_AGENT, Grant, LwaTokenProvider, Scope, TokenProvider};
use tokio::time::Instant;
use wiremock::{MockServer, ResponseTemplate};

async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 1, "expected exactly one token request");
    requests.remove(0)
}

fn header<'a>(request: &'a wiremock::Request, name: &str) -> &'a str {
    request
        .headers
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .expect("ascii header")
}

#[tokio::test]
async fn grantless_request_sends_scopes_and_no_refresh_token() {
    let server = lwa_server(3600).await;
    let provider = builder(
        &server,
        Grant::client_credentials([Scope::NOTIFICATIONS, Scope::CLIENT_CREDENTIAL_ROTATION]),
    )
    .build();

    provider.access_token().await.expect("token");

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), TOKEN_PATH);
    assert_eq!(
        header(&request, "content-type"),
        "application/x-www-form-urlencoded;charset=UTF-8"
    );
    assert_eq!(header(&request, "accept"), "application/json");
    assert_eq!(header(&request, "user-agent"), DEFAULT_USER_AGENT);
    assert_eq!(
        String::from_utf8(request.body.clone()).expect("utf-8 body"),
        "grant_type=client_credentials\
         &scope=sellingpartnerapi%3A%3Anotifications+sellingpartnerapi%3A%3Aclient_credential%3Arotation\
         &client_id=amzn1.application-oa2-client.test\
         &client_secret=amzn1.oa2-cs.v1.client-secret-1111"
    );
    assert_eq!(
        form_fields(&request),
        [
            ("grant_type", "client_credentials"),
            (
                "scope",
                "sellingpartnerapi::notifications sellingpartnerapi::client_credential:rotation"
            ),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
    );
}

#[tokio::test]
async fn refresh_request_sends_the_refresh_token_and_no_scope() {
    let server = lwa_server(3600).await;
    let provider = builder(&server, seller_grant()).build();

    provider.access_token().await.expect("token");

    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "content-type"),
        "application/x-www-form-urlencoded;charset=UTF-8"
    );
    assert_eq!(
        String::from_utf8(request.body.clone()).expect("utf-8 body"),
        "grant_type=refresh_token\
         &refresh_token=Atzr%7Crefresh-token-3333\
         &client_id=amzn1.application-oa2-client.test\
         &client_secret=amzn1.oa2-cs.v1.client-secret-1111"
    );
    let names: Vec<String> = form_fields(&request).into_iter().map(|(k, _)| k).collect();
    assert_eq!(
        names,
        ["grant_type", "refresh_token", "client_id", "client_secret"]
    );
}

#[tokio::test]
async fn any_scope_string_is_sent_as_given() {
    let server = lwa_server(3600).await;
    let provider = builder(
        &server,
        Grant::client_credentials([Scope::MIGRATION, Scope::new("sellingpartnerapi::custom")]),
    )
    .build();

    provider.access_token().await.expect("token");

    let fields = form_fields(&only_request(&server).await);
    assert_eq!(
        fields[1],
        (
            "scope".to_owned(),
            "sellingpartnerapi::migration sellingpartnerapi::custom".to_owned()
        )
    );
}

#[tokio::test]
async fn custom_user_agent_and_token_url_are_used() {
    let server = MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::path("/custom/token"))
        .respond_with(issue_tokens(3600))
        .mount(&server)
        .await;
    let provider = LwaTokenProvider::builder(credentials(), seller_grant())
        .token_url(
            format!("{}/custom/token", server.uri())
                .parse()
                .expect("url"),
        )
        .user_agent("MyApp/2.1 (Language=Rust)")
        .build();

    provider.access_token().await.expect("token");

    assert_eq!(provider.token_url().path(), "/custom/token");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "user-agent"), "MyApp/2.1 (Language=Rust)");
}

#[tokio::test(start_paused = true)]
async fn the_token_expires_expires_in_seconds_after_it_was_requested() {
    let server = MockServer::start().await;
    token_endpoint(ResponseTemplate::new(200).set_body_json(json!({
        "access_token": "Atza|access-token-x",
        "refresh_token": "Atzr|refresh-token-3333",
        "token_type": "bearer",
        "expires_in": 3600,
        "unknown_field": {"ignored": true},
    })))
    .mount(&server)
    .await;
    let provider = builder(&server, seller_grant()).build();
    let requested_at = Instant::now();

    let token = provider.access_token().await.expect("token");

    assert_eq!(token.expose_secret(), "Atza|access-token-x");
    assert_eq!(
        token.expires_at(),
        (requested_at + Duration::from_secs(3600)).into_std()
    );
    assert_eq!(token.expires_in(), Duration::from_secs(3600));
    assert!(!token.is_expired());
    tokio::time::advance(Duration::from_secs(3600)).await;
    assert!(token.is_expired());
    assert_eq!(token.expires_in(), Duration::ZERO);
}

#[tokio::test]
async fn rotation_reaches_every_provider_sharing_the_credentials() {
    let server = lwa_server(3600).await;
    let credentials = credentials();
    let grantless = LwaTokenProvider::builder(credentials.clone(), grantless_grant())
        .token_url(token_url(&server))
        .build();
    let seller = grantless.with_grant(seller_grant());
    grantless.access_token().await.expect("grantless token");

    credentials.rotate_secret(ClientSecret::new(NEW_CLIENT_SECRET));
    grantless.invalidate();
    grantless
        .access_token()
        .await
        .expect("grantless token after rotation");
    seller
        .access_token()
        .await
        .expect("seller token after rotation");

    let secrets: Vec<String> = server
        .received_requests()
        .await
        .expect("recording")
        .iter()
        .map(|request| {
            form_fields(request)
                .into_iter()
                .find(|(name, _)| name == "client_secret")
                .expect("client_secret field")
                .1
        })
        .collect();
    assert_eq!(
        secrets,
        [CLIENT_SECRET, NEW_CLIENT_SECRET, NEW_CLIENT_SECRET]
    );
    assert_eq!(
        seller.credentials().client_secret().expose_secret(),
        NEW_CLIENT_SECRET
    );
}

#[tokio::test]
async fn with_grant_shares_settings_but_not_the_cache() {
    let server = lwa_server(3600).await;
    let grantless = builder(&server, grantless_grant())
        .user_agent("Shared/1.0")
        .build();
    let seller = grantless.with_grant(seller_grant());

    let grantless_token = grantless.access_token().await.expect("grantless");
    let seller_token = seller.access_token().await.expect("seller");

    assert_ne!(
        grantless_token.expose_secret(),
        seller_token.expose_secret()
    );
    assert_eq!(seller.token_url(), grantless.token_url());
    assert_eq!(seller.grant().grant_type(), "refresh_token");
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 2);
    assert!(
        requests
            .iter()
            .all(|r| header(r, "user-agent") == "Shared/1.0")
    );
}
