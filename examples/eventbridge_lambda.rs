//! An EventBridge-triggered AWS Lambda function that handles SP-API notifications (the types
//! Amazon delivers only to EventBridge, such as LISTINGS_ITEM_ISSUES_CHANGE), each once.
//!
//! Build it for Lambda with `cargo lambda build --example eventbridge_lambda --features lambda`
//! and target it from a rule on the partner event bus matching
//! `{"source": [{"prefix": "aws.partner/sellingpartnerapi.amazon.com"}]}`. A failed notification
//! is an error, so Lambda retries it and then sends it to the function's dead-letter queue or
//! on-failure destination. Its handler logic is tested below without the Lambda runtime.
#![allow(clippy::print_stdout, reason = "a Lambda function logs to stdout")]

use spapi_notifications::consumer::lambda::lambda_runtime::{self, service_fn};
use spapi_notifications::consumer::{Payload, Pipeline, Received};

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    let pipeline = Pipeline::builder().build(handle);
    lambda_runtime::run(service_fn(|event| pipeline.handle_eventbridge_event(event))).await
}

/// What the function does with each notification: here, a line per listing issue change.
async fn handle(received: Received) -> Result<(), std::convert::Infallible> {
    let event_id = received
        .delivery
        .event_bridge
        .as_ref()
        .and_then(|event| event.id.as_deref())
        .unwrap_or("-");
    match &received.notification.payload {
        Payload::ListingsItemIssuesChange(issues) => println!(
            "event {event_id}: listing {:?} has {} issue severities",
            issues.sku,
            issues.severities.len()
        ),
        _ => println!(
            "event {event_id}: {}",
            received.notification.notification_type
        ),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use spapi_notifications::consumer::lambda::lambda_runtime::{Context, LambdaEvent};
    use spapi_notifications::consumer::{Error, NotificationType, Pipeline};
    use spapi_notifications::types::fixtures::{self, Envelope};

    use super::handle;

    fn event(json: &str) -> LambdaEvent<spapi_notifications::consumer::lambda::aws_lambda_events::event::eventbridge::EventBridgeEvent>{
        let event = serde_json::from_str(&fixtures::wrap(json, Envelope::EventBridge)).unwrap();
        LambdaEvent::new(event, Context::default())
    }

    #[tokio::test]
    async fn an_event_is_handled_once_and_a_bad_one_is_an_error_for_lambda_to_retry() {
        let issues = fixtures::example(&NotificationType::ListingsItemIssuesChange).unwrap();
        let pipeline = Pipeline::builder().build(handle);

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
}
