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

use ::metrics::{
    Key, Label, Level, Metadata, Unit, counter, describe_counter, describe_histogram, with_recorder,
};

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

/// What the `metrics` macros would record for the call site, as a constant.
const METADATA: Metadata<'static> =
    Metadata::new(module_path!(), Level::INFO, Some(module_path!()));

/// The key of `name` with an [`OUTCOME`] label, made at compile time: the macros build a key
/// with a computed label at every call (a `Vec` allocated per message, recorder or not).
macro_rules! outcome_key {
    ($name:expr, $outcome:literal) => {{
        const LABELS: &[Label] = &[Label::from_static_parts(OUTCOME, $outcome)];
        const { Key::from_static_parts($name, LABELS) }
    }};
}

/// The [`MESSAGES`] key of each outcome.
fn message_key(kind: OutcomeKind) -> &'static Key {
    static KEYS: [Key; 6] = [
        outcome_key!(MESSAGES, "handled"),
        outcome_key!(MESSAGES, "duplicate"),
        outcome_key!(MESSAGES, "failed"),
        outcome_key!(MESSAGES, "bounced"),
        outcome_key!(MESSAGES, "undecodable"),
        outcome_key!(MESSAGES, "stopped"),
    ];
    &KEYS[match kind {
        OutcomeKind::Handled => 0,
        OutcomeKind::Duplicate => 1,
        OutcomeKind::Failed => 2,
        OutcomeKind::Bounced => 3,
        OutcomeKind::Undecodable => 4,
        OutcomeKind::Stopped => 5,
    }]
}

pub(crate) fn message(kind: OutcomeKind) {
    let key = message_key(kind);
    with_recorder(|recorder| recorder.register_counter(key, &METADATA)).increment(1);
}

pub(crate) fn handler_duration(handled: bool, duration: Duration) {
    static HANDLED: Key = outcome_key!(HANDLER_DURATION, "handled");
    static FAILED: Key = outcome_key!(HANDLER_DURATION, "failed");
    let key = if handled { &HANDLED } else { &FAILED };
    with_recorder(|recorder| recorder.register_histogram(key, &METADATA))
        .record(duration.as_secs_f64());
}

pub(crate) fn dead_lettered() {
    counter!(DEAD_LETTERED).increment(1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_outcome_s_key_names_the_metric_and_carries_its_label() {
        use OutcomeKind::*;
        for kind in [Handled, Duplicate, Failed, Bounced, Undecodable, Stopped] {
            let key = message_key(kind);
            let labels: Vec<_> = key.labels().map(|l| (l.key(), l.value())).collect();
            assert_eq!(
                (key.name(), labels),
                (MESSAGES, vec![(OUTCOME, kind.as_str())])
            );
        }
    }
}
