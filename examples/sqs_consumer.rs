//! Consume SP-API notifications from an SQS queue and print each one, typed.
//!
//! ```text
//! cargo run --example sqs_consumer --features consumer -- --queue-url https://sqs.us-east-1.amazonaws.com/123456789012/sp-api
//! ```
//!
//! The queue URL comes from `--queue-url` or `SQS_QUEUE_URL`; AWS credentials and region from the
//! usual places (environment, profile, instance role), and `AWS_ENDPOINT_URL` points the client
//! at an emulator such as moto. Ctrl-C stops it gracefully: in-flight handlers finish first.
//!
//! With no queue URL it runs against the in-process sandbox
//! ([`spapi_notifications::sandbox`]) instead, with no credentials and no network (said on
//! stderr): it creates an SQS destination, subscribes the sandbox's seller to `ORDER_CHANGE`,
//! has a test notification sent, and feeds what arrives on the sandbox's in-process queue twice
//! through the same [`Pipeline`] the consumer runs, with the same handler: the first copy is
//! printed, the second is a duplicate and acknowledged without calling the handler. Then it
//! exits.
//!
//! ```text
//! cargo run --example sqs_consumer --features consumer
//! ```
#![allow(clippy::print_stderr, reason = "an example prints")]

use std::error::Error;
use std::io::{self, Write};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use spapi_notifications::SandboxClients as _;
use spapi_notifications::auth::RefreshToken;
use spapi_notifications::client::{
    CreateDestinationRequest, CreateSubscriptionRequest, DestinationResourceSpecification,
    EventFilter, OrderChangeType, ProcessingDirective, SendTestNotificationRequest,
};
use spapi_notifications::consumer::{
    Delivery, Handler, NotificationType, Outcome, Pipeline, Received, SqsConsumer, aws_sdk_sqs,
};
use spapi_notifications::sandbox::Sandbox;
use spapi_notifications::types::envelope::SqsDelivery;

/// The queue the sandbox delivers to: any well-formed ARN will do there.
const SANDBOX_QUEUE_ARN: &str = "arn:aws:sqs:us-east-1:123456789012:sp-api-sqs-consumer";
const PAYLOAD_VERSION: &str = "1.0";
/// How long to wait for the test notification.
const RECEIVE_TIMEOUT: Duration = Duration::from_secs(10);

/// Where the handler writes, shared with the tasks that run it.
type Out<W> = Arc<Mutex<W>>;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let queue_url = queue_url(
        std::env::args().skip(1),
        std::env::var("SQS_QUEUE_URL").ok(),
    )?;
    let out = Arc::new(Mutex::new(io::stdout()));
    let Some(queue_url) = queue_url else {
        return offline(&out, &mut io::stderr()).await;
    };
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let consumer = SqsConsumer::builder(aws_sdk_sqs::Client::new(&config), queue_url)
        .on_decode_error(|error, delivery| {
            let message_id = delivery
                .sqs
                .as_ref()
                .and_then(|sqs| sqs.message_id.as_deref());
            eprintln!("not a notification (message {message_id:?}): {error}");
        })
        .build(print(out))?;
    eprintln!("consuming {}; Ctrl-C stops", consumer.queue_url());
    consumer
        .run_until(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    eprintln!("{:?}", consumer.stats());
    Ok(())
}

/// The handler: prints each notification to `out`, a summary line, then the typed payload.
fn print<W: Write + Send + 'static>(out: Out<W>) -> impl Handler<Error = io::Error> {
    move |received: Received| {
        let out = Arc::clone(&out);
        async move {
            let notification = &received.notification;
            let mut out = out.lock().unwrap_or_else(PoisonError::into_inner);
            writeln!(
                out,
                "{} {} (event {}, received {} times)",
                notification.notification_type,
                notification.notification_id().unwrap_or("-"),
                notification.event_time,
                received
                    .delivery
                    .sqs
                    .as_ref()
                    .and_then(|sqs| sqs.approximate_receive_count)
                    .unwrap_or(1),
            )?;
            writeln!(out, "{:#?}", notification.payload)
        }
    }
}

