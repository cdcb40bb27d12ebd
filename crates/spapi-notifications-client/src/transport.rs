//! Sending one operation: rate limit, token, request, retries, and the answer or a typed error.
//!
//! # Which failures are retried
//!
//! | failure | GET, DELETE | POST |
//! | --- | --- | --- |
//! | could not connect | retried | retried: nothing was sent |
//! | 429 Too Many Requests | retried after the rate limit's interval | retried: Amazon refused it |
//! | 503 Service Unavailable | retried | retried: Amazon refused it |
//! | 500, 502, 504 | retried | **not retried**: it may have taken effect |
//! | timeout, or the connection broke after the request was sent | retried | **not retried** |
//! | 401, or 403 saying the token expired or is invalid | once, with a fresh token | same |
//! | other statuses | not retried | not retried |
//!
//! Which failures are worth another attempt, and how a transport failure is sorted, are
//! [`spapi_http`]'s rules (the ones LWA token requests follow too), with GET and DELETE as the
//! idempotent methods. Retries follow the client's [`RetryPolicy`](spapi_http::RetryPolicy):
//! bounded in attempts and total time, with exponential backoff and full jitter. A DELETE
//! retried after a failure that may have taken effect counts a 404 as success: the earlier
//! attempt deleted it.
//!
//! Every attempt takes its token after its rate-limit wait and after the retry's backoff, so no
//! attempt sends a token that expired while it waited.

use std::time::Duration;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use spapi_auth::{AccessToken, TokenProvider};
use spapi_http::http::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use spapi_http::http::{Method, StatusCode};
use spapi_http::{HttpSender, TransportError, metrics, truncated_body};
use spapi_notification_types::{DeliveryChannel, NotificationType};
use tracing::{Instrument, field};

use crate::client::Inner;
use crate::hint::{FailedCall, is_token_rejection};
use crate::rate_limit::{Principal, parse_rate};
use crate::{ApiError, Error, Operation, Response, TokenKind};

/// The header that carries the LWA access token.
const ACCESS_TOKEN_HEADER: &str = "x-amz-access-token";
/// The header that carries Amazon's request id.
const REQUEST_ID_HEADER: &str = "x-amzn-requestid";
/// The header that carries the operation's rate, in requests per second.
const RATE_LIMIT_HEADER: &str = "x-amzn-ratelimit-limit";

/// A token source and whose quota its requests count against.
#[derive(Clone, Copy)]
pub(crate) struct Credential<'a> {
    pub(crate) provider: &'a dyn TokenProvider,
    pub(crate) principal: Principal,
}

/// One operation to send.
pub(crate) struct Call<'a> {
    pub(crate) operation: Operation,
    /// The path below the endpoint, percent-encoded, starting with `/`.
    pub(crate) path: String,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) body: Option<Vec<u8>>,
    /// The seller the call acts for, if any. The operation's [`TokenKind`] says which token is
    /// sent: a seller operation sends the seller's; a grantless one sends the grantless token,
    /// then the seller's after a 403 refusing it (`deleteSubscriptionById`, which Amazon does
    /// not allow grantless for some notification types).
    pub(crate) seller: Option<Credential<'a>>,
    /// The kind of destination being created, for hints.
    pub(crate) destination_channel: Option<DeliveryChannel>,
    /// The role the call's notification type needs, where documented, for hints.
    pub(crate) required_role: Option<&'static str>,
}

impl<'a> Call<'a> {
    pub(crate) fn new(operation: Operation, path: String) -> Self {
        Self {
            operation,
            path,
            query: Vec::new(),
            body: None,
            seller: None,
            destination_channel: None,
            required_role: None,
        }
    }

    /// Acts for a seller (see [`seller`](Self::seller)).
    pub(crate) fn for_seller(mut self, seller: Credential<'a>) -> Self {
        self.seller = Some(seller);
        self
    }

    /// Names the notification type the call is about, for the missing-role hint.
    pub(crate) fn for_type(mut self, notification_type: &NotificationType) -> Self {
        self.required_role = notification_type.required_role();
        self
    }

    /// Sends `body` as JSON.
    pub(crate) fn json(mut self, body: &impl serde::Serialize) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(body).map_err(|error| Error::Validation {
            field: "body".into(),
            problem: format!("could not be serialized: {error}"),
        })?;
        self.body = Some(bytes);
        Ok(self)
    }
}

/// An HTTP answer, read in full.
struct Answer {
    status: StatusCode,
    request_id: Option<String>,
    rate_limit: Option<f64>,
    body: Vec<u8>,
}

