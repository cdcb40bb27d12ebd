use spapi_notifications::consumer::lambda::SqsEvent;
use spapi_notifications::consumer::lambda::lambda_runtime::{Context, LambdaEvent};
use spapi_notifications::consumer::{Notification, NotificationType};
use spapi_notifications::types::fixtures::{self, Envelope};

use super::pipeline;

/// Amazon's example of `notification_type`, with notification id `id` (its examples share
/// one).
fn with_id(notification_type: &NotificationType, id: &str) -> String {
    let json = fixtures::example(notification_type).unwrap();
    let mut notification: Notification = Notification::from_slice(json.as_bytes()).unwrap();
    notification.metadata.as_mut().unwrap().notification_id = id.to_owned();
    serde_json::to_string(&notification).unwrap()
}

#[tokio::test]
async fn a_batch_acknowledges_notifications_and_duplicates_and_fails_only_the_poison_one() {
    let order = with_id(&NotificationType::OrderChange, "n-order");
    let report = with_id(&NotificationType::ReportProcessingFinished, "n-report");
    let order_again = fixtures::wrap(&order, Envelope::EventBridge);
    let poison = r#"{"Type":"Notification","Message":"{}"}"#;
    let json = fixtures::lambda_sqs_event(&[&order, &report, &order_again, poison]);
    let records: serde_json::Value = serde_json::from_str(&json).unwrap();
    let poison_id = records["Records"][3]["messageId"].as_str().unwrap();

    let pipeline = pipeline();
    let event = SqsEvent::from_json(json);
    let response = pipeline
        .handle_sqs_event(LambdaEvent::new(event, Context::default()))
        .await
        .unwrap();

    let failed: Vec<_> = response
        .batch_item_failures
        .iter()
        .map(|failure| failure.item_identifier.clone())
        .collect();
    assert_eq!(failed, [poison_id]);
    let stats = pipeline.stats();
    assert_eq!(
        (stats.handled, stats.duplicates, stats.undecodable),
        (2, 1, 1)
    );
}
