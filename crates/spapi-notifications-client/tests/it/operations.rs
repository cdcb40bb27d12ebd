//! Every operation's request shape (method, path, query, headers, body, token) and response
//! parsing, with the examples of Amazon's model (`api/notifications.json`) and the seed payloads.

use crate::support::*;
use futures_util::TryStreamExt;
use serde_json::json;
use spapi_notifications_client::reqwest;
use spapi_notifications_client::{
    AggregationTimePeriod, CreateDestinationRequest, CreateSubscriptionRequest, DeliveryChannel,
    DestinationResourceSpecification, EventFilter, EventFilterType, GetSubscriptionsQuery,
    NotificationType, OrderChangeType, ProcessingDirective, SendTestNotificationRequest,
    TrackingIdentifier,
};
use wiremock::ResponseTemplate;
use wiremock::matchers::{query_param, query_param_is_missing};

const SQS_ARN: &str = "arn:aws:sqs:us-east-2:444455556666:queue1";
const DESTINATION_ID: &str = "9e7a83ee-7730-11e9-8f9e-2a86e4085a59";
const SUBSCRIPTION_ID: &str = "7fcacc7e-727b-11e9-8848-1681be663d3e";

fn sqs_destination() -> serde_json::Value {
    json!({"destinationId": DESTINATION_ID, "name": "SQSDestination", "resource": {"sqs": {"arn": SQS_ARN}}})
}

#[tokio::test]
async fn get_destinations_reads_the_model_example() {
    let server = server().await;
    api("GET", DESTINATIONS, GRANTLESS_TOKEN)
        .respond_with(answer(200, json!({"payload": [sqs_destination()]})))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server).get_destinations().await.unwrap();
    assert_eq!(response.len(), 1);
    let destination = &response[0];
    assert_eq!(destination.destination_id, DESTINATION_ID);
    assert_eq!(destination.name, "SQSDestination");
    assert_eq!(destination.resource.sqs.as_ref().unwrap().arn, SQS_ARN);
    assert_eq!(destination.channel(), Some(DeliveryChannel::Sqs));
    assert_eq!(response.request_id.as_deref(), Some(REQUEST_ID));
    assert_eq!(response.rate_limit, Some(1.0));
    assert_eq!(response.status, 200);
}