/// What an error answer's body says, read once.
struct ErrorBody {
    /// The SP-API `errors`.
    errors: Vec<ApiError>,
    /// The body (truncated) when it holds no `errors`.
    raw: Option<String>,
}

/// Why an attempt failed.
enum AttemptError {
    Status(Answer, ErrorBody),
    Transport(TransportError),
}

impl Inner {
    /// Sends `call` until it succeeds or fails for good; returns the raw body of the answer.
    pub(crate) async fn execute(&self, call: Call<'_>) -> Result<Response<Vec<u8>>, Error> {
        let span = tracing::info_span!(
            "notifications_api",
            operation = call.operation.as_str(),
            attempt = field::Empty,
            rate_limit_wait_ms = field::Empty,
            status = field::Empty,
            request_id = field::Empty,
        );
        self.run(call).instrument(span).await
    }

    async fn run(&self, call: Call<'_>) -> Result<Response<Vec<u8>>, Error> {
        let span = tracing::Span::current();
        let operation = call.operation;
        let url = format!("{}{}", self.base, call.path);
        let mut retries = self.retry.start();
        let mut sent = 0_u32;
        let mut waited = Duration::ZERO;
        let mut refreshed = false;
        let grantless = match operation.token_kind() {
            TokenKind::Grantless(scope) => Some(self.grantless_provider(&scope)?),
            _ => None,
        };
        let mut use_seller = grantless.is_none();
        let mut may_have_taken_effect = false;
        loop {
            let credential = self.credential(&call, grantless.as_deref(), use_seller)?;
            let token = self
                .token_after_turn(operation, credential, &mut waited)
                .await?;
            sent += 1;
            span.record("attempt", sent);
            span.record("rate_limit_wait_ms", waited.as_millis());
            let answered = self
                .attempt(&url, &call, &token, credential.principal)
                .await?;
            metrics::api_request(
                operation.as_str(),
                answered
                    .as_ref()
                    .map(|answer| answer.status)
                    .map_err(TransportError::kind),
            );
            let failure = match answered {
                Ok(answer) => {
                    span.record("status", answer.status.as_u16());
                    if let Some(id) = &answer.request_id {
                        span.record("request_id", id.as_str());
                    }
                    if answer.status.is_success() {
                        return Ok(answer.into_response());
                    }
                    let body = ErrorBody::parse(&answer.body);
                    if !refreshed && is_token_rejection(answer.status, &body.errors, body.text()) {
                        tracing::debug!(
                            status = answer.status.as_u16(),
                            "access token refused; fetching a fresh one"
                        );
                        credential.provider.invalidate();
                        refreshed = true;
                        continue;
                    }
                    if answer.status == StatusCode::FORBIDDEN
                        && !use_seller
                        && call.seller.is_some()
                    {
                        tracing::debug!("grantless token refused; trying the seller's token");
                        use_seller = true;
                        refreshed = false;
                        continue;
                    }
                    if answer.status == StatusCode::NOT_FOUND
                        && operation.method() == Method::DELETE
                        && may_have_taken_effect
                    {
                        tracing::debug!("already deleted by an earlier attempt");
                        return Ok(Response {
                            status: StatusCode::OK,
                            ..answer.into_response()
                        });
                    }
                    AttemptError::Status(answer, body)
                }
                Err(error) => AttemptError::Transport(error),
            };
            if let AttemptError::Status(answer, _) = &failure
                && answer.status == StatusCode::TOO_MANY_REQUESTS
            {
                self.limiter.throttled(operation, credential.principal);
            }
            if !failure.is_retryable(operation) || !retries.wait(&failure).await {
                let error = failure.into_error(&call, credential, refreshed);
                tracing::debug!(%error, "operation failed");
                return Err(error);
            }
            metrics::api_retry(operation.as_str());
            may_have_taken_effect |= failure.may_have_taken_effect();
        }
    }

    /// Waits for the rate limit's turn (adding the wait to `waited`) and returns the token to
    /// send, taken after the wait: a token taken before it may have expired while this call
    /// waited behind others. A token is asked for before the wait too, so that the time LWA
    /// takes to issue one is spent before the turn, not in it (where it would make this
    /// request late and the next one, with the token cached, early at Amazon).
    async fn token_after_turn(
        &self,
        operation: Operation,
        credential: Credential<'_>,
        waited: &mut Duration,
    ) -> Result<AccessToken, Error> {
        let token = credential.provider.access_token().await?;
        let wait = self.limiter.acquire(operation, credential.principal).await;
        metrics::api_rate_limit_wait(operation.as_str(), wait);
        *waited += wait;
        if wait.is_zero() {
            return Ok(token);
        }
        drop(token);
        Ok(credential.provider.access_token().await?)
    }

