//! [`NotificationsClient`]: one HTTP pool, one grantless token cache, one set of rate limits.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, Mutex, PoisonError};

use spapi_auth::{Grant, LwaCredentials, LwaTokenProvider, RefreshToken, Scope, TokenProvider};
use spapi_http::{HttpSender, RetryPolicy};
use spapi_notification_types::DeliveryChannel;

use crate::rate_limit::{Limiter, Principal};
use crate::{Error, NotificationsClientBuilder, SellerClient};

/// A Notifications API v1 client for one application.
///
/// Cheap to clone: clones share the HTTP connection pool, the grantless token cache and the
/// rate limits. The grantless operations are methods of this type; the seller operations are on
/// the [`SellerClient`] of [`seller`](Self::seller), so a seller operation cannot be called
/// without a seller.
///
/// ```no_run
/// use spapi_notifications_client::{DestinationResourceSpecification, NotificationsClient};
///
/// # async fn run() -> Result<(), spapi_notifications_client::Error> {
/// let client = NotificationsClient::from_env()?;
/// let destination = client
///     .ensure_destination("orders", &DestinationResourceSpecification::sqs("arn:aws:sqs:us-east-1:444455556666:orders"))
///     .await?;
/// println!("deliveries go to {}", destination.destination_id);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct NotificationsClient {
    pub(crate) inner: Arc<Inner>,
}

/// What every clone of a client and its seller handles share.
pub(crate) struct Inner {
    /// The HTTP client, user agent and per-attempt timeout, shared with the LWA providers.
    pub(crate) http: HttpSender,
    /// The endpoint, without a trailing slash.
    pub(crate) base: String,
    pub(crate) sandbox: bool,
    pub(crate) retry: RetryPolicy,
    pub(crate) limiter: Limiter,
    pub(crate) grantless: Arc<dyn TokenProvider>,
    /// Grantless providers of other scopes (client-secret rotation), made on first use from
    /// `seller_template`.
    pub(crate) scoped: Mutex<HashMap<Scope, Arc<dyn TokenProvider>>>,
    /// The grantless LWA provider whose credentials and settings seller providers copy.
    pub(crate) seller_template: Option<LwaTokenProvider>,
    /// The kind of every destination this client has seen, to check subscriptions against.
    pub(crate) destination_channels: Mutex<HashMap<String, DeliveryChannel>>,
    /// Keys sellers' rate limits without keeping anything derived from a refresh token that
    /// another process could reverse: the hasher's keys are random per client.
    pub(crate) seller_keys: RandomState,
}

impl NotificationsClient {
    /// Starts configuring a client.
    pub fn builder() -> NotificationsClientBuilder {
        NotificationsClientBuilder::default()
    }

    /// A client configured from the environment (see
    /// [`NotificationsClientBuilder::with_env`]).
    ///
    /// # Errors
    ///
    /// [`Error::Auth`] naming a missing credential variable, [`Error::Config`] naming a
    /// variable with an unusable value.
    pub fn from_env() -> Result<Self, Error> {
        Self::builder().with_env()?.build()
    }

    pub(crate) fn from_inner(inner: Inner) -> Self {
        Self {
            inner: Arc::new(inner),
        }
    }

    /// A handle for the seller who issued `refresh_token`, for the seller operations.
    ///
    /// Its token provider copies the credentials and settings of this client's; it shares the
    /// HTTP pool, grantless cache and rate limits. Keep the handle (clones are cheap): each call
    /// of this method starts with an empty seller token cache. Without LWA credentials (a client
    /// built with only a grantless provider), its operations fail with [`Error::Config`]; use
    /// [`seller_with_provider`](Self::seller_with_provider) then.
    pub fn seller(&self, refresh_token: RefreshToken) -> SellerClient {
        let key = self
            .inner
            .seller_keys
            .hash_one(refresh_token.expose_secret());
        let provider = self.inner.seller_template.as_ref().map(|template| {
            Arc::new(template.with_grant(Grant::RefreshToken(refresh_token)))
                as Arc<dyn TokenProvider>
        });
        SellerClient::new(self.clone(), provider, Principal::Seller(key))
    }

