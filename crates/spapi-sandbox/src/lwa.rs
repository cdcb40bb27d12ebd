//! Login with Amazon's token endpoint: both grants, their field rules, OAuth error bodies, and
//! the registry of issued access tokens.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use tokio::time::Instant;

use crate::ids;
use crate::state::{Shared, lock};

/// The path of the token endpoint, as at `https://api.amazon.com/auth/o2/token`.
pub(crate) const TOKEN_PATH: &str = "/auth/o2/token";

/// The scopes LWA grants for grantless operations.
pub(crate) const SCOPES: &[&str] = &[
    NOTIFICATIONS_SCOPE,
    ROTATION_SCOPE,
    "sellingpartnerapi::migration",
];

/// The scope of `rotateApplicationClientSecret`.
pub(crate) const ROTATION_SCOPE: &str = "sellingpartnerapi::client_credential:rotation";

/// The scope the Notifications API's grantless operations take.
pub(crate) const NOTIFICATIONS_SCOPE: &str = "sellingpartnerapi::notifications";

/// What an access token was issued for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Grant {
    /// The `refresh_token` grant of a seller.
    Seller { seller_id: String },
    /// The `client_credentials` grant, with its scopes.
    Grantless { scopes: Vec<String> },
}

/// Why an access token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    Missing,
    Unknown,
    Expired,
}

/// Every access token issued, with its grant and expiry.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    issued: Mutex<HashMap<String, Issued>>,
}

#[derive(Debug)]
struct Issued {
    grant: Grant,
    expires_at: Instant,
}

impl Tokens {
    /// A new random access token for `grant`, valid for `lifetime`.
    pub(crate) fn issue(&self, grant: Grant, lifetime: Duration) -> String {
        let token = ids::token("Atza|", 120);
        let issued = Issued {
            grant,
            expires_at: Instant::now() + lifetime,
        };
        self.lock().insert(token.clone(), issued);
        token
    }

    /// The grant of a valid access token.
    pub(crate) fn check(&self, token: Option<&str>) -> Result<Grant, Refusal> {
        let token = token
            .filter(|token| !token.is_empty())
            .ok_or(Refusal::Missing)?;
        let tokens = self.lock();
        let issued = tokens.get(token).ok_or(Refusal::Unknown)?;
        if Instant::now() >= issued.expires_at {
            return Err(Refusal::Expired);
        }
        Ok(issued.grant.clone())
    }

    /// Makes every token issued so far expired.
    pub(crate) fn expire_all(&self) {
        let now = Instant::now();
        for issued in self.lock().values_mut() {
            issued.expires_at = issued.expires_at.min(now);
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Issued>> {
        lock(&self.issued)
    }
}

/// An OAuth 2 error answer.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct OAuthError {
    pub(crate) status: StatusCode,
    pub(crate) error: &'static str,
    pub(crate) description: String,
}

impl OAuthError {
    fn new(status: StatusCode, error: &'static str, description: impl Into<String>) -> Self {
        Self {
            status,
            error,
            description: description.into(),
        }
    }

    fn missing(parameter: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            format!("The request is missing a required parameter : {parameter}"),
        )
    }

    fn unexpected(parameter: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            format!("The request has an invalid parameter : {parameter}"),
        )
    }

    /// A server-side failure, for fault injection.
    pub(crate) fn server(status: StatusCode) -> Self {
        if status == StatusCode::SERVICE_UNAVAILABLE {
            Self::new(
                status,
                "temporarily_unavailable",
                "The authorization server is temporarily unavailable",
            )
        } else {
            Self::new(
                status,
                "server_error",
                "The authorization server encountered an unexpected error",
            )
        }
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let body = json!({ "error": self.error, "error_description": self.description });
        (self.status, no_store(), Json(body)).into_response()
    }
}

