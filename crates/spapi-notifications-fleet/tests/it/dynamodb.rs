//! The DynamoDB registry on moto: its records, and offboarding from it after a seller's token
//! is dead, by another fleet (another process, as it would be); the rotation ledger in the same
//! table, shared by two consumers that receive the same expiry notice.

use std::sync::Arc;

use spapi_auth::RefreshToken;
use spapi_notification_types::NotificationType;
use spapi_notifications_fleet::aws_sdk_dynamodb;
use spapi_notifications_fleet::{
    DynamoDbLedger, DynamoDbRegistry, Fleet, OffboardStatus, RotationStep, SecretRotation,
    SubscriptionRecord, SubscriptionRegistry,
};
use spapi_sandbox::testing::{Moto, unique_name};

use crate::rotation::{Saved, application_destination};
use crate::{ledger, support};

/// A DynamoDB client for `moto`.
fn dynamodb(moto: &Moto) -> aws_sdk_dynamodb::Client {
    spapi_testkit::dynamodb::client(moto.endpoint())
}

/// A registry on a new table.
async fn registry(moto: &Moto) -> DynamoDbRegistry {
    let registry = DynamoDbRegistry::new(dynamodb(moto), unique_name("fleet"));
    registry.create_table().await.expect("create_table");
    registry
        .create_table()
        .await
        .expect("create_table again is fine");
    registry
}

#[tokio::test]
async fn records_are_kept_per_seller_replaced_and_removed() {
    let moto = Moto::shared().unwrap();
    let registry = registry(&moto).await;
    let first = SubscriptionRecord::new("A1", NotificationType::OrderChange, "1.0", "s-1", "d");
    registry.record(&first).await.unwrap();
    registry.record(&first).await.unwrap();
    let second = SubscriptionRecord::new("A1", NotificationType::PricingHealth, "1.0", "s-2", "d");
    registry.record(&second).await.unwrap();
    registry
        .record(&SubscriptionRecord::new(
            "B2",
            NotificationType::OrderChange,
            "1.0",
            "s-3",
            "d",
        ))
        .await
        .unwrap();
    let mut found = registry.seller_subscriptions("A1").await.unwrap();
    found.sort_by(|a, b| a.subscription_id.cmp(&b.subscription_id));
    assert_eq!(found, [first.clone(), second]);
    registry
        .remove("A1", &NotificationType::PricingHealth, "s-2")
        .await
        .unwrap();
    registry
        .remove("A1", &NotificationType::PricingHealth, "s-2")
        .await
        .unwrap();
    assert_eq!(registry.seller_subscriptions("A1").await.unwrap(), [first]);
    assert!(
        registry
            .seller_subscriptions("C3")
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn another_fleet_offboards_from_the_table_after_the_token_is_dead() {
    let moto = Moto::shared().unwrap();
    let table = registry(&moto).await;
    let sandbox = support::with_sellers(2).start().await.unwrap();
    let client = support::client_builder(&sandbox).build().unwrap();
    let plan = support::plan(&client).await;
    let provisioner = Fleet::builder(client.clone())
        .registry(Arc::new(table.clone()))
        .build();
    for seller in support::sellers(&sandbox) {
        assert!(
            provisioner
                .provision_seller(&plan, seller)
                .await
                .succeeded()
        );
    }

    let offboarder = Fleet::builder(client)
        .registry(Arc::new(table.clone()))
        .build();
    let report = offboarder.offboard("SELLER1", None).await;
    assert!(report.succeeded(), "{report:?}");
    assert_eq!(report.subscriptions.len(), 3);
    assert!(
        report
            .subscriptions
            .iter()
            .all(|s| matches!(s.status, OffboardStatus::Deleted))
    );
    assert!(
        table
            .seller_subscriptions("SELLER1")
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        table.seller_subscriptions("SELLER0").await.unwrap().len(),
        3
    );
    let seller = offboarder
        .client()
        .seller(RefreshToken::new("Atzr|seller-1"));
    assert!(
        seller
            .get_subscription(&support::TYPES[1], None)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn the_ledger_in_the_registry_table_keeps_the_contract() {
    let moto = Moto::shared().unwrap();
    let table = registry(&moto).await;
    ledger::claims_are_exclusive_released_completed_and_leased(&table.rotation_ledger()).await;
    assert!(
        table
            .seller_subscriptions("SELLER0")
            .await
            .unwrap()
            .is_empty(),
        "the ledger's items are in no seller's partition"
    );
    let own = DynamoDbLedger::new(dynamodb(&moto), unique_name("ledger"));
    own.create_table().await.unwrap();
    assert_ne!(own.table(), table.table());
}

#[tokio::test]
async fn two_consumers_sharing_the_ledger_rotate_once_for_one_notice() {
    let moto = Moto::shared().unwrap();
    let table = registry(&moto).await;
    let sandbox = support::with_sellers(1).start().await.unwrap();
    // Two consumers, as two processes would be: a client each, one ledger table.
    let consumers = [(); 2].map(|()| {
        let client = support::client_builder(&sandbox).build().unwrap();
        SecretRotation::new(client, Arc::new(Saved::default()))
            .unwrap()
            .with_ledger(Arc::new(table.rotation_ledger()))
    });
    let setup = support::client_builder(&sandbox).build().unwrap();
    application_destination(&sandbox, &setup, support::QUEUE_ARN).await;
    sandbox.notify_client_secret_expiry().await.unwrap();
    let notice = sandbox.queue(support::QUEUE_ARN).recv().await;
    let notice = notice.decode().unwrap().notification;

    // Both receive it (SQS delivers at least once) and handle it at the same moment.
    let (first, second) = tokio::join!(consumers[0].handle(&notice), consumers[1].handle(&notice));
    let mut steps = [first.unwrap(), second.unwrap()];
    steps.sort_by_key(|step| format!("{step:?}"));
    assert_eq!(steps, [RotationStep::AlreadyRotated, RotationStep::Rotated]);
    assert_eq!(sandbox.client_secret_rotations(), 1);

    // Delivered again later, or to a third consumer started since: nothing is called.
    let third = SecretRotation::new(setup, Arc::new(Saved::default()))
        .unwrap()
        .with_ledger(Arc::new(table.rotation_ledger()));
    for consumer in [&consumers[0], &consumers[1], &third] {
        assert_eq!(
            consumer.handle(&notice).await.unwrap(),
            RotationStep::AlreadyRotated
        );
    }
    assert_eq!(sandbox.client_secret_rotations(), 1);
}
