//! Consume SP-API notifications from an SQS queue and print each one, typed.
//!
//! ```text
//! cargo run --example sqs_consumer --features consumer -- --queue-url https://sqs.us-east-1.amazonaws.com/123456789012/sp-api
//! ```
//!
//! The queue URL comes from `--queue-url` or `SQS_QUEUE_URL`; AWS credentials and region from the
//! usual places, and `AWS_ENDPOINT_URL` points the client at an emulator such as moto. Ctrl-C or
//! SIGTERM (what ECS, Kubernetes and systemd send) stops it gracefully: in-flight handlers
//! finish, handled messages are deleted, and those not yet started are made visible again.
//!
//! With no queue URL it runs against the in-process sandbox ([`spapi_notifications::sandbox`]),
//! and says so: the sandbox sends a test notification to its in-process queue, and what arrives
//! goes twice through the same [`Pipeline`] the consumer runs: printed once, then acknowledged
//! as a duplicate without calling the handler.
#![allow(clippy::print_stderr, reason = "an example prints")]

use std::error::Error;
use std::future::Future;
use std::io::{self, Write};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use spapi_notifications::SandboxClients as _;
use spapi_notifications::auth::RefreshToken;
use spapi_notifications::client::{
    CreateSubscriptionRequest, DestinationResourceSpecification, SendTestNotificationRequest,
};
use spapi_notifications::consumer::{
    Delivery, Handler, NotificationType, Outcome, Pipeline, Received, SqsConsumer, aws_sdk_sqs,
};
use spapi_notifications::sandbox::Sandbox;
use spapi_notifications::types::envelope::SqsDelivery;

/// The queue the sandbox delivers to: any well-formed ARN will do there.
const SANDBOX_QUEUE_ARN: &str = "arn:aws:sqs:us-east-1:123456789012:sp-api-sqs-consumer";
const PAYLOAD_VERSION: &str = "2020-09-04";
/// How long to wait for the test notification.
const RECEIVE_TIMEOUT: Duration = Duration::from_secs(10);

/// Where the handler writes, shared with the tasks that run it.
type Out<W> = Arc<Mutex<W>>;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let queue_url = queue_url(std::env::args(), std::env::var("SQS_QUEUE_URL").ok());
    let out = Arc::new(Mutex::new(io::stdout()));
    let Some(queue_url) = queue_url else {
        return offline(&out, &mut io::stderr()).await;
    };
    let stop = stop_signal()?;
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let sqs = aws_sdk_sqs::Client::new(&config);
    consume(sqs, queue_url, out, &mut io::stderr(), stop).await
}

/// Consumes the queue at `queue_url` with `print` writing to `out` until `stop` completes with
/// the name of what stopped it; notes and the final counts go to `err`.
async fn consume<W: Write + Send + 'static>(
    sqs: aws_sdk_sqs::Client,
    queue_url: String,
    out: Out<W>,
    err: &mut impl Write,
    stop: impl Future<Output = &'static str> + Send,
) -> Result<(), Box<dyn Error>> {
    let consumer = SqsConsumer::builder(sqs, queue_url)
        .on_decode_error(|error, _| eprintln!("not a notification: {error}"))
        .build(print(out))?;
    let url = consumer.queue_url();
    writeln!(err, "consuming {url}; Ctrl-C or SIGTERM stops")?;
    let (stopped_by, stopping) = tokio::sync::oneshot::channel();
    consumer
        .run_until(async {
            let _ = stopped_by.send(stop.await);
        })
        .await?;
    let signal = stopping.await.unwrap_or("the consumer");
    writeln!(err, "stopped by {signal}: {:?}", consumer.stats())?;
    Ok(())
}

/// Completes with the signal's name on Ctrl-C (SIGINT) or SIGTERM. The handlers are installed
/// now, so that a signal sent at any time after this call stops the consumer gracefully.
#[cfg(unix)]
fn stop_signal() -> io::Result<impl Future<Output = &'static str> + Send> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => "Ctrl-C",
            _ = terminate.recv() => "SIGTERM",
        }
    })
}

/// Completes on Ctrl-C, the one stop signal outside Unix.
#[cfg(not(unix))]
fn stop_signal() -> io::Result<impl Future<Output = &'static str> + Send> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
        "Ctrl-C"
    })
}

/// The handler: prints each notification to `out`, a summary line, then the typed payload.
fn print<W: Write + Send + 'static>(out: Out<W>) -> impl Handler<Error = io::Error> {
    move |received: Received| {
        let out = Arc::clone(&out);
        async move {
            let notification = &received.notification;
            let id = notification.notification_id().unwrap_or("-");
            let receives = received.receive_count().unwrap_or(1);
            let mut out = out.lock().unwrap_or_else(PoisonError::into_inner);
            let (kind, time) = (&notification.notification_type, notification.event_time);
            writeln!(out, "{kind} {id} (event {time}, received {receives} times)")?;
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
    let url = sandbox.base_url();
    writeln!(
        err,
        "no queue URL given: running against the sandbox at {url}"
    )?;
    let client = sandbox.client_builder().build()?;
    let report_finished = NotificationType::ReportProcessingFinished;

    let queue = DestinationResourceSpecification::sqs(SANDBOX_QUEUE_ARN);
    let destination = client.ensure_destination("sqs-consumer", &queue).await?;
    let destination_id = destination.destination_id.as_str();
    let request = CreateSubscriptionRequest::new(PAYLOAD_VERSION, destination_id);
    let seller = client.seller(RefreshToken::new(sandbox.refresh_token()));
    seller
        .create_subscription(&report_finished, &request)
        .await?;
    let test = SendTestNotificationRequest::new(destination_id, PAYLOAD_VERSION);
    client
        .send_test_notification(&report_finished, &test)
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
        let outcome = pipeline.process(message.body.as_bytes(), delivery).await;
        let (kind, id) = (outcome.kind().as_str(), &message.message_id);
        if let Outcome::Failed(error) = outcome {
            return Err(error.into());
        }
        let mut out = out.lock().unwrap_or_else(PoisonError::into_inner);
        writeln!(out, "message {id} received {receive_count} times: {kind}")?;
    }
    Ok(())
}

/// The value after `--queue-url`, else the environment's; `None` runs against the sandbox.
fn queue_url(args: impl IntoIterator<Item = String>, env: Option<String>) -> Option<String> {
    let mut args = args.into_iter().skip_while(|arg| arg != "--queue-url");
    args.nth(1).or(env).filter(|url| !url.is_empty())
}

// Its tests: tests/it/examples/sqs_consumer.rs, in the facade's test binary.
#[cfg(test)]
#[path = "../tests/it/examples/sqs_consumer.rs"]
mod tests;
