//! [`SecretStore`]: where the application keeps a client secret that Amazon rotated.

use crate::{BoxFuture, ClientSecret};

/// The error a [`SecretStore`] fails with: the store's own.
pub type SecretStoreError = Box<dyn std::error::Error + Send + Sync>;

/// Persists a new LWA client secret, so that the next process starts with it.
///
/// A rotation hands the secret from an `APPLICATION_OAUTH_CLIENT_NEW_SECRET` notification to
/// [`save`](Self::save) before it is swapped into the running
/// [`LwaCredentials`](crate::LwaCredentials). When `save` fails, the running credentials are
/// left alone and the error goes back to the notification's handler, so the notification is
/// delivered again rather than the secret lost.
///
/// Implementations must not log the secret. A store on AWS Secrets Manager (with the
/// `aws-sdk-secretsmanager` crate, not a dependency of this one):
///
/// ```ignore
/// use aws_sdk_secretsmanager::Client;
/// use spapi_auth::{BoxFuture, ClientSecret, SecretStore, SecretStoreError};
///
/// #[derive(Debug)]
/// struct SecretsManager {
///     client: Client,
///     secret_id: String,
/// }
///
/// impl SecretStore for SecretsManager {
///     fn save<'a>(
///         &'a self,
///         _client_id: &'a str,
///         secret: &'a ClientSecret,
///     ) -> BoxFuture<'a, Result<(), SecretStoreError>> {
///         Box::pin(async move {
///             self.client
///                 .put_secret_value()
///                 .secret_id(&self.secret_id)
///                 .secret_string(secret.expose_secret())
///                 .send()
///                 .await?;
///             Ok(())
///         })
///     }
/// }
/// ```
pub trait SecretStore: Send + Sync + std::fmt::Debug {
    /// Stores `secret` as the client secret of the application `client_id`.
    fn save<'a>(
        &'a self,
        client_id: &'a str,
        secret: &'a ClientSecret,
    ) -> BoxFuture<'a, Result<(), SecretStoreError>>;
}
