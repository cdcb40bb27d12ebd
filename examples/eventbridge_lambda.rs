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
use spapi_notifications::consumer::{
    Handler, OutcomeKind, OutcomeReport, Payload, Pipeline, Received, UnparsedPayloads,
};

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    let pipeline = pipeline();
    lambda_runtime::run(service_fn(|event| pipeline.handle_eventbridge_event(event))).await
}

fn pipeline() -> Pipeline<impl Handler> {
    Pipeline::builder()
        .on_outcome(|report: &OutcomeReport<'_>| {
            // e.g. a metric per kind; here, a line for what Lambda will retry.
            if report.kind != OutcomeKind::Handled && report.kind != OutcomeKind::Duplicate {
                println!(
                    "{} ({:?}): {:?}",
                    report.kind.as_str(),
                    report.notification_id,
                    report.error
                );
            }
        })
        // A payload the types cannot read reaches the handler raw, instead of failing.
        .unparsed_payloads(UnparsedPayloads::Keep)
        .build(handle)
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
        Payload::Unparsed { error, .. } => println!("event {event_id}: kept as received: {error}"),
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

// Its tests: tests/it/examples/eventbridge_lambda.rs, in the facade's test binary.
#[cfg(test)]
#[path = "../tests/it/examples/eventbridge_lambda.rs"]
mod tests;
