//! [`SandboxClients`]: clients of a [`Sandbox`], made here because the sandbox crate does not
//! depend on the client (dependencies point one way) and this facade knows both.

use spapi_auth::{ClientSecret, LwaCredentials};
use spapi_notifications_client::{NotificationsClient, NotificationsClientBuilder};
use spapi_sandbox::Sandbox;

/// Clients of a [`Sandbox`]: its application's credentials and a client builder aimed at it.
///
/// ```
/// use spapi_notifications::prelude::*;
/// use spapi_notifications::client::RateLimits;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let sandbox = Sandbox::start().await?;
/// let client = sandbox
///     .client_builder()
///     .rate_limits(RateLimits::default())
///     .build()?;
/// assert!(client.is_sandbox());
/// assert!(client.get_destinations().await?.is_empty());
/// let seller = client.seller(RefreshToken::new(sandbox.refresh_token()));
/// # let _ = seller;
/// # Ok(())
/// # }
/// ```
pub trait SandboxClients {
    /// The sandbox application's LWA credentials (client id and secret).
    fn lwa_credentials(&self) -> LwaCredentials;

    /// A [`NotificationsClient`] builder with the sandbox's Notifications API endpoint, its
    /// LWA token URL and its application's credentials set; add rate limits, timeouts or a
    /// user agent, then [`build`](NotificationsClientBuilder::build).
    fn client_builder(&self) -> NotificationsClientBuilder;
}

impl SandboxClients for Sandbox {
    fn lwa_credentials(&self) -> LwaCredentials {
        LwaCredentials::new(self.client_id(), ClientSecret::new(self.client_secret()))
    }

    fn client_builder(&self) -> NotificationsClientBuilder {
        // Both URLs are formatted by the sandbox from the address it listens on.
        NotificationsClient::builder()
            .endpoint(self.base_url())
            .token_url(self.token_url())
            .credentials(self.lwa_credentials())
    }
}
