//! The one error type of this crate.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};
use spapi_http::http::StatusCode;
use spapi_http::{TransportError, TransportErrorKind};

use crate::{Hint, Operation};

/// Why a Notifications API call failed.
///
/// No variant ever holds a client secret, refresh token or access token. A variant with a
/// cause keeps it as its [`source`](std::error::Error::source) and does not repeat it in its
/// own message, so printing the chain (anyhow's `{:#}`) shows each cause once.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The Selling Partner API answered with an error status.
    #[error(
        "{operation} failed with http {status}{}{}{}",
        RequestId(request_id.as_deref()),
        ApiErrors(errors),
        HintText(hint.as_ref())
    )]
    Api {
        /// The operation.
        operation: Operation,
        /// The HTTP status.
        status: StatusCode,
        /// Amazon's `x-amzn-RequestId`, for support cases.
        request_id: Option<String>,
        /// The `errors` of the response body.
        errors: Vec<ApiError>,
        /// The raw body (at most [`Error::BODY_LIMIT`] bytes) when it is not an SP-API error
        /// list, such as an HTML page from a proxy.
        body: Option<String>,
        /// The likely cause in plain words, when the answer matches a classic one.
        hint: Option<Hint>,
    },

    /// No access token could be obtained from Login with Amazon, or the LWA credentials are
    /// missing from the environment. The [`spapi_auth::Error`] says why: it is the
    /// [`source`](std::error::Error::source) (print the chain, e.g. anyhow's `{:#}`), not part
    /// of this error's own message.
    #[error("authentication failed")]
    Auth(#[from] spapi_auth::Error),

    /// The request got no complete answer: it timed out, could not connect, or broke off.
    #[error("{operation} failed: {kind}")]
    Transport {
        /// The operation.
        operation: Operation,
        /// What went wrong (the same as `source.kind()`, here to match on).
        kind: TransportErrorKind,
        /// The HTTP client's error, sorted by [`spapi_http`] as LWA token requests' are.
        #[source]
        source: TransportError,
    },

    /// A successful response did not match the model.
    #[error("{operation} answered http {status} with a body that does not match the model at `{path}`{}", RequestId(request_id.as_deref()))]
    Decode {
        /// The operation.
        operation: Operation,
        /// The HTTP status.
        status: StatusCode,
        /// Amazon's `x-amzn-RequestId`.
        request_id: Option<String>,
        /// Where in the body, as a JSON path such as `payload[0].resource.sqs.arn`.
        path: String,
        /// The start of the body (at most [`Error::BODY_LIMIT`] bytes).
        body: String,
        /// What serde found there.
        #[source]
        source: serde_json::Error,
    },

    /// A request broke a rule of the model or of the API, and was not sent.
    #[error("invalid {field}: {problem}")]
    Validation {
        /// The field or parameter, as the model names it (e.g. `resourceSpecification.sqs.arn`).
        field: Cow<'static, str>,
        /// What is wrong with it.
        problem: String,
    },

    /// The client could not be configured.
    #[error("invalid client configuration: {setting}: {problem}")]
    Config {
        /// The setting or environment variable.
        setting: Cow<'static, str>,
        /// What is wrong with it.
        problem: String,
    },
}

/// One entry of an SP-API error response (the model's `Error`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ApiError {
    /// The error code, such as `InvalidInput` or `Unauthorized`.
    #[serde(default)]
    pub code: String,
    /// What went wrong.
    #[serde(default)]
    pub message: String,
    /// More about the cause, when Amazon says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
}

impl ApiError {
    /// An error with a code and a message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            details: None,
        }
    }

    /// The same error with details.
    #[must_use]
    pub fn with_details(mut self, details: impl Into<String>) -> Self {
        self.details = Some(details.into());
        self
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        // Amazon often sends `"details": ""`.
        if let Some(details) = self
            .details
            .as_deref()
            .filter(|details| !details.is_empty())
        {
            write!(f, " ({details})")?;
        }
        Ok(())
    }
}

impl Error {
    /// How much of a raw body [`Error::Api`] and [`Error::Decode`] keep, in bytes.
    pub const BODY_LIMIT: usize = spapi_http::BODY_LIMIT;

    /// The HTTP status, if the Selling Partner API answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api { status, .. } | Self::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Amazon's `x-amzn-RequestId`, if the Selling Partner API answered with one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api { request_id, .. } | Self::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The SP-API error list (empty unless [`Error::Api`]).
    pub fn api_errors(&self) -> &[ApiError] {
        match self {
            Self::Api { errors, .. } => errors,
            _ => &[],
        }
    }

    /// The likely cause in plain words, if known.
    pub fn hint(&self) -> Option<Hint> {
        match self {
            Self::Api { hint, .. } => *hint,
            _ => None,
        }
    }

    /// Whether the answer was `status`.
    pub fn is_status(&self, status: StatusCode) -> bool {
        self.status() == Some(status)
    }

    pub(crate) fn validation(field: &'static str, problem: impl Into<String>) -> Self {
        Self::Validation {
            field: Cow::Borrowed(field),
            problem: problem.into(),
        }
    }

    pub(crate) fn config(setting: &'static str, problem: impl Into<String>) -> Self {
        Self::Config {
            setting: Cow::Borrowed(setting),
            problem: problem.into(),
        }
    }
}

/// Formats an optional request id as ` (request id …)`.
struct RequestId<'a>(Option<&'a str>);

impl fmt::Display for RequestId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(id) => write!(f, " (request id {id})"),
            None => Ok(()),
        }
    }
}

/// Formats the SP-API errors as `: code: message (details); …`.
struct ApiErrors<'a>(&'a [ApiError]);

impl fmt::Display for ApiErrors<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            f.write_str(if i == 0 { ": " } else { "; " })?;
            error.fmt(f)?;
        }
        Ok(())
    }
}

/// Formats an optional hint as ` — hint: …`.
struct HintText<'a>(Option<&'a Hint>);

impl fmt::Display for HintText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(hint) => write!(f, "; hint: {hint}"),
            None => Ok(()),
        }
    }
}
