//! Which error statuses are worth sending a request again for.

use http::StatusCode;

/// Whether an answer with `status` may go better if the request is sent again, and sending it
/// again is safe: 429 and 503 always (the server refused the request), 500, 502 and 504 only
/// for an `idempotent` request (it may have taken effect), no other status.
pub fn status_is_retryable(status: StatusCode, idempotent: bool) -> bool {
    match status {
        StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => true,
        StatusCode::INTERNAL_SERVER_ERROR
        | StatusCode::BAD_GATEWAY
        | StatusCode::GATEWAY_TIMEOUT => idempotent,
        _ => false,
    }
}

/// Whether a request answered with the error `status` may have taken effect: all but 429 and
/// 503, with which the server says it refused it.
pub fn status_may_have_taken_effect(status: StatusCode) -> bool {
    !matches!(
        status,
        StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
    )
}

/// At most [`BODY_LIMIT`] bytes of `body` as text (invalid UTF-8 replaced), cut at a character
/// boundary and marked `…` when cut: what errors keep of an unexpected answer.
pub fn truncated_body(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    if text.len() <= BODY_LIMIT {
        return text.into_owned();
    }
    let end = text.floor_char_boundary(BODY_LIMIT);
    format!("{}…", &text[..end])
}

/// How much of an unexpected body errors keep, in bytes ([`truncated_body`]).
pub const BODY_LIMIT: usize = 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_refusals_are_retried_for_a_request_that_is_not_idempotent() {
        for status in [429, 503] {
            let status = StatusCode::from_u16(status).unwrap();
            assert!(status_is_retryable(status, false), "{status}");
            assert!(!status_may_have_taken_effect(status), "{status}");
        }
        for status in [500, 502, 504] {
            let status = StatusCode::from_u16(status).unwrap();
            assert!(!status_is_retryable(status, false), "{status}");
            assert!(status_is_retryable(status, true), "{status}");
            assert!(status_may_have_taken_effect(status), "{status}");
        }
        for status in [400, 401, 403, 404, 409, 501, 505] {
            let status = StatusCode::from_u16(status).unwrap();
            assert!(!status_is_retryable(status, true), "{status}");
        }
    }

    #[test]
    fn long_bodies_are_cut_at_a_character_boundary() {
        assert_eq!(
            truncated_body(b"<html>bad gateway</html>"),
            "<html>bad gateway</html>"
        );
        let long = "é".repeat(BODY_LIMIT);
        let cut = truncated_body(long.as_bytes());
        assert!(cut.ends_with('…'));
        assert_eq!(cut.len(), BODY_LIMIT + "…".len());
        assert_eq!(truncated_body(&[0xff]), "\u{fffd}");
    }
}
