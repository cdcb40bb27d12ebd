//! Notifications delivered by `sendTestNotification` and `Sandbox::publish`: to in-process
//! queues, to EventBridge partner event sources, and to real SQS queues on moto.

use std::time::Duration;

use crate::support::{
    self, arn, event_bridge_destination, grantless_token, moto_queue, post, seller_token,
    sqs_destination, subscribe, two_sellers,
};
use serde_json::json;
use spapi_notification_types::{Payload, Received};
use spapi_sandbox::testing::{Moto, unique_name};
use spapi_sandbox::{Error, Message, NotificationType, Publication, Queue, Sandbox};

/// The next message of `queue`, within five seconds.
async fn next(queue: &Queue) -> Message {
    tokio::time::timeout(Duration::from_secs(5), queue.recv())
        .await
        .expect("a message within 5 s")
}

#[track_caller]
fn assert_addressed(received: &Received, sandbox: &Sandbox, subscription_id: &str) {
    let metadata = received.notification.metadata.as_ref().unwrap();
    assert_eq!(metadata.subscription_id, subscription_id);
    assert_eq!(metadata.application_id, sandbox.application_id());
    assert_eq!(metadata.notification_id.len(), 36);
    let age = chrono::Utc::now() - metadata.publish_time;
    assert!(age.num_seconds().abs() < 60, "{age}");
}

#[tokio::test]
async fn test_notifications_are_realistic_and_land_in_the_queue() {
    let sandbox = support::sandbox().await;
    let grantless = grantless_token(&sandbox).await;
    let seller = seller_token(&sandbox).await;
    let queue_arn = arn("orders");
    let destination = sqs_destination(&sandbox, &grantless, &queue_arn).await;
    let subscription = subscribe(&sandbox, &seller, "ORDER_CHANGE", "1.0", &destination).await;
    let subscription_id = subscription.payload()["subscriptionId"].as_str().unwrap();
    let queue = sandbox.queue(&queue_arn);

    let body =
        json!({ "destinationId": destination, "testNotification": { "payloadVersion": "1.0" } });
    let sent = post(
        &sandbox,
        "/subscriptions/ORDER_CHANGE/testNotification",
        &grantless,
        body.clone(),
    )
    .await;
    assert_eq!(sent.body, json!({}));
    let first = next(&queue).await.decode().unwrap();
    assert_eq!(
        first.notification.notification_type,
        NotificationType::OrderChange
    );
    assert_eq!(first.notification.payload_version, "1.0");
    assert_addressed(&first, &sandbox, subscription_id);
    let Payload::OrderChange(order) = &first.notification.payload else {
        panic!("not typed")
    };
    assert_eq!(order.amazon_order_id, "903-8868176-2219830");
    assert!(
        first.delivery.is_bare(),
        "Amazon writes the notification itself as the SQS body"
    );

    // Without a destination: to every subscription to the type; a fresh notification id each time.
    post(
        &sandbox,
        "/subscriptions/ORDER_CHANGE/testNotification",
        &grantless,
        json!({}),
    )
    .await
    .payload();
    let second = next(&queue).await.decode().unwrap();
    assert_addressed(&second, &sandbox, subscription_id);
    assert_ne!(
        second.notification.dedup_key(),
        first.notification.dedup_key()
    );
    assert!(queue.is_empty());

    // A scenario picks the fixture of that name; without a subscription the id is fresh.
    let body = json!({ "destinationId": destination,
        "testNotification": { "payloadVersion": "2020-09-04", "testScenario": "vendor" } });
    post(
        &sandbox,
        "/subscriptions/REPORT_PROCESSING_FINISHED/testNotification",
        &grantless,
        body,
    )
    .await
    .payload();
    let report = next(&queue).await.decode().unwrap();
    let Payload::ReportProcessingFinished(report_payload) = &report.notification.payload else {
        panic!()
    };
    assert!(report_payload.seller_id.is_none(), "the vendor scenario");
    assert_ne!(
        report
            .notification
            .metadata
            .as_ref()
            .unwrap()
            .subscription_id,
        subscription_id
    );

    let to_path = |t: &str| format!("/subscriptions/{t}/testNotification");
    for (notification_type, body, details) in [
        (
            "ORDER_CHANGE",
            json!({ "destinationId": "nope" }),
            "recheck that the AppId and DestinationId are valid",
        ),
        (
            "ORDER_CHANGE",
            json!({ "destinationId": destination,
            "testNotification": { "payloadVersion": "1.0", "testScenario": "" } }),
            "testScenario",
        ),
        (
            "ORDER_CHANGE",
            json!({ "destinationId": destination, "testNotification": { "payloadVersion": "7" } }),
            "Invalid payload version",
        ),
        (
            "LISTINGS_ITEM_STATUS_CHANGE",
            json!({ "destinationId": destination }),
            "does not support AWS_SQS",
        ),
        (
            "ANY_OFFER_CHANGED",
            json!({}),
            "No subscription to ANY_OFFER_CHANGED",
        ),
        (
            "ORDER_CHANGE",
            json!({ "testNotification": {} }),
            "missing field `payloadVersion`",
        ),
    ] {
        let answer = post(
            &sandbox,
            &to_path(notification_type),
            &grantless,
            body.clone(),
        )
        .await;
        answer.assert_invalid_input(details, &body);
    }
    assert!(queue.is_empty());
}

