//! Idempotent provisioning: `ensure_destination` and `ensure_subscription` find what exists,
//! create what does not, and settle 409s.

use crate::support::*;
use serde_json::{Value, json};
use spapi_notifications_client::{
    CreateSubscriptionRequest, Destination, DestinationResourceSpecification, Error, EventFilter,
    Hint, NotificationType, OrderChangeType, ProcessingDirective, Response, Subscription,
};
use wiremock::matchers::query_param;
use wiremock::{Mock, MockServer, ResponseTemplate};

const ARN: &str = "arn:aws:sqs:us-east-1:444455556666:orders";

fn sqs(id: &str, arn: &str) -> Value {
    json!({"destinationId": id, "name": "orders", "resource": {"sqs": {"arn": arn, "futureField": 1}}})
}

fn event_bridge(id: &str) -> Value {
    json!({"destinationId": id, "name": "bus", "resource": {"sqs": null, "eventBridge": {
        "name": "aws.partner/sellingpartnerapi.amazon.com/123456789012/amzn1.sp.solution.x",
        "accountId": "123456789012", "region": "us-east-1"}}})
}

fn create_destination_mock() -> wiremock::MockBuilder {
    api_post(
        DESTINATIONS,
        GRANTLESS_TOKEN,
        json!({"resourceSpecification": {"sqs": {"arn": ARN}}, "name": "orders"}),
    )
}

/// `ensure_destination` of the queue [`ARN`], named `orders`.
async fn ensure_orders_queue(server: &MockServer) -> Result<Response<Destination>, Error> {
    client(server)
        .ensure_destination("orders", &DestinationResourceSpecification::sqs(ARN))
        .await
}

