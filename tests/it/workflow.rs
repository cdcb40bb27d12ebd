//! The whole Notifications workflow through the facade, against the sandbox on 127.0.0.1: the
//! client and the sandbox agree on every operation, token, error and limit.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use spapi_notifications::auth::{Grant, LwaTokenProvider, OAuthErrorCode, Scope, TokenProvider};
use spapi_notifications::client::reqwest::StatusCode;
use spapi_notifications::client::{
    CreateDestinationRequest, Error, EventFilter, GetSubscriptionsQuery, Hint, OrderChangeType,
    ProcessingDirective, SendTestNotificationRequest,
};
use spapi_notifications::prelude::*;
use spapi_notifications::sandbox::{Faults, Operation as SandboxOperation, RequestRecord};

const ORDERS_ARN: &str = "arn:aws:sqs:us-east-1:123456789012:orders";
const ACCOUNT: &str = "123456789012";

/// The answers `sandbox` gave with `status`.
fn answered(sandbox: &Sandbox, status: StatusCode) -> Vec<RequestRecord> {
    sandbox
        .requests()
        .into_iter()
        .filter(|record| record.status == Some(status))
        .collect()
}

/// Checks that `error` is the SP-API error the sandbox answered: status, code, the request id
/// of that very answer, the hint, and a message that shows them.
#[track_caller]
fn assert_api_error(
    sandbox: &Sandbox,
    error: &Error,
    status: StatusCode,
    code: &str,
    hint: Option<Hint>,
) {
    assert_eq!(error.status(), Some(status), "{error}");
    let codes: Vec<&str> = error.api_errors().iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, [code], "{error}");
    let request_id = error.request_id().expect("an x-amzn-RequestId");
    assert!(
        answered(sandbox, status)
            .iter()
            .any(|record| record.request_id == request_id),
        "the sandbox answered no {status} with request id {request_id}"
    );
    assert_eq!(error.hint(), hint, "{error}");
    let message = error.to_string();
    assert!(message.contains(request_id), "{message}");
    if let Some(hint) = hint {
        assert!(message.contains(&hint.to_string()), "{message}");
    }
}

