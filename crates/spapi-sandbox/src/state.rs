//! What every request handler shares: the configuration, issued tokens, destinations and
//! subscriptions, rate-limit buckets, faults, delivery and the request log.

use std::fmt;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use crate::delivery::Deliverer;
use crate::faults::FaultState;
use crate::lwa::Tokens;
use crate::rate_limit::Limiter;
use crate::requests::RequestRecord;
use crate::rotation::Secrets;
use crate::store::Store;

/// A seller registered with the sandbox: the merchant id and the refresh token the seller's
/// authorization of the application produced.
#[derive(Clone, PartialEq, Eq)]
pub struct Seller {
    /// The seller's id (merchant token), e.g. `A3TH9S8BH6GOGM`.
    pub seller_id: String,
    /// The LWA refresh token that yields access tokens for this seller.
    pub refresh_token: String,
}

impl fmt::Debug for Seller {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Seller")
            .field("seller_id", &self.seller_id)
            .field("refresh_token", &format_args!("[REDACTED]"))
            .finish()
    }
}

/// The settings fixed at start.
pub(crate) struct Config {
    pub(crate) client_id: String,
    pub(crate) client_secret: String,
    pub(crate) application_id: String,
    pub(crate) sellers: Vec<Seller>,
    pub(crate) token_lifetime: Duration,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("client_id", &self.client_id)
            .field("client_secret", &format_args!("[REDACTED]"))
            .field("application_id", &self.application_id)
            .field("sellers", &self.sellers)
            .field("token_lifetime", &self.token_lifetime)
            .finish()
    }
}

/// The state behind every request, shared by the server and the [`Sandbox`](crate::Sandbox).
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) config: Config,
    pub(crate) tokens: Tokens,
    /// The client secrets LWA accepts (rotation), and the sellers who revoked the application.
    pub(crate) secrets: Secrets,
    pub(crate) store: Mutex<Store>,
    pub(crate) limiter: Limiter,
    pub(crate) faults: FaultState,
    pub(crate) deliverer: Deliverer,
    pub(crate) log: Mutex<Vec<RequestRecord>>,
}

impl Shared {
    /// The destinations and subscriptions, locked; a panic elsewhere does not poison them.
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }
}

/// Locks `mutex`, ignoring poisoning: every critical section leaves the data consistent.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
