//! Metrics: every name and label the spapi-notifications crates record, in one table.
//!
//! The crates record through the [`metrics`](https://docs.rs/metrics/0.24) facade (0.24). Install
//! any recorder, such as `metrics-exporter-prometheus` or an OpenTelemetry bridge, and they
//! appear; with none installed, recording is a no-op. [`describe`] (and
//! `spapi_notifications_consumer::metrics::describe` for the consumer's) gives the recorder each
//! metric's unit and help text: call it once after installing the recorder.
//!
//! | name | kind | labels | what is counted or measured |
//! | --- | --- | --- | --- |
//! | `spapi_api_requests_total` | counter | `operation`, `status` | HTTP requests to the Selling Partner API, one per attempt (a retry or a token refresh counts again) |
//! | `spapi_api_retries_total` | counter | `operation` | attempts made again after a transient failure, once the backoff was slept |
//! | `spapi_api_rate_limit_wait_seconds` | histogram (s) | `operation` | how long each attempt waited for the client's rate limiter (0 when it had its turn at once) |
//! | `spapi_lwa_requests_total` | counter | `grant` | token requests to Login with Amazon, one per attempt |
//! | `spapi_lwa_failures_total` | counter | `grant`, `error` | token requests that got no token |
//! | `spapi_lwa_retries_total` | counter | `grant` | token requests made again after a transient failure |
//! | `spapi_consumer_messages_total` | counter | `outcome` | messages through a consumer's pipeline (SQS consumer, Lambda adapters, `Pipeline::process`), by outcome |
//! | `spapi_consumer_handler_duration_seconds` | histogram (s) | `outcome` | how long the handler ran, for every call that finished |
//! | `spapi_consumer_dead_lettered_total` | counter | | messages not handled on their last receive, which the queue's redrive policy moves to the dead-letter queue |
//!
//! | label | values |
//! | --- | --- |
//! | `operation` | the operation's `operationId`, e.g. `createDestination` (`Operation::as_str` of the client) |
//! | `status` | the HTTP status code (`200`, `429`, ...), or, when no answer came, `timeout`, `connect`, `setup` or `transport` ([`transport_label`]) |
//! | `grant` | `refresh_token` (a seller's token) or `client_credentials` (grantless) |
//! | `error` | the OAuth code (`invalid_grant`, `invalid_client`, ..., or `oauth_other` for a code this version does not know), `unexpected_response`, `invalid_token_response`, or a transport label as for `status` |
//! | `outcome` | in `spapi_consumer_messages_total`: `handled`, `duplicate`, `failed`, `bounced` (another handler held the notification), `undecodable` (not a notification), `stopped` (shutdown); in `spapi_consumer_handler_duration_seconds`: `handled` or `failed` (panics included) |
//!
//! Labels are few-valued on purpose: no seller id, notification id, token, secret or URL is ever
//! a label. The names of the HTTP and LWA metrics are the constants of this module; the
//! consumer's are `spapi_notifications_consumer::metrics`'s, next to its outcome kinds.
//!
//! The functions below are how the crates record; applications only read the metrics.

use std::time::Duration;

use ::metrics::{Unit, counter, describe_counter, describe_histogram, histogram};
use http::StatusCode;

use crate::TransportErrorKind;

/// Counter: HTTP requests to the Selling Partner API, labels [`OPERATION`] and [`STATUS`].
pub const API_REQUESTS: &str = "spapi_api_requests_total";
/// Counter: API attempts made again after a transient failure, label [`OPERATION`].
pub const API_RETRIES: &str = "spapi_api_retries_total";
/// Histogram, seconds: each API attempt's wait for the rate limiter, label [`OPERATION`].
pub const API_RATE_LIMIT_WAIT: &str = "spapi_api_rate_limit_wait_seconds";
/// Counter: token requests to Login with Amazon, label [`GRANT`].
pub const LWA_REQUESTS: &str = "spapi_lwa_requests_total";
/// Counter: LWA token requests that got no token, labels [`GRANT`] and [`ERROR`].
pub const LWA_FAILURES: &str = "spapi_lwa_failures_total";
/// Counter: LWA token requests made again after a transient failure, label [`GRANT`].
pub const LWA_RETRIES: &str = "spapi_lwa_retries_total";

