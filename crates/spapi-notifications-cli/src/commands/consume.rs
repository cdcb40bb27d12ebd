//! `consume --queue-url URL`: tails an SQS queue and prints each notification, typed.
//!
//! Without `--delete` nothing is deleted: a raw receive loop prints each message once and holds
//! it invisible (for `--visibility-timeout`) so that it is not received again, then makes every
//! message it holds visible again when it stops, for the queue's real consumers. Each receive
//! counts toward the queue's `maxReceiveCount`, as it would for any consumer. With `--delete`
//! the consumer crate's [`SqsConsumer`] runs with a printing handler, and so deletes each
//! message once printed, as a real consumer would: a message that is not a notification stays
//! (for the redrive policy), and a duplicate of a notification printed already is deleted
//! without being printed or counted.

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use indicatif::ProgressBar;
use spapi_notifications::consumer::aws_sdk_sqs::error::DisplayErrorContext;
use spapi_notifications::consumer::aws_sdk_sqs::types::{
    ChangeMessageVisibilityBatchRequestEntry, Message, MessageSystemAttributeName,
};
use spapi_notifications::consumer::{Received, SqsConsumer, aws_sdk_sqs};
use spapi_notifications::types::{DecodeError, envelope};
use tokio::sync::Notify;

use crate::cli::ConsumeArgs;
use crate::exit::CliError;
use crate::output::spinner;

/// The most messages one receive returns.
const SQS_BATCH: u64 = 10;

/// Tails the queue of `args` until `--max-messages`, `--duration`, Ctrl-C or SIGTERM; prints
/// JSON lines with `json`.
pub(crate) async fn run(args: &ConsumeArgs, json: bool) -> Result<(), CliError> {
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let sqs = aws_sdk_sqs::Client::new(&config);
    let printer = Printer {
        json,
        spinner: spinner(),
        count: AtomicU64::new(0),
        max: args.max_messages,
        reached: Notify::new(),
    };
    let printer = Arc::new(printer);
    note(&format!(
        "consuming {} ({}); Ctrl-C stops",
        args.queue_url,
        if args.delete {
            "deleting each message once printed"
        } else {
            "deleting nothing: messages are made visible again on exit"
        }
    ));
    let result = if args.delete {
        consume_and_delete(args, sqs, &printer).await
    } else {
        tail(args, &sqs, &printer).await
    };
    printer.spinner.finish_and_clear();
    let count = printer.count.load(Ordering::Relaxed);
    let outcome = match (&result, args.delete) {
        (Err(_), _) => "then failed",
        (Ok(()), true) => "those printed were deleted",
        (Ok(()), false) => "left on the queue",
    };
    let separator = if args.delete && result.is_ok() {
        ";"
    } else {
        ","
    };
    note(&format!("{count} messages received{separator} {outcome}"));
    result
}

/// Writes `note` on stderr.
fn note(note: &str) {
    let _ = writeln!(io::stderr(), "note: {note}");
}

/// Prints what arrives and counts messages toward `--max-messages`.
#[derive(Debug)]
struct Printer {
    json: bool,
    spinner: ProgressBar,
    count: AtomicU64,
    max: Option<u64>,
    /// Told when `max` messages have been counted.
    reached: Notify,
}

impl Printer {
    /// Counts a message; `false` when it is past `--max-messages`, so not to be handled.
    fn count(&self) -> bool {
        let count = self.count.fetch_add(1, Ordering::Relaxed) + 1;
        let Some(max) = self.max else {
            self.spinner.set_message(format!("{count} messages"));
            return true;
        };
        if count > max {
            self.count.fetch_sub(1, Ordering::Relaxed);
            return false;
        }
        self.spinner.set_message(format!("{count}/{max} messages"));
        if count == max {
            self.reached.notify_one();
        }
        true
    }

