//! An SQS-triggered AWS Lambda function that handles SP-API notifications, each once, and
//! reports only the messages to retry (partial batch failures).
//!
//! Build it for Lambda with `cargo lambda build --example sqs_lambda --features lambda`, and give
//! its SQS event source mapping `FunctionResponseTypes: ["ReportBatchItemFailures"]`. Its
//! handler logic is tested below without the Lambda runtime.
#![allow(clippy::print_stdout, reason = "a Lambda function logs to stdout")]

use spapi_notifications::consumer::lambda::lambda_runtime::{self, service_fn};
use spapi_notifications::consumer::{
    Handler, OutcomeReport, Payload, Pipeline, Received, UnparsedPayloads,
};

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    let pipeline = pipeline();
    lambda_runtime::run(service_fn(|event| pipeline.handle_sqs_event(event))).await
}

fn pipeline() -> Pipeline<impl Handler> {
    Pipeline::builder()
        // The queue's redrive `maxReceiveCount`: the last failed receive is reported as such.
        .max_receive_count(5)
        .on_outcome(|report: &OutcomeReport<'_>| {
            if report.dead_lettered {
                println!(
                    "{:?} goes to the dead-letter queue: {:?}",
                    report.message_id, report.error
                );
            }
        })
        // A payload the types cannot read reaches the handler raw, instead of the DLQ.
        .unparsed_payloads(UnparsedPayloads::Keep)
        .build(handle)
}

/// What the function does with each notification: here, a line per notification.
async fn handle(received: Received) -> Result<(), std::convert::Infallible> {
    let notification = &received.notification;
    match &notification.payload {
        Payload::Unparsed { error, .. } => println!("kept as received: {error}"),
        Payload::OrderChange(change) => println!(
            "order {} is {:?}",
            change.amazon_order_id, change.summary.order_status
        ),
        payload => println!(
            "{} {}",
            notification.notification_type,
            payload
                .notification_type()
                .map_or("(untyped)", |_| "(typed)")
        ),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
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
}