#[tokio::test]
async fn every_operation_with_the_token_it_takes() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client_builder().build().unwrap();
    let seller = client.seller(RefreshToken::new(sandbox.refresh_token()));

    // The application's destinations (grantless): an SQS queue and an EventBridge account.
    assert!(client.get_destinations().await.unwrap().is_empty());
    let queue = client
        .create_destination(&CreateDestinationRequest::new(
            "orders",
            DestinationResourceSpecification::sqs(ORDERS_ARN),
        ))
        .await
        .unwrap();
    assert_eq!(queue.status, StatusCode::OK);
    assert!(queue.request_id.is_some());
    assert_eq!(queue.resource.sqs.as_ref().unwrap().arn, ORDERS_ARN);
    let bridge = client
        .create_destination(&CreateDestinationRequest::new(
            "listings",
            DestinationResourceSpecification::event_bridge(ACCOUNT, "us-east-1"),
        ))
        .await
        .unwrap();
    let bridge_resource = bridge.resource.event_bridge.as_ref().unwrap();
    assert!(bridge.resource.sqs.is_none());
    assert_eq!(bridge_resource.account_id, ACCOUNT);
    assert!(
        bridge_resource
            .name
            .starts_with("aws.partner/sellingpartnerapi.amazon.com/"),
        "{}",
        bridge_resource.name
    );
    let listed = client.get_destinations().await.unwrap();
    let mut ids: Vec<&str> = listed.iter().map(|d| d.destination_id.as_str()).collect();
    ids.sort_unstable();
    let mut expected = [
        queue.destination_id.as_str(),
        bridge.destination_id.as_str(),
    ];
    expected.sort_unstable();
    assert_eq!(ids, expected);
    assert_eq!(
        *client.get_destination(&queue.destination_id).await.unwrap(),
        *queue
    );

    // The seller's subscriptions (seller token): ORDER_CHANGE to the queue, with a filter...
    let order_change = NotificationType::OrderChange;
    let request = CreateSubscriptionRequest::new("1.0", &queue.destination_id)
        .processing_directive(ProcessingDirective::event_filter(
            EventFilter::order_change()
                .order_change_types([OrderChangeType::OrderStatusChange])
                .marketplace_ids(["ATVPDKIKX0DER"]),
        ));
    let orders = seller
        .create_subscription(&order_change, &request)
        .await
        .unwrap();
    assert_eq!(orders.destination_id, queue.destination_id);
    assert_eq!(orders.processing_directive, request.processing_directive);
    // ...and a listings type to EventBridge, which is the only way it is delivered.
    let listings = NotificationType::ListingsItemStatusChange;
    let listings_subscription = seller
        .create_subscription(
            &listings,
            &CreateSubscriptionRequest::new("1.0", &bridge.destination_id),
        )
        .await
        .unwrap();
    assert_eq!(
        *seller
            .get_subscription(&order_change, Some("1.0"))
            .await
            .unwrap(),
        *orders
    );
    assert_eq!(
        *seller.get_subscription(&order_change, None).await.unwrap(),
        *orders
    );
    let page = seller
        .get_subscriptions(&GetSubscriptionsQuery::new(order_change.clone()))
        .await
        .unwrap();
    assert_eq!(page.subscriptions, [(*orders).clone()]);
    assert_eq!(page.next_token, None);
    // By id (grantless).
    assert_eq!(
        *client
            .get_subscription_by_id(&order_change, &orders.subscription_id)
            .await
            .unwrap(),
        *orders
    );

    // Test notifications (grantless), delivered to the queue and to the event source.
    client
        .send_test_notification(
            &order_change,
            &SendTestNotificationRequest::new(&queue.destination_id, "1.0"),
        )
        .await
        .unwrap();
    let received = envelope::decode(sandbox.queue(ORDERS_ARN).recv().await.body.as_bytes())
        .expect("a notification in the queue");
    assert_eq!(received.notification.notification_type, order_change);
    assert_eq!(
        received
            .notification
            .metadata
            .as_ref()
            .unwrap()
            .subscription_id,
        orders.subscription_id
    );
    assert!(matches!(
        received.notification.payload,
        Payload::OrderChange(_)
    ));
    client
        .send_test_notification(
            &listings,
            &SendTestNotificationRequest::new(&bridge.destination_id, "1.0"),
        )
        .await
        .unwrap();
    let event = envelope::decode(sandbox.event_source(ACCOUNT).recv().await.body.as_bytes())
        .expect("an EventBridge event");
    assert_eq!(event.notification.notification_type, listings);
    let delivered = event.delivery.event_bridge.as_ref().expect("an event");
    assert_eq!(delivered.detail_type.as_deref(), Some(listings.as_str()));
    assert_eq!(
        delivered.source.as_deref(),
        Some(bridge_resource.name.as_str())
    );

    // Deletions: by id with the grantless token, and through the seller handle.
    client
        .delete_subscription_by_id(&order_change, &orders.subscription_id)
        .await
        .unwrap();
    seller
        .delete_subscription_by_id(&listings, &listings_subscription.subscription_id)
        .await
        .unwrap();
    for destination in [&queue, &bridge] {
        client
            .delete_destination(&destination.destination_id)
            .await
            .unwrap();
    }
    assert!(client.get_destinations().await.unwrap().is_empty());

    // The Application Management API: a new client secret (its own grantless scope).
    client.rotate_application_client_secret().await.unwrap();

    // Every operation was answered with a success, and none was throttled.
    let records = sandbox.requests();
    for operation in SandboxOperation::ALL {
        assert!(
            records
                .iter()
                .any(|record| record.operation == Some(*operation)
                    && record.status.is_some_and(|status| status.is_success())),
            "no successful {operation}"
        );
    }
    assert!(answered(&sandbox, StatusCode::TOO_MANY_REQUESTS).is_empty());
}

