//! Every request the sandbox answered: a request id on each answer, a tracing span, and a log
//! tests can inspect.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use crate::Operation;
use crate::faults::DropConnection;
use crate::ids;
use crate::state::{Shared, lock};

/// The header that carries the request id, as SP-API sends it.
pub(crate) const REQUEST_ID: &str = "x-amzn-RequestId";

/// A request the sandbox received, and how it answered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestRecord {
    /// The HTTP method.
    pub method: Method,
    /// The path, without the query.
    pub path: String,
    /// The Notifications API operation, when the path and method named one.
    pub operation: Option<Operation>,
    /// The answer's status; `None` when the connection was dropped by a fault.
    pub status: Option<StatusCode>,
    /// The `x-amzn-RequestId` of the answer.
    pub request_id: String,
}

/// The middleware: names the request, answers with its id, logs it.
pub(crate) async fn record(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let request_id = ids::uuid();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let span = tracing::info_span!(
        "sandbox_request",
        %method,
        path,
        request_id,
        status = tracing::field::Empty
    );
    let mut response = next.run(request).instrument(span.clone()).await;
    let dropped = response.extensions().get::<DropConnection>().is_some();
    let status = (!dropped).then(|| response.status());
    if let Some(status) = status {
        span.record("status", status.as_u16());
    }
    span.in_scope(|| tracing::debug!(dropped, "sandbox answered"));
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    lock(&shared.log).push(RequestRecord {
        method,
        path,
        operation: response.extensions().get::<Operation>().copied(),
        status,
        request_id,
    });
    response
}
