//! Requests that break the model's rules are refused with the field named, and nothing is sent
//! (not even a token request).

use crate::support::*;
use spapi_notifications_client::{
    CreateDestinationRequest, CreateSubscriptionRequest, DestinationResourceSpecification, Error,
    EventFilter, GetSubscriptionsQuery, NotificationType, OrderChangeType, ProcessingDirective,
    SendTestNotificationRequest, SqsResource, TrackingIdentifier,
};
use wiremock::MockServer;

/// Asserts `result` is a validation error about `field`, and that the server saw nothing.
async fn refused<T: std::fmt::Debug>(
    server: &MockServer,
    result: Result<T, Error>,
    field: &str,
) -> String {
    let error = result.unwrap_err();
    match &error {
        Error::Validation {
            field: actual,
            problem,
        } => {
            assert_eq!(actual, field, "{problem}");
            assert!(
                error.to_string().starts_with(&format!("invalid {field}: ")),
                "{error}"
            );
        }
        other => panic!("expected a validation error about {field}, got {other:?}"),
    }
    let received = server.received_requests().await.unwrap();
    assert!(received.is_empty(), "sent {received:?}");
    error.to_string()
}

#[tokio::test]
async fn destinations_follow_the_model() {
    let server = server().await;
    let client = client(&server);
    let create = |name: &str, spec: DestinationResourceSpecification| {
        let client = client.clone();
        let request = CreateDestinationRequest::new(name, spec);
        async move { client.create_destination(&request).await }
    };
    let message = refused(
        &server,
        create(
            "q",
            DestinationResourceSpecification::sqs("arn:aws:sns:us-east-1:1:topic"),
        )
        .await,
        "resourceSpecification.sqs.arn",
    )
    .await;
    assert!(
        message.contains("arn:aws:sqs:<region>:<account id>:<queue name>"),
        "{message}"
    );
    refused(
        &server,
        create(
            "q",
            DestinationResourceSpecification::sqs(format!("arn:aws:sqs:a:b:{}", "q".repeat(990))),
        )
        .await,
        "resourceSpecification.sqs.arn",
    )
    .await;
    let message = refused(
        &server,
        create(
            &"n".repeat(257),
            DestinationResourceSpecification::sqs("arn:aws:sqs:a:1:q"),
        )
        .await,
        "name",
    )
    .await;
    assert!(
        message.contains("257 characters, more than 256"),
        "{message}"
    );
    refused(
        &server,
        create(
            "",
            DestinationResourceSpecification::sqs("arn:aws:sqs:a:1:q"),
        )
        .await,
        "name",
    )
    .await;

    let mut both = DestinationResourceSpecification::event_bridge("123456789012", "us-east-1");
    both.sqs = Some(SqsResource::new("arn:aws:sqs:a:1:q"));
    let message = refused(&server, create("q", both).await, "resourceSpecification").await;
    assert!(message.contains("both sqs and eventBridge"), "{message}");
    refused(
        &server,
        create("q", DestinationResourceSpecification::default()).await,
        "resourceSpecification",
    )
    .await;
    refused(
        &server,
        create(
            "q",
            DestinationResourceSpecification::event_bridge("", "us-east-1"),
        )
        .await,
        "resourceSpecification.eventBridge.accountId",
    )
    .await;
    refused(
        &server,
        client
            .ensure_destination(
                "q",
                &DestinationResourceSpecification::event_bridge("1", " "),
            )
            .await,
        "resourceSpecification.eventBridge.region",
    )
    .await;
    refused(&server, client.get_destination("").await, "destinationId").await;
    refused(
        &server,
        client.delete_destination("").await,
        "destinationId",
    )
    .await;
}