#[tokio::test]
async fn event_bridge_destinations_get_events_with_the_notification_as_detail() {
    let sandbox = support::sandbox().await;
    let grantless = grantless_token(&sandbox).await;
    let seller = seller_token(&sandbox).await;
    let destination = event_bridge_destination(&sandbox, &grantless, "123456789012").await;
    let subscription = subscribe(
        &sandbox,
        &seller,
        "LISTINGS_ITEM_STATUS_CHANGE",
        "1.0",
        &destination,
    )
    .await;
    let subscription_id = subscription.payload()["subscriptionId"].as_str().unwrap();

    let published = sandbox
        .publish(
            NotificationType::ListingsItemStatusChange,
            sandbox.seller_id(),
        )
        .await
        .unwrap();
    let source = format!(
        "aws.partner/sellingpartnerapi.amazon.com/123456789012/{}",
        sandbox.application_id()
    );
    assert_eq!(published.len(), 1);
    assert_eq!(published[0].target, source);
    assert_eq!(published[0].destination_id, destination);

    let queue = sandbox.event_source("123456789012");
    assert_eq!(queue.name(), source);
    let message = next(&queue).await;
    assert_eq!(message.body, published[0].body);
    let event: serde_json::Value = serde_json::from_str(&message.body).unwrap();
    assert_eq!(event["detail-type"], "LISTINGS_ITEM_STATUS_CHANGE");
    assert_eq!(event["source"], source.as_str());
    assert_eq!(event["account"], "123456789012");
    assert_eq!(event["region"], "us-east-1");
    let received = message.decode().unwrap();
    assert_eq!(
        received
            .delivery
            .event_bridge
            .as_ref()
            .unwrap()
            .source
            .as_deref(),
        Some(source.as_str())
    );
    assert_addressed(&received, &sandbox, subscription_id);
    assert!(matches!(
        received.notification.payload,
        Payload::ListingsItemStatusChange(_)
    ));
}

#[tokio::test]
async fn publish_delivers_examples_and_raw_bodies_to_the_sellers_subscriptions() {
    let sandbox = two_sellers().without_rate_limits().start().await.unwrap();
    let grantless = grantless_token(&sandbox).await;
    let first = seller_token(&sandbox).await;
    let second = support::seller_token_of(&sandbox, "Atzr|second").await;
    let (a, b) = (arn("a"), arn("b"));
    let to_a = sqs_destination(&sandbox, &grantless, &a).await;
    let to_b = sqs_destination(&sandbox, &grantless, &b).await;
    subscribe(&sandbox, &first, "FEED_PROCESSING_FINISHED", "1.0", &to_a)
        .await
        .payload();
    subscribe(
        &sandbox,
        &first,
        "FEED_PROCESSING_FINISHED",
        "2020-09-04",
        &to_b,
    )
    .await
    .payload();
    subscribe(&sandbox, &second, "FEED_PROCESSING_FINISHED", "1.0", &to_b)
        .await
        .payload();

    // Each of the seller's subscriptions, in its payload version; not the other seller's.
    let published = sandbox
        .publish(NotificationType::FeedProcessingFinished, "A3TH9S8BH6GOGM")
        .await
        .unwrap();
    assert_eq!(published.len(), 2);
    let (queue_a, queue_b) = (sandbox.queue(&a), sandbox.queue(&b));
    assert_eq!(
        next(&queue_a)
            .await
            .decode()
            .unwrap()
            .notification
            .payload_version,
        "1.0"
    );
    assert_eq!(
        next(&queue_b)
            .await
            .decode()
            .unwrap()
            .notification
            .payload_version,
        "2020-09-04"
    );
    assert!(queue_a.is_empty() && queue_b.is_empty());

    // A raw body goes out exactly as given, even one that is not a notification.
    let raw = Publication::raw(NotificationType::FeedProcessingFinished, "not json");
    sandbox.publish(raw, "A1PA6795UKMFR9").await.unwrap();
    let poison = next(&queue_b).await;
    assert_eq!(poison.body, "not json");
    assert!(poison.decode().is_err());

    let error = sandbox
        .publish(NotificationType::OrderChange, "A3TH9S8BH6GOGM")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::NotSubscribed { .. }), "{error}");
    assert_eq!(
        error.to_string(),
        "seller A3TH9S8BH6GOGM has no subscription to ORDER_CHANGE"
    );
    let error = sandbox
        .publish(NotificationType::OrderChange, "A0NOBODY")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::UnknownSeller { .. }), "{error}");

    // An EventBridge event needs a JSON detail.
    let bus = event_bridge_destination(&sandbox, &grantless, "210987654321").await;
    subscribe(&sandbox, &first, "BRANDED_ITEM_CONTENT_CHANGE", "1.0", &bus)
        .await
        .payload();
    let raw = Publication::raw(NotificationType::BrandedItemContentChange, "not json");
    let error = sandbox.publish(raw, "A3TH9S8BH6GOGM").await.unwrap_err();
    assert!(matches!(error, Error::Delivery { .. }), "{error}");
}