    /// How many more messages to take, at most one receive's worth.
    fn wanted(&self) -> u64 {
        let count = self.count.load(Ordering::Relaxed);
        self.max
            .map_or(SQS_BATCH, |max| max.saturating_sub(count).min(SQS_BATCH))
    }

    /// Prints `received` (from message `message_id`, received `receive_count` times).
    fn notification(
        &self,
        received: &Received,
        message_id: Option<&str>,
        receive_count: Option<u32>,
    ) -> Result<(), CliError> {
        let notification = &received.notification;
        let line = if self.json {
            let line = notification.to_json_line();
            format!(
                r#"{{"messageId":{},"receiveCount":{},{}"#,
                serde_json::to_string(&message_id)?,
                serde_json::to_string(&receive_count)?,
                &line[1..]
            )
        } else {
            format!(
                "{}  {}  {}  message {} (received {} times)",
                notification.event_time.to_rfc3339(),
                notification.notification_type,
                notification.notification_id().unwrap_or("-"),
                message_id.unwrap_or("-"),
                receive_count.map_or_else(|| "?".to_owned(), |count| count.to_string()),
            )
        };
        self.spinner
            .suspend(|| writeln!(io::stdout().lock(), "{line}"))?;
        Ok(())
    }

    /// Reports a message that is not a notification on stderr.
    fn undecodable(&self, message_id: Option<&str>, error: &DecodeError) {
        self.spinner.suspend(|| {
            let _ = writeln!(
                io::stderr(),
                "message {} is not a notification: {error}",
                message_id.unwrap_or("-")
            );
        });
    }
}

/// Resolves on Ctrl-C, SIGTERM, after `duration`, or once `printer` has its `--max-messages`.
async fn stopped(duration: Option<Duration>, printer: &Printer) {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        #[cfg(unix)]
        if let Ok(mut terminate) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            terminate.recv().await;
            return;
        }
        std::future::pending::<()>().await;
    };
    let timer = async {
        match duration {
            Some(duration) => tokio::time::sleep(duration).await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
        () = timer => {}
        () = printer.reached.notified() => {}
    }
}

/// The non-deleting tail: receives, prints each message once, and on stopping makes every
/// message it holds visible again.
async fn tail(
    args: &ConsumeArgs,
    sqs: &aws_sdk_sqs::Client,
    printer: &Printer,
) -> Result<(), CliError> {
    // Message id -> the latest receipt handle: what making it visible again takes.
    let mut held = HashMap::new();
    let result = receive_until_stopped(args, sqs, printer, &mut held).await;
    let released = release(sqs, &args.queue_url, held).await;
    result.and(released)
}

async fn receive_until_stopped(
    args: &ConsumeArgs,
    sqs: &aws_sdk_sqs::Client,
    printer: &Printer,
    held: &mut HashMap<String, String>,
) -> Result<(), CliError> {
    let stop = stopped(args.duration, printer);
    tokio::pin!(stop);
    while printer.wanted() > 0 {
        let receive = sqs
            .receive_message()
            .queue_url(&args.queue_url)
            .max_number_of_messages(i32::try_from(printer.wanted()).unwrap_or(10))
            .wait_time_seconds(i32::try_from(args.wait_time).unwrap_or(20))
            .visibility_timeout(i32::try_from(args.visibility_timeout).unwrap_or(30))
            .message_system_attribute_names(MessageSystemAttributeName::ApproximateReceiveCount)
            .send();
        let received = tokio::select! {
            () = &mut stop => return Ok(()),
            received = receive => received.map_err(|error| {
                sqs_failure(&format!("receiving from {}", args.queue_url), &error)
            })?,
        };
        for message in received.messages.unwrap_or_default() {
            let (Some(message_id), Some(receipt)) = (&message.message_id, &message.receipt_handle)
            else {
                continue;
            };
            // A message held past its visibility timeout comes back: printed already.
            if held.insert(message_id.clone(), receipt.clone()).is_some() || !printer.count() {
                continue;
            }
            print_message(printer, &message)?;
        }
    }
    Ok(())
}

