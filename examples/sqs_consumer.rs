//! Consume SP-API notifications from an SQS queue and print each one, typed.
//!
//! ```text
//! cargo run --example sqs_consumer --features consumer -- --queue-url https://sqs.us-east-1.amazonaws.com/123456789012/sp-api
//! ```
//!
//! The queue URL comes from `--queue-url` or `SQS_QUEUE_URL`; AWS credentials and region from the
//! usual places (environment, profile, instance role), and `AWS_ENDPOINT_URL` points the client
//! at an emulator such as moto. Ctrl-C stops it gracefully: in-flight handlers finish first.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "an example prints"
)]

use std::convert::Infallible;

use spapi_notifications::consumer::{Received, SqsConsumer, aws_sdk_sqs};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let queue_url = queue_url(
        std::env::args().skip(1),
        std::env::var("SQS_QUEUE_URL").ok(),
    )?;
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let consumer = SqsConsumer::builder(aws_sdk_sqs::Client::new(&config), queue_url)
        .on_decode_error(|error, delivery| {
            let message_id = delivery
                .sqs
                .as_ref()
                .and_then(|sqs| sqs.message_id.as_deref());
            eprintln!("not a notification (message {message_id:?}): {error}");
        })
        .build(print)?;
    eprintln!("consuming {}; Ctrl-C stops", consumer.queue_url());
    consumer
        .run_until(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    eprintln!("{:?}", consumer.stats());
    Ok(())
}

/// Prints the notification: a summary line, then the typed payload.
async fn print(received: Received) -> Result<(), Infallible> {
    let notification = &received.notification;
    println!(
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
    );
    println!("{:#?}", notification.payload);
    Ok(())
}

/// `--queue-url URL` or `--queue-url=URL`, else the environment's value.
fn queue_url(
    mut args: impl Iterator<Item = String>,
    env: Option<String>,
) -> Result<String, String> {
    while let Some(arg) = args.next() {
        if arg == "--queue-url" {
            return args
                .next()
                .ok_or_else(|| "--queue-url needs a value".to_owned());
        }
        if let Some(url) = arg.strip_prefix("--queue-url=") {
            return Ok(url.to_owned());
        }
    }
    env.ok_or_else(|| "give the queue with --queue-url URL or SQS_QUEUE_URL".to_owned())
}

#[cfg(test)]
mod tests {
    use super::queue_url;

    fn args(args: &[&str]) -> impl Iterator<Item = String> {
        args.iter()
            .map(|arg| (*arg).to_owned())
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn the_queue_url_comes_from_the_flag_then_the_environment() {
        let env = Some("from-env".to_owned());
        assert_eq!(
            queue_url(args(&["--queue-url", "q1"]), env.clone()).unwrap(),
            "q1"
        );
        assert_eq!(
            queue_url(args(&["--queue-url=q2"]), env.clone()).unwrap(),
            "q2"
        );
        assert_eq!(queue_url(args(&[]), env).unwrap(), "from-env");
        assert!(queue_url(args(&["--queue-url"]), None).is_err());
        assert!(
            queue_url(args(&[]), None)
                .unwrap_err()
                .contains("SQS_QUEUE_URL")
        );
    }
}
