//! [`Fleet::provision`]: every seller's subscriptions, sellers side by side.

use futures_core::Stream;
use futures_util::StreamExt as _;
use spapi_notifications_client::{
    CreateSubscriptionRequest, Error as ClientError, GetSubscriptionsQuery, SellerClient,
    Subscription,
};

use crate::{
    Fleet, ProvisionPlan, ProvisionStatus, Seller, SellerReport, SubscriptionRecord,
    SubscriptionReport, SubscriptionSpec,
};

/// The statuses told apart here, by number: the client's status type is another crate's.
pub(crate) const NOT_FOUND: u16 = 404;
const CONFLICT: u16 = 409;

impl Fleet {
    /// Ensures `plan`'s subscriptions for every seller of `sellers`, [`concurrency`]
    /// sellers at a time, yielding each seller's report as it finishes (not in input order).
    ///
    /// Sellers are read from the stream only as work frees up, so a stream of millions is
    /// never held in memory. Per seller: one LWA request for its token (a refused refresh
    /// token fails that seller alone, in [`SellerReport::error`]); then each subscription,
    /// side by side, is found with `getSubscriptions` or created with `createSubscription`
    /// (a 409 from a concurrent creation is settled by looking again), and recorded in the
    /// registry. A failure stays with its subscription. Running it again creates nothing that
    /// exists.
    ///
    /// [`concurrency`]: crate::FleetBuilder::concurrency
    pub fn provision<'a, S>(
        &'a self,
        plan: &'a ProvisionPlan,
        sellers: S,
    ) -> impl Stream<Item = SellerReport> + Send + 'a
    where
        S: Stream<Item = Seller> + Send + 'a,
    {
        sellers
            .map(move |seller| self.provision_seller(plan, seller))
            .buffer_unordered(self.concurrency)
    }

    /// [`provision`](Self::provision) of an iterator of sellers, handing each seller's report
    /// to `on_report` as it finishes: no `Stream` to drive.
    pub async fn provision_each<I>(
        &self,
        plan: &ProvisionPlan,
        sellers: I,
        mut on_report: impl FnMut(SellerReport) + Send,
    ) where
        I: IntoIterator<Item = Seller>,
        I::IntoIter: Send,
    {
        let mut reports = std::pin::pin!(self.provision(plan, futures_util::stream::iter(sellers)));
        while let Some(report) = reports.next().await {
            on_report(report);
        }
    }

    /// Ensures `plan`'s subscriptions for one seller (see [`provision`](Self::provision)).
    pub async fn provision_seller(&self, plan: &ProvisionPlan, seller: Seller) -> SellerReport {
        let Seller {
            seller_id,
            refresh_token,
        } = seller;
        let handle = self.client.seller(refresh_token);
        // The token first: a refused refresh token is the seller's failure, not each type's,
        // and the subscriptions below share the one token it fetches.
        if let Some(provider) = handle.provider()
            && let Err(error) = provider.access_token().await
        {
            tracing::debug!(seller_id, %error, "the seller's token was refused");
            return SellerReport {
                seller_id,
                error: Some(error.into()),
                subscriptions: Vec::new(),
            };
        }
        let ensured = plan
            .subscriptions
            .iter()
            .map(|spec| self.provision_subscription(&handle, &seller_id, plan, spec));
        let subscriptions = futures_util::future::join_all(ensured).await;
        SellerReport {
            seller_id,
            error: None,
            subscriptions,
        }
    }

    async fn provision_subscription(
        &self,
        handle: &SellerClient,
        seller_id: &str,
        plan: &ProvisionPlan,
        spec: &SubscriptionSpec,
    ) -> SubscriptionReport {
        let request = spec.request(&plan.destination_id);
        let status = match ensure(handle, spec, &request).await {
            Ok(status) => self.record(seller_id, spec, status).await,
            Err(error) => ProvisionStatus::Failed(error.into()),
        };
        SubscriptionReport {
            notification_type: spec.notification_type.clone(),
            payload_version: spec.payload_version.clone(),
            status,
        }
    }

    /// Records a subscription that is in place; a registry failure fails it.
    async fn record(
        &self,
        seller_id: &str,
        spec: &SubscriptionSpec,
        status: ProvisionStatus,
    ) -> ProvisionStatus {
        let (ProvisionStatus::Created(subscription) | ProvisionStatus::AlreadyThere(subscription)) =
            &status
        else {
            return status;
        };
        let record = SubscriptionRecord::new(
            seller_id,
            spec.notification_type.clone(),
            &subscription.payload_version,
            &subscription.subscription_id,
            &subscription.destination_id,
        );
        match self.registry.record(&record).await {
            Ok(()) => status,
            Err(error) => ProvisionStatus::Failed(error),
        }
    }
}

/// The subscription `request` describes: found, or created. Unlike the client's
/// `ensure_subscription`, it says which.
async fn ensure(
    handle: &SellerClient,
    spec: &SubscriptionSpec,
    request: &CreateSubscriptionRequest,
) -> Result<ProvisionStatus, ClientError> {
    let notification_type = &spec.notification_type;
    // Refused before anything is sent, as creating it would be.
    request.validate(notification_type)?;
    if let Some(found) = find(handle, spec, request).await? {
        return Ok(ProvisionStatus::AlreadyThere(found));
    }
    match handle.create_subscription(notification_type, request).await {
        Ok(created) => Ok(ProvisionStatus::Created(created.into_inner())),
        // Created meanwhile by someone else; the client settles the race (or returns the 409
        // of a different subscription to the same type and version).
        Err(error) if is_status(&error, CONFLICT) => handle
            .ensure_subscription(notification_type, request)
            .await
            .map(|found| ProvisionStatus::AlreadyThere(found.into_inner())),
        Err(error) => Err(error),
    }
}

/// The seller's subscription satisfying `request`, if any.
async fn find(
    handle: &SellerClient,
    spec: &SubscriptionSpec,
    request: &CreateSubscriptionRequest,
) -> Result<Option<Subscription>, ClientError> {
    let query = GetSubscriptionsQuery::new(spec.notification_type.clone())
        .payload_version(&spec.payload_version);
    let mut pages = std::pin::pin!(handle.subscriptions(query));
    loop {
        match pages.next().await {
            Some(Ok(subscription)) if request.is_satisfied_by(&subscription) => {
                return Ok(Some(subscription));
            }
            Some(Ok(_)) => {}
            // None at all to the type.
            Some(Err(error)) if is_status(&error, NOT_FOUND) => return Ok(None),
            Some(Err(error)) => return Err(error),
            None => return Ok(None),
        }
    }
}

pub(crate) fn is_status(error: &ClientError, status: u16) -> bool {
    error.status().is_some_and(|found| found.as_u16() == status)
}
