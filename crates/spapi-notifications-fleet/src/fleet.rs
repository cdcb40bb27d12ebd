//! [`Fleet`]: one application's client and registry, and how many sellers run at once.

use std::sync::Arc;

use spapi_notifications_client::NotificationsClient;

use crate::{MemoryRegistry, SubscriptionRegistry};

/// How many sellers [`Fleet::provision`] works on at once unless told.
pub const DEFAULT_CONCURRENCY: usize = 16;

/// Provisions and offboards many sellers with one application's client.
///
/// Cheap to clone. Rate limits are the client's: a bucket per operation and seller, so sellers
/// proceed side by side while each one's quota is respected, and the application's grantless
/// quota is shared by all.
///
/// ```no_run
/// use futures_util::StreamExt;
/// use spapi_auth::RefreshToken;
/// use spapi_notification_types::NotificationType;
/// use spapi_notifications_client::NotificationsClient;
/// use spapi_notifications_fleet::{Fleet, ProvisionPlan, Seller, SubscriptionSpec};
///
/// # async fn run(client: NotificationsClient, destination_id: String) {
/// let fleet = Fleet::builder(client).concurrency(32).build();
/// let plan = ProvisionPlan::new(destination_id, [
///     SubscriptionSpec::new(NotificationType::ReportProcessingFinished, "1.0"),
///     SubscriptionSpec::new(NotificationType::FeedProcessingFinished, "1.0"),
/// ]);
/// let sellers = futures_util::stream::iter([
///     Seller::new("A3TH9S8BH6GOGM", RefreshToken::new("Atzr|...")),
/// ]);
/// let mut reports = std::pin::pin!(fleet.provision(&plan, sellers));
/// while let Some(report) = reports.next().await {
///     println!("{}: {}", report.seller_id, if report.succeeded() { "done" } else { "failed" });
/// }
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct Fleet {
    pub(crate) client: NotificationsClient,
    pub(crate) registry: Arc<dyn SubscriptionRegistry>,
    pub(crate) concurrency: usize,
}

/// Settings of a [`Fleet`].
#[derive(Debug)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct FleetBuilder {
    fleet: Fleet,
}

impl Fleet {
    /// Settings for a fleet of `client`'s application, with a [`MemoryRegistry`] and
    /// [`DEFAULT_CONCURRENCY`].
    pub fn builder(client: NotificationsClient) -> FleetBuilder {
        FleetBuilder {
            fleet: Self {
                client,
                registry: Arc::new(MemoryRegistry::new()),
                concurrency: DEFAULT_CONCURRENCY,
            },
        }
    }

    /// The application's client.
    pub fn client(&self) -> &NotificationsClient {
        &self.client
    }

    /// The registry subscriptions are recorded in.
    pub fn registry(&self) -> &Arc<dyn SubscriptionRegistry> {
        &self.registry
    }

    /// How many sellers are worked on at once.
    pub fn concurrency(&self) -> usize {
        self.concurrency
    }
}

impl FleetBuilder {
    /// Where subscriptions are recorded (a [`MemoryRegistry`] unless set).
    pub fn registry(mut self, registry: Arc<dyn SubscriptionRegistry>) -> Self {
        self.fleet.registry = registry;
        self
    }

    /// How many sellers are worked on at once (at least 1; [`DEFAULT_CONCURRENCY`] unless
    /// set). Each seller's subscriptions are ensured side by side too.
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.fleet.concurrency = concurrency.max(1);
        self
    }

    /// The fleet.
    pub fn build(self) -> Fleet {
        self.fleet
    }
}
