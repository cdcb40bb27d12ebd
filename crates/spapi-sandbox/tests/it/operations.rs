//! Every operation's success path and its 400, 404 and 409 answers, with SP-API's bodies.

use crate::support::{
    self, arn, delete, event_bridge_destination, get, grantless_token, post, seller_token,
    seller_token_of, sqs_destination, subscribe, two_sellers,
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn destinations_are_created_listed_fetched_and_deleted() {
    let sandbox = support::sandbox().await;
    let grantless = grantless_token(&sandbox).await;
    assert_eq!(
        get(&sandbox, "/destinations", &grantless).await.payload(),
        &json!([])
    );

    let queue = arn("orders");
    let created = post(
        &sandbox,
        "/destinations",
        &grantless,
        json!({ "name": "SQSDestination", "resourceSpecification": { "sqs": { "arn": queue } } }),
    )
    .await;
    let sqs = created.payload().clone();
    let sqs_id = sqs["destinationId"].as_str().unwrap().to_owned();
    assert_eq!(sqs_id.len(), 36);
    assert_eq!(sqs["name"], "SQSDestination");
    // Both resource keys, the unused one null, as Amazon answers.
    assert_eq!(
        sqs["resource"],
        json!({ "sqs": { "arn": queue }, "eventBridge": null })
    );
    assert!(created.headers.contains_key("x-amzn-requestid"));

    let bus_id = event_bridge_destination(&sandbox, &grantless, "123456789012").await;
    let bus = get(&sandbox, &format!("/destinations/{bus_id}"), &grantless).await;
    let partner_source = format!(
        "aws.partner/sellingpartnerapi.amazon.com/123456789012/{}",
        sandbox.application_id()
    );
    assert_eq!(
        bus.payload()["resource"],
        json!({ "sqs": null, "eventBridge": {
            "name": partner_source, "region": "us-east-1", "accountId": "123456789012" } })
    );

    let all = get(&sandbox, "/destinations", &grantless).await;
    let ids: Vec<&str> = all
        .payload()
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["destinationId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [sqs_id.as_str(), bus_id.as_str()]);
    assert_eq!(
        get(&sandbox, &format!("/destinations/{sqs_id}"), &grantless)
            .await
            .payload(),
        &sqs
    );

    let deleted = delete(&sandbox, &format!("/destinations/{sqs_id}"), &grantless).await;
    assert_eq!(deleted.status, StatusCode::OK);
    assert_eq!(deleted.body, json!({}));
    let gone = get(&sandbox, &format!("/destinations/{sqs_id}"), &grantless).await;
    gone.assert_error(404, "NotFound");
    assert!(gone.error().2.contains(&sqs_id));
    delete(&sandbox, &format!("/destinations/{sqs_id}"), &grantless)
        .await
        .assert_error(404, "NotFound");
    assert_eq!(
        get(&sandbox, "/destinations", &grantless)
            .await
            .payload()
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn bad_destination_bodies_are_invalid_input() {
    let sandbox = support::sandbox().await;
    let grantless = grantless_token(&sandbox).await;
    let sqs = |arn: &str| json!({ "sqs": { "arn": arn } });
    let bus = |account: &str, region: &str| json!({ "eventBridge": { "accountId": account, "region": region } });
    let cases = [
        (
            json!({ "name": "n", "resourceSpecification": { "sqs": { "arn": arn("q") },
            "eventBridge": { "accountId": "123456789012", "region": "us-east-1" } } }),
            "multiple resource types",
        ),
        (
            json!({ "name": "n", "resourceSpecification": {} }),
            "one resource type",
        ),
        (
            json!({ "name": "n", "resourceSpecification": { "sqs": null, "eventBridge": null } }),
            "one resource type",
        ),
        (
            json!({ "name": "n", "resourceSpecification": sqs("arn:aws:sns:us-east-1:123456789012:t") }),
            "Invalid SQS arn",
        ),
        (
            json!({ "name": "n", "resourceSpecification": sqs("queue-url") }),
            "Invalid SQS arn",
        ),
        (
            json!({ "name": "n", "resourceSpecification": bus("1234", "us-east-1") }),
            "account id",
        ),
        (
            json!({ "name": "n", "resourceSpecification": bus("123456789012", "Mars") }),
            "region",
        ),
        (
            json!({ "name": "", "resourceSpecification": sqs(&arn("q")) }),
            "name",
        ),
        (
            json!({ "name": "x".repeat(257), "resourceSpecification": sqs(&arn("q")) }),
            "name",
        ),
        (
            json!({ "resourceSpecification": sqs(&arn("q")) }),
            "missing field `name`",
        ),
        (
            json!({ "name": "n", "resourceSpecification": { "sqs": {} } }),
            "resourceSpecification.sqs",
        ),
        (
            json!({ "name": "n", "resourceSpecification": { "sqs": { "arn": 5 } } }),
            "resourceSpecification.sqs.arn",
        ),
        (json!([1, 2]), "Invalid request body"),
    ];
    for (body, details) in cases {
        let answer = post(&sandbox, "/destinations", &grantless, body.clone()).await;
        answer.assert_invalid_input(details, &body);
        assert_eq!(answer.error().1, "Invalid Input");
    }
    // Not JSON at all.
    let url = format!("{}/notifications/v1/destinations", sandbox.base_url());
    let http = reqwest::Client::new();
    let text = http
        .post(&url)
        .header("x-amz-access-token", &grantless)
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    support::answer(text)
        .await
        .assert_error(400, "InvalidInput");
    let xml = http
        .post(&url)
        .header("x-amz-access-token", &grantless)
        .header("content-type", "application/xml")
        .body("<a/>")
        .send()
        .await
        .unwrap();
    support::answer(xml)
        .await
        .assert_error(415, "UnsupportedMediaType");
    let huge = http
        .post(&url)
        .header("x-amz-access-token", &grantless)
        .json(&json!({ "name": "x".repeat(3 << 20) }))
        .send()
        .await
        .unwrap();
    support::answer(huge)
        .await
        .assert_error(413, "RequestEntityTooLarge");
    assert_eq!(
        get(&sandbox, "/destinations", &grantless).await.payload(),
        &json!([])
    );
}

#[tokio::test]
async fn one_destination_per_queue_and_per_account_and_none_deleted_while_used() {
    let sandbox = support::sandbox().await;
    let grantless = grantless_token(&sandbox).await;
    let seller = seller_token(&sandbox).await;
    let queue = arn("orders");
    let id = sqs_destination(&sandbox, &grantless, &queue).await;
    let again = post(
        &sandbox,
        "/destinations",
        &grantless,
        json!({ "name": "other", "resourceSpecification": { "sqs": { "arn": queue } } }),
    )
    .await;
    again.assert_error(409, "Conflict");
    assert_eq!(
        again.error().2,
        format!(
            "A destination with arn {queue} already exists for the application {}",
            sandbox.application_id()
        )
    );
    event_bridge_destination(&sandbox, &grantless, "123456789012").await;
    let bus = post(
        &sandbox,
        "/destinations",
        &grantless,
        json!({ "name": "b", "resourceSpecification": {
        "eventBridge": { "accountId": "123456789012", "region": "eu-west-1" } } }),
    )
    .await;
    bus.assert_error(409, "Conflict");

    let subscription = subscribe(&sandbox, &seller, "ORDER_CHANGE", "1.0", &id).await;
    let subscription_id = subscription.payload()["subscriptionId"]
        .as_str()
        .unwrap()
        .to_owned();
    let in_use = delete(&sandbox, &format!("/destinations/{id}"), &grantless).await;
    in_use.assert_error(409, "Conflict");
    assert_eq!(in_use.error().2, "Destination has subscriptions");
    delete(
        &sandbox,
        &format!("/subscriptions/ORDER_CHANGE/{subscription_id}"),
        &grantless,
    )
    .await
    .payload();
    assert_eq!(
        delete(&sandbox, &format!("/destinations/{id}"), &grantless)
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn subscriptions_are_created_found_listed_and_deleted() {
    let sandbox = two_sellers().without_rate_limits().start().await.unwrap();
    let grantless = grantless_token(&sandbox).await;
    let first = seller_token(&sandbox).await;
    let second = seller_token_of(&sandbox, "Atzr|second").await;
    let destination = sqs_destination(&sandbox, &grantless, &arn("orders")).await;

    let directive = json!({ "eventFilter": {
        "eventFilterType": "ORDER_CHANGE", "orderChangeTypes": ["OrderStatusChange"],
        "marketplaceIds": ["ATVPDKIKX0DER"] } });
    let created = post(
        &sandbox,
        "/subscriptions/ORDER_CHANGE",
        &first,
        json!({
        "payloadVersion": "1.0", "destinationId": destination, "processingDirective": directive }),
    )
    .await;
    let subscription = created.payload().clone();
    assert_eq!(subscription["payloadVersion"], "1.0");
    assert_eq!(subscription["destinationId"], destination.as_str());
    assert_eq!(subscription["processingDirective"], directive);
    let id = subscription["subscriptionId"].as_str().unwrap();

    // The seller's view (by type) and the application's (by id).
    assert_eq!(
        get(&sandbox, "/subscriptions/ORDER_CHANGE", &first)
            .await
            .payload(),
        &subscription
    );
    assert_eq!(
        get(
            &sandbox,
            "/subscriptions/ORDER_CHANGE?payloadVersion=1.0",
            &first
        )
        .await
        .payload(),
        &subscription
    );
    get(
        &sandbox,
        "/subscriptions/ORDER_CHANGE?payloadVersion=2.0",
        &first,
    )
    .await
    .assert_error(404, "NotFound");
    assert_eq!(
        get(
            &sandbox,
            &format!("/subscriptions/ORDER_CHANGE/{id}"),
            &grantless
        )
        .await
        .payload(),
        &subscription
    );
    // Another seller has none, until subscribing too (no conflict across sellers).
    get(&sandbox, "/subscriptions/ORDER_CHANGE", &second)
        .await
        .assert_error(404, "NotFound");
    let theirs = subscribe(&sandbox, &second, "ORDER_CHANGE", "1.0", &destination).await;
    assert_ne!(
        theirs.payload()["subscriptionId"],
        subscription["subscriptionId"]
    );

    let listed = get(
        &sandbox,
        "/subscriptions?notificationTypes=ORDER_CHANGE",
        &first,
    )
    .await;
    assert_eq!(
        listed.payload(),
        &json!({ "subscriptions": [subscription] })
    );
    let empty = get(
        &sandbox,
        "/subscriptions?notificationTypes=ANY_OFFER_CHANGED",
        &first,
    )
    .await;
    assert_eq!(empty.payload(), &json!({ "subscriptions": [] }));

    // 409: one subscription per seller, type and payload version.
    let again = subscribe(&sandbox, &first, "ORDER_CHANGE", "1.0", &destination).await;
    again.assert_error(409, "StateConflict");
    assert_eq!(
        again.error().1,
        "The resource specified conflicts with the current state."
    );

    let deleted = delete(
        &sandbox,
        &format!("/subscriptions/ORDER_CHANGE/{id}"),
        &grantless,
    )
    .await;
    assert_eq!(deleted.body, json!({}));
    get(
        &sandbox,
        &format!("/subscriptions/ORDER_CHANGE/{id}"),
        &grantless,
    )
    .await
    .assert_error(404, "NotFound");
    delete(
        &sandbox,
        &format!("/subscriptions/ORDER_CHANGE/{id}"),
        &grantless,
    )
    .await
    .assert_error(404, "NotFound");
    // The id belongs to its type.
    let theirs_id = theirs.payload()["subscriptionId"].as_str().unwrap();
    get(
        &sandbox,
        &format!("/subscriptions/ANY_OFFER_CHANGED/{theirs_id}"),
        &grantless,
    )
    .await
    .assert_error(404, "NotFound");
    // Deleted: the seller may subscribe again.
    subscribe(&sandbox, &first, "ORDER_CHANGE", "1.0", &destination)
        .await
        .payload();
}

#[tokio::test]
async fn get_subscription_prefers_the_current_payload_version() {
    let sandbox = support::sandbox().await;
    let grantless = grantless_token(&sandbox).await;
    let seller = seller_token(&sandbox).await;
    let destination = sqs_destination(&sandbox, &grantless, &arn("feeds")).await;
    let old = subscribe(
        &sandbox,
        &seller,
        "FEED_PROCESSING_FINISHED",
        "1.0",
        &destination,
    )
    .await;
    let current = subscribe(
        &sandbox,
        &seller,
        "FEED_PROCESSING_FINISHED",
        "2020-09-04",
        &destination,
    )
    .await;
    let latest = get(&sandbox, "/subscriptions/FEED_PROCESSING_FINISHED", &seller).await;
    assert_eq!(latest.payload(), current.payload());
    let pinned = get(
        &sandbox,
        "/subscriptions/FEED_PROCESSING_FINISHED?payloadVersion=1.0",
        &seller,
    )
    .await;
    assert_eq!(pinned.payload(), old.payload());
    let both = get(
        &sandbox,
        "/subscriptions?notificationTypes=FEED_PROCESSING_FINISHED",
        &seller,
    )
    .await;
    assert_eq!(both.payload()["subscriptions"].as_array().unwrap().len(), 2);
    let one = get(
        &sandbox,
        "/subscriptions?notificationTypes=FEED_PROCESSING_FINISHED&payloadVersion=1.0",
        &seller,
    )
    .await;
    assert_eq!(one.payload()["subscriptions"], json!([old.payload()]));
}

#[tokio::test]
async fn get_subscriptions_pages_with_next_tokens() {
    let sandbox = support::sandbox().await;
    let grantless = grantless_token(&sandbox).await;
    let seller = seller_token(&sandbox).await;
    let destination = sqs_destination(&sandbox, &grantless, &arn("fulfillment")).await;
    // Filter expressions are how one seller has many subscriptions to one type.
    for i in 0..65 {
        let body = json!({ "payloadVersion": "1.0", "destinationId": destination, "processingDirective": {
            "filterExpression": format!("FulfillmentOrderStatusNotification.SellerFulfillmentOrderId == `order-{i}`") } });
        post(
            &sandbox,
            "/subscriptions/FULFILLMENT_ORDER_STATUS",
            &seller,
            body,
        )
        .await
        .payload();
    }
    let mut seen = Vec::new();
    let mut path =
        "/subscriptions?notificationTypes=FULFILLMENT_ORDER_STATUS&pageSize=30".to_owned();
    let mut pages = 0;
    loop {
        let page = get(&sandbox, &path, &seller).await;
        let payload = page.payload();
        pages += 1;
        seen.extend(
            payload["subscriptions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["subscriptionId"].clone()),
        );
        let Some(token) = payload["nextToken"].as_str() else {
            break;
        };
        path = format!(
            "/subscriptions?notificationTypes=FULFILLMENT_ORDER_STATUS&pageSize=30&nextToken={token}"
        );
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 65);
    seen.dedup();
    assert_eq!(seen.len(), 65);
    // The default page is 30; 100 takes them all.
    let default = get(
        &sandbox,
        "/subscriptions?notificationTypes=FULFILLMENT_ORDER_STATUS",
        &seller,
    )
    .await;
    assert_eq!(
        default.payload()["subscriptions"].as_array().unwrap().len(),
        30
    );
    let all = get(
        &sandbox,
        "/subscriptions?notificationTypes=FULFILLMENT_ORDER_STATUS&pageSize=100",
        &seller,
    )
    .await;
    assert_eq!(all.payload()["subscriptions"].as_array().unwrap().len(), 65);
    assert!(all.payload().get("nextToken").is_none());
    // The same filter expression twice is a conflict.
    let body = json!({ "payloadVersion": "1.0", "destinationId": destination, "processingDirective": {
        "filterExpression": "FulfillmentOrderStatusNotification.SellerFulfillmentOrderId == `order-0`" } });
    post(
        &sandbox,
        "/subscriptions/FULFILLMENT_ORDER_STATUS",
        &seller,
        body,
    )
    .await
    .assert_error(409, "StateConflict");

    for (query, details) in [
        ("", "notificationTypes is required"),
        (
            "notificationTypes=ORDER_CHANGE,ANY_OFFER_CHANGED",
            "single notification type",
        ),
        (
            "notificationTypes=ORDER_CHANGE&notificationTypes=ANY_OFFER_CHANGED",
            "single notification type",
        ),
        (
            "notificationTypes=order%20change",
            "Invalid notification type",
        ),
        ("notificationTypes=ORDER_CHANGE&pageSize=29", "pageSize"),
        ("notificationTypes=ORDER_CHANGE&pageSize=101", "pageSize"),
        ("notificationTypes=ORDER_CHANGE&pageSize=many", "pageSize"),
        (
            "notificationTypes=FULFILLMENT_ORDER_STATUS&nextToken=forged",
            "nextToken",
        ),
    ] {
        let answer = get(&sandbox, &format!("/subscriptions?{query}"), &seller).await;
        answer.assert_invalid_input(details, query);
    }
}

#[tokio::test]
async fn bad_subscription_bodies_and_wrong_destinations_are_invalid_input() {
    let sandbox = support::sandbox().await;
    let grantless = grantless_token(&sandbox).await;
    let seller = seller_token(&sandbox).await;
    let queue = sqs_destination(&sandbox, &grantless, &arn("q")).await;
    let bus = event_bridge_destination(&sandbox, &grantless, "123456789012").await;
    let with = |directive: Value| json!({ "payloadVersion": "1.0", "destinationId": queue, "processingDirective": directive });
    let cases = [
        (
            "ORDER_CHANGE",
            json!({ "destinationId": queue }),
            "missing field `payloadVersion`",
        ),
        (
            "ORDER_CHANGE",
            json!({ "payloadVersion": "1.0" }),
            "missing field `destinationId`",
        ),
        (
            "ORDER_CHANGE",
            json!({ "payloadVersion": "9.9", "destinationId": queue }),
            "Invalid payload version",
        ),
        (
            "ORDER_CHANGE",
            json!({ "payloadVersion": "1.0", "destinationId": "nope" }),
            "does not exist",
        ),
        (
            "order-change",
            json!({ "payloadVersion": "1.0", "destinationId": queue }),
            "Invalid notification type",
        ),
        // EventBridge-only on SQS, SQS-only on EventBridge, in Amazon's words.
        (
            "LISTINGS_ITEM_STATUS_CHANGE",
            json!({ "payloadVersion": "1.0", "destinationId": queue }),
            "Notification type LISTINGS_ITEM_STATUS_CHANGE does not support AWS_SQS",
        ),
        (
            "FEED_PROCESSING_FINISHED",
            json!({ "payloadVersion": "1.0", "destinationId": bus }),
            "Notification type FEED_PROCESSING_FINISHED does not support AWS_EVENT_BRIDGE",
        ),
        (
            "ORDER_CHANGE",
            with(
                json!({ "eventFilter": { "eventFilterType": "ORDER_CHANGE" }, "filterExpression": "a" }),
            ),
            "mutually exclusive",
        ),
        (
            "ORDER_CHANGE",
            with(json!({ "filterExpression": "" })),
            "filterExpression",
        ),
        (
            "ORDER_CHANGE",
            with(json!({ "filterExpression": "x".repeat(257) })),
            "filterExpression",
        ),
        (
            "LISTINGS_ITEM_STATUS_CHANGE",
            json!({ "payloadVersion": "1.0", "destinationId": bus,
                    "processingDirective": { "filterExpression": "a.b == `c`" } }),
            "filterExpression is not supported for notification type LISTINGS_ITEM_STATUS_CHANGE",
        ),
        (
            "ORDER_CHANGE",
            with(json!({ "eventFilter": { "orderChangeTypes": [] } })),
            "missing field `eventFilterType`",
        ),
        (
            "ORDER_CHANGE",
            with(json!({ "eventFilter": { "eventFilterType": "EVERYTHING" } })),
            "Invalid eventFilterType",
        ),
        (
            "ORDER_CHANGE",
            with(json!({ "eventFilter": { "eventFilterType": "ANY_OFFER_CHANGED" } })),
            "does not apply",
        ),
        (
            "ORDER_CHANGE",
            with(
                json!({ "eventFilter": { "eventFilterType": "ORDER_CHANGE", "orderChangeTypes": ["Refund"] } }),
            ),
            "Invalid orderChangeTypes 'Refund'",
        ),
        (
            "ANY_OFFER_CHANGED",
            with(
                json!({ "eventFilter": { "eventFilterType": "ANY_OFFER_CHANGED",
            "aggregationSettings": { "aggregationTimePeriod": "OneHour" } } }),
            ),
            "Invalid aggregationTimePeriod",
        ),
        (
            "ANY_OFFER_CHANGED",
            with(
                json!({ "eventFilter": { "eventFilterType": "ANY_OFFER_CHANGED", "marketplaceIds": [""] } }),
            ),
            "marketplaceIds",
        ),
        (
            "ORDER_CHANGE",
            with(json!({ "eventFilter": "ORDER_CHANGE" })),
            "processingDirective.eventFilter",
        ),
    ];
    for (notification_type, body, details) in cases {
        let answer = post(
            &sandbox,
            &format!("/subscriptions/{notification_type}"),
            &seller,
            body.clone(),
        )
        .await;
        answer.assert_invalid_input(details, &body);
    }
    let get_path =
        |query: &str| format!("/subscriptions/SHIPMENT_TRACKING_MILESTONE_CHANGED{query}");
    // A tracking filter takes exactly one identifier.
    let tracking = |identifier: Value| {
        json!({ "payloadVersion": "2026-01-30", "destinationId": queue,
        "processingDirective": { "eventFilter": { "eventFilterType": "SHIPMENT_TRACKING_MILESTONE_CHANGED",
            "trackingIdentifier": identifier } } })
    };
    let two = post(
        &sandbox,
        &get_path(""),
        &seller,
        tracking(json!({ "aftn": "a", "acsin": "b" })),
    )
    .await;
    two.assert_error(400, "InvalidInput");
    let one = post(
        &sandbox,
        &get_path(""),
        &seller,
        tracking(json!({ "carrierTracking": { "trackingNumber": "1Z" } })),
    )
    .await;
    assert_eq!(
        one.payload()["processingDirective"]["eventFilter"]["trackingIdentifier"]["carrierTracking"]
            ["trackingNumber"],
        "1Z"
    );
    // A type newer than this crate is accepted, and delivered nowhere in particular.
    subscribe(&sandbox, &seller, "BRAND_NEW_TYPE", "2030-01-01", &bus)
        .await
        .payload();
    // Nothing was created by the bad requests.
    let listed = get(
        &sandbox,
        "/subscriptions?notificationTypes=ORDER_CHANGE",
        &seller,
    )
    .await;
    assert_eq!(listed.payload()["subscriptions"], json!([]));
}

#[tokio::test]
async fn unknown_routes_and_methods_are_not_operations() {
    let sandbox = support::sandbox().await;
    let grantless = grantless_token(&sandbox).await;
    let answer = support::call(
        &sandbox,
        Method::GET,
        "/nothing-here",
        Some(&grantless),
        None,
    )
    .await;
    answer.assert_error(404, "NotFound");
    let put = support::call(
        &sandbox,
        Method::PUT,
        "/destinations",
        Some(&grantless),
        None,
    )
    .await;
    assert_eq!(put.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(
        sandbox
            .requests()
            .iter()
            .all(|r| r.operation.is_none() || r.path.starts_with("/notifications"))
    );
}
