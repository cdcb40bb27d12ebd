//! The `error` label of a failed LWA token request (the table is `spapi_http::metrics`).

use crate::{Error, OAuthErrorCode};

/// A few-valued label for `error`: never the description, and an unknown OAuth code is
/// `oauth_other`, since a label must not take whatever a server sends.
pub(crate) fn error_label(error: &Error) -> &'static str {
    match error {
        Error::OAuth { code, .. } => match code {
            OAuthErrorCode::InvalidRequest => "invalid_request",
            OAuthErrorCode::InvalidClient => "invalid_client",
            OAuthErrorCode::InvalidGrant => "invalid_grant",
            OAuthErrorCode::UnauthorizedClient => "unauthorized_client",
            OAuthErrorCode::UnsupportedGrantType => "unsupported_grant_type",
            OAuthErrorCode::InvalidScope => "invalid_scope",
            OAuthErrorCode::ServerError => "server_error",
            OAuthErrorCode::TemporarilyUnavailable => "temporarily_unavailable",
            _ => "oauth_other",
        },
        Error::UnexpectedResponse { .. } => "unexpected_response",
        Error::InvalidTokenResponse { .. } => "invalid_token_response",
        Error::Transport { kind, .. } => spapi_http::metrics::transport_label(*kind),
        // Not sent: these fail before any request.
        _ => "setup",
    }
}

#[cfg(test)]
mod tests {
    use spapi_http::http::StatusCode;

    use super::*;

    #[test]
    fn oauth_codes_are_labels_and_unknown_ones_are_not() {
        let oauth = |code: &str| Error::OAuth {
            code: code.into(),
            description: Some("seller 123 revoked".into()),
            status: StatusCode::BAD_REQUEST,
        };
        assert_eq!(error_label(&oauth("invalid_grant")), "invalid_grant");
        assert_eq!(error_label(&oauth("invalid_client")), "invalid_client");
        assert_eq!(error_label(&oauth("made_up_by_a_proxy")), "oauth_other");
        let unexpected = Error::unexpected_response(StatusCode::BAD_GATEWAY, b"<html>");
        assert_eq!(error_label(&unexpected), "unexpected_response");
    }
}
