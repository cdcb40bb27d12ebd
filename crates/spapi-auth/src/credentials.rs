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
/// After a rotation, the previous secret is kept as a fallback: LWA has been seen refusing a
/// new secret for a while after Amazon issued it, so a token request that LWA refuses with
/// `invalid_client` is sent again with the previous secret (logged at `warn`, without either
/// secret). The first token request LWA grants with the new secret drops the previous one
/// (logged at `info`).
///
/// [`rotate_secret`]: LwaCredentials::rotate_secret
#[derive(Clone)]
pub struct LwaCredentials {
    inner: Arc<Inner>,
}

struct Inner {
    client_id: String,
    secrets: RwLock<Secrets>,
}

/// The current secret and, until LWA accepts it, the one it replaced.
struct Secrets {
    current: ClientSecret,
    previous: Option<ClientSecret>,
    /// Counts rotations, so that an answer to a request sent before a rotation does not
    /// confirm the secret of a later one.
    generation: u64,
}

/// The secrets a token request may send: the current one, then the fallback.
pub(crate) struct SecretsInUse {
    pub(crate) current: ClientSecret,
    pub(crate) previous: Option<ClientSecret>,
    pub(crate) generation: u64,
}

impl LwaCredentials {
    /// Credentials from a client id and its secret.
    pub fn new(client_id: impl Into<String>, client_secret: ClientSecret) -> Self {
        Self {
            inner: Arc::new(Inner {
                client_id: client_id.into(),
                secrets: RwLock::new(Secrets {
                    current: client_secret,
                    previous: None,
                    generation: 0,
                }),
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
        self.read().current.clone()
    }

    /// Whether the secret a rotation replaced is still kept as a fallback, because LWA has not
    /// yet granted a token for the new one.
    pub fn has_previous_secret(&self) -> bool {
        self.read().previous.is_some()
    }

    /// Replaces the client secret for every clone of these credentials; the next token request
    /// of every provider sharing them sends the new one, and falls back to the one it replaces
    /// while LWA refuses the new one with `invalid_client`.
    ///
    /// Tokens already cached stay valid until they expire: LWA keeps honouring them. Rotating
    /// to the secret already current changes nothing (a notification delivered twice).
    pub fn rotate_secret(&self, new_secret: ClientSecret) {
        let mut secrets = self.write();
        if secrets.current.expose_secret() == new_secret.expose_secret() {
            return;
        }
        let previous = std::mem::replace(&mut secrets.current, new_secret);
        // Two rotations before LWA accepted the first: the older secret is the one known to work.
        if secrets.previous.is_none() {
            secrets.previous = Some(previous);
        }
        secrets.generation += 1;
        drop(secrets);
        tracing::info!(client_id = %self.client_id(), "lwa client secret rotated; the previous one is kept as a fallback until lwa accepts the new one");
    }

    pub(crate) fn in_use(&self) -> SecretsInUse {
        let secrets = self.read();
        SecretsInUse {
            current: secrets.current.clone(),
            previous: secrets.previous.clone(),
            generation: secrets.generation,
        }
    }

    /// LWA granted a token for the current secret of `generation`: the fallback goes.
    pub(crate) fn accepted(&self, generation: u64) {
        let mut secrets = self.write();
        if secrets.generation == generation && secrets.previous.take().is_some() {
            drop(secrets);
            tracing::info!(client_id = %self.client_id(), "lwa accepted the new client secret; the previous one is dropped");
        }
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Secrets> {
        self.inner
            .secrets
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Secrets> {
        self.inner
            .secrets
            .write()
            .unwrap_or_else(PoisonError::into_inner)
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
