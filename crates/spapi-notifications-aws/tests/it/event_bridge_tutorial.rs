//! SP-API's EventBridge tutorial from nothing, through `ensure_event_bridge_destination` and
//! moto's EventBridge: partner source, bus, rule, SQS target, then a typed notification.

use spapi_notification_types::{NotificationType, Payload};
use spapi_notifications_aws::{Change, EventBridgeOptions, EventTarget, SOURCE_PREFIX};
use spapi_sandbox::testing::unique_name;

use crate::support::{ACCOUNT_ID, World};

#[tokio::test]
async fn the_event_bridge_tutorial_from_nothing_delivers_a_typed_notification() {
    let world = World::new().await;
    let queue_name = unique_name("listings");
    let listings = NotificationType::ListingsItemStatusChange;
    let options = EventBridgeOptions::new(ACCOUNT_ID, "us-east-1", [listings.clone()])
        .target(EventTarget::Queue(queue_name.clone()));

    let first = world
        .setup
        .ensure_event_bridge_destination(&options)
        .await
        .unwrap();
    assert!(
        first
            .source_name
            .starts_with(&format!("{SOURCE_PREFIX}/{ACCOUNT_ID}/")),
        "{}",
        first.source_name
    );
    assert!(
        matches!(
            &first.changes[..],
            [
                Change::CreatedDestination(_),
                Change::CreatedEventBus(_),
                Change::PutRule(_),
                Change::CreatedQueue(_),
                Change::MergedPolicyStatement(_),
                Change::PutTarget(_),
            ]
        ),
        "{:?}",
        first.changes
    );

    // The rule has the tutorial's pattern, on the bus named after the source.
    let rule = world
        .moto
        .event_bridge_client()
        .describe_rule()
        .name(&options.rule_name)
        .event_bus_name(&first.source_name)
        .send()
        .await
        .unwrap();
    let pattern: serde_json::Value = serde_json::from_str(rule.event_pattern().unwrap()).unwrap();
    assert_eq!(
        pattern,
        serde_json::json!({
            "source": [{"prefix": SOURCE_PREFIX}],
            "account": [ACCOUNT_ID],
            "detail-type": ["LISTINGS_ITEM_STATUS_CHANGE"],
        })
    );
    let queue = first.queue.clone().unwrap();
    assert_eq!(first.target_arn, queue.arn);

    // A second run changes nothing.
    let second = world
        .setup
        .ensure_event_bridge_destination(&options)
        .await
        .unwrap();
    assert!(second.changes.is_empty(), "{:?}", second.changes);
    assert_eq!(second.destination, first.destination);
    assert_eq!(second.rule_arn, first.rule_arn);

    // Subscribe, send a test notification: it flows source -> bus -> rule -> queue.
    let received = world
        .test_notification(&listings, &first.destination.destination_id, &queue.url)
        .await;
    assert!(
        matches!(
            received.notification.payload,
            Payload::ListingsItemStatusChange(_)
        ),
        "{:?}",
        received.notification.payload
    );
}

#[tokio::test]
async fn adding_a_type_updates_the_rule_and_keeps_the_others() {
    let world = World::new().await;
    let queue = EventTarget::Queue(unique_name("more-types"));
    let rule_name = unique_name("rule");
    let first = EventBridgeOptions::new(
        ACCOUNT_ID,
        "us-east-1",
        [NotificationType::ListingsItemStatusChange],
    )
    .target(queue.clone())
    .rule_name(&rule_name);
    world
        .setup
        .ensure_event_bridge_destination(&first)
        .await
        .unwrap();
    let second = EventBridgeOptions::new(
        ACCOUNT_ID,
        "us-east-1",
        [NotificationType::ListingsItemIssuesChange],
    )
    .target(queue)
    .rule_name(&rule_name);
    let added = world
        .setup
        .ensure_event_bridge_destination(&second)
        .await
        .unwrap();
    assert!(
        matches!(&added.changes[..], [Change::PutRule(_)]),
        "{:?}",
        added.changes
    );
    let rule = world
        .moto
        .event_bridge_client()
        .describe_rule()
        .name(&rule_name)
        .event_bus_name(&added.source_name)
        .send()
        .await
        .unwrap();
    let pattern: serde_json::Value = serde_json::from_str(rule.event_pattern().unwrap()).unwrap();
    assert_eq!(
        pattern["detail-type"],
        serde_json::json!(["LISTINGS_ITEM_STATUS_CHANGE", "LISTINGS_ITEM_ISSUES_CHANGE"])
    );
}
