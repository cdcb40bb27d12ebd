//! The right token for each operation, fresh tokens after a refusal, and the seller fallback of
//! `deleteSubscriptionById`, against a real LWA stand-in that tells the grants apart.

use std::sync::atomic::Ordering;

use crate::support::*;
use serde_json::json;
use spapi_auth::RefreshToken;
use spapi_notifications_client::reqwest;
use spapi_notifications_client::{
    CreateSubscriptionRequest, Error, GetSubscriptionsQuery, Hint, NotificationType,
    NotificationsClient, SendTestNotificationRequest,
};
use wiremock::ResponseTemplate;
use wiremock::matchers::{header, method, path_regex};

const BY_ID: &str = "/notifications/v1/subscriptions/FULFILLMENT_ORDER_STATUS/sub-1";

fn subscription() -> serde_json::Value {
    json!({"payload": {"subscriptionId": "sub-1", "payloadVersion": "1.0", "destinationId": "d-1"}})
}

fn destination() -> serde_json::Value {
    json!({"payload": {"destinationId": "d-1", "name": "q", "resource": {"sqs": {"arn": "arn:aws:sqs:us-east-1:1:q"}}}})
}

#[tokio::test]
async fn every_operation_carries_the_token_of_its_grant() {
    let server = server().await;
    // Grantless operations answer only the grantless token, seller ones only the seller's:
    // a wrong token would hit the guard and fail the test.
    let by_id = format!("^{BY_ID}$");
    let test_notification =
        "^/notifications/v1/subscriptions/FULFILLMENT_ORDER_STATUS/testNotification$";
    let subscription_of_type = "^/notifications/v1/subscriptions/FULFILLMENT_ORDER_STATUS$";
    let mocks = [
        (
            "GET",
            "^/notifications/v1/destinations$",
            GRANTLESS_TOKEN,
            1,
            json!({"payload": []}),
        ),
        (
            "POST",
            "^/notifications/v1/destinations$",
            GRANTLESS_TOKEN,
            1,
            destination(),
        ),
        (
            "GET",
            "^/notifications/v1/destinations/d-1$",
            GRANTLESS_TOKEN,
            1,
            destination(),
        ),
        (
            "DELETE",
            "^/notifications/v1/destinations/d-1$",
            GRANTLESS_TOKEN,
            1,
            json!({}),
        ),
        ("GET", &by_id, GRANTLESS_TOKEN, 1, subscription()),
        ("DELETE", &by_id, GRANTLESS_TOKEN, 2, json!({})),
        ("POST", test_notification, GRANTLESS_TOKEN, 1, json!({})),
        (
            "GET",
            "^/notifications/v1/subscriptions$",
            SELLER_TOKEN,
            1,
            json!({"payload": {"subscriptions": []}}),
        ),
        ("GET", subscription_of_type, SELLER_TOKEN, 1, subscription()),
        (
            "POST",
            subscription_of_type,
            SELLER_TOKEN,
            1,
            subscription(),
        ),
    ];
    for (verb, path, token, times, body) in mocks {
        wiremock::Mock::given(method(verb))
            .and(path_regex(path))
            .and(header(ACCESS_TOKEN, token))
            .respond_with(ok(body))
            .expect(times)
            .mount(&server)
            .await;
    }

    let client = client(&server);
    let seller = seller(&client);
    let kind = NotificationType::FulfillmentOrderStatus;
    client.get_destinations().await.unwrap();
    client
        .create_destination(&spapi_notifications_client::CreateDestinationRequest::new(
            "q",
            spapi_notifications_client::DestinationResourceSpecification::sqs(
                "arn:aws:sqs:us-east-1:1:q",
            ),
        ))
        .await
        .unwrap();
    client.get_destination("d-1").await.unwrap();
    client.delete_destination("d-1").await.unwrap();
    client.get_subscription_by_id(&kind, "sub-1").await.unwrap();
    client
        .delete_subscription_by_id(&kind, "sub-1")
        .await
        .unwrap();
    client
        .send_test_notification(&kind, &SendTestNotificationRequest::new("d-1", "1.0"))
        .await
        .unwrap();
    seller
        .get_subscriptions(&GetSubscriptionsQuery::new(kind.clone()))
        .await
        .unwrap();
    seller.get_subscription(&kind, None).await.unwrap();
    seller
        .create_subscription(&kind, &CreateSubscriptionRequest::new("1.0", "d-1"))
        .await
        .unwrap();
    // On the seller handle, deleteSubscriptionById still starts with the grantless token.
    seller
        .delete_subscription_by_id(&kind, "sub-1")
        .await
        .unwrap();

    // One token per grant, cached for all the calls.
    assert_eq!(token_requests(&server, "client_credentials").await, 1);
    assert_eq!(token_requests(&server, "refresh_token").await, 1);
}

