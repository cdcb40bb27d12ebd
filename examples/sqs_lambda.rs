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

// Its tests: tests/it/examples/sqs_lambda.rs, in the facade's test binary.
#[cfg(test)]
#[path = "../tests/it/examples/sqs_lambda.rs"]
mod tests;
