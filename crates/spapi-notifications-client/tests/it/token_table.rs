//! The one table of token kinds: the client and the sandbox (which refuses a token of the
//! wrong kind or scope) agree on every operation, and `rotateApplicationClientSecret` goes out
//! with a grantless token of the rotation scope.

use std::sync::Arc;

use spapi_auth::{AccessToken, BoxFuture, ClientSecret, LwaCredentials, Scope, TokenProvider};
use spapi_notifications_client::{Error, NotificationsClient, Operation, TokenKind};
use spapi_sandbox::Sandbox;

#[test]
fn client_and_sandbox_give_every_operation_the_same_token_kind() {
    for &operation in Operation::ALL {
        let sandbox = spapi_sandbox::Operation::ALL
            .iter()
            .find(|o| o.as_str() == operation.as_str())
            .unwrap_or_else(|| panic!("the sandbox does not play {operation}"));
        let expected = match operation.token_kind() {
            TokenKind::Grantless(_) => spapi_sandbox::TokenKind::Grantless,
            _ => spapi_sandbox::TokenKind::Seller,
        };
        assert_eq!(sandbox.token_kind(), expected, "{operation}");
        assert_eq!(
            operation.is_grantless(),
            expected == spapi_sandbox::TokenKind::Grantless
        );
    }
    assert_eq!(
        Operation::RotateApplicationClientSecret.token_kind(),
        TokenKind::Grantless(Scope::CLIENT_CREDENTIAL_ROTATION)
    );
}

#[tokio::test]
async fn rotation_takes_a_grantless_token_of_the_rotation_scope() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = NotificationsClient::builder()
        .endpoint(sandbox.base_url())
        .token_url(sandbox.token_url())
        .credentials(LwaCredentials::new(
            sandbox.client_id(),
            ClientSecret::new(sandbox.client_secret()),
        ))
        .build()
        .unwrap();
    let response = client.rotate_application_client_secret().await.unwrap();
    assert_eq!(response.status.as_u16(), 204);
    assert_eq!(sandbox.client_secret_rotations(), 1);
    // The notifications scope's token would have been refused: the sandbox checks the scope.
    client.get_destinations().await.unwrap();
}

/// A provider that never hands out a token.
#[derive(Debug)]
struct NoTokens;

impl TokenProvider for NoTokens {
    fn access_token(&self) -> BoxFuture<'_, Result<AccessToken, spapi_auth::Error>> {
        Box::pin(async { Err(spapi_auth::Error::NoScopes) })
    }

    fn invalidate(&self) {}
}

#[tokio::test]
async fn rotation_without_credentials_is_a_config_error_and_sends_nothing() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = NotificationsClient::builder()
        .endpoint(sandbox.base_url())
        .grantless_provider(Arc::new(NoTokens))
        .build()
        .unwrap();
    let error = client.rotate_application_client_secret().await.unwrap_err();
    assert!(matches!(error, Error::Config { .. }), "{error:?}");
    assert!(
        error.to_string().contains("client_credential:rotation"),
        "{error}"
    );
    assert!(sandbox.requests().is_empty());
}
