//! The application's LWA credentials, shared and rotatable at runtime.

use std::fmt;
use std::sync::{Arc, PoisonError, RwLock};

use crate::env;
use crate::{ClientSecret, Error};

/// An application's LWA client id and client secret.
///
/// Cloning is cheap and every clone shares the same state, so one [`rotate_secret`] call reaches
/// every token provider built from these credentials: their next token request sends the new
/// secret, with nothing rebuilt.
///
/// ```
/// use spapi_auth::{ClientSecret, LwaCredentials};
///
/// let credentials = LwaCredentials::new("amzn1.application-oa2-client.example", ClientSecret::new("old"));
/// let shared = credentials.clone();
/// // An APPLICATION_OAUTH_CLIENT_NEW_SECRET notification arrived:
/// credentials.rotate_secret(ClientSecret::new("new"));
/// assert_eq!(shared.client_secret().expose_secret(), "new");
/// ```
///
/// [`rotate_secret`]: LwaCredentials::rotate_secret
#[derive(Clone)]
pub struct LwaCredentials {
    inner: Arc<Inner>,
}

struct Inner {
    client_id: String,
    client_secret: RwLock<ClientSecret>,
}

impl LwaCredentials {
    /// Credentials from a client id and its secret.
    pub fn new(client_id: impl Into<String>, client_secret: ClientSecret) -> Self {
        Self {
            inner: Arc::new(Inner {
                client_id: client_id.into(),
                client_secret: RwLock::new(client_secret),
            }),
        }
    }

    /// Reads `LWA_APP_ID` (or, if it is unset, `LWA_CLIENT_ID`) and `LWA_CLIENT_SECRET`.
    ///
    /// # Errors
    ///
    /// [`Error::MissingEnv`] naming the first variable that is unset or empty,
    /// [`Error::InvalidEnv`] if one is not valid Unicode.
    pub fn from_env() -> Result<Self, Error> {
        let client_id = env::require(&[env::APP_ID, env::CLIENT_ID])?;
        let client_secret = env::require(&[env::CLIENT_SECRET])?;
        Ok(Self::new(client_id, ClientSecret::new(client_secret)))
    }

    /// The client id (`amzn1.application-oa2-client.…`); not a secret.
    pub fn client_id(&self) -> &str {
        &self.inner.client_id
    }

    /// The current client secret.
    pub fn client_secret(&self) -> ClientSecret {
        self.inner
            .client_secret
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Replaces the client secret for every clone of these credentials; the next token request
    /// of every provider sharing them sends the new one.
    ///
    /// Tokens already cached stay valid until they expire: LWA keeps honouring them.
    pub fn rotate_secret(&self, new_secret: ClientSecret) {
        *self
            .inner
            .client_secret
            .write()
            .unwrap_or_else(PoisonError::into_inner) = new_secret;
        tracing::info!(client_id = %self.client_id(), "lwa client secret rotated");
    }
}

impl fmt::Debug for LwaCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LwaCredentials")
            .field("client_id", &self.inner.client_id)
            .field("client_secret", &format_args!("[REDACTED]"))
            .finish()
    }
}
