//! Teardown on a half-removed setup finishes the job, from what it is given, in every state:
//! the destination gone, the subscriptions gone, the rule gone, the bus gone.

use spapi_notification_types::NotificationType;
use spapi_notifications_aws::policy::{self, AMAZON_STATEMENT_SID};
use spapi_notifications_aws::{
    Change, DEFAULT_RULE_NAME, EventBridgeDestination, EventBridgeOptions, EventTarget, Queue,
    SqsOptions, TARGET_ID, Teardown, TeardownOptions,
};
use spapi_notifications_client::CreateSubscriptionRequest;
use spapi_sandbox::testing::unique_name;

use crate::support::{ACCOUNT_ID, World};

const LISTINGS: NotificationType = NotificationType::ListingsItemStatusChange;

/// An EventBridge setup with a target queue, and that queue.
async fn event_bridge(world: &World) -> (EventBridgeDestination, Queue) {
    let options = EventBridgeOptions::new(ACCOUNT_ID, "us-east-1", [LISTINGS])
        .target(EventTarget::Queue(unique_name("half")));
    let set_up = world
        .setup
        .ensure_event_bridge_destination(&options)
        .await
        .unwrap();
    let queue = set_up.queue.clone().unwrap();
    (set_up, queue)
}

/// Tears down with `options`, then again: the second run changes nothing.
async fn teardown_twice(world: &World, options: &TeardownOptions) -> Teardown {
    let removed = world.setup.teardown(options).await.unwrap();
    let again = world.setup.teardown(options).await.unwrap();
    assert!(again.changes.is_empty(), "{:?}", again.changes);
    removed
}

fn rule_statement() -> String {
    policy::event_bridge_statement_sid(DEFAULT_RULE_NAME)
}

/// Deletes the rule (and first its target) by hand.
async fn delete_rule(world: &World, bus: &str) {
    world.remove_target(bus, DEFAULT_RULE_NAME).await;
    world
        .moto
        .event_bridge_client()
        .delete_rule()
        .name(DEFAULT_RULE_NAME)
        .event_bus_name(bus)
        .send()
        .await
        .unwrap();
}

async fn bus_exists(world: &World, bus: &str) -> bool {
    let events = world.moto.event_bridge_client();
    events.describe_event_bus().name(bus).send().await.is_ok()
}

#[tokio::test]
async fn the_destination_gone_its_bus_is_found_from_the_partner_source() {
    let world = World::new().await;
    let (set_up, queue) = event_bridge(&world).await;
    let destination_id = &set_up.destination.destination_id;
    world
        .setup
        .notifications()
        .delete_destination(destination_id)
        .await
        .unwrap();
    let options = TeardownOptions::new(destination_id)
        .partner_source(ACCOUNT_ID, world.sandbox.application_id())
        .queue(queue.url.rsplit('/').next().unwrap())
        .delete_queue(true);
    let removed = teardown_twice(&world, &options).await;
    assert_eq!(removed.destination, None);
    assert_eq!(
        removed.changes,
        [
            Change::RemovedTarget(TARGET_ID.to_owned()),
            Change::DeletedQueue(queue.url.clone()),
            Change::DeletedRule(DEFAULT_RULE_NAME.to_owned()),
            Change::DeletedEventBus(set_up.source_name.clone()),
        ]
    );
    assert!(!bus_exists(&world, &set_up.source_name).await);
}

#[tokio::test]
async fn the_destination_gone_its_sqs_queue_is_released_by_url_or_deleted_by_name() {
    let world = World::new().await;
    let name = unique_name("half-sqs");
    let set_up = world
        .setup
        .ensure_sqs_destination(&SqsOptions::new(&name).dead_letter_queue(5))
        .await
        .unwrap();
    world
        .setup
        .notifications()
        .delete_destination(&set_up.destination.destination_id)
        .await
        .unwrap();
    let kept = teardown_twice(&world, &TeardownOptions::default().queue(&set_up.queue.url)).await;
    assert_eq!(
        kept.changes,
        [Change::RemovedPolicyStatement(
            AMAZON_STATEMENT_SID.to_owned()
        )]
    );
    assert_eq!(
        world.policy(&set_up.queue.url).await,
        serde_json::Value::Null
    );

    let options = TeardownOptions::default().queue(&name).delete_queue(true);
    let deleted = teardown_twice(&world, &options).await;
    assert_eq!(
        deleted.changes,
        [
            Change::DeletedQueue(set_up.dead_letter_queue.unwrap().url),
            Change::DeletedQueue(set_up.queue.url.clone()),
        ]
    );
}

#[tokio::test]
async fn the_subscriptions_gone_the_rest_is_removed() {
    let world = World::new().await;
    let (set_up, queue) = event_bridge(&world).await;
    let destination_id = &set_up.destination.destination_id;
    let subscription = world
        .seller()
        .ensure_subscription(
            &LISTINGS,
            &CreateSubscriptionRequest::new("1.0", destination_id),
        )
        .await
        .unwrap()
        .into_inner();
    world
        .seller()
        .delete_subscription_by_id(&LISTINGS, &subscription.subscription_id)
        .await
        .unwrap();
    let options = TeardownOptions::new(destination_id)
        .subscription(LISTINGS, &subscription.subscription_id)
        .seller(world.seller());
    let removed = teardown_twice(&world, &options).await;
    assert_eq!(
        removed.changes,
        [
            Change::DeletedDestination(destination_id.clone()),
            Change::RemovedTarget(TARGET_ID.to_owned()),
            Change::RemovedPolicyStatement(rule_statement()),
            Change::DeletedRule(DEFAULT_RULE_NAME.to_owned()),
            Change::DeletedEventBus(set_up.source_name.clone()),
        ]
    );
    assert_eq!(world.policy(&queue.url).await, serde_json::Value::Null);
}

#[tokio::test]
async fn the_rule_gone_the_target_queue_is_released_by_name() {
    let world = World::new().await;
    let (set_up, queue) = event_bridge(&world).await;
    delete_rule(&world, &set_up.source_name).await;
    let options = TeardownOptions::new(&set_up.destination.destination_id)
        .queue(queue.url.rsplit('/').next().unwrap());
    let removed = teardown_twice(&world, &options).await;
    assert_eq!(
        removed.changes,
        [
            Change::DeletedDestination(set_up.destination.destination_id.clone()),
            Change::DeletedEventBus(set_up.source_name.clone()),
            Change::RemovedPolicyStatement(rule_statement()),
        ]
    );
    assert_eq!(world.policy(&queue.url).await, serde_json::Value::Null);
}

#[tokio::test]
async fn the_bus_gone_the_destination_and_the_target_queue_are_removed() {
    let world = World::new().await;
    let (set_up, queue) = event_bridge(&world).await;
    delete_rule(&world, &set_up.source_name).await;
    world
        .moto
        .event_bridge_client()
        .delete_event_bus()
        .name(&set_up.source_name)
        .send()
        .await
        .unwrap();
    let options = TeardownOptions::new(&set_up.destination.destination_id)
        .queue(&queue.url)
        .delete_queue(true);
    let removed = teardown_twice(&world, &options).await;
    assert_eq!(
        removed.changes,
        [
            Change::DeletedDestination(set_up.destination.destination_id.clone()),
            Change::DeletedQueue(queue.url.clone()),
        ]
    );
    assert!(!bus_exists(&world, &set_up.source_name).await);
}