#[tokio::test]
async fn processing_directives_are_an_event_filter_or_an_expression() {
    let server = server().await;
    let client = client(&server);
    let seller = seller(&client);
    let subscribe = |kind: NotificationType, directive: ProcessingDirective| {
        let seller = seller.clone();
        async move {
            seller
                .create_subscription(
                    &kind,
                    &CreateSubscriptionRequest::new("1.0", "d-1").processing_directive(directive),
                )
                .await
        }
    };

    let mut both = ProcessingDirective::event_filter(EventFilter::any_offer_changed());
    both.filter_expression = Some("a == `b`".into());
    let message = refused(
        &server,
        subscribe(NotificationType::AnyOfferChanged, both).await,
        "processingDirective",
    )
    .await;
    assert!(message.contains("mutually exclusive"), "{message}");
    refused(
        &server,
        subscribe(
            NotificationType::AnyOfferChanged,
            ProcessingDirective::default(),
        )
        .await,
        "processingDirective",
    )
    .await;

    let error = ProcessingDirective::filter_expression("x".repeat(257)).unwrap_err();
    assert!(error.to_string().contains("more than 256"), "{error}");
    let error = ProcessingDirective::filter_expression("").unwrap_err();
    assert!(error.to_string().contains("is empty"), "{error}");
    let error = ProcessingDirective::filter_expression("a.Quantity * 2 > 3").unwrap_err();
    assert!(error.to_string().contains("'*'"), "{error}");
    let mut long = ProcessingDirective::default();
    long.filter_expression = Some("y".repeat(300));
    refused(
        &server,
        subscribe(NotificationType::FulfillmentOrderStatus, long).await,
        "processingDirective.filterExpression",
    )
    .await;

    // Filters only their own filter type supports.
    let message = refused(
        &server,
        subscribe(
            NotificationType::OrderChange,
            ProcessingDirective::event_filter(
                EventFilter::order_change()
                    .aggregation(spapi_notifications_client::AggregationTimePeriod::TenMinutes),
            ),
        )
        .await,
        "processingDirective.eventFilter.aggregationSettings",
    )
    .await;
    assert!(
        message.contains("only supported by eventFilterType ANY_OFFER_CHANGED"),
        "{message}"
    );
    refused(
        &server,
        subscribe(
            NotificationType::AnyOfferChanged,
            ProcessingDirective::event_filter(
                EventFilter::any_offer_changed()
                    .order_change_types([OrderChangeType::OrderStatusChange]),
            ),
        )
        .await,
        "processingDirective.eventFilter.orderChangeTypes",
    )
    .await;
    refused(
        &server,
        subscribe(
            NotificationType::AnyOfferChanged,
            ProcessingDirective::event_filter(
                EventFilter::any_offer_changed().marketplace_ids(Vec::<String>::new()),
            ),
        )
        .await,
        "processingDirective.eventFilter.marketplaceIds",
    )
    .await;
    // The filter type must suit the notification type.
    let message = refused(
        &server,
        subscribe(
            NotificationType::OrderChange,
            ProcessingDirective::event_filter(EventFilter::any_offer_changed()),
        )
        .await,
        "processingDirective.eventFilter.eventFilterType",
    )
    .await;
    assert!(
        message.contains("does not filter ORDER_CHANGE"),
        "{message}"
    );

    // Exactly one tracking identifier.
    let mut two = TrackingIdentifier::aftn("AFTN1");
    two.container_number = Some("C1".into());
    let message = refused(
        &server,
        subscribe(
            NotificationType::ShipmentTrackingMilestoneChanged,
            ProcessingDirective::event_filter(EventFilter::shipment_tracking(two)),
        )
        .await,
        "processingDirective.eventFilter.trackingIdentifier",
    )
    .await;
    assert!(message.contains("sets 2 identifiers"), "{message}");
    let mut none = EventFilter::shipment_tracking(TrackingIdentifier::id("x"));
    none.tracking_identifier = None;
    refused(
        &server,
        subscribe(
            NotificationType::ShipmentTrackingMilestoneChanged,
            ProcessingDirective::event_filter(none),
        )
        .await,
        "processingDirective.eventFilter",
    )
    .await;
}

