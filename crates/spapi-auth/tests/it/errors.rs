//! Every way a token request can fail, mapped to a typed error.

use std::time::Duration;

use crate::support::*;
use serde_json::json;
use spapi_auth::retry::RetryPolicy;
use spapi_auth::{Error, Grant, OAuthErrorCode, TokenProvider, TransportErrorKind};
use spapi_testkit::errors::assert_no_repeated_source;
use wiremock::{MockServer, ResponseTemplate};

/// The error of a single token request answered with `response` (no retries).
async fn error_for(response: ResponseTemplate) -> (Error, usize) {
    let server = MockServer::start().await;
    token_endpoint(response).mount(&server).await;
    let provider = builder(&server, seller_grant())
        .retry_policy(RetryPolicy::never())
        .build();
    let error = provider
        .access_token()
        .await
        .expect_err("the request fails");
    (error, request_count(&server).await)
}

#[tokio::test]
async fn every_oauth_error_code_is_mapped() {
    let cases = [
        ("invalid_request", 400, OAuthErrorCode::InvalidRequest),
        ("invalid_client", 401, OAuthErrorCode::InvalidClient),
        ("invalid_grant", 400, OAuthErrorCode::InvalidGrant),
        (
            "unauthorized_client",
            400,
            OAuthErrorCode::UnauthorizedClient,
        ),
        (
            "unsupported_grant_type",
            400,
            OAuthErrorCode::UnsupportedGrantType,
        ),
        ("invalid_scope", 400, OAuthErrorCode::InvalidScope),
        ("server_error", 500, OAuthErrorCode::ServerError),
        (
            "temporarily_unavailable",
            503,
            OAuthErrorCode::TemporarilyUnavailable,
        ),
        (
            "access_denied",
            403,
            OAuthErrorCode::Other("access_denied".to_owned()),
        ),
    ];
    for (wire, status, expected) in cases {
        let (error, requests) = error_for(oauth_error(status, wire)).await;
        let Error::OAuth {
            code,
            description,
            status: got_status,
        } = &error
        else {
            panic!("{wire}: expected an OAuth error, got {error:?}");
        };
        assert_eq!(code, &expected, "{wire}");
        assert_eq!(code.as_str(), wire);
        assert_eq!(
            description.as_deref(),
            Some(format!("description of {wire}").as_str())
        );
        assert_eq!(got_status.as_u16(), status);
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(requests, 1);
        assert_eq!(
            error.to_string(),
            format!(
                "lwa rejected the token request: {wire} (http {status} {}): description of {wire}",
                got_status.canonical_reason().unwrap_or_default()
            )
        );
        assert_eq!(error.is_transient(), status >= 500, "{wire}");
    }
}

#[tokio::test]
async fn an_oauth_error_without_description_is_still_typed() {
    let (error, _) =
        error_for(ResponseTemplate::new(400).set_body_json(json!({"error": "invalid_grant"})))
            .await;
    assert!(matches!(
        error,
        Error::OAuth {
            code: OAuthErrorCode::InvalidGrant,
            description: None,
            ..
        }
    ));
}

#[tokio::test]
async fn a_non_json_error_body_is_kept_raw() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let (error, _) = error_for(ResponseTemplate::new(502).set_body_string(html)).await;
    let Error::UnexpectedResponse { status, body } = &error else {
        panic!("expected UnexpectedResponse, got {error:?}");
    };
    assert_eq!(status.as_u16(), 502);
    assert_eq!(body, html);
    assert!(error.is_transient());
    assert_eq!(
        error.to_string(),
        "lwa answered http 502 Bad Gateway with a body that is not an oauth error"
    );
}

