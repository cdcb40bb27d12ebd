//! [`HttpSender`]: the HTTP client, user agent and per-attempt timeout every request goes out with.

use std::time::Duration;

use http::header::{ACCEPT, HeaderValue, USER_AGENT};
use reqwest::{Method, RequestBuilder, Response};

use crate::TransportError;

/// The time allowed to connect, in a client from [`default_client`].
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The time allowed for each attempt (request and response) when the HTTP client is our own.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The HTTP client our crates build when the caller brings none: redirects are not followed (an
/// access token must not travel to another host), connecting may take `connect_timeout`.
///
/// # Errors
///
/// A [`Setup`](crate::TransportErrorKind::Setup) error if the TLS backend cannot start.
pub fn default_client(connect_timeout: Duration) -> Result<reqwest::Client, TransportError> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(connect_timeout)
        .build()
        .map_err(TransportError::from)
}

/// Sends requests with one HTTP client (and its connection pool), user agent and per-attempt
/// timeout, and sorts every failure into a [`TransportError`].
///
/// Cheap to clone: clones share the connection pool.
///
/// ```
/// use std::time::Duration;
/// use spapi_http::{HttpSender, default_client, DEFAULT_CONNECT_TIMEOUT};
///
/// let sender = HttpSender::new(default_client(DEFAULT_CONNECT_TIMEOUT)?, "MyApp/1.0 (Language=Rust)")
///     .with_timeout(Some(Duration::from_secs(5)));
/// assert_eq!(sender.user_agent(), "MyApp/1.0 (Language=Rust)");
/// # Ok::<(), spapi_http::TransportError>(())
/// ```
#[derive(Clone, Debug)]
pub struct HttpSender {
    client: reqwest::Client,
    user_agent: String,
    /// `None` when `user_agent` is not a valid header value: reqwest then reports it as a
    /// [`Setup`](crate::TransportErrorKind::Setup) error of the request, which is sent nowhere.
    user_agent_header: Option<HeaderValue>,
    timeout: Option<Duration>,
}

impl HttpSender {
    /// Sends through `client` with `user_agent`, under the client's own timeout.
    pub fn new(client: reqwest::Client, user_agent: impl Into<String>) -> Self {
        let user_agent = user_agent.into();
        Self {
            client,
            user_agent_header: HeaderValue::from_str(&user_agent).ok(),
            user_agent,
            timeout: None,
        }
    }

    /// Limits each attempt to `timeout`, overriding the HTTP client's own (`None`: the client's).
    #[must_use]
    pub fn with_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// The HTTP client.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// The user agent every request carries.
    pub fn user_agent(&self) -> &str {
        &self.user_agent
    }

    /// The per-attempt timeout, when it overrides the HTTP client's own.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// A request to `url` with the user agent, the timeout and `Accept: application/json`.
    pub fn request(&self, method: Method, url: &str) -> RequestBuilder {
        let request = self
            .client
            .request(method, url)
            .header(ACCEPT, "application/json");
        let request = match &self.user_agent_header {
            Some(header) => request.header(USER_AGENT, header.clone()),
            None => request.header(USER_AGENT, self.user_agent.as_str()),
        };
        match self.timeout {
            Some(timeout) => request.timeout(timeout),
            None => request,
        }
    }

    /// Sends `request` (from [`request`](Self::request)) and returns the answer's head.
    ///
    /// # Errors
    ///
    /// A [`TransportError`] when no answer came.
    pub async fn send(&self, request: RequestBuilder) -> Result<Response, TransportError> {
        request.send().await.map_err(TransportError::from)
    }

    /// Reads the whole body of `response`.
    ///
    /// # Errors
    ///
    /// A [`TransportError`] when the connection broke off or the attempt timed out meanwhile.
    pub async fn body(response: Response) -> Result<Vec<u8>, TransportError> {
        Ok(Vec::from(response.bytes().await?))
    }
}
