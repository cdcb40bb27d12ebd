//! A successful answer: the value, and what Amazon said about the request.

use std::ops::Deref;

use spapi_http::http::StatusCode;

/// The value an operation returned, with the request id and rate limit of its response.
///
/// Derefs to the value, so `response.name` reads a field of the destination it holds.
///
/// ```
/// # async fn run(client: spapi_notifications_client::NotificationsClient) -> Result<(), spapi_notifications_client::Error> {
/// let destination = client.get_destination("9e7a83ee-7730-11e9-8f9e-2a86e4085a59").await?;
/// println!("{} (request id {:?}, rate {:?}/s)", destination.name, destination.request_id, destination.rate_limit);
/// let destination = destination.into_inner();
/// # let _ = destination; Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Response<T> {
    /// What the operation returned.
    pub value: T,
    /// The HTTP status.
    pub status: StatusCode,
    /// Amazon's `x-amzn-RequestId`.
    pub request_id: Option<String>,
    /// The rate Amazon allows this operation, in requests per second (`x-amzn-RateLimit-Limit`),
    /// when it said.
    pub rate_limit: Option<f64>,
}

impl<T> Response<T> {
    /// A response holding `value`, for tests and stand-ins.
    pub fn new(value: T, status: StatusCode) -> Self {
        Self {
            value,
            status,
            request_id: None,
            rate_limit: None,
        }
    }

    /// The value.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The same response holding `f(value)`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            value: f(self.value),
            status: self.status,
            request_id: self.request_id,
            rate_limit: self.rate_limit,
        }
    }
}

impl<T> Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}
