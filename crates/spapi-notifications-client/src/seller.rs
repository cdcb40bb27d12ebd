//! [`SellerClient`]: the operations that act for one seller, with that seller's token.

use std::fmt;
use std::sync::Arc;

use spapi_auth::TokenProvider;

use crate::rate_limit::Principal;
use crate::transport::{Call, Credential};
use crate::{Error, NotificationsClient, Operation};

/// The Notifications API for one seller: `getSubscriptions`, `getSubscription`,
/// `createSubscription`, and `deleteSubscriptionById` with a fallback to the seller's token.
///
/// Made by [`NotificationsClient::seller`] or [`NotificationsClient::seller_with_provider`].
/// Cheap to clone; shares the client's HTTP pool, grantless token cache and rate limits, and
/// counts its requests against the seller's own quota.
///
/// ```no_run
/// use spapi_auth::RefreshToken;
/// use spapi_notification_types::NotificationType;
/// use spapi_notifications_client::{CreateSubscriptionRequest, NotificationsClient};
///
/// # async fn run(client: NotificationsClient, destination_id: &str) -> Result<(), spapi_notifications_client::Error> {
/// let seller = client.seller(RefreshToken::new("Atzr|..."));
/// let subscription = seller
///     .ensure_subscription(
///         &NotificationType::ReportProcessingFinished,
///         &CreateSubscriptionRequest::new("1.0", destination_id),
///     )
///     .await?;
/// println!("subscribed: {}", subscription.subscription_id);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct SellerClient {
    client: NotificationsClient,
    /// `None` when the client has no LWA credentials to exchange the refresh token with.
    provider: Option<Arc<dyn TokenProvider>>,
    principal: Principal,
}

impl SellerClient {
    pub(crate) fn new(
        client: NotificationsClient,
        provider: Option<Arc<dyn TokenProvider>>,
        principal: Principal,
    ) -> Self {
        Self {
            client,
            provider,
            principal,
        }
    }

    /// The application's client, for the grantless operations.
    pub fn client(&self) -> &NotificationsClient {
        &self.client
    }

    /// The seller's token provider, if the client could build one.
    pub fn provider(&self) -> Option<&Arc<dyn TokenProvider>> {
        self.provider.as_ref()
    }

    pub(crate) fn credential(&self) -> Result<Credential<'_>, Error> {
        let provider = self.provider.as_deref().ok_or_else(|| {
            Error::config(
                "credentials",
                "seller(refresh_token) needs the application's LWA credentials to exchange the \
                 refresh token; build the client with credentials(..) or use \
                 seller_with_provider(..)",
            )
        })?;
        Ok(Credential {
            provider,
            principal: self.principal,
        })
    }

    /// `operation` on `path`, acting for this seller.
    pub(crate) fn call(&self, operation: Operation, path: String) -> Result<Call<'_>, Error> {
        Ok(Call::new(operation, path).for_seller(self.credential()?))
    }
}

impl fmt::Debug for SellerClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SellerClient")
            .field("client", &self.client)
            .field("provider", &self.provider)
            .finish_non_exhaustive()
    }
}
