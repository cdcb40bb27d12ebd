//! The three secrets of LWA: a client secret, a seller's refresh token and an access token.
//!
//! Each one is held in a [`secrecy`] box (zeroized on drop), prints as `[REDACTED]` in `Debug`, has
//! no `Display`, and is only readable through an explicit `expose_secret()` call.

use std::fmt;
use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};
use tokio::time::Instant;

use crate::Error;
use crate::env;

/// Defines a secret string newtype with a redacting `Debug` and an explicit accessor.
macro_rules! secret_string {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone)]
        pub struct $name(SecretString);

        impl $name {
            /// Wraps a secret value.
            pub fn new(secret: impl Into<String>) -> Self {
                Self(SecretString::from(secret.into()))
            }

            /// Returns the secret itself.
            ///
            /// Never log, print or store the result: this is the only way to read the value.
            pub fn expose_secret(&self) -> &str {
                self.0.expose_secret()
            }
        }

        impl From<SecretString> for $name {
            fn from(secret: SecretString) -> Self {
                Self(secret)
            }
        }

        impl From<String> for $name {
            fn from(secret: String) -> Self {
                Self::new(secret)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "([REDACTED])"))
            }
        }
    };
}

secret_string! {
    /// The LWA client secret of a Selling Partner API application.
    ///
    /// Amazon rotates it periodically; hand the new one to [`LwaCredentials::rotate_secret`].
    ///
    /// [`LwaCredentials::rotate_secret`]: crate::LwaCredentials::rotate_secret
    ClientSecret
}

secret_string! {
    /// A selling partner's LWA refresh token: the seller's authorization of your application,
    /// exchanged for access tokens by the `refresh_token` grant.
    RefreshToken
}

impl RefreshToken {
    /// Reads the refresh token from `SP_API_REFRESH_TOKEN`.
    ///
    /// # Errors
    ///
    /// [`Error::MissingEnv`] if the variable is unset or empty, [`Error::InvalidEnv`] if it is
    /// not valid Unicode.
    pub fn from_env() -> Result<Self, Error> {
        env::require(&[env::REFRESH_TOKEN]).map(Self::new)
    }
}

/// An LWA access token, sent to the Selling Partner API in the `x-amz-access-token` header.
///
/// Cloning is cheap: the secret is shared, not copied.
///
/// Its expiry is a `std::time::Instant` read on tokio's clock (`tokio::time::Instant::into_std`),
/// so that a test with paused tokio time sees tokens expire as the paused clock advances.
#[derive(Clone)]
pub struct AccessToken {
    secret: Arc<SecretString>,
    expires_at: Instant,
}

impl AccessToken {
    /// Wraps a token that expires at `expires_at` (on tokio's clock, such as
    /// `tokio::time::Instant::now().into_std() + lifetime`).
    pub fn new(secret: impl Into<String>, expires_at: std::time::Instant) -> Self {
        Self {
            secret: Arc::new(SecretString::from(secret.into())),
            expires_at: Instant::from_std(expires_at),
        }
    }

    /// Returns the token itself, for the `x-amz-access-token` header.
    ///
    /// Never log, print or store the result: this is the only way to read the value.
    pub fn expose_secret(&self) -> &str {
        self.secret.expose_secret()
    }

    /// When the token stops being accepted (LWA's `expires_in`, counted from when it was requested).
    pub fn expires_at(&self) -> std::time::Instant {
        self.expires_at.into_std()
    }

    /// How long the token is still valid; zero once it has expired.
    pub fn expires_in(&self) -> std::time::Duration {
        self.expires_at.saturating_duration_since(Instant::now())
    }

    /// Whether the token has expired.
    pub fn is_expired(&self) -> bool {
        Instant::now() >= self.expires_at
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("secret", &format_args!("[REDACTED]"))
            .field("expires_in_s", &self.expires_in().as_secs())
            .finish()
    }
}
