//! [`SecretRotation`]: the client secret rotated end to end, driven by Amazon's two
//! notifications.

use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::sync::Arc;
use std::time::Duration;

use spapi_auth::{ClientSecret, LwaCredentials, SecretStore};
use spapi_notification_types::chrono::SecondsFormat;
use spapi_notification_types::{
    ApplicationOAuthClientNewSecret, ApplicationOAuthClientSecretExpiry, Notification, Payload,
};
use spapi_notifications_client::NotificationsClient;

use crate::{DEFAULT_ROTATION_LEASE, Error, MemoryLedger, RotationClaim, RotationLedger};

/// What [`SecretRotation::handle`] did with a notification.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RotationStep {
    /// An expiry notice: `rotateApplicationClientSecret` was called; the new secret comes in an
    /// `APPLICATION_OAUTH_CLIENT_NEW_SECRET` notification.
    Rotated,
    /// An expiry notice for a secret already rotated (Amazon repeats them 90, 60, 30, 15, 7
    /// and 1 day ahead), or being rotated by another consumer: nothing was called.
    AlreadyRotated,
    /// A new secret: persisted through the [`SecretStore`], then swapped into the credentials.
    Swapped,
    /// A new secret that is already the current one (the notification delivered twice).
    AlreadySwapped,
    /// A notification of the rotation for another application (client id): ignored.
    OtherApplication,
    /// Not a rotation notification: ignored.
    NotRotation,
}

/// Rotates the application's LWA client secret when Amazon says so.
///
/// - On `APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY` it calls `rotateApplicationClientSecret`,
///   once per expiring secret: the later notices for the same expiry time, and notices that
///   arrive while a rotation is in flight, call nothing.
/// - On `APPLICATION_OAUTH_CLIENT_NEW_SECRET` it hands the new secret to the
///   [`SecretStore`] first, then swaps it into the client's [`LwaCredentials`]: every token
///   provider of the client and its seller handles sends it from their next token request,
///   with the previous secret as a fallback until LWA accepts the new one.
///
/// A failure (the rotation call, the store) is returned, so that the notification is not
/// deleted and comes back. Which secrets were rotated is kept in a [`RotationLedger`]: a
/// [`MemoryLedger`] unless [`with_ledger`](Self::with_ledger) says otherwise, right for one
/// consumer; consumers on many machines share a `DynamoDbLedger` (feature `dynamodb`), and
/// then one of them rotates, whichever receives the notice first.
///
/// ```no_run
/// # use std::sync::Arc;
/// # use spapi_notification_types::Notification;
/// # use spapi_notifications_fleet::{RotationStep, SecretRotation};
/// # async fn run(
/// #     client: spapi_notifications_client::NotificationsClient,
/// #     store: Arc<dyn spapi_auth::SecretStore>,
/// #     notification: Notification,
/// # ) -> Result<(), spapi_notifications_fleet::Error> {
/// let rotation = SecretRotation::new(client, store)?;
/// // In the queue consumer's handler, for every notification:
/// match rotation.handle(&notification).await? {
///     RotationStep::NotRotation => { /* another handler's notification */ }
///     step => tracing::info!(?step, "client secret rotation"),
/// }
/// # Ok(()) }
/// ```
pub struct SecretRotation {
    client: NotificationsClient,
    credentials: LwaCredentials,
    store: Arc<dyn SecretStore>,
    ledger: Arc<dyn RotationLedger>,
    /// Who this is in the ledger: random, so that no two instances share it.
    owner: u64,
    lease: Duration,
}

impl SecretRotation {
    /// A rotation of `client`'s credentials, persisting new secrets in `store`.
    ///
    /// # Errors
    ///
    /// [`Error::NoCredentials`] when the client was built with only a grantless provider.
    pub fn new(client: NotificationsClient, store: Arc<dyn SecretStore>) -> Result<Self, Error> {
        let credentials = client.credentials().cloned().ok_or(Error::NoCredentials)?;
        Ok(Self {
            client,
            credentials,
            store,
            ledger: Arc::new(MemoryLedger::new()),
            owner: RandomState::new().hash_one(std::process::id()),
            lease: DEFAULT_ROTATION_LEASE,
        })
    }