#[tokio::test]
async fn conflicts_are_409s_with_a_hint_and_ensure_settles_them() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client_builder().build().unwrap();
    let seller = client.seller(RefreshToken::new(sandbox.refresh_token()));
    let queue = DestinationResourceSpecification::sqs(ORDERS_ARN);

    // One destination per queue, whatever its name.
    let first = client
        .create_destination(&CreateDestinationRequest::new("orders", queue.clone()))
        .await
        .unwrap();
    let error = client
        .create_destination(&CreateDestinationRequest::new("renamed", queue.clone()))
        .await
        .unwrap_err();
    assert_api_error(
        &sandbox,
        &error,
        StatusCode::CONFLICT,
        "Conflict",
        Some(Hint::DestinationExists),
    );
    let ensured = client.ensure_destination("renamed", &queue).await.unwrap();
    assert_eq!(ensured.destination_id, first.destination_id);

    // One subscription per seller, type and payload version.
    let order_change = NotificationType::OrderChange;
    let request = CreateSubscriptionRequest::new("1.0", &first.destination_id);
    let subscription = seller
        .create_subscription(&order_change, &request)
        .await
        .unwrap();
    let error = seller
        .create_subscription(&order_change, &request)
        .await
        .unwrap_err();
    assert_api_error(
        &sandbox,
        &error,
        StatusCode::CONFLICT,
        "StateConflict",
        Some(Hint::SubscriptionExists),
    );
    let ensured = seller
        .ensure_subscription(&order_change, &request)
        .await
        .unwrap();
    assert_eq!(ensured.subscription_id, subscription.subscription_id);

    // A subscription to another destination is not ensure's to replace: the 409 comes back.
    let other = client
        .ensure_destination(
            "other",
            &DestinationResourceSpecification::sqs("arn:aws:sqs:us-east-1:123456789012:other"),
        )
        .await
        .unwrap();
    let error = seller
        .ensure_subscription(
            &order_change,
            &CreateSubscriptionRequest::new("1.0", &other.destination_id),
        )
        .await
        .unwrap_err();
    assert_api_error(
        &sandbox,
        &error,
        StatusCode::CONFLICT,
        "StateConflict",
        Some(Hint::SubscriptionExists),
    );
    assert_eq!(answered(&sandbox, StatusCode::CONFLICT).len(), 3);
}

#[tokio::test]
async fn concurrent_provisioning_settles_its_409s_on_one_destination_and_subscription() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client_builder().build().unwrap();
    let seller = client.seller(RefreshToken::new(sandbox.refresh_token()));
    // Slow answers, so that three provisioners all look before any of them creates: two of
    // the three creations meet a 409, which ensure_* must settle by looking again.
    sandbox
        .set_faults(Faults {
            latency: Duration::from_millis(150),
            ..Faults::default()
        })
        .unwrap();
    let queue = DestinationResourceSpecification::sqs(ORDERS_ARN);
    let ensure = || client.ensure_destination("orders", &queue);
    let destinations = tokio::join!(ensure(), ensure(), ensure());
    let destination_ids: HashSet<String> = [destinations.0, destinations.1, destinations.2]
        .into_iter()
        .map(|destination| destination.unwrap().destination_id.clone())
        .collect();
    assert_eq!(destination_ids.len(), 1, "{destination_ids:?}");
    let destination_id = destination_ids.into_iter().next().unwrap();
    let request = CreateSubscriptionRequest::new("1.0", &destination_id);
    let ensure = || seller.ensure_subscription(&NotificationType::OrderChange, &request);
    let subscriptions = tokio::join!(ensure(), ensure(), ensure());
    let subscription_ids: HashSet<String> = [subscriptions.0, subscriptions.1, subscriptions.2]
        .into_iter()
        .map(|subscription| subscription.unwrap().subscription_id.clone())
        .collect();
    assert_eq!(subscription_ids.len(), 1, "{subscription_ids:?}");
    assert_eq!(client.get_destinations().await.unwrap().len(), 1);
    let conflicts: Vec<_> = answered(&sandbox, StatusCode::CONFLICT)
        .into_iter()
        .map(|record| record.operation)
        .collect();
    assert_eq!(
        conflicts,
        [
            Some(SandboxOperation::CreateDestination),
            Some(SandboxOperation::CreateDestination),
            Some(SandboxOperation::CreateSubscription),
            Some(SandboxOperation::CreateSubscription),
        ]
    );
}