/// Label: the API operation's `operationId`.
pub const OPERATION: &str = "operation";
/// Label: the HTTP status code, or the transport failure ([`transport_label`]).
pub const STATUS: &str = "status";
/// Label: the LWA grant type.
pub const GRANT: &str = "grant";
/// Label: why an LWA token request failed.
pub const ERROR: &str = "error";

/// The label of a request that got no answer: `timeout`, `connect`, `setup` or `transport`.
pub fn transport_label(kind: TransportErrorKind) -> &'static str {
    match kind {
        TransportErrorKind::Timeout => "timeout",
        TransportErrorKind::Connect => "connect",
        TransportErrorKind::Setup => "setup",
        TransportErrorKind::Other => "transport",
    }
}

/// Counts an API request of `operation`, answered with a status or failed in transport.
pub fn api_request(operation: &'static str, answer: Result<StatusCode, TransportErrorKind>) {
    let status = match answer {
        Ok(status) => status.as_str().to_owned(),
        Err(kind) => transport_label(kind).to_owned(),
    };
    counter!(API_REQUESTS, OPERATION => operation, STATUS => status).increment(1);
}

/// Counts a retry of `operation`.
pub fn api_retry(operation: &'static str) {
    counter!(API_RETRIES, OPERATION => operation).increment(1);
}

/// Records an attempt of `operation` waiting `wait` for the rate limiter.
pub fn api_rate_limit_wait(operation: &'static str, wait: Duration) {
    histogram!(API_RATE_LIMIT_WAIT, OPERATION => operation).record(wait.as_secs_f64());
}

/// Counts a token request of `grant` (its grant type).
pub fn lwa_request(grant: &'static str) {
    counter!(LWA_REQUESTS, GRANT => grant).increment(1);
}

/// Counts a failed token request of `grant`, for the reason `error` (see the label table).
pub fn lwa_failure(grant: &'static str, error: &'static str) {
    counter!(LWA_FAILURES, GRANT => grant, ERROR => error).increment(1);
}

/// Counts a retried token request of `grant`.
pub fn lwa_retry(grant: &'static str) {
    counter!(LWA_RETRIES, GRANT => grant).increment(1);
}

/// Gives the installed recorder the unit and help text of the HTTP and LWA metrics.
pub fn describe() {
    describe_counter!(
        API_REQUESTS,
        "HTTP requests to the Selling Partner API, one per attempt"
    );
    describe_counter!(
        API_RETRIES,
        "Selling Partner API attempts made again after a transient failure"
    );
    describe_histogram!(
        API_RATE_LIMIT_WAIT,
        Unit::Seconds,
        "Time each Selling Partner API attempt waited for the client's rate limiter"
    );
    describe_counter!(
        LWA_REQUESTS,
        "Token requests to Login with Amazon, one per attempt"
    );
    describe_counter!(
        LWA_FAILURES,
        "Login with Amazon token requests that got no token"
    );
    describe_counter!(
        LWA_RETRIES,
        "Login with Amazon token requests made again after a transient failure"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every constant has its row in the table above, and every row its constant here or in
    /// the consumer.
    #[test]
    fn the_table_lists_every_name() {
        let source = include_str!("metrics.rs");
        let rows: Vec<&str> = source
            .lines()
            .filter_map(|line| line.strip_prefix("//! | `spapi_"))
            .filter_map(|row| row.split('`').next())
            .collect();
        let names = [
            API_REQUESTS,
            API_RETRIES,
            API_RATE_LIMIT_WAIT,
            LWA_REQUESTS,
            LWA_FAILURES,
            LWA_RETRIES,
        ];
        for name in names {
            assert!(rows.contains(&&name["spapi_".len()..]), "{name} has no row");
        }
        assert_eq!(
            rows.len(),
            names.len() + 3,
            "the consumer's three rows: {rows:?}"
        );
        for label in [OPERATION, STATUS, GRANT, ERROR] {
            assert!(
                source.contains(&format!("//! | `{label}` |")),
                "{label} has no row"
            );
        }
    }

    #[test]
    fn transport_failures_have_their_own_labels() {
        let kinds = [
            TransportErrorKind::Timeout,
            TransportErrorKind::Connect,
            TransportErrorKind::Setup,
            TransportErrorKind::Other,
        ];
        let labels: Vec<_> = kinds.into_iter().map(transport_label).collect();
        assert_eq!(labels, ["timeout", "connect", "setup", "transport"]);
    }
}
