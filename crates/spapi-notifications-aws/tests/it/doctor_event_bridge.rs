//! The doctor on deliberately broken EventBridge setups: each names its fix.

use spapi_notification_types::NotificationType;
use spapi_notifications_aws::{
    CheckId, DEFAULT_RULE_NAME, DiagnoseOptions, EventBridgeDestination, EventBridgeOptions,
    EventTarget, Report, Status,
};
use spapi_notifications_client::DestinationResourceSpecification;
use spapi_sandbox::testing::unique_name;

use crate::doctor::problem;
use crate::support::{ACCOUNT_ID, World};

const LISTINGS: NotificationType = NotificationType::ListingsItemStatusChange;

async fn set_up(world: &World) -> EventBridgeDestination {
    let options = EventBridgeOptions::new(ACCOUNT_ID, "us-east-1", [LISTINGS])
        .target(EventTarget::Queue(unique_name("doctor-eb")));
    world
        .setup
        .ensure_event_bridge_destination(&options)
        .await
        .unwrap()
}

async fn diagnose(world: &World, destination_id: &str) -> Report {
    world
        .setup
        .diagnose(&DiagnoseOptions::destination(destination_id).notification_types([LISTINGS]))
        .await
        .unwrap()
}

/// The detail and fix of the failed check `id` of the doctor's report on `set_up`.
async fn failed(world: &World, set_up: &EventBridgeDestination, id: CheckId) -> (String, String) {
    let report = diagnose(world, &set_up.destination.destination_id).await;
    let (status, detail, fix) = problem(&report, id);
    assert_eq!(status, Status::Failed, "{report}");
    (detail, fix)
}

#[tokio::test]
async fn a_healthy_event_bridge_setup_passes_every_check() {
    let world = World::new().await;
    let set_up = set_up(&world).await;
    let report = diagnose(&world, &set_up.destination.destination_id).await;
    for id in [
        CheckId::Destination,
        CheckId::PartnerSource,
        CheckId::EventBus,
        CheckId::Rule,
        CheckId::RuleTarget,
    ] {
        assert!(report.get(id).next().is_some(), "{id} checked:\n{report}");
    }
    assert_eq!(report.status(), Status::Passed, "{report}");
}

#[tokio::test]
async fn an_unassociated_source_names_create_event_bus() {
    let world = World::new().await;
    // Only SP-API's half: the partner source exists, no bus takes its events.
    let destination = world
        .setup
        .notifications()
        .ensure_destination(
            &unique_name("unassociated"),
            &DestinationResourceSpecification::event_bridge(ACCOUNT_ID, "us-east-1"),
        )
        .await
        .unwrap()
        .into_inner();
    let report = diagnose(&world, &destination.destination_id).await;
    let (status, detail, fix) = problem(&report, CheckId::EventBus);
    assert_eq!(status, Status::Failed);
    assert!(detail.contains("not associated"), "{detail}");
    assert!(fix.contains("create-event-bus"), "{fix}");
    assert!(fix.contains("--event-source-name"), "{fix}");
    assert_eq!(report.exit_code(), 2);
}

#[tokio::test]
async fn no_rule_for_a_type_names_the_pattern_to_add() {
    let world = World::new().await;
    let set_up = set_up(&world).await;
    let events = world.moto.event_bridge_client();
    world
        .remove_target(&set_up.source_name, DEFAULT_RULE_NAME)
        .await;
    events
        .delete_rule()
        .name(DEFAULT_RULE_NAME)
        .event_bus_name(&set_up.source_name)
        .send()
        .await
        .unwrap();
    let (detail, fix) = failed(&world, &set_up, CheckId::Rule).await;
    assert!(detail.contains("LISTINGS_ITEM_STATUS_CHANGE"), "{detail}");
    assert!(fix.contains("sellingpartnerapi.amazon.com"), "{fix}");
    assert!(fix.contains("--types LISTINGS_ITEM_STATUS_CHANGE"), "{fix}");
}

#[tokio::test]
async fn a_rule_without_a_target_names_setup_eventbridge() {
    let world = World::new().await;
    let set_up = set_up(&world).await;
    world
        .remove_target(&set_up.source_name, DEFAULT_RULE_NAME)
        .await;
    let (detail, fix) = failed(&world, &set_up, CheckId::RuleTarget).await;
    assert!(detail.contains("no target"), "{detail}");
    assert!(fix.contains("--target-queue-name"), "{fix}");
}

#[tokio::test]
async fn a_target_queue_that_does_not_let_the_rule_send_fails() {
    let world = World::new().await;
    let set_up = set_up(&world).await;
    let queue = set_up.queue.clone().unwrap();
    world
        .sqs()
        .set_queue_attributes()
        .queue_url(&queue.url)
        .attributes(
            spapi_notifications_aws::aws_sdk_sqs::types::QueueAttributeName::Policy,
            "",
        )
        .send()
        .await
        .unwrap();
    let (_, fix) = failed(&world, &set_up, CheckId::RuleTarget).await;
    assert!(fix.contains("events.amazonaws.com"), "{fix}");
    assert!(fix.contains(&set_up.rule_arn), "{fix}");
}

#[tokio::test]
async fn a_deleted_partner_source_fails_naming_a_new_setup() {
    let world = World::new().await;
    let set_up = set_up(&world).await;
    // What Amazon does to the source when its destination is deleted.
    world
        .moto
        .event_bridge_client()
        .delete_partner_event_source()
        .name(&set_up.source_name)
        .account(ACCOUNT_ID)
        .send()
        .await
        .unwrap();
    let (detail, fix) = failed(&world, &set_up, CheckId::PartnerSource).await;
    assert!(detail.contains("DELETED"), "{detail}");
    assert!(fix.contains("setup eventbridge"), "{fix}");
}

#[tokio::test]
async fn a_rule_matching_nothing_names_it_and_the_pattern_to_add() {
    let world = World::new().await;
    let set_up = set_up(&world).await;
    // The tutorial's pattern, but for another account: it matches none of the source's events.
    let elsewhere = serde_json::json!({
        "source": [{"prefix": spapi_notifications_aws::SOURCE_PREFIX}],
        "account": ["111122223333"],
        "detail-type": [LISTINGS.as_str()],
    });
    world
        .moto
        .event_bridge_client()
        .put_rule()
        .name(DEFAULT_RULE_NAME)
        .event_bus_name(&set_up.source_name)
        .event_pattern(elsewhere.to_string())
        .send()
        .await
        .unwrap();
    let (detail, fix) = failed(&world, &set_up, CheckId::Rule).await;
    assert!(
        detail.contains(&format!("not {DEFAULT_RULE_NAME}")),
        "{detail}"
    );
    assert!(fix.contains(ACCOUNT_ID), "{fix}");
    assert!(fix.contains("--types LISTINGS_ITEM_STATUS_CHANGE"), "{fix}");
}

#[tokio::test]
async fn a_target_queue_that_is_gone_names_it() {
    let world = World::new().await;
    let set_up = set_up(&world).await;
    let queue = set_up.queue.clone().unwrap();
    world
        .sqs()
        .delete_queue()
        .queue_url(&queue.url)
        .send()
        .await
        .unwrap();
    let (detail, fix) = failed(&world, &set_up, CheckId::RuleTarget).await;
    assert!(
        detail.contains(&queue.arn) && detail.contains("does not exist"),
        "{detail}"
    );
    assert!(fix.contains("create the queue"), "{fix}");
}
