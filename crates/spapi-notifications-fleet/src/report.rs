//! What provisioning and offboarding did, per seller and per subscription.

use spapi_notification_types::NotificationType;
use spapi_notifications_client::Subscription;

use crate::Error;

/// What [`Fleet::provision`](crate::Fleet::provision) did for one seller.
#[derive(Debug)]
#[non_exhaustive]
pub struct SellerReport {
    /// The seller's id.
    pub seller_id: String,
    /// Why nothing was done for the seller: Login with Amazon refused its refresh token
    /// (`invalid_grant` when the seller revoked the application). `subscriptions` is then
    /// empty.
    pub error: Option<Error>,
    /// One entry per subscription of the plan, in the plan's order.
    pub subscriptions: Vec<SubscriptionReport>,
}

impl SellerReport {
    /// Whether every subscription of the plan is in place (created or already there).
    pub fn succeeded(&self) -> bool {
        self.error.is_none()
            && self
                .subscriptions
                .iter()
                .all(|report| !matches!(report.status, ProvisionStatus::Failed(_)))
    }
}

/// What provisioning did for one subscription of one seller.
#[derive(Debug)]
#[non_exhaustive]
pub struct SubscriptionReport {
    /// The notification type.
    pub notification_type: NotificationType,
    /// The payload version.
    pub payload_version: String,
    /// What happened.
    pub status: ProvisionStatus,
}

/// How one subscription was provisioned.
#[derive(Debug)]
#[non_exhaustive]
pub enum ProvisionStatus {
    /// Created now, and recorded.
    Created(Subscription),
    /// The seller had it already (same payload version, destination and directive); recorded
    /// too, so that a run interrupted between creating and recording is mended by the next.
    AlreadyThere(Subscription),
    /// It could not be ensured, or it was but could not be recorded (then the next run finds
    /// it and records it).
    Failed(Error),
}

/// What [`Fleet::offboard`](crate::Fleet::offboard) did for one seller.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct OffboardReport {
    /// The seller's id.
    pub seller_id: String,
    /// Each subscription found in the registry or through `getSubscriptions`, and what became
    /// of it. Empty when nothing was left: offboarding twice is harmless.
    pub subscriptions: Vec<OffboardedSubscription>,
    /// Why the seller's token could not be used (no refresh token given, or LWA refused it):
    /// then only the registry's records were deleted, with the grantless token.
    pub token_error: Option<Error>,
    /// Notification types whose `getSubscriptions` failed, with the error; the registry's
    /// records of those types were still deleted.
    pub listing_errors: Vec<(NotificationType, Error)>,
    /// A registry failure: reading the seller's records, or forgetting a deleted one.
    pub registry_error: Option<Error>,
}

impl OffboardReport {
    /// Whether nothing of the seller is known to be left: every subscription found was
    /// deleted or already gone, every listing and the registry worked. A dead token alone
    /// does not make offboarding fail.
    pub fn succeeded(&self) -> bool {
        self.listing_errors.is_empty()
            && self.registry_error.is_none()
            && self
                .subscriptions
                .iter()
                .all(|subscription| !matches!(subscription.status, OffboardStatus::Refused(_)))
    }
}

/// One subscription offboarding found.
#[derive(Debug)]
#[non_exhaustive]
pub struct OffboardedSubscription {
    /// The notification type.
    pub notification_type: NotificationType,
    /// Amazon's id of the subscription.
    pub subscription_id: String,
    /// What became of it.
    pub status: OffboardStatus,
}

/// What `deleteSubscriptionById` made of one subscription.
#[derive(Debug)]
#[non_exhaustive]
pub enum OffboardStatus {
    /// Deleted now.
    Deleted,
    /// Amazon no longer had it (404): deleted before, by hand or by Amazon.
    AlreadyGone,
    /// Amazon refused the deletion (with the grantless token, and the seller's where it was
    /// usable), or the call failed.
    Refused(Error),
}