#[tokio::test]
async fn subscription_requests_and_queries_follow_the_model() {
    let server = server().await;
    let client = client(&server);
    let seller = seller(&client);
    refused(
        &server,
        seller
            .create_subscription(
                &NotificationType::OrderChange,
                &CreateSubscriptionRequest::new("", "d-1"),
            )
            .await,
        "payloadVersion",
    )
    .await;
    refused(
        &server,
        seller
            .create_subscription(
                &NotificationType::OrderChange,
                &CreateSubscriptionRequest::new("1.0", ""),
            )
            .await,
        "destinationId",
    )
    .await;
    let message = refused(
        &server,
        seller
            .get_subscriptions(
                &GetSubscriptionsQuery::new(NotificationType::OrderChange).page_size(10),
            )
            .await,
        "pageSize",
    )
    .await;
    assert!(message.contains("outside 30..=100"), "{message}");
    let mut two = GetSubscriptionsQuery::new(NotificationType::OrderChange);
    two.notification_types
        .push(NotificationType::AnyOfferChanged);
    refused(
        &server,
        seller.get_subscriptions(&two).await,
        "notificationTypes",
    )
    .await;
    refused(
        &server,
        seller
            .all_subscriptions(GetSubscriptionsQuery::default())
            .await,
        "notificationTypes",
    )
    .await;
    refused(
        &server,
        client
            .get_subscription_by_id(&NotificationType::OrderChange, "")
            .await,
        "subscriptionId",
    )
    .await;
    refused(
        &server,
        seller
            .delete_subscription_by_id(&NotificationType::from(""), "s-1")
            .await,
        "notificationType",
    )
    .await;
}

#[tokio::test]
async fn send_test_notification_is_refused_outside_a_sandbox() {
    let server = server().await;
    let production = builder(&server).sandbox(false).build().unwrap();
    assert!(!production.is_sandbox());
    let message = refused(
        &server,
        production
            .send_test_notification(
                &NotificationType::OrderChange,
                &SendTestNotificationRequest::new("d-1", "1.0"),
            )
            .await,
        "endpoint",
    )
    .await;
    assert!(message.contains("sandbox-only"), "{message}");

    let sandbox = client(&server);
    refused(
        &server,
        sandbox
            .send_test_notification(
                &NotificationType::OrderChange,
                &SendTestNotificationRequest::new("d-1", "1.0").test_scenario(""),
            )
            .await,
        "testNotification.testScenario",
    )
    .await;
}

#[test]
fn endpoints_know_whether_they_are_sandboxes() {
    use spapi_notifications_client::{NotificationsClient, Region};
    let base = || NotificationsClient::builder().credentials(credentials());
    let na = base().build().unwrap();
    assert_eq!(na.endpoint(), "https://sellingpartnerapi-na.amazon.com");
    assert!(!na.is_sandbox());
    let fe = base()
        .region(Region::FarEast)
        .sandbox(true)
        .build()
        .unwrap();
    assert_eq!(
        fe.endpoint(),
        "https://sandbox.sellingpartnerapi-fe.amazon.com"
    );
    assert!(fe.is_sandbox());
    let custom = |url: &str| base().endpoint(url).build().unwrap();
    assert!(custom("https://sandbox.sellingpartnerapi-eu.amazon.com/").is_sandbox());
    assert!(!custom("https://sellingpartnerapi-eu.amazon.com").is_sandbox());
    assert!(!custom("https://proxy.example.com/sp").is_sandbox());
    assert_eq!(
        custom("https://proxy.example.com/sp/").endpoint(),
        "https://proxy.example.com/sp"
    );
    assert!(custom("http://localhost:8080").is_sandbox());
    assert!(custom("http://127.0.0.1:8080").is_sandbox());
    assert!(custom("http://[::1]:8080").is_sandbox());
    assert!(
        base()
            .endpoint("https://proxy.example.com")
            .sandbox(true)
            .build()
            .unwrap()
            .is_sandbox()
    );
}

#[test]
fn the_user_agent_names_the_sdk_and_the_application() {
    use spapi_notifications_client::{DEFAULT_USER_AGENT, NotificationsClient};
    assert_eq!(
        DEFAULT_USER_AGENT,
        format!(
            "spapi-notifications/{} (Language=Rust)",
            env!("CARGO_PKG_VERSION")
        )
    );
    let client = NotificationsClient::builder()
        .credentials(credentials())
        .user_agent_app("MyApp", "1.2.3")
        .build()
        .unwrap();
    assert_eq!(
        client.user_agent(),
        format!("MyApp/1.2.3 {DEFAULT_USER_AGENT}")
    );
}

