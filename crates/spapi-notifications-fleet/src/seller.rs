//! [`Seller`]: who to provision, and [`SubscriptionSpec`]/[`ProvisionPlan`]: what.

use std::fmt;

use spapi_auth::RefreshToken;
use spapi_notification_types::NotificationType;
use spapi_notifications_client::{CreateSubscriptionRequest, ProcessingDirective};

/// A seller who authorized the application: its selling partner id and refresh token.
///
/// `Debug` shows the id only.
#[derive(Clone)]
#[non_exhaustive]
pub struct Seller {
    /// The seller's id, the key of the registry.
    pub seller_id: String,
    /// The refresh token of the seller's authorization.
    pub refresh_token: RefreshToken,
}

impl Seller {
    /// The seller `seller_id`, authorized with `refresh_token`.
    pub fn new(seller_id: impl Into<String>, refresh_token: RefreshToken) -> Self {
        Self {
            seller_id: seller_id.into(),
            refresh_token,
        }
    }
}

impl fmt::Debug for Seller {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Seller")
            .field("seller_id", &self.seller_id)
            .finish_non_exhaustive()
    }
}

/// One subscription every seller gets: a notification type, its payload version and an
/// optional processing directive.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SubscriptionSpec {
    /// The notification type.
    pub notification_type: NotificationType,
    /// The payload version, e.g. `"1.0"`.
    pub payload_version: String,
    /// Filtering or aggregation, if any.
    pub processing_directive: Option<ProcessingDirective>,
}

impl SubscriptionSpec {
    /// `notification_type` in `payload_version`, without a processing directive.
    pub fn new(notification_type: NotificationType, payload_version: impl Into<String>) -> Self {
        Self {
            notification_type,
            payload_version: payload_version.into(),
            processing_directive: None,
        }
    }

    /// `notification_type` in its current payload version, `None` for a type whose versions
    /// this version does not know.
    pub fn current(notification_type: NotificationType) -> Option<Self> {
        let version = *notification_type.payload_versions().first()?;
        Some(Self::new(notification_type, version))
    }

    /// The same subscription with `directive`.
    #[must_use]
    pub fn processing_directive(mut self, directive: ProcessingDirective) -> Self {
        self.processing_directive = Some(directive);
        self
    }

    /// The `createSubscription` body for `destination_id`.
    pub fn request(&self, destination_id: &str) -> CreateSubscriptionRequest {
        let request = CreateSubscriptionRequest::new(&self.payload_version, destination_id);
        match &self.processing_directive {
            Some(directive) => request.processing_directive(directive.clone()),
            None => request,
        }
    }
}

/// What [`Fleet::provision`](crate::Fleet::provision) ensures for every seller: these
/// subscriptions, delivered to one destination.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProvisionPlan {
    /// The destination every subscription delivers to (created once per application, with
    /// `ensure_destination`).
    pub destination_id: String,
    /// The subscriptions.
    pub subscriptions: Vec<SubscriptionSpec>,
}

impl ProvisionPlan {
    /// `subscriptions`, delivered to `destination_id`.
    pub fn new(
        destination_id: impl Into<String>,
        subscriptions: impl IntoIterator<Item = SubscriptionSpec>,
    ) -> Self {
        Self {
            destination_id: destination_id.into(),
            subscriptions: subscriptions.into_iter().collect(),
        }
    }
}