    /// A handle for a seller whose tokens `provider` supplies.
    pub fn seller_with_provider(&self, provider: Arc<dyn TokenProvider>) -> SellerClient {
        // The provider's address identifies the seller for rate limits: handles sharing a
        // provider share its quota.
        let address = Arc::as_ptr(&provider).cast::<()>() as usize;
        let key = self.inner.seller_keys.hash_one(("provider", address));
        SellerClient::new(self.clone(), Some(provider), Principal::Seller(key))
    }

    /// The endpoint requests go to, without a trailing slash.
    pub fn endpoint(&self) -> &str {
        &self.inner.base
    }

    /// Whether the endpoint is a sandbox, where `sendTestNotification` is allowed.
    pub fn is_sandbox(&self) -> bool {
        self.inner.sandbox
    }

    /// The user agent sent with every request.
    pub fn user_agent(&self) -> &str {
        self.inner.http.user_agent()
    }

    /// The grantless token provider.
    pub fn grantless_provider(&self) -> &Arc<dyn TokenProvider> {
        &self.inner.grantless
    }

    /// The application's LWA credentials, when the client was built with them (not with only a
    /// grantless provider). Every LWA provider of this client shares them, so
    /// [`LwaCredentials::rotate_secret`] on them reaches all of its token requests.
    pub fn credentials(&self) -> Option<&LwaCredentials> {
        self.inner
            .seller_template
            .as_ref()
            .map(LwaTokenProvider::credentials)
    }

    /// The delivery channel of a destination this client has created or read, if any.
    pub(crate) fn known_channel(&self, destination_id: &str) -> Option<DeliveryChannel> {
        self.channels().get(destination_id).copied()
    }

    /// Remembers the kind of destinations Amazon described.
    pub(crate) fn remember_channels<'a>(
        &self,
        destinations: impl IntoIterator<Item = &'a crate::Destination>,
    ) {
        let mut channels = self.channels();
        for destination in destinations {
            if let Some(channel) = destination.channel() {
                channels.insert(destination.destination_id.clone(), channel);
            }
        }
    }

    pub(crate) fn forget_channel(&self, destination_id: &str) {
        self.channels().remove(destination_id);
    }

    fn channels(&self) -> std::sync::MutexGuard<'_, HashMap<String, DeliveryChannel>> {
        self.inner
            .destination_channels
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl Inner {
    /// The grantless provider of `scope`: the client's own for the Notifications API, one made
    /// from the client's credentials (and kept) for any other scope.
    pub(crate) fn grantless_provider(
        &self,
        scope: &Scope,
    ) -> Result<Arc<dyn TokenProvider>, Error> {
        if *scope == Scope::NOTIFICATIONS {
            return Ok(Arc::clone(&self.grantless));
        }
        let template = self.seller_template.as_ref().ok_or_else(|| {
            Error::config(
                "credentials",
                format!(
                    "a grantless token of scope {scope} needs the application's LWA credentials; \
                     build the client with credentials(..)"
                ),
            )
        })?;
        let mut scoped = self.scoped.lock().unwrap_or_else(PoisonError::into_inner);
        let provider = scoped.entry(scope.clone()).or_insert_with(|| {
            Arc::new(template.with_grant(Grant::client_credentials([scope.clone()])))
        });
        Ok(Arc::clone(provider))
    }
}

impl fmt::Debug for NotificationsClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NotificationsClient")
            .field("endpoint", &self.inner.base)
            .field("sandbox", &self.inner.sandbox)
            .field("user_agent", &self.inner.http.user_agent())
            .field("timeout", &self.inner.http.timeout())
            .field("retry", &self.inner.retry)
            .field("grantless", &self.inner.grantless)
            .finish_non_exhaustive()
    }
}