/// A live `getDestinations` reply has carried `privateSqs` and `webhook` resources, which the
/// model does not define: they are kept with their JSON as sent, and written back unchanged.
#[tokio::test]
async fn destination_resources_of_unknown_kinds_are_kept_and_round_trip() {
    const PRIVATE_SQS: &str = r#"{"arn": "arn:aws:sqs:us-east-1:444455556666:private", "vpcEndpoint": "vpce-0abc", "n": 123456789012345678901234567890}"#;
    const WEBHOOK: &str = r#"{"url":"https://example.com/hook","headers":{"b":1,"a":[true,null]}}"#;
    let body = format!(
        r#"{{"payload": [
            {{"destinationId": "d-1", "name": "private", "resource": {{"sqs": null, "privateSqs": {PRIVATE_SQS}}}}},
            {{"destinationId": "d-2", "name": "hook", "resource": {{"webhook": {WEBHOOK}, "eventBridge": null}}}},
            {{"destinationId": "d-3", "name": "q", "resource": {{"sqs": {{"arn": "{SQS_ARN}"}}, "future": null}}}}
        ]}}"#
    );
    let server = server().await;
    api("GET", DESTINATIONS, GRANTLESS_TOKEN)
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-amzn-RequestId", REQUEST_ID)
                .set_body_raw(body, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let destinations = client(&server).get_destinations().await.unwrap().value;
    let [private, hook, queue] = &destinations[..] else {
        panic!("{destinations:?}");
    };
    assert_eq!(private.resource.sqs, None);
    assert_eq!(private.resource.other.len(), 1);
    assert_eq!(private.resource.other["privateSqs"].json(), PRIVATE_SQS);
    assert_eq!(private.channel(), None);
    let webhook: serde_json::Value = hook.resource.other["webhook"].parse().unwrap();
    assert_eq!(webhook["url"], "https://example.com/hook");
    assert_eq!(hook.resource.event_bridge, None);
    assert_eq!(hook.channel(), None);
    // A null resource of any kind reads as absent.
    assert!(queue.resource.other.is_empty());
    assert_eq!(queue.channel(), Some(DeliveryChannel::Sqs));

    // Written and read back: equal, with the raw JSON unchanged (the 30-digit number too).
    let written = serde_json::to_string(&destinations).unwrap();
    assert!(
        written.contains(&format!(r#""privateSqs":{PRIVATE_SQS}"#)),
        "{written}"
    );
    assert!(
        written.contains(&format!(r#""webhook":{WEBHOOK}"#)),
        "{written}"
    );
    let read: Vec<spapi_notifications_client::Destination> =
        serde_json::from_str(&written).unwrap();
    assert_eq!(read, destinations);
    assert_eq!(serde_json::to_string(&read).unwrap(), written);

    // A repeated resource key is an error, never a silent choice of one of the two.
    let repeated =
        r#"{"destinationId":"d","name":"n","resource":{"webhook":{},"webhook":{"url":"u"}}}"#;
    let error =
        serde_json::from_str::<spapi_notifications_client::Destination>(repeated).unwrap_err();
    assert!(
        error.to_string().contains("duplicate field `webhook`"),
        "{error}"
    );
}

#[tokio::test]
async fn get_destinations_without_a_payload_is_an_empty_list() {
    let server = server().await;
    api("GET", DESTINATIONS, GRANTLESS_TOKEN)
        .respond_with(answer(200, json!({})))
        .expect(1)
        .mount(&server)
        .await;
    assert!(client(&server).get_destinations().await.unwrap().is_empty());
}

#[tokio::test]
async fn create_destination_sends_an_sqs_specification() {
    let server = server().await;
    api_post(
        DESTINATIONS,
        GRANTLESS_TOKEN,
        json!({"resourceSpecification": {"sqs": {"arn": SQS_ARN}}, "name": "SQSDestination"}),
    )
    .respond_with(answer(200, json!({"payload": sqs_destination()})))
    .expect(1)
    .mount(&server)
    .await;

    let request = CreateDestinationRequest::new(
        "SQSDestination",
        DestinationResourceSpecification::sqs(SQS_ARN),
    );
    let destination = client(&server).create_destination(&request).await.unwrap();
    assert_eq!(destination.destination_id, DESTINATION_ID);
    assert_eq!(destination.request_id.as_deref(), Some(REQUEST_ID));
}

#[tokio::test]
async fn create_destination_sends_an_event_bridge_specification_and_reads_sqs_null() {
    let server = server().await;
    // The seed example (createDestination for EventBridge): the unused kind is an explicit null.
    let seed = json!({"payload": {
        "resource": {"sqs": null, "eventBridge": {
            "name": "aws.partner/sellingpartnerapi.amazon.com/123456789/amzn1.sp.solution.id",
            "accountId": "123456789", "region": "us-east-1"}},
        "destinationId": "yourDestinationId", "name": "yourDestinationName"}});
    api_post(
        DESTINATIONS,
        GRANTLESS_TOKEN,
        json!({"resourceSpecification": {"eventBridge": {"region": "us-east-1", "accountId": "123456789"}},
               "name": "yourDestinationName"}),
    )
    .respond_with(answer(200, seed))
    .expect(1)
    .mount(&server)
    .await;

    let request = CreateDestinationRequest::new(
        "yourDestinationName",
        DestinationResourceSpecification::event_bridge("123456789", "us-east-1"),
    );
    let destination = client(&server).create_destination(&request).await.unwrap();
    assert_eq!(destination.resource.sqs, None);
    let event_bridge = destination.resource.event_bridge.as_ref().unwrap();
    assert_eq!(
        event_bridge.name,
        "aws.partner/sellingpartnerapi.amazon.com/123456789/amzn1.sp.solution.id"
    );
    assert_eq!(event_bridge.account_id, "123456789");
    assert_eq!(event_bridge.region, "us-east-1");
    assert_eq!(destination.channel(), Some(DeliveryChannel::EventBridge));
}

#[tokio::test]
async fn the_sqs_seed_example_and_event_bridge_null_decode() {
    let server = server().await;
    // The seed example of an SQS destination.
    let seed = json!({"payload": {
        "name": "testDestination", "destinationId": "2d6eee67-23e9-40fe-destinationId",
        "resource": {"sqs": {"arn": "arn:aws:sqs:us-west-1:xxxxxxxx:TEST"}}}});
    let mut with_null = sqs_destination();
    with_null["resource"]["eventBridge"] = json!(null);
    api(
        "GET",
        "/notifications/v1/destinations/2d6eee67-23e9-40fe-destinationId",
        GRANTLESS_TOKEN,
    )
    .respond_with(answer(200, seed))
    .expect(1)
    .mount(&server)
    .await;
    api(
        "GET",
        &format!("{DESTINATIONS}/{DESTINATION_ID}"),
        GRANTLESS_TOKEN,
    )
    .respond_with(answer(200, json!({"payload": with_null})))
    .expect(1)
    .mount(&server)
    .await;

    let client = client(&server);
    let seed = client
        .get_destination("2d6eee67-23e9-40fe-destinationId")
        .await
        .unwrap();
    assert_eq!(seed.name, "testDestination");
    assert_eq!(
        seed.resource.sqs.as_ref().unwrap().arn,
        "arn:aws:sqs:us-west-1:xxxxxxxx:TEST"
    );
    let destination = client.get_destination(DESTINATION_ID).await.unwrap();
    assert_eq!(destination.resource.event_bridge, None);
    assert_eq!(destination.channel(), Some(DeliveryChannel::Sqs));
}

#[tokio::test]
async fn delete_destination_reads_an_empty_object() {
    let server = server().await;
    api(
        "DELETE",
        &format!("{DESTINATIONS}/{DESTINATION_ID}"),
        GRANTLESS_TOKEN,
    )
    .respond_with(answer(200, json!({})))
    .expect(1)
    .mount(&server)
    .await;
    let response = client(&server)
        .delete_destination(DESTINATION_ID)
        .await
        .unwrap();
    assert_eq!(response.request_id.as_deref(), Some(REQUEST_ID));
}

#[tokio::test]
async fn subscriptions_by_id_are_grantless() {
    let server = server().await;
    let by_id = format!("/notifications/v1/subscriptions/ANY_OFFER_CHANGED/{SUBSCRIPTION_ID}");
    api("GET", &by_id, GRANTLESS_TOKEN)
        .respond_with(answer(
            200,
            json!({"payload": {"subscriptionId": SUBSCRIPTION_ID, "payloadVersion": "1.0",
                               "destinationId": "3acafc7e-121b-1329-8ae8-1571be663aa2"}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    api("DELETE", &by_id, GRANTLESS_TOKEN)
        .respond_with(answer(200, json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let subscription = client
        .get_subscription_by_id(&NotificationType::AnyOfferChanged, SUBSCRIPTION_ID)
        .await
        .unwrap();
    assert_eq!(subscription.subscription_id, SUBSCRIPTION_ID);
    assert_eq!(subscription.payload_version, "1.0");
    assert_eq!(
        subscription.destination_id,
        "3acafc7e-121b-1329-8ae8-1571be663aa2"
    );
    assert_eq!(subscription.processing_directive, None);
    client
        .delete_subscription_by_id(&NotificationType::AnyOfferChanged, SUBSCRIPTION_ID)
        .await
        .unwrap();
}

#[tokio::test]
async fn get_subscription_reads_the_model_example_with_its_event_filter() {
    let server = server().await;
    let example = json!({"payload": {
        "subscriptionId": SUBSCRIPTION_ID, "payloadVersion": "1.0",
        "destinationId": "3acafc7e-121b-1329-8ae8-1571be663aa2",
        "processingDirective": {"eventFilter": {
            "marketplaceIds": ["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"],
            "aggregationSettings": {"aggregationTimePeriod": "FiveMinutes"},
            "eventFilterType": "ANY_OFFER_CHANGED"}}}});
    api(
        "GET",
        "/notifications/v1/subscriptions/ANY_OFFER_CHANGED",
        SELLER_TOKEN,
    )
    .and(query_param("payloadVersion", "1.0"))
    .respond_with(answer(200, example.clone()))
    .expect(1)
    .mount(&server)
    .await;
    api(
        "GET",
        "/notifications/v1/subscriptions/ANY_OFFER_CHANGED",
        SELLER_TOKEN,
    )
    .and(query_param_is_missing("payloadVersion"))
    .respond_with(answer(200, example))
    .expect(1)
    .mount(&server)
    .await;

    let seller = seller(&client(&server));
    let subscription = seller
        .get_subscription(&NotificationType::AnyOfferChanged, Some("1.0"))
        .await
        .unwrap();
    let expected = ProcessingDirective::event_filter(
        EventFilter::any_offer_changed()
            .aggregation(AggregationTimePeriod::FiveMinutes)
            .marketplace_ids(["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"]),
    );
    assert_eq!(subscription.processing_directive.as_ref(), Some(&expected));
    let latest = seller
        .get_subscription(&NotificationType::AnyOfferChanged, None)
        .await
        .unwrap();
    assert_eq!(latest.value, subscription.value);
}

#[tokio::test]
async fn create_subscription_sends_payload_version_destination_and_directive() {
    let server = server().await;
    api_post(
        ORDER_CHANGE,
        SELLER_TOKEN,
        json!({"payloadVersion": "1.0", "destinationId": DESTINATION_ID,
               "processingDirective": {"eventFilter": {
                   "eventFilterType": "ORDER_CHANGE",
                   "orderChangeTypes": ["OrderStatusChange", "BuyerRequestedChange"]}}}),
    )
    .respond_with(answer(
        200,
        json!({"payload": {"subscriptionId": SUBSCRIPTION_ID, "payloadVersion": "1.0",
                           "destinationId": DESTINATION_ID}}),
    ))
    .expect(1)
    .mount(&server)
    .await;

    let request = CreateSubscriptionRequest::new("1.0", DESTINATION_ID).processing_directive(
        ProcessingDirective::event_filter(EventFilter::order_change().order_change_types([
            OrderChangeType::OrderStatusChange,
            OrderChangeType::BuyerRequestedChange,
        ])),
    );
    let subscription = seller(&client(&server))
        .create_subscription(&NotificationType::OrderChange, &request)
        .await
        .unwrap();
    assert_eq!(subscription.subscription_id, SUBSCRIPTION_ID);
}

#[tokio::test]
async fn create_subscription_sends_a_filter_expression_or_a_tracking_filter() {
    let server = server().await;
    let expression = "FulfillmentOrderStatusNotification.FulfillmentOrderStatus == `SHIPPED`";
    let created = answer(
        200,
        json!({"payload": {"subscriptionId": "s-1", "payloadVersion": "1.0", "destinationId": "d-1"}}),
    );
    api_post(
        "/notifications/v1/subscriptions/FULFILLMENT_ORDER_STATUS",
        SELLER_TOKEN,
        json!({"payloadVersion": "1.0", "destinationId": "d-1",
               "processingDirective": {"filterExpression": expression}}),
    )
    .respond_with(created.clone())
    .expect(1)
    .mount(&server)
    .await;
    api_post(
        "/notifications/v1/subscriptions/SHIPMENT_TRACKING_MILESTONE_CHANGED",
        SELLER_TOKEN,
        json!({"payloadVersion": "2026-01-30", "destinationId": "d-1",
               "processingDirective": {"eventFilter": {
                   "eventFilterType": "SHIPMENT_TRACKING_MILESTONE_CHANGED",
                   "trackingIdentifier": {"carrierTracking": {"trackingNumber": "1Z999", "carrierCode": "UPS"}}}}}),
    )
    .respond_with(created)
    .expect(1)
    .mount(&server)
    .await;

    let seller = seller(&client(&server));
    let request = CreateSubscriptionRequest::new("1.0", "d-1")
        .processing_directive(ProcessingDirective::filter_expression(expression).unwrap());
    seller
        .create_subscription(&NotificationType::FulfillmentOrderStatus, &request)
        .await
        .unwrap();
    let tracking = CreateSubscriptionRequest::new("2026-01-30", "d-1").processing_directive(
        ProcessingDirective::event_filter(EventFilter::shipment_tracking(
            TrackingIdentifier::carrier_tracking("1Z999", Some("UPS")),
        )),
    );
    seller
        .create_subscription(
            &NotificationType::ShipmentTrackingMilestoneChanged,
            &tracking,
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn get_subscriptions_sends_the_query_and_reads_a_page() {
    let server = server().await;
    api("GET", SUBSCRIPTIONS, SELLER_TOKEN)
        .and(query_param("notificationTypes", "ANY_OFFER_CHANGED"))
        .and(query_param("payloadVersion", "1.0"))
        .and(query_param("pageSize", "50"))
        .and(query_param_is_missing("nextToken"))
        .respond_with(answer(
            200,
            json!({"payload": {"subscriptions": [{"subscriptionId": SUBSCRIPTION_ID,
                "payloadVersion": "1.0", "destinationId": "3acafc7e-121b-1329-8ae8-1571be663aa2"}]}}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let query = GetSubscriptionsQuery::new(NotificationType::AnyOfferChanged)
        .payload_version("1.0")
        .page_size(50);
    let page = seller(&client(&server))
        .get_subscriptions(&query)
        .await
        .unwrap();
    assert_eq!(page.subscriptions.len(), 1);
    assert_eq!(page.subscriptions[0].subscription_id, SUBSCRIPTION_ID);
    assert_eq!(page.next_page(), None);
}

#[tokio::test]
async fn get_subscriptions_pages_over_next_token() {
    let server = server().await;
    let subscription = |n: usize| json!({"subscriptionId": format!("s-{n}"), "payloadVersion": "1.0", "destinationId": "d-1"});
    let page_at = |token: Option<&str>| {
        let mock = api("GET", SUBSCRIPTIONS, SELLER_TOKEN)
            .and(query_param("notificationTypes", "ORDER_CHANGE"));
        match token {
            Some(token) => mock.and(query_param("nextToken", token)),
            None => mock.and(query_param_is_missing("nextToken")),
        }
    };
    page_at(None)
        .respond_with(answer(200, json!({"payload": {"subscriptions": [subscription(1), subscription(2)], "nextToken": "page-2"}})))
        .expect(2)
        .mount(&server)
        .await;
    page_at(Some("page-2"))
        .respond_with(answer(
            200,
            json!({"payload": {"subscriptions": [subscription(3)], "nextToken": "page-3"}}),
        ))
        .expect(2)
        .mount(&server)
        .await;
    page_at(Some("page-3"))
        .respond_with(answer(
            200,
            json!({"payload": {"subscriptions": [subscription(4)], "nextToken": ""}}),
        ))
        .expect(2)
        .mount(&server)
        .await;

    let seller = seller(&client(&server));
    let query = GetSubscriptionsQuery::new(NotificationType::OrderChange);
    let streamed: Vec<String> = seller
        .subscriptions(query.clone())
        .map_ok(|subscription| subscription.subscription_id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(streamed, ["s-1", "s-2", "s-3", "s-4"]);
    let all = seller.all_subscriptions(query).await.unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(all[3].subscription_id, "s-4");
}

#[tokio::test]
async fn send_test_notification_on_a_sandbox() {
    let server = server().await;
    let test_path = "/notifications/v1/subscriptions/ORDER_CHANGE/testNotification";
    api_post(
        test_path,
        GRANTLESS_TOKEN,
        json!({"destinationId": DESTINATION_ID,
               "testNotification": {"payloadVersion": "1.0", "testScenario": "ORDER_STATUS_CHANGE"}}),
    )
    .respond_with(answer(200, json!({})))
    .expect(1)
    .mount(&server)
    .await;
    api_post(
        test_path,
        GRANTLESS_TOKEN,
        json!({"destinationId": "not-mine", "testNotification": {"payloadVersion": "1.0"}}),
    )
    .respond_with(ResponseTemplate::new(400).set_body_json(json!({"errors": [{
        "code": "InvalidInput", "message": "InvalidInput",
        "details": "Invalid Input, recheck that the AppId and DestinationId are valid and DestinationId belongs to the application"}]})))
    .expect(1)
    .mount(&server)
    .await;

    // A loopback endpoint counts as a sandbox.
    let client = client(&server);
    assert!(client.is_sandbox());
    let request = SendTestNotificationRequest::new(DESTINATION_ID, "1.0")
        .test_scenario("ORDER_STATUS_CHANGE");
    let sent = client
        .send_test_notification(&NotificationType::OrderChange, &request)
        .await
        .unwrap();
    assert_eq!(sent.value, None);

    let error = client
        .send_test_notification(
            &NotificationType::OrderChange,
            &SendTestNotificationRequest::new("not-mine", "1.0"),
        )
        .await
        .unwrap_err();
    let errors = error.api_errors();
    assert_eq!(errors[0].code, "InvalidInput");
    assert!(
        errors[0]
            .details
            .as_deref()
            .unwrap()
            .contains("DestinationId belongs to the application")
    );
}

#[tokio::test]
async fn unknown_enum_values_and_fields_are_kept_or_ignored() {
    let server = server().await;
    api(
        "GET",
        "/notifications/v1/subscriptions/BRAND_NEW_TYPE",
        SELLER_TOKEN,
    )
    .respond_with(answer(
        200,
        json!({"payload": {
            "subscriptionId": "s-1", "payloadVersion": "2030-01-01", "destinationId": "d-1",
            "createdAt": "2030-01-01T00:00:00Z",
            "processingDirective": {"eventFilter": {
                "eventFilterType": "BRAND_NEW_FILTER",
                "aggregationSettings": {"aggregationTimePeriod": "OneHour"},
                "orderChangeTypes": ["RefundChange"],
                "futureFilter": {"x": 1}}}}}),
    ))
    .expect(1)
    .mount(&server)
    .await;

    let subscription = seller(&client(&server))
        .get_subscription(&NotificationType::from("BRAND_NEW_TYPE"), None)
        .await
        .unwrap();
    let filter = subscription
        .processing_directive
        .as_ref()
        .and_then(|directive| directive.event_filter.as_ref())
        .unwrap();
    assert_eq!(
        filter.event_filter_type,
        EventFilterType::Other("BRAND_NEW_FILTER".into())
    );
    assert_eq!(
        filter
            .aggregation_settings
            .as_ref()
            .unwrap()
            .aggregation_time_period,
        AggregationTimePeriod::Other("OneHour".into())
    );
    assert_eq!(
        filter.order_change_types.as_deref(),
        Some(&[OrderChangeType::Other("RefundChange".into())][..])
    );
    // Written back unchanged.
    let json = serde_json::to_value(filter).unwrap();
    assert_eq!(json["eventFilterType"], "BRAND_NEW_FILTER");
    assert_eq!(json["orderChangeTypes"][0], "RefundChange");
}

#[tokio::test]
async fn the_user_agent_names_the_application_and_a_callers_http_client_is_used() {
    let server = server().await;
    let user_agent = format!(
        "MyApp/2.1 {}",
        spapi_notifications_client::DEFAULT_USER_AGENT
    );
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path(DESTINATIONS))
        .and(wiremock::matchers::header(ACCESS_TOKEN, GRANTLESS_TOKEN))
        .and(wiremock::matchers::header(
            "user-agent",
            user_agent.as_str(),
        ))
        .and(wiremock::matchers::header("x-caller-client", "yes"))
        .respond_with(answer(200, json!({"payload": []})))
        .expect(1)
        .mount(&server)
        .await;

    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "x-caller-client",
        reqwest::header::HeaderValue::from_static("yes"),
    );
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let client = builder(&server)
        .user_agent_app("MyApp", "2.1")
        .http_client(http)
        .build()
        .unwrap();
    assert_eq!(client.user_agent(), user_agent);
    client.get_destinations().await.unwrap();
    // The token request went through the caller's client too, with the same user agent.
    let token_request = server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .find(|request| request.url.path() == TOKEN_PATH)
        .unwrap();
    assert_eq!(token_request.headers.get("x-caller-client").unwrap(), "yes");
    assert_eq!(
        token_request.headers.get("user-agent").unwrap(),
        user_agent.as_str()
    );
}
