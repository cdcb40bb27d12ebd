//! Consume SP-API notifications from an SQS queue and print each one, typed.
//!
//! ```text
//! cargo run --example sqs_consumer --features consumer -- --queue-url https://sqs.us-east-1.amazonaws.com/123456789012/sp-api
//! ```
//!
//! The queue URL comes from `--queue-url` or `SQS_QUEUE_URL`; AWS credentials and region from the
//! usual places (environment, profile, instance role), and `AWS_ENDPOINT_URL` points the client
//! at an emulator such as moto. Ctrl-C or SIGTERM (what ECS, Kubernetes and systemd send to stop
//! a service) stops it gracefully: in-flight handlers finish first, handled messages are
//! deleted, and messages whose handler had not started are made visible again at once.
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
use std::future::Future;
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
        .on_decode_error(|error, delivery| {
            let message_id = delivery
                .sqs
                .as_ref()
                .and_then(|sqs| sqs.message_id.as_deref());
            eprintln!("not a notification (message {message_id:?}): {error}");
        })
        .build(print(out))?;
    writeln!(
        err,
        "consuming {}; Ctrl-C or SIGTERM stops",
        consumer.queue_url()
    )?;
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

    /// Set in the child of the SIGTERM test: the queue it consumes, as `main` does.
    const CHILD_QUEUE: &str = "SQS_CONSUMER_EXAMPLE_CHILD_QUEUE";

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

    /// The test binary runs this test again as a child that consumes a queue on moto with the
    /// example's own `consume` and `stop_signal`, configured from the environment as `main`
    /// is; the parent sends SIGTERM once the child printed the notification.
    #[cfg(unix)]
    #[tokio::test]
    async fn sigterm_stops_the_consumer_cleanly_after_deleting_what_it_handled() {
        use std::io::{BufRead, BufReader, Read};
        use std::process::{Command, Stdio};
        use std::time::Instant;

        use spapi_notifications::types::fixtures;
        use spapi_sandbox::testing::{Moto, unique_name};

        if let Ok(queue_url) = std::env::var(CHILD_QUEUE) {
            let stop = stop_signal().unwrap();
            let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
            let out = Arc::new(Mutex::new(io::stdout()));
            let sqs = aws_sdk_sqs::Client::new(&config);
            consume(sqs, queue_url, out, &mut io::stderr(), stop)
                .await
                .unwrap();
            return;
        }
        let moto = Moto::shared().expect("moto's server (scripts/test.sh installs it)");
        let queue = moto.create_queue(&unique_name("sigterm")).await.unwrap();
        let sqs = moto.sqs_client();
        let body = fixtures::example(&NotificationType::OrderChange).unwrap();
        sqs.send_message()
            .queue_url(&queue.url)
            .message_body(body)
            .send()
            .await
            .unwrap();

        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "tests::sigterm_stops_the_consumer_cleanly_after_deleting_what_it_handled",
                "--exact",
                "--nocapture",
            ])
            .env(CHILD_QUEUE, &queue.url)
            .env("AWS_ENDPOINT_URL", moto.endpoint())
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env_remove("AWS_PROFILE")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let printed = lines
            .by_ref()
            .map_while(Result::ok)
            .find(|line| line.starts_with("ORDER_CHANGE "));
        assert!(printed.is_some(), "the child printed no notification");

        let sent = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "still running after SIGTERM"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        assert!(status.success(), "{status:?}: {err}");
        assert!(
            err.contains("stopped by SIGTERM: Stats { received: 1, handled: 1,"),
            "{err}"
        );
        assert!(err.contains("deleted: 1,"), "{err}");
        let left = sqs
            .receive_message()
            .queue_url(&queue.url)
            .send()
            .await
            .unwrap();
        assert!(left.messages.unwrap_or_default().is_empty(), "deleted");
    }
}
