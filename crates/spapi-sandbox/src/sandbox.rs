//! The running sandbox: its URLs and credentials, and the knobs tests turn while it runs.

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::delivery::{self, Addressee, Publication, Published};
use crate::faults::{Fault, Faults};
use crate::state::{Shared, lock};
use crate::{Error, Queue, RequestRecord, SandboxBuilder, Seller};

/// A local stand-in for Login with Amazon and the SP-API Notifications API, running on
/// 127.0.0.1 until dropped or [shut down](Self::shutdown).
///
/// Point an SP-API client at [`base_url`](Self::base_url) and its LWA token provider at
/// [`token_url`](Self::token_url), with [`client_id`](Self::client_id),
/// [`client_secret`](Self::client_secret) and a seller's [`refresh_token`](Self::refresh_token).
/// See the [crate documentation](crate) for the behaviour it reproduces.
pub struct Sandbox {
    shared: Arc<Shared>,
    addr: SocketAddr,
    base_url: String,
    token_url: String,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// Starts a sandbox with the default settings: random credentials, one seller, one-hour
    /// tokens, SP-API's rate limits, no faults, in-process delivery.
    ///
    /// # Errors
    ///
    /// [`Error::Bind`] if no port could be opened on 127.0.0.1.
    pub async fn start() -> Result<Self, Error> {
        Self::builder().start().await
    }

