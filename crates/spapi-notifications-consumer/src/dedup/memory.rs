//! The default store: a map in this process's memory, bounded in size.

use std::collections::VecDeque;
use std::hash::{BuildHasher, RandomState};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use futures_util::future;
use hashbrown::HashTable;
use tokio::time::Instant;

use super::{BoxFuture, Claim, DEFAULT_TTL, DedupStore};
use crate::Error;

/// The default [`DedupStore`]: keys in this process's memory, for one consumer process (use
/// [`DynamoDbDedupStore`](crate::DynamoDbDedupStore) for many).
///
/// Memory is bounded: at most [`capacity`](InMemoryDedupStoreBuilder::capacity) keys (a million
/// by default, about 100 MB). Expired keys go first; when every key is live, the oldest is
/// forgotten, which shortens the de-duplication window instead of growing without end (a
/// `dedup_evicted` event is logged).
///
/// ```
/// use std::time::Duration;
/// use spapi_notifications_consumer::InMemoryDedupStore;
///
/// let store = InMemoryDedupStore::builder()
///     .ttl(Duration::from_secs(6 * 60 * 60))
///     .capacity(100_000)
///     .build();
/// ```
#[derive(Debug)]
pub struct InMemoryDedupStore {
    ttl: Duration,
    capacity: usize,
    state: Mutex<State>,
}

/// Settings of an [`InMemoryDedupStore`].
#[derive(Debug, Clone)]
pub struct InMemoryDedupStoreBuilder {
    ttl: Duration,
    capacity: usize,
}

/// The keys, and the order they were stored in (oldest first) for expiry and eviction.
///
/// Each operation hashes its key once: entries keep their hash, and order items find their
/// entry by hash and generation.
#[derive(Debug)]
struct State {
    hasher: RandomState,
    entries: HashTable<Entry>,
    /// One item per stored entry, plus stale ones (for entries since removed or replaced) that
    /// [`State::compact`] drops; an item is live when its generation matches the entry's. Its
    /// expiry is the entry's or earlier, so that the oldest can be checked without a lookup.
    order: VecDeque<Order>,
    generation: u64,
}

#[derive(Debug)]
struct Entry {
    key: Box<str>,
    hash: u64,
    generation: u64,
    expires: Instant,
    /// `None` once handled.
    owner: Option<u64>,
}

#[derive(Debug)]
struct Order {
    hash: u64,
    generation: u64,
    expires: Instant,
}

impl InMemoryDedupStore {
    /// A store with the default TTL (24 hours) and capacity (a million keys).
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// Settings for a store.
    pub fn builder() -> InMemoryDedupStoreBuilder {
        InMemoryDedupStoreBuilder {
            ttl: DEFAULT_TTL,
            capacity: 1_000_000,
        }
    }

    /// How many keys are stored, expired ones not yet dropped included.
    pub fn len(&self) -> usize {
        self.state().entries.len()
    }

    /// Whether no key is stored.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // No code panics while holding the lock; a poisoned map is still consistent.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn claim_now(&self, key: &str, owner: u64, lease: Duration) -> Claim {
        let now = Instant::now();
        let mut state = self.state();
        let hash = state.hasher.hash_one(key);
        if let Some(entry) = state.entries.find_mut(hash, |entry| &*entry.key == key)
            && entry.expires > now
        {
            return match entry.owner {
                None => Claim::Done,
                Some(holder) if holder == owner => {
                    entry.expires = now + lease;
                    Claim::Acquired
                }
                Some(_) => Claim::InProgress,
            };
        }
        state.store(key, hash, now + lease, Some(owner), self.capacity, now);
        Claim::Acquired
    }
}

impl Default for InMemoryDedupStore {
    fn default() -> Self {
        Self::new()
    }
}

