//! The registry of one process: records in a map, gone when it ends.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use spapi_notification_types::NotificationType;

use super::{BoxFuture, SubscriptionRecord, SubscriptionRegistry};
use crate::Error;

/// A [`SubscriptionRegistry`] in memory: for tests, and for programs that provision and
/// offboard in the same run. The default of [`Fleet`](crate::Fleet).
#[derive(Debug, Default)]
pub struct MemoryRegistry {
    sellers: Mutex<HashMap<String, Vec<SubscriptionRecord>>>,
}

impl MemoryRegistry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many records it holds, over every seller.
    pub fn len(&self) -> usize {
        self.sellers().values().map(Vec::len).sum()
    }

    /// Whether it holds no record.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn sellers(&self) -> MutexGuard<'_, HashMap<String, Vec<SubscriptionRecord>>> {
        self.sellers.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl SubscriptionRegistry for MemoryRegistry {
    fn record<'a>(&'a self, record: &'a SubscriptionRecord) -> BoxFuture<'a, Result<(), Error>> {
        let mut sellers = self.sellers();
        let records = sellers.entry(record.seller_id.clone()).or_default();
        records.retain(|kept| !same(kept, &record.notification_type, &record.subscription_id));
        records.push(record.clone());
        Box::pin(std::future::ready(Ok(())))
    }

    fn seller_subscriptions<'a>(
        &'a self,
        seller_id: &'a str,
    ) -> BoxFuture<'a, Result<Vec<SubscriptionRecord>, Error>> {
        let records = self.sellers().get(seller_id).cloned().unwrap_or_default();
        Box::pin(std::future::ready(Ok(records)))
    }

    fn remove<'a>(
        &'a self,
        seller_id: &'a str,
        notification_type: &'a NotificationType,
        subscription_id: &'a str,
    ) -> BoxFuture<'a, Result<(), Error>> {
        let mut sellers = self.sellers();
        if let Some(records) = sellers.get_mut(seller_id) {
            records.retain(|kept| !same(kept, notification_type, subscription_id));
            if records.is_empty() {
                sellers.remove(seller_id);
            }
        }
        Box::pin(std::future::ready(Ok(())))
    }
}

/// Whether `record` is the subscription `subscription_id` of `notification_type`.
pub(super) fn same(
    record: &SubscriptionRecord,
    notification_type: &NotificationType,
    subscription_id: &str,
) -> bool {
    record.subscription_id == subscription_id && record.notification_type == *notification_type
}