    /// The token source of the next attempt: the grantless provider of the operation's scope
    /// (`None` for a seller operation), or the call's seller when `use_seller`.
    fn credential<'a>(
        &self,
        call: &Call<'a>,
        grantless: Option<&'a dyn TokenProvider>,
        use_seller: bool,
    ) -> Result<Credential<'a>, Error> {
        match (grantless, call.seller) {
            (Some(provider), seller) if !use_seller || seller.is_none() => Ok(Credential {
                provider,
                principal: Principal::Grantless,
            }),
            (_, Some(seller)) => Ok(seller),
            (_, None) => Err(Error::config(
                "seller",
                format!(
                    "{} acts for a seller: call it on a SellerClient",
                    call.operation
                ),
            )),
        }
    }

    /// One HTTP exchange. The outer error stops the operation at once; the inner one is a
    /// transport failure that may be retried.
    async fn attempt(
        &self,
        url: &str,
        call: &Call<'_>,
        token: &AccessToken,
        principal: Principal,
    ) -> Result<Result<Answer, TransportError>, Error> {
        let mut token_header = HeaderValue::from_str(token.expose_secret()).map_err(|_| {
            Error::config(
                "token provider",
                "returned an access token that is not a valid header value",
            )
        })?;
        token_header.set_sensitive(true);
        let mut request = self
            .http
            .request(call.operation.method(), url)
            .header(ACCESS_TOKEN_HEADER, token_header);
        if !call.query.is_empty() {
            request = request.query(&call.query);
        }
        if let Some(body) = &call.body {
            request = request
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        let response = match self.http.send(request).await {
            Ok(response) => response,
            Err(error) => return Ok(Err(error)),
        };
        let status = response.status();
        let headers = response.headers();
        let request_id = header(headers, REQUEST_ID_HEADER).map(str::to_owned);
        let rate_limit = header(headers, RATE_LIMIT_HEADER).and_then(parse_rate);
        if let Some(rate) = rate_limit {
            self.limiter.observe_rate(call.operation, principal, rate);
        }
        Ok(HttpSender::body(response).await.map(|body| Answer {
            status,
            request_id,
            rate_limit,
            body,
        }))
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

impl Answer {
    fn into_response(self) -> Response<Vec<u8>> {
        Response {
            value: self.body,
            status: self.status,
            request_id: self.request_id,
            rate_limit: self.rate_limit,
        }
    }
}

impl AttemptError {
    /// Whether trying again is safe and may help (the table in the module documentation).
    fn is_retryable(&self, operation: Operation) -> bool {
        match self {
            Self::Status(answer, _) => {
                spapi_http::status_is_retryable(answer.status, operation.is_idempotent())
            }
            Self::Transport(error) => error.kind().is_retryable(operation.is_idempotent()),
        }
    }

    /// Whether the request may have been carried out although it failed.
    fn may_have_taken_effect(&self) -> bool {
        match self {
            Self::Status(answer, _) => spapi_http::status_may_have_taken_effect(answer.status),
            Self::Transport(error) => error.kind().may_have_taken_effect(),
        }
    }

    fn into_error(self, call: &Call<'_>, credential: Credential<'_>, refreshed: bool) -> Error {
        match self {
            Self::Transport(source) => Error::Transport {
                operation: call.operation,
                kind: source.kind(),
                source,
            },
            Self::Status(answer, ErrorBody { errors, raw }) => {
                let hint = FailedCall {
                    operation: call.operation,
                    status: answer.status,
                    errors: &errors,
                    body: raw.as_deref(),
                    grantless_token: credential.principal == Principal::Grantless,
                    token_refreshed: refreshed,
                    destination_channel: call.destination_channel,
                    required_role: call.required_role,
                }
                .hint();
                Error::Api {
                    operation: call.operation,
                    status: answer.status,
                    request_id: answer.request_id,
                    errors,
                    body: raw,
                    hint,
                }
            }
        }
    }
}

impl std::fmt::Display for AttemptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Status(answer, _) => write!(f, "http {}", answer.status),
            Self::Transport(error) => error.kind().fmt(f),
        }
    }
}