#[tokio::test]
async fn missing_resources_are_404s_with_request_ids() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client_builder().build().unwrap();
    let seller = client.seller(RefreshToken::new(sandbox.refresh_token()));
    let missing = "3acafc7e-121b-4fd5-a9d4-7f2d3a6b9c1e";
    let order_change = NotificationType::OrderChange;

    let error = client.get_destination(missing).await.unwrap_err();
    assert_api_error(
        &sandbox,
        &error,
        StatusCode::NOT_FOUND,
        "NotFound",
        Some(Hint::RegionMismatch),
    );
    let error = client.delete_destination(missing).await.unwrap_err();
    assert_api_error(
        &sandbox,
        &error,
        StatusCode::NOT_FOUND,
        "NotFound",
        Some(Hint::RegionMismatch),
    );
    let error = client
        .get_subscription_by_id(&order_change, missing)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND), "{error}");
    assert_eq!(error.api_errors()[0].code, "NotFound");
    let error = client
        .delete_subscription_by_id(&order_change, missing)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND), "{error}");
    let error = seller
        .get_subscription(&order_change, Some("1.0"))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND), "{error}");
    assert!(error.request_id().is_some());
    // ensure_subscription, finding none, creates one.
    let destination = client
        .ensure_destination("orders", &DestinationResourceSpecification::sqs(ORDERS_ARN))
        .await
        .unwrap();
    seller
        .ensure_subscription(
            &order_change,
            &CreateSubscriptionRequest::new("1.0", &destination.destination_id),
        )
        .await
        .unwrap();
    assert_eq!(answered(&sandbox, StatusCode::NOT_FOUND).len(), 5);
}

#[tokio::test]
async fn wrong_tokens_are_403s_with_a_hint_and_expired_ones_are_renewed() {
    let sandbox = Sandbox::start().await.unwrap();
    let credentials = sandbox.lwa_credentials();
    let token_url = sandbox.token_url().parse().unwrap();
    let seller_tokens: Arc<dyn TokenProvider> = Arc::new(
        LwaTokenProvider::builder(
            credentials.clone(),
            Grant::from(RefreshToken::new(sandbox.refresh_token())),
        )
        .token_url(token_url)
        .build(),
    );

    // A seller's token on a grantless operation.
    let misconfigured = sandbox
        .client_builder()
        .grantless_provider(Arc::clone(&seller_tokens))
        .build()
        .unwrap();
    let error = misconfigured.get_destinations().await.unwrap_err();
    assert_api_error(
        &sandbox,
        &error,
        StatusCode::FORBIDDEN,
        "Unauthorized",
        Some(Hint::GrantlessTokenRequired),
    );

    // A grantless token on a seller operation. Amazon's answer is the same as for a seller
    // whose authorization lacks the type's role, the likelier cause in production.
    let client = sandbox.client_builder().build().unwrap();
    let not_a_seller = client.seller_with_provider(Arc::new(
        LwaTokenProvider::builder(
            credentials.clone(),
            Grant::client_credentials([Scope::NOTIFICATIONS]),
        )
        .token_url(sandbox.token_url().parse().unwrap())
        .build(),
    ));
    let error = not_a_seller
        .get_subscription(&NotificationType::OrderChange, None)
        .await
        .unwrap_err();
    assert_api_error(
        &sandbox,
        &error,
        StatusCode::FORBIDDEN,
        "Unauthorized",
        Some(Hint::MissingRole { role: None }),
    );

    // Expired tokens are refused with a 403 saying so; the client fetches new ones and
    // repeats the call, for the application and for the seller.
    let seller = client.seller(RefreshToken::new(sandbox.refresh_token()));
    client.get_destinations().await.unwrap();
    seller
        .get_subscriptions(&GetSubscriptionsQuery::new(NotificationType::OrderChange))
        .await
        .unwrap();
    sandbox.expire_tokens();
    let forbidden_before = answered(&sandbox, StatusCode::FORBIDDEN).len();
    client.get_destinations().await.unwrap();
    seller
        .get_subscriptions(&GetSubscriptionsQuery::new(NotificationType::OrderChange))
        .await
        .unwrap();
    assert_eq!(
        answered(&sandbox, StatusCode::FORBIDDEN).len(),
        forbidden_before + 2
    );

    // Credentials LWA does not know never reach the Notifications API.
    let wrong_secret = sandbox
        .client_builder()
        .credentials(LwaCredentials::new(
            sandbox.client_id(),
            ClientSecret::new("not-the-secret"),
        ))
        .build()
        .unwrap();
    let error = wrong_secret.get_destinations().await.unwrap_err();
    let Error::Auth(auth) = &error else {
        panic!("expected an LWA error, got {error}");
    };
    assert_eq!(auth.oauth_code(), Some(&OAuthErrorCode::InvalidClient));
    assert!(!format!("{error} {error:?}").contains(sandbox.client_secret()));
    let revoked = client.seller(RefreshToken::new("Atzr|revoked"));
    let error = revoked
        .get_subscription(&NotificationType::OrderChange, None)
        .await
        .unwrap_err();
    let Error::Auth(auth) = &error else {
        panic!("expected an LWA error, got {error}");
    };
    assert_eq!(auth.oauth_code(), Some(&OAuthErrorCode::InvalidGrant));
    assert!(!format!("{error} {error:?}").contains("Atzr|revoked"));
}

