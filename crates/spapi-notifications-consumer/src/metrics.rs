//! The consumer's metrics, recorded through the [`metrics`](https://docs.rs/metrics/0.24) facade
//! (0.24): install any recorder (Prometheus, OpenTelemetry, ...) to see them.
//!
//! The one table of every name and label of the spapi-notifications crates is
//! [`spapi_http::metrics`](https://docs.rs/spapi-http/latest/spapi_http/metrics/); the
//! consumer's rows:
//!
//! | name | kind | labels |
//! | --- | --- | --- |
//! | [`MESSAGES`] `spapi_consumer_messages_total` | counter | [`OUTCOME`]: [`OutcomeKind::as_str`] (`handled`, `duplicate`, `failed`, `bounced`, `undecodable`, `stopped`) |
//! | [`HANDLER_DURATION`] `spapi_consumer_handler_duration_seconds` | histogram (s) | [`OUTCOME`]: `handled` or `failed` (panics included) |
//! | [`DEAD_LETTERED`] `spapi_consumer_dead_lettered_total` | counter | none |
//!
//! [`Stats`](crate::Stats) counts the same in the process, without a recorder.

use std::time::Duration;

use ::metrics::{Unit, counter, describe_counter, describe_histogram, histogram};

use crate::OutcomeKind;

/// Counter: messages by [`OUTCOME`], one per message through a pipeline.
pub const MESSAGES: &str = "spapi_consumer_messages_total";
/// Histogram, seconds: how long the handler ran, by [`OUTCOME`] (`handled` or `failed`).
pub const HANDLER_DURATION: &str = "spapi_consumer_handler_duration_seconds";
/// Counter: messages not handled on their last receive, bound for the dead-letter queue.
pub const DEAD_LETTERED: &str = "spapi_consumer_dead_lettered_total";

/// Label: what became of the message ([`OutcomeKind::as_str`]).
pub const OUTCOME: &str = "outcome";

/// Gives the installed recorder the unit and help text of the consumer's metrics; call it once
/// after installing the recorder (with `spapi_http::metrics::describe` for the client's).
pub fn describe() {
    describe_counter!(
        MESSAGES,
        "Messages through the consumer's pipeline, by outcome"
    );
    describe_histogram!(
        HANDLER_DURATION,
        Unit::Seconds,
        "How long the notification handler ran, by outcome"
    );
    describe_counter!(
        DEAD_LETTERED,
        "Messages not handled on their last receive, moved to the dead-letter queue"
    );
}

pub(crate) fn message(kind: OutcomeKind) {
    counter!(MESSAGES, OUTCOME => kind.as_str()).increment(1);
}

pub(crate) fn handler_duration(handled: bool, duration: Duration) {
    let outcome = if handled {
        OutcomeKind::Handled
    } else {
        OutcomeKind::Failed
    };
    histogram!(HANDLER_DURATION, OUTCOME => outcome.as_str()).record(duration.as_secs_f64());
}

pub(crate) fn dead_lettered() {
    counter!(DEAD_LETTERED).increment(1);
}
