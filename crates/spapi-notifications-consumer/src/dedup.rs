//! De-duplication: each notification handled once, although SQS may deliver it many times.
//!
//! # The protocol
//!
//! For every notification the consumer asks the store to [`claim`](DedupStore::claim) its key
//! ([`Notification::dedup_key`](spapi_notification_types::Notification::dedup_key), the
//! notification id), as one atomic check-and-mark:
//!
//! | the key is | `claim` answers | the consumer |
//! | --- | --- | --- |
//! | unknown, or its entry expired | [`Claim::Acquired`], and records *in progress* with a lease | calls the handler |
//! | in progress under the same owner | [`Claim::Acquired`], and extends the lease | (renews its lease while the handler runs) |
//! | in progress under another owner | [`Claim::InProgress`] | leaves the message for redelivery, without calling the handler |
//! | handled | [`Claim::Done`] | deletes the message without calling the handler |
//!
//! Then, when the handler succeeds, [`complete`](DedupStore::complete) marks the key *handled*
//! for the store's TTL (24 hours by default: longer than SQS redelivers a message). When it fails
//! or panics, [`release`](DedupStore::release) forgets the claim, so **a failed handler never
//! leaves the notification marked**: the redelivery is handled afresh.
//!
//! # What is left: the at-least-once window
//!
//! A handler may still run twice for one notification in two cases, and only in these:
//! - the process dies (or is stopped past its shutdown deadline) after the handler succeeded and
//!   before `complete` was recorded: the lease expires and the redelivery is handled again;
//! - a handler runs past its lease without the lease being renewed (the consumer renews it with
//!   the message's visibility, so only a process that stops running its tasks is affected).
//!
//! Make handlers idempotent for those (an upsert keyed on the notification id is enough); the
//! store takes care of everything else: redeliveries, duplicate messages, and several consumers
//! on one queue when the store is shared ([`DynamoDbDedupStore`](crate::DynamoDbDedupStore)).
//! A key the store no longer remembers (after its TTL, or evicted from a full
//! [`InMemoryDedupStore`]) is handled again if it comes back.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use crate::Error;

#[cfg(feature = "dynamodb")]
pub(crate) mod dynamodb;
mod memory;

pub use memory::{InMemoryDedupStore, InMemoryDedupStoreBuilder};

/// What [`DedupStore`]'s methods return: a boxed `Send` future (`Box::pin(async move { .. })`),
/// the same type as `futures::future::BoxFuture`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// How long a handled notification is remembered by default: a day. Duplicates arrive within
/// minutes (redeliveries after a visibility timeout, Amazon's own retries); only a message that
/// keeps failing comes back later, and failures are never marked.
pub const DEFAULT_TTL: Duration = Duration::from_secs(24 * 60 * 60);

/// The answer to [`DedupStore::claim`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Claim {
    /// The caller holds the key until its lease expires: handle the notification, then
    /// [`complete`](DedupStore::complete) or [`release`](DedupStore::release) it.
    Acquired,
    /// The notification was handled already: a duplicate.
    Done,
    /// Another owner holds an unexpired lease on the key.
    InProgress,
}

/// A store of notification keys for [de-duplication](self): an atomic check-and-mark with a TTL.
///
/// `owner` identifies one handling attempt (the consumer picks a random number per message), so
/// that a release after a lease expired cannot free another owner's claim. Implementations must
/// make `claim` atomic across every process that shares the store.
pub trait DedupStore: Send + Sync + fmt::Debug + 'static {
    /// Claims `key` for `owner` for `lease`, or renews `owner`'s claim (see the [module
    /// docs](self)).
    ///
    /// # Errors
    ///
    /// [`Error::DedupStore`] when the store cannot be reached; the message is then left for
    /// redelivery.
    fn claim<'a>(
        &'a self,
        key: &'a str,
        owner: u64,
        lease: Duration,
    ) -> BoxFuture<'a, Result<Claim, Error>>;

    /// Marks `key` handled for the store's TTL, whoever holds it.
    ///
    /// # Errors
    ///
    /// [`Error::DedupStore`] when the store cannot be reached; the message is deleted anyway
    /// (its handler succeeded), so a duplicate message may be handled again.
    fn complete<'a>(&'a self, key: &'a str, owner: u64) -> BoxFuture<'a, Result<(), Error>>;

    /// Forgets `owner`'s claim on `key`, if it still holds it, so that a redelivery is handled.
    ///
    /// # Errors
    ///
    /// [`Error::DedupStore`] when the store cannot be reached; the claim then ends with its
    /// lease.
    fn release<'a>(&'a self, key: &'a str, owner: u64) -> BoxFuture<'a, Result<(), Error>>;
}

/// A shared store: one `Arc` of it given to several pipelines or consumers.
impl<T: DedupStore + ?Sized> DedupStore for Arc<T> {
    fn claim<'a>(
        &'a self,
        key: &'a str,
        owner: u64,
        lease: Duration,
    ) -> BoxFuture<'a, Result<Claim, Error>> {
        (**self).claim(key, owner, lease)
    }

    fn complete<'a>(&'a self, key: &'a str, owner: u64) -> BoxFuture<'a, Result<(), Error>> {
        (**self).complete(key, owner)
    }

    fn release<'a>(&'a self, key: &'a str, owner: u64) -> BoxFuture<'a, Result<(), Error>> {
        (**self).release(key, owner)
    }
}