#[tokio::test]
async fn ensure_destination_returns_the_destination_already_on_the_resource() {
    let server = server().await;
    api("GET", DESTINATIONS, GRANTLESS_TOKEN)
        .respond_with(answer(
            200,
            json!({"payload": [
            sqs("other", "arn:aws:sqs:us-east-1:444455556666:other"),
            event_bridge("eb"),
            sqs("existing", ARN)]}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let destination = client(&server)
        .ensure_destination("a new name", &DestinationResourceSpecification::sqs(ARN))
        .await
        .unwrap();
    assert_eq!(destination.destination_id, "existing");
    assert_eq!(destination.request_id.as_deref(), Some(REQUEST_ID));
}

#[tokio::test]
async fn ensure_destination_creates_a_missing_destination() {
    let server = server().await;
    api("GET", DESTINATIONS, GRANTLESS_TOKEN)
        .respond_with(answer(200, json!({"payload": [event_bridge("eb")]})))
        .expect(1)
        .mount(&server)
        .await;
    create_destination_mock()
        .respond_with(answer(200, json!({"payload": sqs("created", ARN)})))
        .expect(1)
        .mount(&server)
        .await;

    let destination = ensure_orders_queue(&server).await.unwrap();
    assert_eq!(destination.destination_id, "created");
}

#[tokio::test]
async fn ensure_destination_settles_a_409_by_looking_again() {
    let server = server().await;
    api("GET", DESTINATIONS, GRANTLESS_TOKEN)
        .respond_with(answer(200, json!({"payload": []})))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    api("GET", DESTINATIONS, GRANTLESS_TOKEN)
        .respond_with(answer(200, json!({"payload": [sqs("raced", ARN)]})))
        .expect(1)
        .mount(&server)
        .await;
    create_destination_mock()
        .respond_with(api_error(
            409,
            "Conflict",
            "A destination for this resource already exists.",
            None,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let destination = ensure_orders_queue(&server).await.unwrap();
    assert_eq!(destination.destination_id, "raced");
}

#[tokio::test]
async fn ensure_destination_returns_a_409_it_cannot_settle() {
    let server = server().await;
    api("GET", DESTINATIONS, GRANTLESS_TOKEN)
        .respond_with(answer(200, json!({"payload": []})))
        .expect(2)
        .mount(&server)
        .await;
    create_destination_mock()
        .respond_with(api_error(409, "Conflict", "Resource already exists.", None))
        .expect(1)
        .mount(&server)
        .await;

    let error = ensure_orders_queue(&server).await.unwrap_err();
    assert_eq!(error.hint(), Some(Hint::DestinationExists));
}

fn order_change_request(destination_id: &str) -> CreateSubscriptionRequest {
    CreateSubscriptionRequest::new("1.0", destination_id).processing_directive(
        ProcessingDirective::event_filter(
            EventFilter::order_change().order_change_types([OrderChangeType::OrderStatusChange]),
        ),
    )
}

fn subscription(id: &str, destination_id: &str, with_filter: bool) -> Value {
    let mut subscription =
        json!({"subscriptionId": id, "payloadVersion": "1.0", "destinationId": destination_id});
    if with_filter {
        subscription["processingDirective"] = json!({"eventFilter": {
            "eventFilterType": "ORDER_CHANGE", "orderChangeTypes": ["OrderStatusChange"]}});
    }
    subscription
}

fn list_mock() -> wiremock::MockBuilder {
    api("GET", SUBSCRIPTIONS, SELLER_TOKEN)
        .and(query_param("notificationTypes", "ORDER_CHANGE"))
        .and(query_param("payloadVersion", "1.0"))
}

fn create_subscription_mock() -> wiremock::MockBuilder {
    api_post(
        ORDER_CHANGE,
        SELLER_TOKEN,
        json!({"payloadVersion": "1.0", "destinationId": "d-1", "processingDirective": {"eventFilter": {
            "eventFilterType": "ORDER_CHANGE", "orderChangeTypes": ["OrderStatusChange"]}}}),
    )
}

/// A seller's `ensure_subscription` to ORDER_CHANGE on destination `d-1`, with a filter.
async fn ensure_order_change(server: &MockServer) -> Result<Response<Subscription>, Error> {
    seller(&client(server))
        .ensure_subscription(&NotificationType::OrderChange, &order_change_request("d-1"))
        .await
}

#[tokio::test]
async fn ensure_subscription_returns_a_matching_subscription_on_a_later_page() {
    let server = server().await;
    list_mock()
        .and(wiremock::matchers::query_param_is_missing("nextToken"))
        .respond_with(answer(200, json!({"payload": {
            "subscriptions": [subscription("other-destination", "d-2", true), subscription("no-filter", "d-1", false)],
            "nextToken": "p2"}})))
        .expect(1)
        .mount(&server)
        .await;
    list_mock()
        .and(query_param("nextToken", "p2"))
        .respond_with(answer(
            200,
            json!({"payload": {"subscriptions": [subscription("match", "d-1", true)]}}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let subscription = ensure_order_change(&server).await.unwrap();
    assert_eq!(subscription.subscription_id, "match");
    assert_eq!(subscription.request_id.as_deref(), Some(REQUEST_ID));
}

#[tokio::test]
async fn ensure_subscription_creates_a_missing_subscription() {
    let server = server().await;
    // Amazon answers 404 when the seller has no subscription to the type at all.
    list_mock()
        .respond_with(not_found())
        .expect(1)
        .mount(&server)
        .await;
    create_subscription_mock()
        .respond_with(answer(
            200,
            json!({"payload": subscription("new", "d-1", true)}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let subscription = ensure_order_change(&server).await.unwrap();
    assert_eq!(subscription.subscription_id, "new");
}

#[tokio::test]
async fn ensure_subscription_settles_a_409_by_looking_again() {
    let server = server().await;
    list_mock()
        .respond_with(answer(200, json!({"payload": {"subscriptions": []}})))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    list_mock()
        .respond_with(answer(
            200,
            json!({"payload": {"subscriptions": [subscription("raced", "d-1", true)]}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    create_subscription_mock()
        .respond_with(ResponseTemplate::new(409).set_body_json(
            json!({"errors": [{"code": "Conflict", "message": "Subscription already exists"}]}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let subscription = ensure_order_change(&server).await.unwrap();
    assert_eq!(subscription.subscription_id, "raced");
}

#[tokio::test]
async fn ensure_subscription_leaves_a_different_subscription_alone() {
    let server = server().await;
    list_mock()
        .respond_with(answer(
            200,
            json!({"payload": {"subscriptions": [subscription("elsewhere", "d-9", false)]}}),
        ))
        .expect(2)
        .mount(&server)
        .await;
    create_subscription_mock()
        .respond_with(api_error(
            409,
            "Conflict",
            "Subscription already exists for this notification type.",
            None,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let error = ensure_order_change(&server).await.unwrap_err();
    assert!(matches!(&error, Error::Api { status, .. } if *status == 409));
    assert_eq!(error.hint(), Some(Hint::SubscriptionExists));
    assert!(
        error.to_string().contains("delete_subscription_by_id"),
        "{error}"
    );
}

#[tokio::test]
async fn an_event_bridge_only_type_is_not_subscribed_to_a_known_sqs_destination() {
    let server = server().await;
    api("GET", DESTINATIONS, GRANTLESS_TOKEN)
        .respond_with(answer(
            200,
            json!({"payload": [sqs("queue", ARN), event_bridge("bus")]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    api_post(
        "/notifications/v1/subscriptions/LISTINGS_ITEM_STATUS_CHANGE",
        SELLER_TOKEN,
        json!({"payloadVersion": "1.0", "destinationId": "bus"}),
    )
    .respond_with(answer(
        200,
        json!({"payload": subscription("listing", "bus", false)}),
    ))
    .expect(1)
    .mount(&server)
    .await;

    let client = client(&server);
    let queue = client
        .ensure_destination("orders", &DestinationResourceSpecification::sqs(ARN))
        .await
        .unwrap();
    let seller = seller(&client);
    let listings = NotificationType::ListingsItemStatusChange;
    // EventBridge-only type on the SQS destination: refused before any request.
    let error = seller
        .ensure_subscription(
            &listings,
            &CreateSubscriptionRequest::new("1.0", &queue.destination_id),
        )
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Validation { .. }), "{error}");
    assert!(
        error.to_string().contains("LISTINGS_ITEM_STATUS_CHANGE"),
        "{error}"
    );
    assert!(error.to_string().contains("EventBridge"), "{error}");
    // And the reverse: an SQS type on the EventBridge destination.
    let error = seller
        .create_subscription(
            &NotificationType::FeedProcessingFinished,
            &CreateSubscriptionRequest::new("1.0", "bus"),
        )
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Validation { .. }), "{error}");
    // The right kind goes through.
    seller
        .create_subscription(&listings, &CreateSubscriptionRequest::new("1.0", "bus"))
        .await
        .unwrap();
    // A destination this client has not seen is not second-guessed: Amazon decides.
    Mock::given(wiremock::matchers::method("POST"))
        .and(wiremock::matchers::path(
            "/notifications/v1/subscriptions/LISTINGS_ITEM_STATUS_CHANGE",
        ))
        .and(wiremock::matchers::body_partial_json(
            json!({"destinationId": "unknown"}),
        ))
        .respond_with(api_error(
            400,
            "InvalidInput",
            "Invalid input",
            Some("Notification type LISTINGS_ITEM_STATUS_CHANGE does not support AWS_SQS"),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let error = seller
        .create_subscription(&listings, &CreateSubscriptionRequest::new("1.0", "unknown"))
        .await
        .unwrap_err();
    assert_eq!(error.hint(), Some(Hint::WrongDeliveryChannel));
}
