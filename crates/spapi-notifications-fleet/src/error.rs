//! The one error type of this crate.

use spapi_auth::OAuthErrorCode;
use spapi_notifications_client::Hint;

/// Why a seller, a subscription, the registry, the rotation ledger or a client-secret rotation
/// failed.
///
/// No variant holds a client secret, refresh token or access token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The Notifications API or Login with Amazon refused or failed: the client's error, with
    /// its status, request id, Amazon's errors and hint.
    #[error(transparent)]
    Api(#[from] spapi_notifications_client::Error),

    /// The [`SecretStore`](spapi_auth::SecretStore) could not persist a new client secret; the
    /// running credentials were left alone.
    #[error("the secret store could not persist the new client secret")]
    SecretStore(#[source] spapi_auth::SecretStoreError),

    /// Client-secret rotation needs the application's LWA credentials, and the client was
    /// built with only a grantless token provider.
    #[error(
        "client-secret rotation needs the application's lwa credentials: build the client with credentials(..)"
    )]
    NoCredentials,

    /// The [`SubscriptionRegistry`](crate::SubscriptionRegistry) failed.
    #[error("the subscription registry could not {operation}")]
    Registry {
        /// What it was doing, such as `record a subscription`.
        operation: &'static str,
        /// The store's own error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },

    /// The [`RotationLedger`](crate::RotationLedger) failed.
    #[error("the rotation ledger could not {operation}")]
    Ledger {
        /// What it was doing, such as `claim a rotation`.
        operation: &'static str,
        /// The store's own error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl Error {
    /// A registry failure while doing `operation`, for implementations of
    /// [`SubscriptionRegistry`](crate::SubscriptionRegistry).
    pub fn registry(
        operation: &'static str,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self::Registry {
            operation,
            source: source.into(),
        }
    }

    /// A ledger failure while doing `operation`, for implementations of
    /// [`RotationLedger`](crate::RotationLedger).
    pub fn ledger(
        operation: &'static str,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self::Ledger {
            operation,
            source: source.into(),
        }
    }

    /// LWA's OAuth error code, such as `invalid_grant` for a refresh token the seller revoked.
    pub fn oauth_code(&self) -> Option<&OAuthErrorCode> {
        match self {
            Self::Api(spapi_notifications_client::Error::Auth(error)) => error.oauth_code(),
            _ => None,
        }
    }

    /// The client's hint for a classic cause, such as a missing role.
    pub fn hint(&self) -> Option<Hint> {
        match self {
            Self::Api(error) => error.hint(),
            _ => None,
        }
    }

    /// The client's error, if the API or LWA failed.
    pub fn api(&self) -> Option<&spapi_notifications_client::Error> {
        match self {
            Self::Api(error) => Some(error),
            _ => None,
        }
    }
}

impl From<spapi_auth::Error> for Error {
    fn from(error: spapi_auth::Error) -> Self {
        Self::Api(error.into())
    }
}
