//! SP-API's error answers: a status and `{"errors":[{"code","message","details"}]}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// One SP-API error answer. The codes and messages are those Amazon returns (see the comment
/// on each constructor); `details` says what exactly was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) code: &'static str,
    pub(crate) message: &'static str,
    pub(crate) details: String,
}

impl ApiError {
    fn new(
        status: StatusCode,
        code: &'static str,
        message: &'static str,
        details: impl Into<String>,
    ) -> Self {
        Self {
            status,
            code,
            message,
            details: details.into(),
        }
    }

    /// 400, as for a destination with two resource types (selling-partner-api-models#1793).
    pub(crate) fn invalid_input(details: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "InvalidInput",
            "Invalid Input",
            details,
        )
    }

    /// 403 for a token that is missing, unknown, expired, of the wrong kind or without the
    /// notifications scope (selling-partner-api-docs#2147, #2336).
    pub(crate) fn unauthorized(details: impl Into<String>) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "Unauthorized",
            "Access to requested resource is denied.",
            details,
        )
    }

    /// 404: the model's text for the status.
    pub(crate) fn not_found(details: impl Into<String>) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "NotFound",
            "The resource specified does not exist.",
            details,
        )
    }

    /// 409 for a destination whose resource already has one (selling-partner-api-docs#2072).
    pub(crate) fn conflict(details: impl Into<String>) -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "Conflict",
            "The requested resource conflict with a resource in the server.",
            details,
        )
    }

    /// 409 for a subscription that already exists (selling-partner-api-docs#1564: no details).
    pub(crate) fn state_conflict() -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "StateConflict",
            "The resource specified conflicts with the current state.",
            "",
        )
    }

    /// 429, with the usage plan in `x-amzn-RateLimit-Limit`.
    pub(crate) fn quota_exceeded() -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "QuotaExceeded",
            "You exceeded your quota for the requested resource.",
            "",
        )
    }

    /// 415 for a body that is not JSON.
    pub(crate) fn unsupported_media_type(details: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UnsupportedMediaType",
            "Unsupported payload format.",
            details,
        )
    }

    /// 413 for a body over the size limit.
    pub(crate) fn too_large(details: impl Into<String>) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "RequestEntityTooLarge",
            "Request size exceeded the maximum accepted size.",
            details,
        )
    }

    /// 500.
    pub(crate) fn internal(details: impl Into<String>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalFailure",
            "We encountered an internal error. Please try again.",
            details,
        )
    }

    /// 503.
    pub(crate) fn unavailable() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "ServiceUnavailable",
            "Service temporarily unavailable. Please try again.",
            "",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({
            "errors": [{ "code": self.code, "message": self.message, "details": self.details }]
        });
        (self.status, Json(body)).into_response()
    }
}
