//! What a consumer has done: counters readable at any time, and the same as tracing events.

use std::sync::atomic::{AtomicU64, Ordering};

/// A snapshot of a consumer's counters since it was built.
///
/// Every count is also a tracing event (target `spapi_notifications_consumer::metrics`, level
/// `DEBUG`) whose fields follow the `monotonic_counter.*` / `histogram.*` convention that
/// `tracing-opentelemetry`'s metrics layer turns into metrics: `received`, `handled` (with
/// `histogram.handler_seconds`), `duplicates`, `failed`, `panicked`, `undecodable`, `unparsed`,
/// `in_progress_elsewhere`, `deleted`, `stopped`, `dead_lettered`. The outcomes and the handler
/// latency also go to the `metrics` facade: see [`metrics`](crate::metrics).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// Messages received.
    pub received: u64,
    /// Notifications whose handler succeeded.
    pub handled: u64,
    /// Messages whose notification was handled already, deleted without calling the handler.
    pub duplicates: u64,
    /// Handler failures, panics included, and de-duplication store failures.
    pub failed: u64,
    /// Handler panics (also counted in `failed`).
    pub panicked: u64,
    /// Messages that are not notifications, reported to the decode-failure hook.
    pub undecodable: u64,
    /// Notifications handed to the handler with [`Payload::Unparsed`](crate::Payload::Unparsed)
    /// (see [`PipelineBuilder::unparsed_payloads`](crate::PipelineBuilder::unparsed_payloads)).
    pub unparsed: u64,
    /// Messages left for later because another handler held their notification.
    pub in_progress_elsewhere: u64,
    /// Messages deleted from the queue (handled and duplicates); only the SQS consumer deletes.
    pub deleted: u64,
    /// Messages not handled because the consumer was shutting down (made visible again at
    /// once).
    pub stopped: u64,
    /// Messages not handled on their last receive, which the queue's redrive policy moves to
    /// the dead-letter queue (see [`OutcomeReport::dead_lettered`](crate::OutcomeReport::dead_lettered)).
    pub dead_lettered: u64,
}

macro_rules! counters {
    ($($name:ident),* $(,)?) => {
        /// The live counters behind [`Stats`].
        #[derive(Debug, Default)]
        pub(crate) struct Counters {
            $($name: AtomicU64,)*
        }

        impl Counters {
            pub(crate) fn snapshot(&self) -> Stats {
                Stats { $($name: self.$name.load(Ordering::Relaxed),)* }
            }
        }

        /// One counter of [`Counters`], named as its [`Stats`] field and metric.
        #[derive(Debug, Clone, Copy)]
        #[allow(non_camel_case_types, reason = "the names are the metrics' names")]
        pub(crate) enum Counter {
            $($name,)*
        }

        impl Counters {
            pub(crate) fn add(&self, counter: Counter, n: u64) {
                match counter {
                    $(Counter::$name => self.$name.fetch_add(n, Ordering::Relaxed),)*
                };
            }
        }
    };
}

counters!(
    received,
    handled,
    duplicates,
    failed,
    panicked,
    undecodable,
    unparsed,
    in_progress_elsewhere,
    deleted,
    stopped,
    dead_lettered,
);

/// Counts one event as a counter and a metrics event.
macro_rules! count {
    ($counters:expr, $counter:ident $(, $($field:tt)+)?) => {{
        $counters.add($crate::stats::Counter::$counter, 1);
        ::tracing::debug!(
            target: "spapi_notifications_consumer::metrics",
            // A plain field first: a dotted one right after `target:` is ambiguous to tracing.
            event = ::std::stringify!($counter),
            monotonic_counter.$counter = 1u64
            $(, $($field)+)?
        );
    }};
}

pub(crate) use count;