/// What `NotificationType`'s capability table rules out is refused before anything is sent:
/// a removed type, an undocumented payload version, a `filterExpression` on an EventBridge
/// type, an `eventFilter` whose type does not apply, and (once the client knows the
/// destination) a type sent to the wrong kind of destination, by `create_subscription` and
/// `ensure_subscription` alike.
#[tokio::test]
async fn what_a_type_does_not_accept_is_refused_before_sending() {
    let server = server().await;
    let client = client(&server);
    let seller = seller(&client);
    let request = |version: &str| CreateSubscriptionRequest::new(version, "d-1");
    let expression = || ProcessingDirective::filter_expression("a.b == `c`").unwrap();

    let cases = [
        (
            NotificationType::OrderStatusChange,
            request("1.0"),
            "notificationType",
            "has been removed",
        ),
        (
            NotificationType::OrderChange,
            request("2.0"),
            "payloadVersion",
            r#"is "2.0", which Amazon does not document for ORDER_CHANGE: use "1.0""#,
        ),
        (
            NotificationType::FeedProcessingFinished,
            request("2021-01-01"),
            "payloadVersion",
            r#"use "2020-09-04" or "1.0""#,
        ),
        (
            NotificationType::BrandedItemContentChange,
            request("1.0").processing_directive(expression()),
            "processingDirective.filterExpression",
            "is refused for BRANDED_ITEM_CONTENT_CHANGE",
        ),
        (
            NotificationType::ReportProcessingFinished,
            request("2020-09-04").processing_directive(ProcessingDirective::event_filter(
                EventFilter::order_change(),
            )),
            "processingDirective.eventFilter.eventFilterType",
            "does not filter REPORT_PROCESSING_FINISHED notifications: no eventFilter does",
        ),
        (
            NotificationType::AnyOfferChanged,
            request("1.0").processing_directive(ProcessingDirective::event_filter(
                EventFilter::order_change(),
            )),
            "processingDirective.eventFilter.eventFilterType",
            "only eventFilterType ANY_OFFER_CHANGED does",
        ),
    ];
    for (kind, request, field, says) in cases {
        let message = refused(
            &server,
            seller.create_subscription(&kind, &request).await,
            field,
        )
        .await;
        assert!(message.contains(says), "{kind}: {message}");
        let message = refused(
            &server,
            seller.ensure_subscription(&kind, &request).await,
            field,
        )
        .await;
        assert!(message.contains(says), "{kind}: {message}");
        assert_eq!(request.validate(&kind).unwrap_err().to_string(), message);
    }
    assert_eq!(
        token_requests(&server, "refresh_token").await,
        0,
        "not even a token"
    );

    // Once the client has seen the destinations, the kind of each is checked too.
    api("GET", DESTINATIONS, GRANTLESS_TOKEN)
        .respond_with(ok(serde_json::json!({"payload": [
            {"destinationId": "queue", "name": "q", "resource": {"sqs": {"arn": "arn:aws:sqs:us-east-1:1:q"}}},
            {"destinationId": "bus", "name": "b", "resource": {"eventBridge": {
                "name": "aws.partner/sellingpartnerapi.amazon.com/1/amzn1.sp.solution.x",
                "region": "us-east-1", "accountId": "1"}}}]})))
        .expect(1)
        .mount(&server)
        .await;
    client.get_destinations().await.unwrap();
    let seen = server.received_requests().await.unwrap().len();
    let order_changes = ProcessingDirective::event_filter(EventFilter::order_change());
    for (kind, request) in [
        (
            NotificationType::ListingsItemStatusChange,
            CreateSubscriptionRequest::new("1.0", "queue"),
        ),
        (
            NotificationType::OrderChange,
            CreateSubscriptionRequest::new("1.0", "bus").processing_directive(order_changes),
        ),
    ] {
        for error in [
            seller
                .create_subscription(&kind, &request)
                .await
                .unwrap_err(),
            seller
                .ensure_subscription(&kind, &request)
                .await
                .unwrap_err(),
        ] {
            assert!(
                matches!(&error, Error::Validation { field, .. } if field == "destinationId"),
                "{error}"
            );
            assert!(error.to_string().contains("delivered through"), "{error}");
        }
    }
    assert_eq!(server.received_requests().await.unwrap().len(), seen);
}