#[tokio::test]
async fn sqs_destinations_deliver_to_real_queues_on_moto() {
    let (moto, queue) = moto_queue("sandbox-orders").await;
    let sandbox = Sandbox::builder()
        .without_rate_limits()
        .sqs_endpoint(moto.endpoint())
        .start()
        .await
        .unwrap();
    let grantless = grantless_token(&sandbox).await;
    let seller = seller_token(&sandbox).await;
    let destination = sqs_destination(&sandbox, &grantless, &queue.arn).await;
    let subscription = subscribe(&sandbox, &seller, "ORDER_CHANGE", "1.0", &destination).await;
    let subscription_id = subscription.payload()["subscriptionId"].as_str().unwrap();

    let body =
        json!({ "destinationId": destination, "testNotification": { "payloadVersion": "1.0" } });
    post(
        &sandbox,
        "/subscriptions/ORDER_CHANGE/testNotification",
        &grantless,
        body,
    )
    .await
    .payload();
    sandbox
        .publish(NotificationType::OrderChange, sandbox.seller_id())
        .await
        .unwrap();

    let sqs = moto.sqs_client();
    let mut bodies = Vec::new();
    while bodies.len() < 2 {
        let received = sqs
            .receive_message()
            .queue_url(&queue.url)
            .max_number_of_messages(10)
            .wait_time_seconds(2)
            .send()
            .await
            .unwrap();
        let messages = received.messages.unwrap_or_default();
        assert!(
            !messages.is_empty(),
            "moto's queue has {} of 2 messages",
            bodies.len()
        );
        bodies.extend(messages.into_iter().filter_map(|m| m.body));
    }
    for body in &bodies {
        let received = spapi_notification_types::envelope::decode(body.as_bytes()).unwrap();
        assert_eq!(
            received.notification.notification_type,
            NotificationType::OrderChange
        );
        assert_addressed(&received, &sandbox, subscription_id);
    }
    assert!(
        sandbox.queue(&queue.arn).is_empty(),
        "nothing in the in-process stand-in"
    );

    // A queue that does not exist: the test notification fails with the reason, publish too.
    let missing = arn(&unique_name("missing"));
    let lost = sqs_destination(&sandbox, &grantless, &missing).await;
    let body = json!({ "destinationId": lost, "testNotification": { "payloadVersion": "1.0" } });
    let failed = post(
        &sandbox,
        "/subscriptions/ORDER_CHANGE/testNotification",
        &grantless,
        body,
    )
    .await;
    failed.assert_error(500, "InternalFailure");
    assert!(failed.error().2.contains(&missing), "{:#}", failed.body);
}

#[tokio::test]
async fn a_configured_sqs_client_finds_queues_by_name() {
    let (moto, queue) = moto_queue("sandbox-client").await;
    let sandbox = Sandbox::builder()
        .sqs_client(moto.sqs_client())
        .start()
        .await
        .unwrap();
    let grantless = grantless_token(&sandbox).await;
    let seller = seller_token(&sandbox).await;
    let destination = sqs_destination(&sandbox, &grantless, &queue.arn).await;
    subscribe(&sandbox, &seller, "ANY_OFFER_CHANGED", "1.0", &destination)
        .await
        .payload();
    let published = sandbox
        .publish(NotificationType::AnyOfferChanged, sandbox.seller_id())
        .await
        .unwrap();
    assert_eq!(published[0].target, queue.arn);

    let received = moto
        .sqs_client()
        .receive_message()
        .queue_url(&queue.url)
        .wait_time_seconds(2)
        .send()
        .await
        .unwrap();
    let message = &received.messages.unwrap_or_default()[0];
    assert_eq!(message.body.as_deref(), Some(published[0].body.as_str()));
    let error = sandbox
        .publish(NotificationType::OrderChange, sandbox.seller_id())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::NotSubscribed { .. }));
}

#[tokio::test]
async fn one_moto_serves_every_test_holding_it() {
    let moto = Moto::shared().unwrap();
    let again = Moto::shared().unwrap();
    assert_eq!(moto.endpoint(), again.endpoint());
    let queue = moto.create_queue(&unique_name("shared")).await.unwrap();
    assert!(queue.url.starts_with(moto.endpoint()), "{}", queue.url);
    assert!(
        queue.arn.starts_with("arn:aws:sqs:us-east-1:"),
        "{}",
        queue.arn
    );
    assert_ne!(unique_name("q"), unique_name("q"));
}
