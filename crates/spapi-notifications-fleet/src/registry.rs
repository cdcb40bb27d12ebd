//! [`SubscriptionRegistry`]: what provisioning created, so that offboarding finds it after
//! the seller's token is gone.

#[cfg(feature = "dynamodb")]
mod dynamodb;
mod file;
mod memory;

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use spapi_notification_types::NotificationType;

#[cfg(feature = "dynamodb")]
#[cfg_attr(docsrs, doc(cfg(feature = "dynamodb")))]
pub use dynamodb::DynamoDbRegistry;
pub use file::FileRegistry;
pub use memory::MemoryRegistry;

use crate::Error;

/// A boxed, `Send` future, as the methods of [`SubscriptionRegistry`] return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A subscription provisioning created or found, as the registry keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct SubscriptionRecord {
    /// The seller's id.
    pub seller_id: String,
    /// The notification type.
    pub notification_type: NotificationType,
    /// The payload version.
    pub payload_version: String,
    /// Amazon's id of the subscription.
    pub subscription_id: String,
    /// Where it delivers.
    pub destination_id: String,
}

impl SubscriptionRecord {
    /// A record of every field.
    pub fn new(
        seller_id: impl Into<String>,
        notification_type: NotificationType,
        payload_version: impl Into<String>,
        subscription_id: impl Into<String>,
        destination_id: impl Into<String>,
    ) -> Self {
        Self {
            seller_id: seller_id.into(),
            notification_type,
            payload_version: payload_version.into(),
            subscription_id: subscription_id.into(),
            destination_id: destination_id.into(),
        }
    }
}

/// Where provisioning records each subscription, and offboarding reads them back.
///
/// A record is identified by its seller, notification type and subscription id: recording it
/// again replaces it. Implementations must be safe to call concurrently (provisioning records
/// many sellers at once). This crate has [`MemoryRegistry`] (the default), [`FileRegistry`]
/// (JSON lines) and, with the `dynamodb` feature, `DynamoDbRegistry`.
pub trait SubscriptionRegistry: Send + Sync + Debug {
    /// Records (or replaces) `record`.
    ///
    /// # Errors
    ///
    /// [`Error::Registry`] when the store fails.
    fn record<'a>(&'a self, record: &'a SubscriptionRecord) -> BoxFuture<'a, Result<(), Error>>;

    /// Every record of `seller_id`, in no particular order.
    ///
    /// # Errors
    ///
    /// [`Error::Registry`] when the store fails.
    fn seller_subscriptions<'a>(
        &'a self,
        seller_id: &'a str,
    ) -> BoxFuture<'a, Result<Vec<SubscriptionRecord>, Error>>;

    /// Forgets the record of this subscription; forgetting one that is not there is no error.
    ///
    /// # Errors
    ///
    /// [`Error::Registry`] when the store fails.
    fn remove<'a>(
        &'a self,
        seller_id: &'a str,
        notification_type: &'a NotificationType,
        subscription_id: &'a str,
    ) -> BoxFuture<'a, Result<(), Error>>;
}

impl<T: SubscriptionRegistry + ?Sized> SubscriptionRegistry for Arc<T> {
    fn record<'a>(&'a self, record: &'a SubscriptionRecord) -> BoxFuture<'a, Result<(), Error>> {
        (**self).record(record)
    }

    fn seller_subscriptions<'a>(
        &'a self,
        seller_id: &'a str,
    ) -> BoxFuture<'a, Result<Vec<SubscriptionRecord>, Error>> {
        (**self).seller_subscriptions(seller_id)
    }

    fn remove<'a>(
        &'a self,
        seller_id: &'a str,
        notification_type: &'a NotificationType,
        subscription_id: &'a str,
    ) -> BoxFuture<'a, Result<(), Error>> {
        (**self).remove(seller_id, notification_type, subscription_id)
    }
}
