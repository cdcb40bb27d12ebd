//! One exchange with the LWA token endpoint: the form body, the HTTP call with retries, and the
//! answer turned into a token or a typed error.

use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;
use spapi_http::http::header::CONTENT_TYPE;
use spapi_http::http::{Method, StatusCode};
use spapi_http::{HttpSender, RetryPolicy};
use tokio::time::Instant;
use tracing::{Instrument, field};
use url::Url;

use crate::{AccessToken, ClientSecret, Error, Grant, LwaCredentials, OAuthErrorCode};

/// The content type LWA documents for token requests.
const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded;charset=UTF-8";

/// Where and how token requests are sent.
#[derive(Clone, Debug)]
pub(crate) struct TokenEndpoint {
    /// The HTTP client, user agent and timeout, or why the default client could not be built
    /// (reported at the first request).
    pub(crate) http: Result<HttpSender, Error>,
    pub(crate) url: Url,
    pub(crate) retry: RetryPolicy,
}

impl TokenEndpoint {
    /// Exchanges `grant` for an access token, retrying transient failures.
    pub(crate) async fn request_token(
        &self,
        credentials: &LwaCredentials,
        grant: &Grant,
    ) -> Result<AccessToken, Error> {
        let span = tracing::debug_span!(
            "lwa_token_request",
            grant = grant.grant_type(),
            scopes = %grant.scope_list(),
            client_id = credentials.client_id(),
        );
        async {
            if matches!(grant, Grant::ClientCredentials { scopes } if scopes.is_empty()) {
                return Err(Error::NoScopes);
            }
            let http = self.http.as_ref().map_err(Clone::clone)?;
            let secrets = credentials.in_use();
            let mut result = self
                .with_retries(http, credentials, &secrets.current, grant)
                .await;
            match (&result, &secrets.previous) {
                (Ok(_), _) => credentials.accepted(secrets.generation),
                (Err(error), Some(previous))
                    if error.oauth_code() == Some(&OAuthErrorCode::InvalidClient) =>
                {
                    tracing::warn!(
                        "lwa refused the new client secret; using the previous one until lwa \
                         accepts the new one"
                    );
                    let previous = previous.clone();
                    result = self.with_retries(http, credentials, &previous, grant).await;
                }
                (Err(_), _) => {}
            }
            match &result {
                Ok(token) => tracing::debug!(
                    expires_in_s = token.expires_in().as_secs(),
                    "lwa token received"
                ),
                Err(error) => tracing::warn!(%error, "lwa token request failed"),
            }
            result
        }
        .instrument(span)
        .await
    }

    /// One token request with `client_secret`, attempted as the retry policy allows.
    async fn with_retries(
        &self,
        http: &HttpSender,
        credentials: &LwaCredentials,
        client_secret: &ClientSecret,
        grant: &Grant,
    ) -> Result<AccessToken, Error> {
        self.retry
            .run(
                |attempt| {
                    if attempt > 1 {
                        spapi_http::metrics::lwa_retry(grant.grant_type());
                    }
                    let span = tracing::debug_span!("lwa_attempt", attempt, status = field::Empty);
                    self.attempt(http, credentials.client_id(), client_secret, grant)
                        .instrument(span)
                },
                Error::is_transient,
            )
            .await
    }

    async fn attempt(
        &self,
        http: &HttpSender,
        client_id: &str,
        client_secret: &ClientSecret,
        grant: &Grant,
    ) -> Result<AccessToken, Error> {
        let requested_at = Instant::now();
        let request = http
            .request(Method::POST, self.url.as_str())
            .header(CONTENT_TYPE, FORM_CONTENT_TYPE)
            .body(form_body(client_id, client_secret, grant));
        let result = async {
            let response = http.send(request).await.map_err(Error::transport)?;
            let status = response.status();
            tracing::Span::current().record("status", status.as_u16());
            let body = HttpSender::body(response).await.map_err(Error::transport)?;
            parse_response(status, &body, requested_at)
        }
        .await;
        spapi_http::metrics::lwa_request(grant.grant_type());
        if let Err(error) = &result {
            spapi_http::metrics::lwa_failure(
                grant.grant_type(),
                crate::metrics::error_label(error),
            );
            tracing::debug!(%error, transient = error.is_transient(), "lwa attempt failed");
        }
        result
    }
}

/// The form LWA expects: the refresh flow sends no `scope`, the grantless flow no `refresh_token`.
fn form_body(client_id: &str, client_secret: &ClientSecret, grant: &Grant) -> String {
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    form.append_pair("grant_type", grant.grant_type());
    match grant {
        Grant::RefreshToken(refresh_token) => {
            form.append_pair("refresh_token", refresh_token.expose_secret())
        }
        Grant::ClientCredentials { .. } => form.append_pair("scope", &grant.scope_list()),
    };
    form.append_pair("client_id", client_id)
        .append_pair("client_secret", client_secret.expose_secret())
        .finish()
}

/// A token response; no `Debug`, since it holds the token.
#[derive(Deserialize)]
struct TokenResponse {
    access_token: Option<String>,
    expires_in: Option<u64>,
}

/// An OAuth error response.
#[derive(Deserialize)]
struct OAuthErrorResponse {
    error: String,
    error_description: Option<String>,
}

/// Turns LWA's answer into a token whose expiry counts from `requested_at`, or a typed error.
fn parse_response(
    status: StatusCode,
    body: &[u8],
    requested_at: Instant,
) -> Result<AccessToken, Error> {
    if !status.is_success() {
        return Err(match serde_json::from_slice::<OAuthErrorResponse>(body) {
            Ok(oauth) => Error::OAuth {
                code: oauth.error.as_str().into(),
                description: oauth.error_description,
                status,
            },
            Err(_) => Error::unexpected_response(status, body),
        });
    }
    let invalid = |problem, source| Error::InvalidTokenResponse {
        status,
        problem,
        source,
    };
    let response: TokenResponse = serde_json::from_slice(body)
        .map_err(|error| invalid("is not a json token object", Some(Arc::new(error))))?;
    let access_token = response
        .access_token
        .filter(|token| !token.is_empty())
        .ok_or_else(|| invalid("has no `access_token`", None))?;
    let expires_in = response
        .expires_in
        .ok_or_else(|| invalid("has no `expires_in`", None))?;
    Ok(AccessToken::new(
        access_token,
        (requested_at + Duration::from_secs(expires_in)).into_std(),
    ))
}