/// `POST /auth/o2/token`: the form (or JSON) body LWA takes, checked field by field.
pub(crate) async fn token(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, OAuthError> {
    let form = parse(&headers, &body)?;
    let grant = exchange(&shared, &form)?;
    let kind = match &grant {
        Grant::Seller { .. } => "refresh_token",
        Grant::Grantless { .. } => "client_credentials",
    };
    let lifetime = shared.config.token_lifetime;
    let access_token = shared.tokens.issue(grant, lifetime);
    tracing::debug!(
        grant = kind,
        expires_in_s = lifetime.as_secs(),
        "sandbox issued an access token"
    );
    let mut body = json!({
        "access_token": access_token,
        "token_type": "bearer",
        "expires_in": lifetime.as_secs(),
    });
    if let Some(refresh_token) = form.get("refresh_token") {
        body["refresh_token"] = json!(refresh_token);
    }
    Ok((no_store(), Json(body)).into_response())
}

/// The request's parameters: a form, or a JSON object of strings (as Amazon's Java SDK sends).
fn parse(headers: &HeaderMap, body: &[u8]) -> Result<HashMap<String, String>, OAuthError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if is_json {
        return serde_json::from_slice(body).map_err(|_| {
            OAuthError::new(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "The request body is not a JSON object of string parameters",
            )
        });
    }
    let mut form = HashMap::new();
    for (key, value) in url::form_urlencoded::parse(body) {
        if form.insert(key.to_string(), value.into_owned()).is_some() {
            return Err(OAuthError::new(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                format!("The request has a repeated parameter : {key}"),
            ));
        }
    }
    Ok(form)
}

/// Checks the parameters in LWA's order (request shape, grant type, client, grant) and returns
/// what the token is for.
fn exchange(shared: &Shared, form: &HashMap<String, String>) -> Result<Grant, OAuthError> {
    let field = |name: &str| form.get(name).map(String::as_str).filter(|v| !v.is_empty());
    let grant_type = field("grant_type").ok_or_else(|| OAuthError::missing("grant_type"))?;
    let (required, forbidden) = match grant_type {
        "refresh_token" => ("refresh_token", "scope"),
        "client_credentials" => ("scope", "refresh_token"),
        _ => {
            return Err(OAuthError::new(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "The authorization grant type is not supported by the authorization server",
            ));
        }
    };
    for name in [required, "client_id", "client_secret"] {
        field(name).ok_or_else(|| OAuthError::missing(name))?;
    }
    if form.contains_key(forbidden) {
        return Err(OAuthError::unexpected(forbidden));
    }
    let config = &shared.config;
    if field("client_id") != Some(config.client_id.as_str())
        || !shared
            .secrets
            .accepts(field("client_secret").unwrap_or_default())
    {
        return Err(OAuthError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed",
        ));
    }
    if grant_type == "refresh_token" {
        let refresh_token = field("refresh_token").unwrap_or_default();
        let seller = config
            .sellers
            .iter()
            .find(|seller| {
                seller.refresh_token == refresh_token
                    && !shared.secrets.is_revoked(&seller.seller_id)
            })
            .ok_or_else(|| {
                OAuthError::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "The request has an invalid grant parameter : refresh_token",
                )
            })?;
        return Ok(Grant::Seller {
            seller_id: seller.seller_id.clone(),
        });
    }
    let scopes: Vec<String> = field("scope")
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    if scopes.is_empty() || scopes.iter().any(|scope| !SCOPES.contains(&scope.as_str())) {
        return Err(OAuthError::new(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            "An unknown scope was requested",
        ));
    }
    Ok(Grant::Grantless { scopes })
}

/// The caching headers of OAuth token responses (RFC 6749 §5.1).
fn no_store() -> [(header::HeaderName, HeaderValue); 2] {
    [
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        (header::PRAGMA, HeaderValue::from_static("no-cache")),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn tokens_are_random_remembered_and_expire() {
        let tokens = Tokens::default();
        let seller = Grant::Seller {
            seller_id: "A1".into(),
        };
        let first = tokens.issue(seller.clone(), Duration::from_secs(10));
        let second = tokens.issue(seller.clone(), Duration::from_secs(10));
        assert_ne!(first, second);
        assert!(first.starts_with("Atza|"));
        assert_eq!(tokens.check(Some(&first)), Ok(seller));
        assert_eq!(tokens.check(None), Err(Refusal::Missing));
        assert_eq!(tokens.check(Some("")), Err(Refusal::Missing));
        assert_eq!(tokens.check(Some("Atza|forged")), Err(Refusal::Unknown));
        tokio::time::advance(Duration::from_secs(10)).await;
        assert_eq!(tokens.check(Some(&first)), Err(Refusal::Expired));

        let third = tokens.issue(Grant::Grantless { scopes: vec![] }, Duration::from_secs(10));
        assert!(tokens.check(Some(&third)).is_ok());
        tokens.expire_all();
        assert_eq!(tokens.check(Some(&third)), Err(Refusal::Expired));
    }
}
