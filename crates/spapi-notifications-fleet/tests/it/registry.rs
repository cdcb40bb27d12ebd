//! The file registry: what it writes, what it reads back, and a file it cannot read.

use spapi_notification_types::NotificationType;
use spapi_notifications_fleet::{Error, FileRegistry, SubscriptionRecord, SubscriptionRegistry};

fn record(seller: &str, notification_type: NotificationType, id: &str) -> SubscriptionRecord {
    SubscriptionRecord::new(seller, notification_type, "1.0", id, "dest-1")
}

struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(spapi_sandbox::testing::unique_name("fleet-registry"));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test]
async fn records_are_appended_replaced_removed_and_read_back_after_reopening() {
    let dir = TempDir::new();
    let path = dir.0.join("subscriptions.jsonl");
    let registry = FileRegistry::open(&path).unwrap();
    let order = record("A1", NotificationType::OrderChange, "s-1");
    registry.record(&order).await.unwrap();
    registry.record(&order).await.unwrap();
    registry
        .record(&record("A1", NotificationType::PricingHealth, "s-2"))
        .await
        .unwrap();
    registry
        .record(&record("B2", NotificationType::OrderChange, "s-3"))
        .await
        .unwrap();
    registry
        .remove("A1", &NotificationType::PricingHealth, "s-2")
        .await
        .unwrap();
    // Removing what is not there is fine.
    registry
        .remove("A1", &NotificationType::PricingHealth, "s-9")
        .await
        .unwrap();

    let reopened = FileRegistry::open(&path).unwrap();
    assert_eq!(reopened.seller_subscriptions("A1").await.unwrap(), [order]);
    assert_eq!(reopened.seller_subscriptions("B2").await.unwrap().len(), 1);
    assert!(
        reopened
            .seller_subscriptions("C3")
            .await
            .unwrap()
            .is_empty()
    );

    let text = std::fs::read_to_string(&path).unwrap();
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(
        first,
        serde_json::json!({"event": "recorded", "seller_id": "A1", "notification_type": "ORDER_CHANGE",
            "payload_version": "1.0", "subscription_id": "s-1", "destination_id": "dest-1"})
    );
    assert_eq!(text.lines().count(), 6, "appended, never rewritten");
}

#[tokio::test]
async fn a_line_it_cannot_read_is_an_error_naming_the_line() {
    let dir = TempDir::new();
    let path = dir.0.join("subscriptions.jsonl");
    let registry = FileRegistry::open(&path).unwrap();
    registry
        .record(&record("A1", NotificationType::OrderChange, "s-1"))
        .await
        .unwrap();
    std::fs::write(
        &path,
        format!("{}not json\n", std::fs::read_to_string(&path).unwrap()),
    )
    .unwrap();
    let error = registry.seller_subscriptions("A1").await.unwrap_err();
    assert!(matches!(error, Error::Registry { .. }), "{error:?}");
    let source = std::error::Error::source(&error).unwrap().to_string();
    assert!(source.starts_with("line 2: "), "{source}");
    assert!(FileRegistry::open(dir.0.join("missing-dir/x.jsonl")).is_err());
}