/// Without a queue: the sandbox delivers a test notification to its in-process queue, and each
/// copy of it, delivered twice as SQS may, goes through the consumer's pipeline and `print`.
/// Notes go to `err`.
async fn offline<W: Write + Send + 'static>(
    out: &Out<W>,
    err: &mut impl Write,
) -> Result<(), Box<dyn Error>> {
    let sandbox = Sandbox::start().await?;
    writeln!(
        err,
        "no queue URL given (--queue-url or SQS_QUEUE_URL): running against the in-process \
         sandbox at {}",
        sandbox.base_url()
    )?;
    let client = sandbox.client_builder().build()?;
    let order_change = NotificationType::OrderChange;

    let queue = DestinationResourceSpecification::sqs(SANDBOX_QUEUE_ARN);
    let request = CreateDestinationRequest::new("spapi-notifications-sqs-consumer", queue);
    let destination = client.create_destination(&request).await?;
    let destination_id = &destination.destination_id;
    // Amazon requires an ORDER_CHANGE event filter on ORDER_CHANGE subscriptions.
    let filter = EventFilter::order_change().order_change_types([
        OrderChangeType::OrderStatusChange,
        OrderChangeType::BuyerRequestedChange,
    ]);
    let request = CreateSubscriptionRequest::new(PAYLOAD_VERSION, destination_id.as_str())
        .processing_directive(ProcessingDirective::event_filter(filter));
    client
        .seller(RefreshToken::new(sandbox.refresh_token()))
        .create_subscription(&order_change, &request)
        .await?;
    let request = SendTestNotificationRequest::new(destination_id.as_str(), PAYLOAD_VERSION);
    client
        .send_test_notification(&order_change, &request)
        .await?;

    let message = tokio::time::timeout(RECEIVE_TIMEOUT, sandbox.queue(SANDBOX_QUEUE_ARN).recv())
        .await
        .map_err(|_| "no notification arrived within 10 s")?;
    let pipeline = Pipeline::builder().build(print(Arc::clone(out)));
    for receive_count in 1..=2 {
        let mut sqs = SqsDelivery::default();
        sqs.message_id = Some(message.message_id.clone());
        sqs.approximate_receive_count = Some(receive_count);
        let mut delivery = Delivery::default();
        delivery.sqs = Some(sqs);
        match pipeline.process(message.body.as_bytes(), delivery).await {
            Outcome::Handled => {}
            Outcome::Duplicate => {
                let mut out = out.lock().unwrap_or_else(PoisonError::into_inner);
                writeln!(
                    out,
                    "message {} received {receive_count} times: a duplicate, acknowledged \
                     without calling the handler",
                    message.message_id
                )?;
            }
            Outcome::Failed(error) => return Err(error.into()),
            other => return Err(format!("unexpected outcome: {other:?}").into()),
        }
    }
    Ok(())
}

/// `--queue-url URL` or `--queue-url=URL`, else the environment's value; `None` runs against
/// the sandbox.
fn queue_url(
    mut args: impl Iterator<Item = String>,
    env: Option<String>,
) -> Result<Option<String>, String> {
    while let Some(arg) = args.next() {
        if arg == "--queue-url" {
            return args
                .next()
                .map(Some)
                .ok_or_else(|| "--queue-url needs a value".to_owned());
        }
        if let Some(url) = arg.strip_prefix("--queue-url=") {
            return Ok(Some(url.to_owned()));
        }
    }
    Ok(env.filter(|url| !url.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(args: &[&str]) -> impl Iterator<Item = String> {
        args.iter()
            .map(|arg| (*arg).to_owned())
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn the_queue_url_comes_from_the_flag_then_the_environment_else_none() {
        let env = Some("from-env".to_owned());
        let url = |args, env| queue_url(args, env).unwrap();
        assert_eq!(
            url(args(&["--queue-url", "q1"]), env.clone()).unwrap(),
            "q1"
        );
        assert_eq!(url(args(&["--queue-url=q2"]), env.clone()).unwrap(), "q2");
        assert_eq!(url(args(&[]), env).unwrap(), "from-env");
        assert!(queue_url(args(&["--queue-url"]), None).is_err());
        assert_eq!(url(args(&[]), None), None);
        assert_eq!(url(args(&[]), Some(String::new())), None);
    }

    #[tokio::test]
    async fn without_a_queue_the_sandbox_s_notification_is_printed_once_then_a_duplicate() {
        let out = Arc::new(Mutex::new(Vec::new()));
        let mut err = Vec::new();
        offline(&out, &mut err).await.unwrap();
        let err = String::from_utf8(err).unwrap();
        let out = String::from_utf8(out.lock().unwrap().clone()).unwrap();
        let lines: Vec<&str> = out.lines().collect();

        assert!(
            err.starts_with(
                "no queue URL given (--queue-url or SQS_QUEUE_URL): running against the \
                 in-process sandbox at http://127.0.0.1:"
            ),
            "{err}"
        );
        // The handler ran once: one summary line, for the first receive.
        let summaries: Vec<&&str> = lines
            .iter()
            .filter(|line| line.starts_with("ORDER_CHANGE "))
            .collect();
        assert_eq!(summaries.len(), 1, "{out}");
        assert!(summaries[0].ends_with(", received 1 times)"), "{out}");
        let notification_id = summaries[0].split(' ').nth(1).unwrap();
        assert_ne!(notification_id, "-", "{out}");
        assert!(lines[1].starts_with("OrderChange("), "{out}");
        assert!(out.contains("amazon_order_id"), "{out}");
        let last = lines.last().unwrap();
        assert!(
            last.starts_with("message ")
                && last.ends_with(
                    " received 2 times: a duplicate, acknowledged without calling the handler"
                ),
            "{out}"
        );
    }
}