#[tokio::test]
async fn json_that_is_not_an_oauth_error_and_empty_bodies_are_unexpected() {
    let (error, _) =
        error_for(ResponseTemplate::new(403).set_body_json(json!({"message": "Forbidden"}))).await;
    assert!(
        matches!(&error, Error::UnexpectedResponse { status, body } if status.as_u16() == 403 && body == r#"{"message":"Forbidden"}"#),
        "{error:?}"
    );
    assert!(!error.is_transient());

    let (error, _) = error_for(ResponseTemplate::new(500)).await;
    assert!(
        matches!(&error, Error::UnexpectedResponse { body, .. } if body.is_empty()),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_long_body_is_truncated_to_the_limit_on_a_char_boundary() {
    // 'é' is two bytes, so the limit falls in the middle of one.
    let long = format!("x{}", "é".repeat(3000));
    let (error, _) = error_for(ResponseTemplate::new(504).set_body_string(long.clone())).await;
    let Error::UnexpectedResponse { body, .. } = &error else {
        panic!("expected UnexpectedResponse, got {error:?}");
    };
    let kept = body.strip_suffix('…').expect("truncation marker");
    assert_eq!(kept.len(), Error::BODY_LIMIT - 1);
    assert!(long.starts_with(kept));
}

#[tokio::test]
async fn a_success_without_a_usable_token_is_an_invalid_token_response() {
    let cases = [
        (
            json!({"expires_in": 3600, "token_type": "bearer"}),
            "has no `access_token`",
        ),
        (
            json!({"access_token": "", "expires_in": 3600}),
            "has no `access_token`",
        ),
        (
            json!({"access_token": "Atza|access-token-1"}),
            "has no `expires_in`",
        ),
    ];
    for (body, expected) in cases {
        let (error, requests) = error_for(ResponseTemplate::new(200).set_body_json(body)).await;
        assert!(
            matches!(&error, Error::InvalidTokenResponse { problem, source: None, status } if *problem == expected && status.as_u16() == 200),
            "{error:?}"
        );
        assert!(!error.is_transient());
        assert_eq!(requests, 1);
    }

    let (error, _) = error_for(ResponseTemplate::new(200).set_body_string("<html>ok</html>")).await;
    assert!(
        matches!(
            &error,
            Error::InvalidTokenResponse {
                problem: "is not a json token object",
                source: Some(_),
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        std::error::Error::source(&error).is_some(),
        "the json error is kept as source"
    );
    assert_eq!(
        error.to_string(),
        "lwa answered http 200 OK with a token response that is not a json token object"
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_transient_connect_error() {
    let provider = spapi_auth::LwaTokenProvider::builder(credentials(), seller_grant())
        .token_url(refusing_token_url())
        .retry_policy(RetryPolicy::never())
        .build();

    let error = provider.access_token().await.expect_err("nothing listens");

    assert!(
        matches!(
            &error,
            Error::Transport {
                kind: TransportErrorKind::Connect,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.is_transient());
    assert!(
        std::error::Error::source(&error).is_some(),
        "the transport error is kept as source"
    );
    assert_eq!(
        error.to_string(),
        "lwa token request failed: could not connect"
    );
}

#[tokio::test]
async fn a_slow_answer_is_a_transient_timeout() {
    let server = slow_lwa_server().await;
    let provider = builder(&server, seller_grant())
        .timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::never())
        .build();

    let error = provider.access_token().await.expect_err("times out");

    assert!(
        matches!(
            &error,
            Error::Transport {
                kind: TransportErrorKind::Timeout,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.is_transient());
}

#[tokio::test]
async fn an_invalid_user_agent_is_a_setup_error_that_is_not_retried() {
    let server = lwa_server(3600).await;
    let provider = builder(&server, seller_grant())
        .user_agent("bad\nagent")
        .build();

    let error = provider.access_token().await.expect_err("invalid header");

    assert!(
        matches!(
            &error,
            Error::Transport {
                kind: TransportErrorKind::Setup,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(!error.is_transient());
    assert_eq!(request_count(&server).await, 0);
}

#[tokio::test]
async fn a_grantless_provider_without_scopes_fails_before_sending() {
    let server = lwa_server(3600).await;
    let provider = builder(&server, Grant::client_credentials([])).build();

    let error = provider.access_token().await.expect_err("no scopes");

    assert!(matches!(error, Error::NoScopes), "{error:?}");
    assert_eq!(request_count(&server).await, 0);
}

/// Every variant, from real failures where it has a cause: none repeats its source's message,
/// so a printed chain (anyhow's `{:#}`) shows each cause once.
#[tokio::test]
async fn no_error_repeats_its_source() {
    let server = slow_lwa_server().await;
    let timed_out = builder(&server, seller_grant())
        .timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::never())
        .build()
        .access_token()
        .await
        .expect_err("times out");
    let refused = spapi_auth::LwaTokenProvider::builder(credentials(), seller_grant())
        .token_url(refusing_token_url())
        .retry_policy(RetryPolicy::never())
        .build()
        .access_token()
        .await
        .expect_err("nothing listens");
    let setup = builder(&server, seller_grant())
        .user_agent("bad\nagent")
        .build()
        .access_token()
        .await
        .expect_err("invalid header");
    let errors = [
        timed_out,
        refused,
        setup,
        error_for(ResponseTemplate::new(200).set_body_string("not json"))
            .await
            .0,
        error_for(ResponseTemplate::new(200).set_body_json(json!({"expires_in": 3600})))
            .await
            .0,
        error_for(oauth_error(400, "invalid_grant")).await.0,
        error_for(ResponseTemplate::new(502).set_body_string("<html>bad gateway</html>"))
            .await
            .0,
        Error::NoScopes,
        Error::MissingEnv {
            names: &["LWA_APP_ID"],
        },
        Error::InvalidEnv {
            name: "LWA_TOKEN_URL",
            reason: "\"x\" is not a url".into(),
        },
    ];
    for error in &errors {
        assert_no_repeated_source(error);
    }
    // The three transport failures and the unparsable token response have a cause.
    let with_source = errors
        .iter()
        .filter(|error| std::error::Error::source(*error).is_some())
        .count();
    assert_eq!(with_source, 4);
}

#[test]
fn environment_errors_name_the_variable() {
    let missing = Error::MissingEnv {
        names: &["LWA_APP_ID", "LWA_CLIENT_ID"],
    };
    assert_eq!(
        missing.to_string(),
        "environment variable LWA_APP_ID (or LWA_CLIENT_ID) is not set"
    );
    let missing = Error::MissingEnv {
        names: &["SP_API_REFRESH_TOKEN"],
    };
    assert_eq!(
        missing.to_string(),
        "environment variable SP_API_REFRESH_TOKEN is not set"
    );
    assert!(!missing.is_transient());
    assert_eq!(missing.status(), None);
    assert_eq!(missing.oauth_code(), None);
}

#[test]
fn oauth_codes_round_trip_through_their_wire_names() {
    for wire in [
        "invalid_request",
        "invalid_client",
        "invalid_grant",
        "unauthorized_client",
        "unsupported_grant_type",
        "invalid_scope",
        "server_error",
        "temporarily_unavailable",
        "something_new",
    ] {
        let code = OAuthErrorCode::from(wire);
        assert_eq!(code.as_str(), wire);
        assert_eq!(code.to_string(), wire);
    }
    assert_eq!(
        OAuthErrorCode::from("something_new"),
        OAuthErrorCode::Other("something_new".to_owned())
    );
}