impl InMemoryDedupStoreBuilder {
    /// How long a handled key is remembered (24 hours by default).
    pub fn ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self
    }

    /// The most keys kept at once (a million by default; at least 1).
    pub fn capacity(mut self, capacity: usize) -> Self {
        self.capacity = capacity.max(1);
        self
    }

    /// The store.
    pub fn build(self) -> InMemoryDedupStore {
        // Room for a busy minute up front; the map grows from there.
        let initial = self.capacity.min(1024);
        InMemoryDedupStore {
            ttl: self.ttl,
            capacity: self.capacity,
            state: Mutex::new(State {
                hasher: RandomState::new(),
                entries: HashTable::with_capacity(initial),
                order: VecDeque::with_capacity(initial),
                generation: 0,
            }),
        }
    }
}

impl State {
    /// Stores `key` afresh (a new entry, or over its expired one), then makes room.
    fn store(
        &mut self,
        key: &str,
        hash: u64,
        expires: Instant,
        owner: Option<u64>,
        cap: usize,
        now: Instant,
    ) {
        self.generation += 1;
        let generation = self.generation;
        match self.entries.find_mut(hash, |entry| &*entry.key == key) {
            Some(entry) => {
                entry.generation = generation;
                entry.expires = expires;
                entry.owner = owner;
            }
            None => {
                let entry = Entry {
                    key: key.into(),
                    hash,
                    generation,
                    expires,
                    owner,
                };
                self.entries.insert_unique(hash, entry, |entry| entry.hash);
            }
        }
        self.order.push_back(Order {
            hash,
            generation,
            expires,
        });
        self.make_room(cap, now);
    }

    /// Drops the oldest entries while they are expired, or while there are more than `cap`.
    fn make_room(&mut self, cap: usize, now: Instant) {
        while let Some(oldest) = self.order.front_mut() {
            let over = self.entries.len() > cap;
            if oldest.expires > now && !over {
                break;
            }
            let generation = oldest.generation;
            if let Ok(entry) = self
                .entries
                .find_entry(oldest.hash, |entry| entry.generation == generation)
            {
                let expires = entry.get().expires;
                if expires > now && !over {
                    // Renewed or completed since: look again when that ends.
                    oldest.expires = expires;
                    break;
                }
                if expires > now {
                    tracing::warn!(
                        capacity = cap,
                        "dedup_evicted: the in-memory de-duplication store is full; forgetting its oldest live key"
                    );
                }
                entry.remove();
            }
            // Otherwise stale: the entry was released or replaced since.
            self.order.pop_front();
        }
        self.compact();
    }

    /// Keeps stale order items (from released claims behind a live oldest entry) from piling up.
    fn compact(&mut self) {
        if self.order.len() > 2 * self.entries.len() + 64 {
            let entries = &self.entries;
            self.order.retain(|order| {
                entries
                    .find(order.hash, |entry| entry.generation == order.generation)
                    .is_some()
            });
        }
    }
}

