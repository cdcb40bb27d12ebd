//! The registry of one process: records in a map, gone when it ends.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use spapi_notification_types::NotificationType;

use super::{BoxFuture, SubscriptionRecord, SubscriptionRegistry};
use crate::Error;

/// A [`SubscriptionRegistry`] in memory: for tests, and for programs that provision and
/// offboard in the same run. The default of [`Fleet`](crate::Fleet).
///
/// It keeps every record, about 450 bytes a seller of three subscriptions: the seller id once,
/// not in each record, and each destination id and payload version once for all sellers.
/// Provisioning 10,000 sellers thus keeps some 4.5 MB; a [`FileRegistry`](crate::FileRegistry)
/// or `DynamoDbRegistry` keeps nothing.
#[derive(Debug, Default)]
pub struct MemoryRegistry {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    sellers: HashMap<Box<str>, Vec<Kept>>,
    /// The destination ids and payload versions records name: a fleet has a few of each.
    strings: HashSet<Arc<str>>,
}

/// A record without its seller id.
#[derive(Debug)]
struct Kept {
    notification_type: NotificationType,
    payload_version: Arc<str>,
    subscription_id: Box<str>,
    destination_id: Arc<str>,
}

impl Kept {
    fn is(&self, notification_type: &NotificationType, subscription_id: &str) -> bool {
        *self.subscription_id == *subscription_id && self.notification_type == *notification_type
    }
}

impl State {
    fn shared(&mut self, value: &str) -> Arc<str> {
        if let Some(kept) = self.strings.get(value) {
            return Arc::clone(kept);
        }
        let kept: Arc<str> = Arc::from(value);
        self.strings.insert(Arc::clone(&kept));
        kept
    }
}

impl MemoryRegistry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many records it holds, over every seller.
    pub fn len(&self) -> usize {
        self.state().sellers.values().map(Vec::len).sum()
    }

    /// Whether it holds no record.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl SubscriptionRegistry for MemoryRegistry {
    fn record<'a>(&'a self, record: &'a SubscriptionRecord) -> BoxFuture<'a, Result<(), Error>> {
        let mut state = self.state();
        let kept = Kept {
            notification_type: record.notification_type.clone(),
            payload_version: state.shared(&record.payload_version),
            subscription_id: record.subscription_id.as_str().into(),
            destination_id: state.shared(&record.destination_id),
        };
        let records = state
            .sellers
            .entry(record.seller_id.as_str().into())
            .or_default();
        records.retain(|kept| !kept.is(&record.notification_type, &record.subscription_id));
        records.push(kept);
        // A seller's few records, without the room a growing Vec leaves.
        records.shrink_to_fit();
        Box::pin(std::future::ready(Ok(())))
    }

    fn seller_subscriptions<'a>(
        &'a self,
        seller_id: &'a str,
    ) -> BoxFuture<'a, Result<Vec<SubscriptionRecord>, Error>> {
        let records = self
            .state()
            .sellers
            .get(seller_id)
            .map_or_else(Vec::new, |kept| {
                kept.iter()
                    .map(|kept| {
                        SubscriptionRecord::new(
                            seller_id,
                            kept.notification_type.clone(),
                            &*kept.payload_version,
                            &*kept.subscription_id,
                            &*kept.destination_id,
                        )
                    })
                    .collect()
            });
        Box::pin(std::future::ready(Ok(records)))
    }

    fn remove<'a>(
        &'a self,
        seller_id: &'a str,
        notification_type: &'a NotificationType,
        subscription_id: &'a str,
    ) -> BoxFuture<'a, Result<(), Error>> {
        let mut state = self.state();
        if let Some(records) = state.sellers.get_mut(seller_id) {
            records.retain(|kept| !kept.is(notification_type, subscription_id));
            if records.is_empty() {
                state.sellers.remove(seller_id);
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