impl ErrorBody {
    /// The `errors` of an error body, or the raw body (truncated) when it has none.
    fn parse(body: &[u8]) -> Self {
        #[derive(Deserialize)]
        struct Errors {
            #[serde(default)]
            errors: Option<Vec<ApiError>>,
        }
        match serde_json::from_slice::<Errors>(body) {
            Ok(Errors {
                errors: Some(errors),
            }) if !errors.is_empty() => Self { errors, raw: None },
            _ if body.is_empty() => Self {
                errors: Vec::new(),
                raw: None,
            },
            _ => Self {
                errors: Vec::new(),
                raw: Some(truncated_body(body)),
            },
        }
    }

    /// The raw body, when it holds no `errors`.
    fn text(&self) -> Option<&str> {
        self.raw.as_deref()
    }
}

/// Decodes a successful body as `T`; on failure, names the JSON path where it went wrong.
pub(crate) fn decode<T: DeserializeOwned>(
    operation: Operation,
    response: Response<Vec<u8>>,
) -> Result<Response<T>, Error> {
    // The fast path; the path-tracking one runs only to explain a failure.
    if let Ok(value) = serde_json::from_slice::<T>(&response.value) {
        return Ok(response.map(|_| value));
    }
    let deserializer = &mut serde_json::Deserializer::from_slice(&response.value);
    match serde_path_to_error::deserialize::<_, T>(deserializer) {
        Ok(value) => Ok(response.map(|_| value)),
        Err(error) => Err(Error::Decode {
            operation,
            status: response.status,
            request_id: response.request_id.clone(),
            path: error.path().to_string(),
            body: truncated_body(&response.value),
            source: error.into_inner(),
        }),
    }
}

/// A response body whose `payload` is required.
#[derive(Deserialize)]
pub(crate) struct Payload<T> {
    pub(crate) payload: T,
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// A real transport error: `timeout` against a server that never answers, or a refused
    /// connection.
    async fn transport_error(timeout: bool) -> TransportError {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        // Kept, the listener accepts connections (in the backlog) and never answers.
        let listener = timeout.then_some(listener);
        let error = spapi_http::reqwest::Client::new()
            .post(url)
            .body("{}")
            .timeout(Duration::from_millis(50))
            .send()
            .await
            .unwrap_err();
        drop(listener);
        error.into()
    }

    fn answered(status: u16) -> AttemptError {
        AttemptError::Status(
            Answer {
                status: StatusCode::from_u16(status).unwrap(),
                request_id: None,
                rate_limit: None,
                body: Vec::new(),
            },
            ErrorBody::parse(b""),
        )
    }

    #[tokio::test]
    async fn a_post_is_retried_only_when_it_did_not_take_effect() {
        let post = Operation::CreateSubscription;
        let get = Operation::GetSubscription;
        let delete = Operation::DeleteDestination;

        let refused = AttemptError::Transport(transport_error(false).await);
        assert!(refused.is_retryable(post) && !refused.may_have_taken_effect());
        let timed_out = AttemptError::Transport(transport_error(true).await);
        assert!(!timed_out.is_retryable(post) && timed_out.may_have_taken_effect());
        assert!(timed_out.is_retryable(get) && timed_out.is_retryable(delete));

        for status in [429, 503] {
            let failure = answered(status);
            assert!(
                failure.is_retryable(post) && !failure.may_have_taken_effect(),
                "{status}"
            );
        }
        for status in [500, 502, 504] {
            let failure = answered(status);
            assert!(!failure.is_retryable(post), "{status}");
            assert!(
                failure.is_retryable(get) && failure.is_retryable(delete),
                "{status}"
            );
            assert!(failure.may_have_taken_effect(), "{status}");
        }
        for status in [400, 403, 404, 409, 413, 415, 501] {
            assert!(!answered(status).is_retryable(get), "{status}");
        }
    }

    #[test]
    fn error_bodies_are_read_or_kept_raw() {
        let body = ErrorBody::parse(
            br#"{"errors":[{"code":"InvalidInput","message":"m","details":"d"}]}"#,
        );
        assert_eq!(
            body.errors,
            [ApiError::new("InvalidInput", "m").with_details("d")]
        );
        assert_eq!(body.raw, None);
        let body = ErrorBody::parse(b"<html>bad gateway</html>");
        assert!(body.errors.is_empty());
        assert_eq!(body.text(), Some("<html>bad gateway</html>"));
        let empty = ErrorBody::parse(b"");
        assert!(empty.errors.is_empty() && empty.raw.is_none());
        let long = "x".repeat(5000);
        let body = ErrorBody::parse(long.as_bytes());
        assert_eq!(body.raw.unwrap().len(), Error::BODY_LIMIT + "…".len());
    }
}