#[tokio::test]
async fn sellers_are_told_apart_and_share_the_grantless_cache() {
    let server = server().await;
    api("GET", ORDER_CHANGE, SELLER_TOKEN)
        .respond_with(ok(subscription()))
        .expect(1)
        .mount(&server)
        .await;
    api("GET", ORDER_CHANGE, "Atza|other-seller-token-2")
        .respond_with(ok(subscription()))
        .expect(1)
        .mount(&server)
        .await;
    api("GET", DESTINATIONS, GRANTLESS_TOKEN)
        .respond_with(ok(json!({"payload": []})))
        .expect(2)
        .mount(&server)
        .await;

    let client = client(&server);
    let first = seller(&client);
    let second = client.seller(RefreshToken::new(OTHER_REFRESH_TOKEN));
    first
        .get_subscription(&NotificationType::OrderChange, None)
        .await
        .unwrap();
    second
        .get_subscription(&NotificationType::OrderChange, None)
        .await
        .unwrap();
    first.client().get_destinations().await.unwrap();
    second.client().clone().get_destinations().await.unwrap();
    assert_eq!(token_requests(&server, "client_credentials").await, 1);
    assert_eq!(token_requests(&server, "refresh_token").await, 2);
}

#[tokio::test]
async fn an_expired_token_is_refreshed_once_and_the_call_retried() {
    let server = server().await;
    api("GET", DESTINATIONS, GRANTLESS_TOKEN)
        .respond_with(expired())
        .expect(1)
        .mount(&server)
        .await;
    api("GET", DESTINATIONS, "Atza|grantless-token-2")
        .respond_with(ok(json!({"payload": []})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server).get_destinations().await.unwrap();
    assert_eq!(token_requests(&server, "client_credentials").await, 2);
}

#[tokio::test]
async fn a_seller_token_refused_as_invalid_is_refreshed_too() {
    let server = server().await;
    api("POST", ORDER_CHANGE, SELLER_TOKEN)
        .respond_with(denied(Some(
            "The access token you provided is revoked, malformed or invalid.",
        )))
        .expect(1)
        .mount(&server)
        .await;
    api("POST", ORDER_CHANGE, "Atza|seller-token-2")
        .respond_with(ok(subscription()))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    seller(&client)
        .create_subscription(
            &NotificationType::OrderChange,
            &CreateSubscriptionRequest::new("1.0", "d-1"),
        )
        .await
        .unwrap();
    assert_eq!(token_requests(&server, "refresh_token").await, 2);
    assert_eq!(token_requests(&server, "client_credentials").await, 0);
}

/// Mounts a 403 with `message` for getDestination, twice, and returns the error.
async fn refused_twice(message: &str) -> Error {
    let server = server().await;
    wiremock::Mock::given(method("GET"))
        .and(path_regex("^/notifications/v1/destinations/d-1$"))
        .respond_with(api_error(403, "Unauthorized", message, None))
        .expect(2)
        .mount(&server)
        .await;
    let error = client(&server).get_destination("d-1").await.unwrap_err();
    assert!(matches!(error, Error::Api { status, .. } if status == 403));
    assert_eq!(token_requests(&server, "client_credentials").await, 2);
    error
}

#[tokio::test]
async fn a_token_refused_again_after_the_refresh_is_an_error_with_a_hint() {
    let error =
        refused_twice("The access token you provided is revoked, malformed or invalid.").await;
    assert_eq!(error.hint(), Some(Hint::TokenRejected));
    assert!(error.to_string().contains("LWA credentials"), "{error}");
}

/// LWA issued the token, so the credentials are not the cause of an expired one.
#[tokio::test]
async fn a_token_refused_as_expired_after_the_refresh_does_not_blame_the_credentials() {
    let error = refused_twice("The security token included in the request is expired").await;
    assert_eq!(error.hint(), Some(Hint::TokenExpired));
    let text = error.to_string();
    assert!(text.contains("the credentials are fine"), "{text}");
    assert!(text.contains("refresh_margin"), "{text}");
    assert!(!text.contains("check that the LWA credentials"), "{text}");
}

#[tokio::test]
async fn a_provider_supplied_token_is_invalidated_on_refusal() {
    let server = server().await;
    api("GET", DESTINATIONS, "Atza|fixed-token")
        .respond_with(ResponseTemplate::new(401))
        .expect(2)
        .mount(&server)
        .await;

    let provider = FixedToken::new("Atza|fixed-token");
    let client = NotificationsClient::builder()
        .endpoint(server.uri())
        .grantless_provider(provider.clone())
        .disable_rate_limits()
        .build()
        .unwrap();
    let error = client.get_destinations().await.unwrap_err();
    assert_eq!(error.status(), Some(reqwest::StatusCode::UNAUTHORIZED));
    assert_eq!(provider.invalidations.load(Ordering::SeqCst), 1);
    assert_eq!(provider.calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn delete_subscription_by_id_falls_back_to_the_seller_token_on_403() {
    let server = server().await;
    api("DELETE", BY_ID, GRANTLESS_TOKEN)
        .respond_with(denied(None))
        .expect(1)
        .mount(&server)
        .await;
    api("DELETE", BY_ID, SELLER_TOKEN)
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    seller(&client)
        .delete_subscription_by_id(&NotificationType::FulfillmentOrderStatus, "sub-1")
        .await
        .unwrap();
    let tokens: Vec<String> = api_requests(&server)
        .await
        .iter()
        .map(|request| token_of(request).to_owned())
        .collect();
    assert_eq!(tokens, [GRANTLESS_TOKEN, SELLER_TOKEN]);
}

#[tokio::test]
async fn delete_subscription_by_id_without_a_seller_explains_the_fallback() {
    let server = server().await;
    api("DELETE", BY_ID, GRANTLESS_TOKEN)
        .respond_with(denied(None))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .delete_subscription_by_id(&NotificationType::FulfillmentOrderStatus, "sub-1")
        .await
        .unwrap_err();
    assert_eq!(error.hint(), Some(Hint::DeleteNeedsSellerToken));
    assert!(
        error.to_string().contains("client.seller(refresh_token)"),
        "{error}"
    );
}

#[tokio::test]
async fn a_seller_without_credentials_is_a_config_error_and_sends_nothing() {
    let server = server().await;
    let client = NotificationsClient::builder()
        .endpoint(server.uri())
        .grantless_provider(FixedToken::new("Atza|fixed-token"))
        .build()
        .unwrap();
    let error = client
        .seller(RefreshToken::new(REFRESH_TOKEN))
        .get_subscription(&NotificationType::OrderChange, None)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Config { .. }), "{error}");
    assert!(error.to_string().contains("seller_with_provider"));

    // With a provider of its own, the seller handle works.
    api("GET", ORDER_CHANGE, "Atza|provided-seller")
        .respond_with(ok(subscription()))
        .expect(1)
        .mount(&server)
        .await;
    client
        .seller_with_provider(FixedToken::new("Atza|provided-seller"))
        .get_subscription(&NotificationType::OrderChange, None)
        .await
        .unwrap();
}
