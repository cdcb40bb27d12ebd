use spapi_notifications::consumer::lambda::EventBridgeEvent;
use spapi_notifications::consumer::lambda::lambda_runtime::{Context, LambdaEvent};
use spapi_notifications::consumer::{Error, NotificationType};
use spapi_notifications::types::fixtures::{self, Envelope};

use super::pipeline;

fn event(json: &str) -> LambdaEvent<EventBridgeEvent> {
    let event = EventBridgeEvent::from_json(fixtures::wrap(json, Envelope::EventBridge));
    LambdaEvent::new(event, Context::default())
}

#[tokio::test]
async fn an_event_is_handled_once_and_a_bad_one_is_an_error_for_lambda_to_retry() {
    let issues = fixtures::example(&NotificationType::ListingsItemIssuesChange).unwrap();
    let pipeline = pipeline();

    pipeline
        .handle_eventbridge_event(event(issues))
        .await
        .unwrap();
    pipeline
        .handle_eventbridge_event(event(issues))
        .await
        .unwrap();
    let error = pipeline
        .handle_eventbridge_event(event(r#"{"detail":"not a notification"}"#))
        .await
        .unwrap_err();

    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    let stats = pipeline.stats();
    assert_eq!(
        (stats.handled, stats.duplicates, stats.undecodable),
        (1, 1, 1)
    );
}
