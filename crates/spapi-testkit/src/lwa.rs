//! The test application of every suite, and what an LWA stand-in answers.

use serde_json::json;
use wiremock::{Request, ResponseTemplate};

/// The test application's LWA client id.
pub const CLIENT_ID: &str = "amzn1.application-oa2-client.test";
/// The test application's client secret; `client-secret-1111` is its marker.
pub const CLIENT_SECRET: &str = "amzn1.oa2-cs.v1.client-secret-1111";
/// The test seller's refresh token; `refresh-token-3333` is its marker.
pub const REFRESH_TOKEN: &str = "Atzr|refresh-token-3333";
/// The path of LWA's token endpoint.
pub const TOKEN_PATH: &str = "/auth/o2/token";

/// A token answer as LWA sends it: `access_token`, living `expires_in` seconds.
#[must_use]
pub fn token(access_token: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": access_token,
        "token_type": "bearer",
        "expires_in": expires_in,
    }))
}

/// An OAuth error answer as LWA sends it, with `code` and a description naming it.
#[must_use]
pub fn oauth_error(status: u16, code: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "error_description": format!("description of {code}"),
        "error": code,
    }))
}

/// The form fields of a recorded token request, in order.
#[must_use]
pub fn form_fields(request: &Request) -> Vec<(String, String)> {
    url::form_urlencoded::parse(&request.body)
        .into_owned()
        .collect()
}