/// Prints each notification of `message`, or says why it is not one.
fn print_message(printer: &Printer, message: &Message) -> Result<(), CliError> {
    let receive_count = message
        .attributes
        .as_ref()
        .and_then(|attributes| attributes.get(&MessageSystemAttributeName::ApproximateReceiveCount))
        .and_then(|count| count.parse().ok());
    let body = message.body.as_deref().unwrap_or_default();
    for result in envelope::decode_all(body.as_bytes()) {
        match result {
            Ok(received) => {
                printer.notification(&received, message.message_id.as_deref(), receive_count)?;
            }
            Err(error) => printer.undecodable(message.message_id.as_deref(), &error),
        }
    }
    Ok(())
}

/// Makes the `held` messages visible again at once.
async fn release(
    sqs: &aws_sdk_sqs::Client,
    queue_url: &str,
    held: HashMap<String, String>,
) -> Result<(), CliError> {
    let receipts: Vec<String> = held.into_values().collect();
    let mut failed = 0;
    for chunk in receipts.chunks(SQS_BATCH as usize) {
        let entries = chunk
            .iter()
            .enumerate()
            .map(|(index, receipt)| {
                ChangeMessageVisibilityBatchRequestEntry::builder()
                    .id(index.to_string())
                    .receipt_handle(receipt)
                    .visibility_timeout(0)
                    .build()
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(|error| sqs_failure("making messages visible again", &error))?;
        let output = sqs
            .change_message_visibility_batch()
            .queue_url(queue_url)
            .set_entries(Some(entries))
            .send()
            .await
            .map_err(|error| sqs_failure("making messages visible again", &error))?;
        failed += output.failed.len();
    }
    if failed > 0 {
        // They come back when their visibility timeout ends.
        note(&format!(
            "{failed} messages could not be made visible again at once: they will be when their \
             visibility timeout ends"
        ));
    }
    Ok(())
}

/// `SqsConsumer` with a printing handler: deletes what it printed.
async fn consume_and_delete(
    args: &ConsumeArgs,
    sqs: aws_sdk_sqs::Client,
    printer: &Arc<Printer>,
) -> Result<(), CliError> {
    let on_decode_error = Arc::clone(printer);
    let handler = Arc::clone(printer);
    let consumer = SqsConsumer::builder(sqs, &args.queue_url)
        .wait_time(Duration::from_secs(args.wait_time.into()))
        .visibility_timeout(Duration::from_secs(args.visibility_timeout.into()))
        // A message past --max-messages is refused, and so visible again at once.
        .failure_backoff(Duration::ZERO)
        .on_decode_error(move |error, delivery| {
            let message_id = delivery
                .sqs
                .as_ref()
                .and_then(|sqs| sqs.message_id.as_deref());
            if on_decode_error.count() {
                on_decode_error.undecodable(message_id, error);
            }
        })
        .build(move |received: Received| {
            let printer = Arc::clone(&handler);
            async move {
                if !printer.count() {
                    return Err(io::Error::other("past --max-messages: left on the queue"));
                }
                let sqs = received.delivery.sqs.as_ref();
                printer
                    .notification(
                        &received,
                        sqs.and_then(|sqs| sqs.message_id.as_deref()),
                        sqs.and_then(|sqs| sqs.approximate_receive_count),
                    )
                    .map_err(|failure| io::Error::other(format!("{failure:?}")))
            }
        })
        .map_err(crate::exit::boxed)?;
    consumer
        .run_until(stopped(args.duration, printer))
        .await
        .map_err(crate::exit::boxed)
}

/// An AWS SDK error, with its whole context, while `doing` something.
fn sqs_failure(doing: &str, error: &(dyn std::error::Error + 'static)) -> CliError {
    CliError::Other(format!("{doing}: {}", DisplayErrorContext(error)).into())
}
