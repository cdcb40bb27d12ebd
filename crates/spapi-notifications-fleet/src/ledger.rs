//! [`RotationLedger`]: which expiring client secrets a rotation was started for, so that the
//! repeated expiry notices rotate once, however many consumers receive them.

#[cfg(feature = "dynamodb")]
mod dynamodb;

use std::collections::HashMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

#[cfg(feature = "dynamodb")]
#[cfg_attr(docsrs, doc(cfg(feature = "dynamodb")))]
pub use dynamodb::DynamoDbLedger;

use crate::{BoxFuture, Error};

/// How long a claim holds off other rotations of the same secret unless it is completed or
/// released first: ten minutes, well beyond a rotation call that waits for its rate limit
/// (one a minute) and retries.
pub const DEFAULT_ROTATION_LEASE: Duration = Duration::from_secs(600);

/// What [`RotationLedger::claim`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RotationClaim {
    /// The caller holds the claim: it rotates, then completes or releases it.
    Acquired,
    /// Another owner holds a claim whose lease has not ended.
    InProgress,
    /// The secret was rotated.
    Rotated,
}

/// Where [`SecretRotation`](crate::SecretRotation) records the secrets it rotates.
///
/// A key names one expiring secret (the client id and the expiry time of Amazon's notice).
/// [`claim`](Self::claim) must be atomic: of two owners claiming a key at once, one acquires
/// it. A claim lasts `lease`, so that a consumer that died mid-rotation does not block the next
/// notice for good. This crate has [`MemoryLedger`] (one process) and, with the `dynamodb`
/// feature, `DynamoDbLedger` (many processes, in the subscription registry's table).
pub trait RotationLedger: Send + Sync + Debug {
    /// Claims `key` for `owner`, until it completes or releases it, or `lease` ends.
    ///
    /// # Errors
    ///
    /// [`Error::Ledger`] when the store fails.
    fn claim<'a>(
        &'a self,
        key: &'a str,
        owner: u64,
        lease: Duration,
    ) -> BoxFuture<'a, Result<RotationClaim, Error>>;

    /// Records `key` rotated, for good.
    ///
    /// # Errors
    ///
    /// [`Error::Ledger`] when the store fails.
    fn complete<'a>(&'a self, key: &'a str, owner: u64) -> BoxFuture<'a, Result<(), Error>>;

    /// Gives up `owner`'s claim of `key` (the rotation failed), so that the next notice tries
    /// again; a claim that is not `owner`'s is left alone.
    ///
    /// # Errors
    ///
    /// [`Error::Ledger`] when the store fails.
    fn release<'a>(&'a self, key: &'a str, owner: u64) -> BoxFuture<'a, Result<(), Error>>;
}

impl<T: RotationLedger + ?Sized> RotationLedger for Arc<T> {
    fn claim<'a>(
        &'a self,
        key: &'a str,
        owner: u64,
        lease: Duration,
    ) -> BoxFuture<'a, Result<RotationClaim, Error>> {
        (**self).claim(key, owner, lease)
    }

    fn complete<'a>(&'a self, key: &'a str, owner: u64) -> BoxFuture<'a, Result<(), Error>> {
        (**self).complete(key, owner)
    }

    fn release<'a>(&'a self, key: &'a str, owner: u64) -> BoxFuture<'a, Result<(), Error>> {
        (**self).release(key, owner)
    }
}

/// A [`RotationLedger`] in memory: the default of [`SecretRotation`](crate::SecretRotation),
/// right when one consumer handles the rotation notifications.
#[derive(Debug, Default)]
pub struct MemoryLedger {
    keys: Mutex<HashMap<String, Entry>>,
}

#[derive(Debug, Clone, Copy)]
enum Entry {
    /// `until` is `None` for a lease too long for an `Instant`: it never ends.
    Claimed {
        owner: u64,
        until: Option<Instant>,
    },
    Rotated,
}

impl MemoryLedger {
    /// An empty ledger.
    pub fn new() -> Self {
        Self::default()
    }

    fn keys(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        self.keys.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl RotationLedger for MemoryLedger {
    fn claim<'a>(
        &'a self,
        key: &'a str,
        owner: u64,
        lease: Duration,
    ) -> BoxFuture<'a, Result<RotationClaim, Error>> {
        let now = Instant::now();
        let mut keys = self.keys();
        let claim = match keys.get(key) {
            Some(Entry::Rotated) => RotationClaim::Rotated,
            Some(Entry::Claimed { until, .. }) if until.is_none_or(|until| until > now) => {
                RotationClaim::InProgress
            }
            _ => {
                let until = now.checked_add(lease);
                keys.insert(key.to_owned(), Entry::Claimed { owner, until });
                RotationClaim::Acquired
            }
        };
        Box::pin(std::future::ready(Ok(claim)))
    }

    fn complete<'a>(&'a self, key: &'a str, _owner: u64) -> BoxFuture<'a, Result<(), Error>> {
        self.keys().insert(key.to_owned(), Entry::Rotated);
        Box::pin(std::future::ready(Ok(())))
    }

    fn release<'a>(&'a self, key: &'a str, owner: u64) -> BoxFuture<'a, Result<(), Error>> {
        let mut keys = self.keys();
        if let Some(Entry::Claimed { owner: holder, .. }) = keys.get(key)
            && *holder == owner
        {
            keys.remove(key);
        }
        Box::pin(std::future::ready(Ok(())))
    }
}
