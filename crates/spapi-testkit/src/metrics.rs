//! Metrics recorded by one test, read back as plain lines.

use std::future::Future;

use metrics_util::debugging::{DebugValue, DebuggingRecorder};

/// One recorded metric: `kind name{label=value,...}` (labels sorted), its value, whether the
/// recorder got a description for it, and its unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// `counter spapi_api_requests_total{operation=getDestinations,status=200}`.
    pub key: String,
    /// A counter's count, or a histogram's values.
    pub value: Value,
    /// Whether the metric has a description (`describe_*!`).
    pub described: bool,
    /// The unit given with the description, such as `seconds`.
    pub unit: Option<&'static str>,
}

/// A recorded value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A counter's count.
    Counter(u64),
    /// A histogram's values, in the order recorded.
    Histogram(Vec<f64>),
    /// A gauge's value.
    Gauge(f64),
}

/// Runs `test` on a current-thread runtime with a recorder of its own (so tests running at
/// once do not mix), and returns what it recorded, sorted by key. Every task `test` spawns
/// runs on the same thread, so it records there too.
///
/// # Panics
///
/// When the runtime cannot start.
pub fn record<F: Future>(test: impl FnOnce() -> F) -> (F::Output, Vec<Recorded>) {
    let recorder = DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let output = ::metrics::with_local_recorder(&recorder, || runtime.block_on(test()));
    let mut recorded: Vec<Recorded> = snapshotter
        .snapshot()
        .into_vec()
        .into_iter()
        .map(|(key, unit, description, value)| {
            let (kind, key) = key.into_parts();
            let mut labels: Vec<String> = key
                .labels()
                .map(|label| format!("{}={}", label.key(), label.value()))
                .collect();
            labels.sort();
            Recorded {
                key: format!(
                    "{} {}{{{}}}",
                    format!("{kind:?}").to_lowercase(),
                    key.name(),
                    labels.join(",")
                ),
                value: match value {
                    DebugValue::Counter(count) => Value::Counter(count),
                    DebugValue::Gauge(value) => Value::Gauge(value.into_inner()),
                    DebugValue::Histogram(values) => Value::Histogram(
                        values.into_iter().map(|value| value.into_inner()).collect(),
                    ),
                },
                described: description.is_some(),
                unit: unit.map(|unit| unit.as_str()),
            }
        })
        .collect();
    recorded.sort_by(|a, b| a.key.cmp(&b.key));
    (output, recorded)
}

/// The recorded counters as `key = count` lines, for one comparison with what a test expects.
pub fn counters(recorded: &[Recorded]) -> Vec<String> {
    recorded
        .iter()
        .filter_map(|recorded| match recorded.value {
            Value::Counter(count) => Some(format!("{} = {count}", recorded.key)),
            _ => None,
        })
        .collect()
}

/// The values of the histogram recorded under `key`.
///
/// # Panics
///
/// When no histogram was recorded under `key`.
#[track_caller]
pub fn histogram<'a>(recorded: &'a [Recorded], key: &str) -> &'a [f64] {
    recorded
        .iter()
        .find_map(|recorded| match &recorded.value {
            Value::Histogram(values) if recorded.key == key => Some(values.as_slice()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no histogram {key} in {recorded:#?}"))
}