#[tokio::test]
async fn bursts_wait_for_the_usage_plan_and_are_never_throttled() {
    // The sandbox enforces Amazon's usage plan (1 request per second, burst 5, per operation
    // and caller); the client starts from the same plan.
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client_builder().build().unwrap();
    let seller = client.seller(RefreshToken::new(sandbox.refresh_token()));
    let destination = client
        .ensure_destination("orders", &DestinationResourceSpecification::sqs(ORDERS_ARN))
        .await
        .unwrap();
    seller
        .create_subscription(
            &NotificationType::OrderChange,
            &CreateSubscriptionRequest::new("1.0", &destination.destination_id),
        )
        .await
        .unwrap();

    // 8 calls at once for the application and 8 for the seller: 5 each right away, then
    // one per second per bucket.
    let started = Instant::now();
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let client = client.clone();
        calls.spawn(async move { client.get_destinations().await.map(drop) });
        let seller = seller.clone();
        calls.spawn(async move {
            seller
                .get_subscription(&NotificationType::OrderChange, None)
                .await
                .map(drop)
        });
    }
    while let Some(call) = calls.join_next().await {
        call.unwrap().unwrap();
    }
    let elapsed = started.elapsed();

    // The usage plan had no room for them at once: the client waited for it...
    assert!(elapsed >= Duration::from_millis(2_500), "{elapsed:?}");
    // ...and Amazon (the sandbox) never had to throttle.
    let throttled = answered(&sandbox, StatusCode::TOO_MANY_REQUESTS);
    assert!(throttled.is_empty(), "429s: {throttled:?}");
    let records = sandbox.requests();
    let count = |operation| {
        records
            .iter()
            .filter(|record| {
                record.operation == Some(operation) && record.status == Some(StatusCode::OK)
            })
            .count()
    };
    // ensure_destination's own getDestinations, then the burst.
    assert_eq!(count(SandboxOperation::GetDestinations), 9);
    assert_eq!(count(SandboxOperation::GetSubscription), 8);
}

#[tokio::test]
async fn get_subscriptions_pages_through_next_tokens() {
    // No usage plan on either side, so that 35 creations take no time.
    let sandbox = Sandbox::builder()
        .without_rate_limits()
        .start()
        .await
        .unwrap();
    let client = sandbox
        .client_builder()
        .disable_rate_limits()
        .build()
        .unwrap();
    let seller = client.seller(RefreshToken::new(sandbox.refresh_token()));
    let destination = client
        .ensure_destination(
            "fulfillment",
            &DestinationResourceSpecification::sqs(ORDERS_ARN),
        )
        .await
        .unwrap();
    // Filter expressions are how one seller has many subscriptions to one type.
    let fulfillment = NotificationType::FulfillmentOrderStatus;
    let mut created = HashSet::new();
    for i in 0..35 {
        let expression =
            format!("FulfillmentOrderStatusNotification.SellerFulfillmentOrderId == `order-{i}`");
        let request = CreateSubscriptionRequest::new("1.0", &destination.destination_id)
            .processing_directive(ProcessingDirective::filter_expression(expression).unwrap());
        let subscription = seller
            .create_subscription(&fulfillment, &request)
            .await
            .unwrap();
        created.insert(subscription.subscription_id.clone());
    }

    let query = GetSubscriptionsQuery::new(fulfillment.clone()).page_size(30);
    let first = seller.get_subscriptions(&query).await.unwrap();
    assert_eq!(first.subscriptions.len(), 30);
    let next = first.next_page().expect("a second page").to_owned();
    let second = seller
        .get_subscriptions(&query.clone().next_token(next))
        .await
        .unwrap();
    assert_eq!(second.subscriptions.len(), 5);
    assert_eq!(second.next_page(), None);

    let all = seller.all_subscriptions(query).await.unwrap();
    let ids: HashSet<String> = all.into_iter().map(|s| s.subscription_id).collect();
    assert_eq!(ids, created);
}
