//! The one place the spapi-notifications crates send HTTP from.
//!
//! `spapi-auth` (token requests to Login with Amazon) and `spapi-notifications-client` (the
//! Notifications API) both send through this crate, so a failure is sorted, retried and reported
//! by the same rules wherever it happens:
//!
//! - [`HttpSender`]: one HTTP client and connection pool, the user agent, a per-attempt timeout;
//!   [`default_client`] when the caller brings no client (no redirects, [`DEFAULT_CONNECT_TIMEOUT`]).
//! - [`TransportError`] and its [`TransportErrorKind`]: a request that got no complete answer,
//!   sorted once ([`Connect`](TransportErrorKind::Connect) first: nothing was sent).
//! - [`RetryPolicy`]: bounded attempts and time, exponential backoff with full jitter;
//!   [`RetryPolicy::run`] for a plain loop, [`Retries`] for a loop of the caller's own.
//! - [`status_is_retryable`], [`TransportErrorKind::is_retryable`]: which failures are worth
//!   another attempt, and which are safe to send again only when the request is idempotent.
//! - [`truncated_body`]: the start of an unexpected answer ([`BODY_LIMIT`] bytes) for errors.
//! - [`metrics`]: the names and labels of every metric the spapi-notifications crates record,
//!   in one table.
//!
//! ```
//! use spapi_http::{TransportErrorKind, status_is_retryable};
//! use spapi_http::http::StatusCode;
//!
//! // A 500 may have taken effect: sent again only if the request is idempotent.
//! assert!(status_is_retryable(StatusCode::INTERNAL_SERVER_ERROR, true));
//! assert!(!status_is_retryable(StatusCode::INTERNAL_SERVER_ERROR, false));
//! // A failed connection sent nothing: always safe to try again.
//! assert!(TransportErrorKind::Connect.is_retryable(false));
//! ```
//!
//! # Re-exported crates
//!
//! [`reqwest`] 0.13 (the HTTP client: bring your own `reqwest::Client` for proxies, TLS roots or
//! pool settings) and [`http`] 1 (status codes, methods, headers) are re-exported, so that the
//! versions always match.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod metrics;
pub mod retry;
mod sender;
mod status;
mod transport_error;

pub use retry::{Retries, RetryPolicy};
pub use sender::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, HttpSender, default_client};
pub use status::{BODY_LIMIT, status_is_retryable, status_may_have_taken_effect, truncated_body};
pub use transport_error::{TransportError, TransportErrorKind};

/// The HTTP types crate (version 1) of [`StatusCode`](http::StatusCode) and
/// [`Method`](http::Method).
pub use http;
/// The HTTP client (version 0.13) requests are sent with.
pub use reqwest;