impl DedupStore for InMemoryDedupStore {
    fn claim<'a>(
        &'a self,
        key: &'a str,
        owner: u64,
        lease: Duration,
    ) -> BoxFuture<'a, Result<Claim, Error>> {
        Box::pin(future::ready(Ok(self.claim_now(key, owner, lease))))
    }

    fn complete<'a>(&'a self, key: &'a str, _owner: u64) -> BoxFuture<'a, Result<(), Error>> {
        let now = Instant::now();
        let mut state = self.state();
        let hash = state.hasher.hash_one(key);
        match state.entries.find_mut(hash, |entry| &*entry.key == key) {
            Some(entry) => {
                entry.owner = None;
                entry.expires = now + self.ttl;
            }
            None => state.store(key, hash, now + self.ttl, None, self.capacity, now),
        }
        Box::pin(future::ready(Ok(())))
    }

    fn release<'a>(&'a self, key: &'a str, owner: u64) -> BoxFuture<'a, Result<(), Error>> {
        let mut state = self.state();
        let hash = state.hasher.hash_one(key);
        if let Ok(entry) = state.entries.find_entry(hash, |entry| &*entry.key == key)
            && entry.get().owner == Some(owner)
        {
            entry.remove();
            state.compact();
        }
        Box::pin(future::ready(Ok(())))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use futures_util::FutureExt;

    use super::InMemoryDedupStore;
    use crate::{Claim, DedupStore};

    const LEASE: Duration = Duration::from_secs(30);

    fn claim(store: &InMemoryDedupStore, key: &str, owner: u64) -> Claim {
        store
            .claim(key, owner, LEASE)
            .now_or_never()
            .unwrap()
            .unwrap()
    }

    fn complete(store: &InMemoryDedupStore, key: &str, owner: u64) {
        store.complete(key, owner).now_or_never().unwrap().unwrap();
    }

    fn release(store: &InMemoryDedupStore, key: &str, owner: u64) {
        store.release(key, owner).now_or_never().unwrap().unwrap();
    }

    #[test]
    fn a_key_is_claimed_once_then_done_after_success() {
        let store = InMemoryDedupStore::new();
        assert_eq!(claim(&store, "n-1", 1), Claim::Acquired);
        assert_eq!(claim(&store, "n-1", 2), Claim::InProgress);
        assert_eq!(claim(&store, "n-1", 1), Claim::Acquired, "renewal");
        complete(&store, "n-1", 1);
        assert_eq!(claim(&store, "n-1", 2), Claim::Done);
        assert_eq!(claim(&store, "n-1", 1), Claim::Done);
    }

    #[test]
    fn a_released_key_is_claimed_again_but_only_by_its_owner_release() {
        let store = InMemoryDedupStore::new();
        assert_eq!(claim(&store, "n-1", 1), Claim::Acquired);
        release(&store, "n-1", 2);
        assert_eq!(claim(&store, "n-1", 3), Claim::InProgress, "not 2's claim");
        release(&store, "n-1", 1);
        assert_eq!(claim(&store, "n-1", 3), Claim::Acquired);
        assert_eq!(store.len(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn leases_and_handled_keys_expire() {
        let store = InMemoryDedupStore::builder()
            .ttl(Duration::from_secs(60))
            .build();
        assert_eq!(claim(&store, "crashed", 1), Claim::Acquired);
        assert_eq!(claim(&store, "handled", 1), Claim::Acquired);
        complete(&store, "handled", 1);
        tokio::time::advance(LEASE + Duration::from_secs(1)).await;
        assert_eq!(claim(&store, "crashed", 2), Claim::Acquired, "lease over");
        assert_eq!(claim(&store, "handled", 2), Claim::Done);
        tokio::time::advance(Duration::from_secs(60)).await;
        assert_eq!(claim(&store, "handled", 2), Claim::Acquired, "ttl over");
    }

    #[tokio::test(start_paused = true)]
    async fn memory_stays_bounded() {
        let store = InMemoryDedupStore::builder()
            .ttl(Duration::from_secs(60))
            .capacity(100)
            .build();
        for i in 0..1_000u64 {
            let key = format!("n-{i}");
            assert_eq!(claim(&store, &key, i), Claim::Acquired);
            if i % 3 == 0 {
                release(&store, &key, i);
            } else {
                complete(&store, &key, i);
            }
            assert!(store.len() <= 100);
            let order = store.state().order.len();
            assert!(order <= 2 * 100 + 64 + 1, "{order} order items");
        }
        // The newest keys are remembered, the oldest evicted.
        assert_eq!(claim(&store, "n-998", 0), Claim::Done);
        assert_eq!(claim(&store, "n-1", 0), Claim::Acquired);
        // Expired entries go before live ones.
        tokio::time::advance(Duration::from_secs(61)).await;
        assert_eq!(claim(&store, "fresh", 0), Claim::Acquired);
        assert_eq!(store.len(), 1);
    }
}
