//! The one error type of this crate.

use std::fmt;
use std::sync::Arc;

use spapi_http::http::StatusCode;
use spapi_http::{TransportError, TransportErrorKind};

/// Why an access token could not be obtained.
///
/// Cloneable, so that every caller waiting on the same token request gets the same error.
/// No variant ever holds a client secret, refresh token or access token.
#[derive(Clone, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// LWA answered with an OAuth error (`{"error": "...", "error_description": "..."}`).
    #[error(
        "lwa rejected the token request: {code} (http {status}){}",
        Description(description)
    )]
    OAuth {
        /// The OAuth `error` code.
        code: OAuthErrorCode,
        /// LWA's `error_description`, if it sent one.
        description: Option<String>,
        /// The HTTP status of the response.
        status: StatusCode,
    },

    /// LWA (or something in front of it) answered with a status that is neither a token nor an
    /// OAuth error, such as an HTML 502 page.
    #[error("lwa answered http {status} with a body that is not an oauth error")]
    UnexpectedResponse {
        /// The HTTP status of the response.
        status: StatusCode,
        /// The start of the raw body (at most [`Error::BODY_LIMIT`] bytes, then `…`).
        body: String,
    },

    /// The request did not get an answer: it timed out, could not connect, or broke off.
    #[error("lwa token request failed: {kind}")]
    Transport {
        /// What went wrong (the same as `source.kind()`, here to match on).
        kind: TransportErrorKind,
        /// The HTTP client's error, sorted by [`spapi_http`] as every request of ours is.
        #[source]
        source: TransportError,
    },

    /// LWA answered 2xx, but not with a usable token.
    #[error("lwa answered http {status} with a token response that {problem}")]
    InvalidTokenResponse {
        /// The HTTP status of the response.
        status: StatusCode,
        /// What is wrong, such as "has no `expires_in`".
        problem: &'static str,
        /// The JSON error, when the body did not parse.
        #[source]
        source: Option<Arc<dyn std::error::Error + Send + Sync>>,
    },

    /// A grantless provider was given no scope.
    #[error("a grantless (client_credentials) token request needs at least one scope")]
    NoScopes,

    /// A required environment variable is unset or empty.
    #[error("environment variable {} is not set", EnvNames(names))]
    MissingEnv {
        /// The accepted names, preferred first.
        names: &'static [&'static str],
    },

    /// An environment variable is set to something unusable.
    #[error("environment variable {name} is invalid: {reason}")]
    InvalidEnv {
        /// The variable.
        name: &'static str,
        /// Why its value is unusable.
        reason: String,
    },
}

impl Error {
    /// How much of an unexpected response body [`Error::UnexpectedResponse`] keeps, in bytes.
    pub const BODY_LIMIT: usize = spapi_http::BODY_LIMIT;

    /// Whether trying the same request again may succeed: timeouts, connection failures,
    /// HTTP 429, 500, 502, 503 and 504. OAuth 4xx errors such as `invalid_grant` never are.
    ///
    /// These are [`spapi_http`]'s rules for a request that is safe to repeat: a second token
    /// request only issues another token.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::OAuth { status, .. } | Self::UnexpectedResponse { status, .. } => {
                spapi_http::status_is_retryable(*status, TOKEN_REQUEST_IS_IDEMPOTENT)
            }
            Self::Transport { kind, .. } => kind.is_retryable(TOKEN_REQUEST_IS_IDEMPOTENT),
            Self::InvalidTokenResponse { .. }
            | Self::NoScopes
            | Self::MissingEnv { .. }
            | Self::InvalidEnv { .. } => false,
        }
    }

    /// The OAuth error code, if LWA sent one.
    pub fn oauth_code(&self) -> Option<&OAuthErrorCode> {
        match self {
            Self::OAuth { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The HTTP status of LWA's answer, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::OAuth { status, .. }
            | Self::UnexpectedResponse { status, .. }
            | Self::InvalidTokenResponse { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub(crate) fn transport(error: TransportError) -> Self {
        Self::Transport {
            kind: error.kind(),
            source: error,
        }
    }

    /// An [`Error::UnexpectedResponse`] keeping at most [`Error::BODY_LIMIT`] bytes of `body`.
    pub(crate) fn unexpected_response(status: StatusCode, body: &[u8]) -> Self {
        Self::UnexpectedResponse {
            status,
            body: spapi_http::truncated_body(body),
        }
    }
}

/// Sending a token request twice only issues two tokens.
const TOKEN_REQUEST_IS_IDEMPOTENT: bool = true;

spapi_open_enum::open_enum! {
    /// An OAuth 2.0 error code (RFC 6749 §5.2) as LWA sends it in `error`.
    pub enum OAuthErrorCode {
        /// The request is missing a parameter or is malformed.
        InvalidRequest = "invalid_request",
        /// The client id or secret is wrong (or the secret was rotated away).
        InvalidClient = "invalid_client",
        /// The refresh token is invalid, expired or revoked, or belongs to another application.
        InvalidGrant = "invalid_grant",
        /// The application may not use this grant type.
        UnauthorizedClient = "unauthorized_client",
        /// LWA does not support the grant type.
        UnsupportedGrantType = "unsupported_grant_type",
        /// A requested scope is unknown or not allowed for the application.
        InvalidScope = "invalid_scope",
        /// LWA failed internally.
        ServerError = "server_error",
        /// LWA is overloaded or in maintenance.
        TemporarilyUnavailable = "temporarily_unavailable",
    }
}

/// Formats an optional `error_description` as `: description`.
struct Description<'a>(&'a Option<String>);

impl fmt::Display for Description<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(description) => write!(f, ": {description}"),
            None => Ok(()),
        }
    }
}

/// Formats accepted variable names as `A (or B)`.
struct EnvNames(&'static [&'static str]);

impl fmt::Display for EnvNames {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (first, others) = self.0.split_first().unwrap_or((&"", &[]));
        f.write_str(first)?;
        for other in others {
            write!(f, " (or {other})")?;
        }
        Ok(())
    }
}