    /// A builder for other settings.
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder::default()
    }

    pub(crate) fn new(
        shared: Arc<Shared>,
        addr: SocketAddr,
        shutdown: oneshot::Sender<()>,
        server: JoinHandle<()>,
    ) -> Self {
        Self {
            shared,
            addr,
            base_url: format!("http://{addr}"),
            token_url: format!("http://{addr}{}", crate::lwa::TOKEN_PATH),
            shutdown: Some(shutdown),
            server: Some(server),
        }
    }

    /// The SP-API endpoint, e.g. `http://127.0.0.1:41234` (no trailing slash); operations are
    /// under `/notifications/v1`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// LWA's token endpoint, e.g. `http://127.0.0.1:41234/auth/o2/token`.
    pub fn token_url(&self) -> &str {
        &self.token_url
    }

    /// The address the sandbox listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The application's LWA client id.
    pub fn client_id(&self) -> &str {
        &self.shared.config.client_id
    }

    /// The application's LWA client secret, as the sandbox started (see
    /// [`current_client_secret`](Self::current_client_secret) after a rotation).
    pub fn client_secret(&self) -> &str {
        &self.shared.config.client_secret
    }

    /// The application id, as in notifications' metadata.
    pub fn application_id(&self) -> &str {
        &self.shared.config.application_id
    }

    /// Every registered seller, the default one first.
    pub fn sellers(&self) -> &[Seller] {
        &self.shared.config.sellers
    }

    /// [`Error::UnknownSeller`] unless `seller_id` is registered.
    fn known_seller(&self, seller_id: &str) -> Result<(), Error> {
        if self
            .sellers()
            .iter()
            .any(|seller| seller.seller_id == seller_id)
        {
            Ok(())
        } else {
            Err(Error::UnknownSeller {
                seller_id: seller_id.to_owned(),
            })
        }
    }

    /// The default seller's id.
    pub fn seller_id(&self) -> &str {
        &self.default_seller().seller_id
    }

    /// The default seller's refresh token.
    pub fn refresh_token(&self) -> &str {
        &self.default_seller().refresh_token
    }

    fn default_seller(&self) -> &Seller {
        // The builder always registers at least one seller.
        &self.shared.config.sellers[0]
    }

    /// The in-process queue of the SQS queue `arn`: where notifications for SQS destinations
    /// with that ARN land (unless an SQS endpoint is configured, with the `sqs` feature).
    pub fn queue(&self, arn: &str) -> Queue {
        self.shared.deliverer.queues.get(arn)
    }

    /// The in-process queue of the EventBridge partner event source of AWS account
    /// `account_id` (`aws.partner/sellingpartnerapi.amazon.com/ACCOUNT_ID/APPLICATION_ID`): the
    /// EventBridge events of EventBridge destinations for that account, their `detail` being the
    /// notification.
    pub fn event_source(&self, account_id: &str) -> Queue {
        let name = format!(
            "aws.partner/sellingpartnerapi.amazon.com/{account_id}/{}",
            self.application_id()
        );
        self.shared.deliverer.queues.get(&name)
    }

    /// Delivers a notification to every subscription of the seller to its type, as Amazon does
    /// when something happens: a realistic example of the type
    /// ([`Publication::Example`], from a [`NotificationType`](spapi_notification_types::NotificationType))
    /// or a body of your own ([`Publication::raw`]). Processing directives are not evaluated:
    /// every subscription of the seller to the type receives the notification. Deliveries
    /// Amazon could not make are left out of the result and listed in
    /// [`undelivered`](Self::undelivered).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownSeller`], [`Error::NotSubscribed`] when the seller has no subscription to
    /// the type, [`Error::Delivery`] when a queue could not be written to.
    pub async fn publish(
        &self,
        publication: impl Into<Publication>,
        seller_id: &str,
    ) -> Result<Vec<Published>, Error> {
        let publication = publication.into();
        let notification_type = publication.notification_type();
        self.known_seller(seller_id)?;
        let targets: Vec<_> = {
            let store = self.shared.store();
            store
                .subscriptions_to(notification_type, Some(seller_id))
                .filter_map(|stored| {
                    let destination = store
                        .destination(&stored.subscription.destination_id)
                        .ok()?;
                    Some((stored.subscription.clone(), destination.clone()))
                })
                .collect()
        };
        if targets.is_empty() {
            return Err(Error::NotSubscribed {
                seller_id: seller_id.to_owned(),
                notification_type: notification_type.clone(),
            });
        }
        let mut published = Vec::with_capacity(targets.len());
        for (subscription, destination) in targets {
            let notification = match &publication {
                Publication::Example(_) => delivery::example(Addressee {
                    notification_type,
                    payload_version: &subscription.payload_version,
                    subscription_id: &subscription.subscription_id,
                    application_id: self.application_id(),
                    scenario: None,
                }),
                Publication::Raw { body, .. } => body.clone(),
            };
            let Some((target, body)) = self
                .shared
                .deliverer
                .deliver(&destination, notification_type, notification)
                .await?
            else {
                continue;
            };
            published.push(Published {
                subscription_id: subscription.subscription_id,
                destination_id: destination.destination_id,
                target,
                body,
            });
        }
        Ok(published)
    }

    /// The notifications not delivered because Amazon could not have (a queue policy that
    /// does not let it send, with [`check_queue_policies`](SandboxBuilder::check_queue_policies)),
    /// each with the reason; `sendTestNotification` still answers 200 for them, as Amazon does.
    pub fn undelivered(&self) -> Vec<crate::Undelivered> {
        lock(&self.shared.deliverer.undelivered).clone()
    }

    /// Replaces the random faults in force.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for rates outside 0 to 1; the faults in force are then kept.
    pub fn set_faults(&self, faults: Faults) -> Result<(), Error> {
        if let Some(problem) = faults.problem() {
            return Err(Error::Config {
                setting: "faults",
                problem,
            });
        }
        self.shared.faults.set(faults);
        Ok(())
    }

    /// Makes the next `count` requests in scope of the faults (the Notifications API, and LWA
    /// when [`Faults::include_lwa`] is set) fail with `failure`, before any random fault.
    pub fn fail_next(&self, count: usize, failure: Fault) {
        self.shared.faults.fail_next(count, failure);
    }

    /// Expires every access token issued so far, as if an hour had passed: the next request
    /// with one of them gets a 403 saying the token has expired.
    pub fn expire_tokens(&self) {
        self.shared.tokens.expire_all();
    }

    /// The client secret LWA takes now: [`client_secret`](Self::client_secret) until
    /// `rotateApplicationClientSecret` replaces it.
    pub fn current_client_secret(&self) -> String {
        self.shared.secrets.current()
    }

    /// How many times `rotateApplicationClientSecret` has been called.
    pub fn client_secret_rotations(&self) -> usize {
        self.shared.secrets.rotations()
    }

    /// Sets the destination of the application's own notifications
    /// (`APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY`, `APPLICATION_OAUTH_CLIENT_NEW_SECRET`), as the
    /// Developer Console's "Notification Preferences" do: they need no subscription. Without
    /// one, they are not delivered.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when no destination has that id.
    pub fn set_application_destination(&self, destination_id: &str) -> Result<(), Error> {
        if self.shared.store().destination(destination_id).is_err() {
            return Err(crate::rotation::application_destination_gone(
                destination_id,
            ));
        }
        self.shared
            .secrets
            .set_application_destination(destination_id);
        Ok(())
    }

    /// Sends an `APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY` notice to the application's
    /// destination for the current secret, which expires 180 days after it was issued (Amazon
    /// sends such notices 90, 60, 30, 15, 7 and 1 day ahead, all with the same expiry time).
    ///
    /// # Errors
    ///
    /// [`Error::Delivery`] when the queue could not be written to, [`Error::Config`] when the
    /// application destination was deleted.
    pub async fn notify_client_secret_expiry(&self) -> Result<(), Error> {
        crate::rotation::notify_expiry(&self.shared).await
    }

    /// Ends the previous client secret's grace period now: LWA refuses it from here on.
    pub fn expire_previous_client_secret(&self) {
        self.shared.secrets.expire_previous();
    }

    /// The seller revokes the application: LWA answers the seller's refresh token with
    /// `invalid_grant` from now on. Access tokens already issued keep working until they expire.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownSeller`] for a seller not registered.
    pub fn revoke(&self, seller_id: &str) -> Result<(), Error> {
        self.known_seller(seller_id)?;
        self.shared.secrets.revoke(seller_id);
        Ok(())
    }

    /// Every request answered so far, in order (a request is logged once its answer is ready).
    pub fn requests(&self) -> Vec<RequestRecord> {
        lock(&self.shared.log).clone()
    }

    /// Stops accepting connections and closes the open ones; dropping the sandbox does the same
    /// without waiting.
    pub async fn shutdown(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        // Dropping the sender stops the server task.
        self.shutdown.take();
    }
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("base_url", &self.base_url)
            .field("token_url", &self.token_url)
            .field("config", &self.shared.config)
            .finish_non_exhaustive()
    }
}