    /// Records rotations in `ledger` (shared by every consumer of the notices) instead of
    /// this value's memory.
    #[must_use]
    pub fn with_ledger(mut self, ledger: Arc<dyn RotationLedger>) -> Self {
        self.ledger = ledger;
        self
    }

    /// How long a claimed rotation holds off the other consumers if this one neither finishes
    /// nor fails it (it died): [`DEFAULT_ROTATION_LEASE`] unless set.
    #[must_use]
    pub fn with_lease(mut self, lease: Duration) -> Self {
        self.lease = lease;
        self
    }

    /// The credentials new secrets are swapped into.
    pub fn credentials(&self) -> &LwaCredentials {
        &self.credentials
    }

    /// Acts on a rotation notification (see [`RotationStep`]); other notifications are
    /// [`RotationStep::NotRotation`].
    ///
    /// # Errors
    ///
    /// [`Error::Api`] when `rotateApplicationClientSecret` failed, [`Error::SecretStore`] when
    /// the store could not persist the new secret (the credentials are then left alone),
    /// [`Error::Ledger`] when the ledger failed (after a rotation: it was called, and the
    /// notice delivered again finds the claim and calls nothing).
    pub async fn handle(&self, notification: &Notification) -> Result<RotationStep, Error> {
        match &notification.payload {
            Payload::ApplicationOAuthClientSecretExpiry(expiry) => self.on_expiry(expiry).await,
            Payload::ApplicationOAuthClientNewSecret(new) => self.on_new_secret(new).await,
            _ => Ok(RotationStep::NotRotation),
        }
    }

    /// Calls `rotateApplicationClientSecret` now, whatever notices said (the CLI's
    /// `secret rotate`); the new secret arrives as a notification.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] naming how the call failed.
    pub async fn rotate(&self) -> Result<(), Error> {
        self.client.rotate_application_client_secret().await?;
        tracing::info!(
            client_id = self.credentials.client_id(),
            "client secret rotation requested"
        );
        Ok(())
    }

    async fn on_expiry(
        &self,
        expiry: &ApplicationOAuthClientSecretExpiry,
    ) -> Result<RotationStep, Error> {
        if expiry.client_id != self.credentials.client_id() {
            return Ok(RotationStep::OtherApplication);
        }
        let expires_at = expiry
            .client_secret_expiry_time
            .to_rfc3339_opts(SecondsFormat::AutoSi, true);
        let key = format!("{}#{expires_at}", expiry.client_id);
        match self.ledger.claim(&key, self.owner, self.lease).await? {
            RotationClaim::Acquired => {}
            claim => {
                tracing::debug!(%expires_at, ?claim, "client secret already rotated for this expiry");
                return Ok(RotationStep::AlreadyRotated);
            }
        }
        if let Err(error) = self.rotate().await {
            // Not rotated: the notice, delivered again, tries again.
            if let Err(release) = self.ledger.release(&key, self.owner).await {
                tracing::warn!(error = %release, "the failed rotation's claim stays until its lease ends");
            }
            return Err(error);
        }
        // Rotated; should recording it fail, the claim's lease still holds the others off.
        self.ledger.complete(&key, self.owner).await?;
        Ok(RotationStep::Rotated)
    }

    async fn on_new_secret(
        &self,
        new: &ApplicationOAuthClientNewSecret,
    ) -> Result<RotationStep, Error> {
        if new.client_id != self.credentials.client_id() {
            return Ok(RotationStep::OtherApplication);
        }
        let secret = ClientSecret::from(new.new_client_secret.clone());
        if self.credentials.client_secret().expose_secret() == secret.expose_secret() {
            return Ok(RotationStep::AlreadySwapped);
        }
        self.store
            .save(self.credentials.client_id(), &secret)
            .await
            .map_err(Error::SecretStore)?;
        self.credentials.rotate_secret(secret);
        Ok(RotationStep::Swapped)
    }
}

impl fmt::Debug for SecretRotation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretRotation")
            .field("credentials", &self.credentials)
            .field("store", &self.store)
            .field("ledger", &self.ledger)
            .field("lease", &self.lease)
            .finish_non_exhaustive()
    }
}
