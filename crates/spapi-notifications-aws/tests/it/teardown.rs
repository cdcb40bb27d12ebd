//! Teardown removes everything setup made, and is harmless when run again (half-removed
//! setups: `teardown_half_removed`).

use spapi_notification_types::NotificationType;
use spapi_notifications_aws::{
    Change, DEFAULT_RULE_NAME, EventBridgeOptions, EventTarget, SqsOptions, TARGET_ID,
    TeardownOptions,
};
use spapi_notifications_client::CreateSubscriptionRequest;
use spapi_sandbox::testing::unique_name;

use crate::support::{ACCOUNT_ID, World};

#[tokio::test]
async fn teardown_removes_an_event_bridge_setup_and_is_harmless_twice() {
    let world = World::new().await;
    let listings = NotificationType::ListingsItemStatusChange;
    let options = EventBridgeOptions::new(ACCOUNT_ID, "us-east-1", [listings.clone()])
        .target(EventTarget::Queue(unique_name("teardown-eb")));
    let set_up = world
        .setup
        .ensure_event_bridge_destination(&options)
        .await
        .unwrap();
    let destination_id = set_up.destination.destination_id.clone();
    let subscription = world
        .seller()
        .ensure_subscription(
            &listings,
            &CreateSubscriptionRequest::new("1.0", &destination_id),
        )
        .await
        .unwrap()
        .into_inner();

    let teardown = TeardownOptions::new(&destination_id)
        .seller(world.seller())
        .delete_queue(true);
    let removed = world.setup.teardown(&teardown).await.unwrap();
    let queue = set_up.queue.unwrap();
    assert_eq!(
        removed.changes,
        [
            Change::DeletedSubscription(subscription.subscription_id),
            Change::DeletedDestination(destination_id.clone()),
            Change::RemovedTarget(TARGET_ID.to_owned()),
            Change::DeletedQueue(queue.url.clone()),
            Change::DeletedRule(DEFAULT_RULE_NAME.to_owned()),
            Change::DeletedEventBus(set_up.source_name.clone()),
        ]
    );
    let events = world.moto.event_bridge_client();
    assert!(
        events
            .describe_event_bus()
            .name(&set_up.source_name)
            .send()
            .await
            .is_err(),
        "the bus is gone"
    );
    assert!(
        world
            .sqs()
            .get_queue_url()
            .queue_name(queue.url.rsplit('/').next().unwrap())
            .send()
            .await
            .is_err(),
        "the queue is gone"
    );
    assert!(
        world
            .setup
            .notifications()
            .get_destination(&destination_id)
            .await
            .is_err(),
        "the destination is gone"
    );

    let again = world.setup.teardown(&teardown).await.unwrap();
    assert!(again.changes.is_empty(), "{:?}", again.changes);
    assert_eq!(again.destination, None);
}

#[tokio::test]
async fn teardown_of_an_sqs_setup_keeps_the_queue_unless_asked() {
    let world = World::new().await;
    let name = unique_name("teardown-sqs");
    let set_up = world
        .setup
        .ensure_sqs_destination(&SqsOptions::new(&name).dead_letter_queue(5))
        .await
        .unwrap();
    let kept = world
        .setup
        .teardown(&TeardownOptions::new(&set_up.destination.destination_id))
        .await
        .unwrap();
    assert_eq!(
        kept.changes,
        [
            Change::DeletedDestination(set_up.destination.destination_id.clone()),
            Change::RemovedPolicyStatement(
                spapi_notifications_aws::policy::AMAZON_STATEMENT_SID.to_owned()
            ),
        ]
    );
    assert_eq!(
        world.policy(&set_up.queue.url).await,
        serde_json::Value::Null,
        "no policy left"
    );

    // Set up again, then tear down with the queues.
    let again = world
        .setup
        .ensure_sqs_destination(&SqsOptions::new(&name).dead_letter_queue(5))
        .await
        .unwrap();
    let removed = world
        .setup
        .teardown(&TeardownOptions::new(&again.destination.destination_id).delete_queue(true))
        .await
        .unwrap();
    assert_eq!(
        removed.changes,
        [
            Change::DeletedDestination(again.destination.destination_id.clone()),
            Change::DeletedQueue(again.dead_letter_queue.unwrap().url),
            Change::DeletedQueue(again.queue.url.clone()),
        ]
    );
    let twice = world
        .setup
        .teardown(&TeardownOptions::new(&again.destination.destination_id).delete_queue(true))
        .await
        .unwrap();
    assert!(twice.changes.is_empty(), "{:?}", twice.changes);
}
