//! One exchange with the LWA token endpoint: the form body, the HTTP call with retries, and the
//! answer turned into a token or a typed error.

use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE, USER_AGENT};
use reqwest::{StatusCode, Url};
use serde::Deserialize;
use tokio::time::Instant;
use tracing::{Instrument, field};

use crate::retry::RetryPolicy;
use crate::{AccessToken, Error, Grant, LwaCredentials};

/// The content type LWA documents for token requests.
const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded;charset=UTF-8";

/// Where and how token requests are sent.
#[derive(Clone, Debug)]
pub(crate) struct TokenEndpoint {
    /// The HTTP client, or why the default one could not be built (reported at the first request).
    pub(crate) http: Result<reqwest::Client, Error>,
    pub(crate) url: Url,
    pub(crate) user_agent: String,
    /// A per-attempt timeout overriding the HTTP client's own.
    pub(crate) timeout: Option<Duration>,
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
            let result = self
                .retry
                .run(
                    |attempt| {
                        let span =
                            tracing::debug_span!("lwa_attempt", attempt, status = field::Empty);
                        self.attempt(http, credentials, grant).instrument(span)
                    },
                    Error::is_transient,
                )
                .await;
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

    async fn attempt(
        &self,
        http: &reqwest::Client,
        credentials: &LwaCredentials,
        grant: &Grant,
    ) -> Result<AccessToken, Error> {
        let requested_at = Instant::now();
        let mut request = http
            .post(self.url.clone())
            .header(CONTENT_TYPE, FORM_CONTENT_TYPE)
            .header(ACCEPT, "application/json")
            .header(USER_AGENT, &self.user_agent)
            .body(form_body(credentials, grant));
        if let Some(timeout) = self.timeout {
            request = request.timeout(timeout);
        }
        let result = async {
            let response = request.send().await.map_err(Error::transport)?;
            let status = response.status();
            tracing::Span::current().record("status", status.as_u16());
            let body = response.bytes().await.map_err(Error::transport)?;
            parse_response(status, &body, requested_at)
        }
        .await;
        if let Err(error) = &result {
            tracing::debug!(%error, transient = error.is_transient(), "lwa attempt failed");
        }
        result
    }
}

/// The form LWA expects: the refresh flow sends no `scope`, the grantless flow no `refresh_token`.
fn form_body(credentials: &LwaCredentials, grant: &Grant) -> String {
    let client_secret = credentials.client_secret();
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    form.append_pair("grant_type", grant.grant_type());
    match grant {
        Grant::RefreshToken(refresh_token) => {
            form.append_pair("refresh_token", refresh_token.expose_secret())
        }
        Grant::ClientCredentials { .. } => form.append_pair("scope", &grant.scope_list()),
    };
    form.append_pair("client_id", credentials.client_id())
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
            Err(_) => Error::unexpected_response(status, &String::from_utf8_lossy(body)),
        });
    }
    let invalid = |problem, source| Error::InvalidTokenResponse {
        status,
        problem,
        source,
    };
    let response: TokenResponse = serde_json::from_slice(body)
        .map_err(|error| invalid("is not a json token object", Some(error.into())))?;
    let access_token = response
        .access_token
        .filter(|token| !token.is_empty())
        .ok_or_else(|| invalid("has no `access_token`", None))?;
    let expires_in = response
        .expires_in
        .ok_or_else(|| invalid("has no `expires_in`", None))?;
    Ok(AccessToken::new(
        access_token,
        requested_at + Duration::from_secs(expires_in),
    ))
}
