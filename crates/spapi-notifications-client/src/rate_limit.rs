//! Client-side rate limits: a token bucket per (operation, seller or grantless), so callers wait
//! for capacity instead of being throttled.
//!
//! Each bucket starts from the usage plan (1 request per second, burst 5, for every Notifications
//! API operation; one a minute for `rotateApplicationClientSecret`) or what [`RateLimits`] says,
//! and takes the rate of every `x-amzn-RateLimit-Limit` header
//! Amazon sends back. A caller takes a token if one is there; otherwise it reserves the next one
//! and sleeps until it is due, so waiting callers go out in order and at the rate. A 429
//! empties the bucket, so the retry and every caller behind it wait a full interval.
//!
//! Amazon's bucket starts when the first request arrives, a moment after the client's, and
//! requests do not all take the same time to get there; a waiting caller therefore sleeps a
//! little longer than its turn (`slack`), so that it never arrives before Amazon has refilled.
//!
//! A bucket that is full again is the same as no bucket, so full buckets are dropped (the map
//! would otherwise keep one per seller and operation for good: 20,000 for 10,000 sellers),
//! whenever the map has doubled since the last sweep; a sweep is thus amortized O(1) a request.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

use crate::Operation;

/// A rate: requests per second, and how many may go at once after a quiet period.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimit {
    /// Sustained requests per second (Amazon's "rate").
    pub rate: f64,
    /// Requests that may be sent at once after a quiet period (Amazon's "burst").
    pub burst: u32,
}

impl RateLimit {
    /// The Notifications API usage plan for every operation: 1 request per second, burst 5.
    pub const USAGE_PLAN: Self = Self {
        rate: 1.0,
        burst: 5,
    };

    /// A rate of `rate` requests per second with a burst of `burst`.
    pub fn new(rate: f64, burst: u32) -> Self {
        Self { rate, burst }
    }
}

/// The Application Management API's documented plan of `rotateApplicationClientSecret`:
/// 0.0167 requests per second (one a minute), burst 1.
const CLIENT_SECRET_ROTATION: RateLimit = RateLimit {
    rate: 0.0167,
    burst: 1,
};

impl Default for RateLimit {
    fn default() -> Self {
        Self::USAGE_PLAN
    }
}

/// The client-side rate limits: where each bucket starts, per operation.
///
/// ```
/// use spapi_notifications_client::{Operation, RateLimit, RateLimits};
///
/// // Amazon's plans, but getDestinations at 2 per second, burst 10.
/// let limits = RateLimits::default()
///     .with_operation(Operation::GetDestinations, RateLimit::new(2.0, 10));
/// assert_eq!(limits.for_operation(Operation::GetDestinations), Some(RateLimit::new(2.0, 10)));
/// assert_eq!(limits.for_operation(Operation::CreateDestination), Some(RateLimit::USAGE_PLAN));
/// assert_eq!(
///     limits.for_operation(Operation::RotateApplicationClientSecret),
///     Some(RateLimit::new(0.0167, 1)),
/// );
/// assert_eq!(RateLimits::disabled().for_operation(Operation::GetDestinations), None);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RateLimits {
    /// `None` when disabled.
    default: Option<RateLimit>,
    overrides: Vec<(Operation, RateLimit)>,
}

impl Default for RateLimits {
    /// Amazon's documented plans: 1 request per second, burst 5, for every Notifications API
    /// operation; 0.0167 per second, burst 1, for `rotateApplicationClientSecret`.
    fn default() -> Self {
        Self::uniform(RateLimit::USAGE_PLAN).with_operation(
            Operation::RotateApplicationClientSecret,
            CLIENT_SECRET_ROTATION,
        )
    }
}

impl RateLimits {
    /// The same starting rate for every operation.
    pub fn uniform(limit: RateLimit) -> Self {
        Self {
            default: Some(limit),
            overrides: Vec::new(),
        }
    }

    /// No client-side limit: every request goes at once (429s are still retried).
    pub fn disabled() -> Self {
        Self {
            default: None,
            overrides: Vec::new(),
        }
    }

    /// Starts `operation`'s buckets at `limit` instead.
    #[must_use]
    pub fn with_operation(mut self, operation: Operation, limit: RateLimit) -> Self {
        self.overrides.retain(|(op, _)| *op != operation);
        self.overrides.push((operation, limit));
        self
    }

    /// Where `operation`'s buckets start; `None` when limits are disabled.
    pub fn for_operation(&self, operation: Operation) -> Option<RateLimit> {
        let default = self.default?;
        Some(
            self.overrides
                .iter()
                .find(|(op, _)| *op == operation)
                .map_or(default, |(_, limit)| *limit),
        )
    }
}

/// Whose quota a request counts against: the application's (grantless) or a seller's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Principal {
    Grantless,
    /// A seller, identified by a key derived from its refresh token or token provider.
    Seller(u64),
}

/// The fewest buckets at which full ones are swept out.
const SWEEP_FROM: usize = 1024;

/// The buckets of one client and its seller handles.
#[derive(Debug)]
pub(crate) struct Limiter {
    limits: RateLimits,
    buckets: Mutex<Buckets>,
}

#[derive(Debug)]
struct Buckets {
    map: HashMap<(Operation, Principal), Bucket>,
    /// The size at which the next sweep runs: twice what the last one left, at least
    /// [`SWEEP_FROM`].
    sweep_at: usize,
}

impl Buckets {
    /// Drops the buckets that are full at `now` once the map has grown enough.
    fn sweep(&mut self, now: Instant) {
        if self.map.len() < self.sweep_at {
            return;
        }
        self.map.retain(|_, bucket| !bucket.refill(now));
        self.sweep_at = (self.map.len() * 2).max(SWEEP_FROM);
        // Give memory back after a fleet has gone through.
        if self.map.capacity() > self.sweep_at * 2 {
            self.map.shrink_to(self.sweep_at);
        }
    }
}

#[derive(Debug)]
struct Bucket {
    rate: f64,
    burst: f64,
    /// May go below zero: tokens reserved by callers still waiting.
    tokens: f64,
    updated: Instant,
}

impl Limiter {
    pub(crate) fn new(limits: RateLimits) -> Self {
        Self {
            limits,
            buckets: Mutex::new(Buckets {
                map: HashMap::new(),
                sweep_at: SWEEP_FROM,
            }),
        }
    }

    /// Takes a token from the bucket of `(operation, principal)`, waiting until one is due.
    /// Returns how long it waited.
    pub(crate) async fn acquire(&self, operation: Operation, principal: Principal) -> Duration {
        let wait = self.reserve(operation, principal, Instant::now());
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        wait
    }

    /// Reserves a token and says how long until it is due.
    fn reserve(&self, operation: Operation, principal: Principal, now: Instant) -> Duration {
        let Some(limit) = self.limits.for_operation(operation) else {
            return Duration::ZERO;
        };
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        buckets.sweep(now);
        let bucket = buckets
            .map
            .entry((operation, principal))
            .or_insert_with(|| Bucket::new(limit, now));
        bucket.refill(now);
        bucket.tokens -= 1.0;
        if bucket.tokens >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(-bucket.tokens / bucket.rate) + slack(bucket.rate)
        }
    }

    /// Adopts the rate Amazon announced in `x-amzn-RateLimit-Limit`.
    pub(crate) fn observe_rate(&self, operation: Operation, principal: Principal, rate: f64) {
        self.update(operation, principal, |bucket| {
            if (bucket.rate - rate).abs() > f64::EPSILON {
                tracing::debug!(
                    %operation,
                    old_rate = bucket.rate,
                    new_rate = rate,
                    "rate limit updated from x-amzn-RateLimit-Limit"
                );
                bucket.rate = rate;
            }
        });
    }

    /// After a 429: empties the bucket, so the next request waits a full interval.
    pub(crate) fn throttled(&self, operation: Operation, principal: Principal) {
        self.update(operation, principal, |bucket| {
            bucket.tokens = bucket.tokens.min(0.0);
        });
    }

    fn update(&self, operation: Operation, principal: Principal, change: impl FnOnce(&mut Bucket)) {
        if self.limits.for_operation(operation).is_none() {
            return;
        }
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(bucket) = buckets.map.get_mut(&(operation, principal)) {
            bucket.refill(now);
            change(bucket);
        }
    }
}

impl Bucket {
    fn new(limit: RateLimit, now: Instant) -> Self {
        let burst = f64::from(limit.burst.max(1));
        Self {
            rate: positive(limit.rate),
            burst,
            tokens: burst,
            updated: now,
        }
    }

    /// Adds the tokens earned since the last update; returns whether the bucket is full.
    fn refill(&mut self, now: Instant) -> bool {
        let earned = now.saturating_duration_since(self.updated).as_secs_f64() * self.rate;
        self.tokens = (self.tokens + earned).min(self.burst);
        self.updated = now;
        self.tokens >= self.burst
    }
}

/// What a waiting caller sleeps beyond its turn at `rate`: a tenth of an interval, at most
/// 100 ms. Only the phase of the waiting callers moves, not their rate.
fn slack(rate: f64) -> Duration {
    Duration::from_secs_f64(0.1 / rate).min(Duration::from_millis(100))
}

/// A usable rate: a zero, negative or NaN rate would stall callers forever, so it becomes a
/// very slow one.
fn positive(rate: f64) -> f64 {
    if rate.is_finite() && rate > 0.0 {
        rate
    } else {
        1e-3
    }
}

/// Reads an `x-amzn-RateLimit-Limit` value (requests per second), ignoring unusable ones.
pub(crate) fn parse_rate(value: &str) -> Option<f64> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|rate| rate.is_finite() && *rate > 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Limiter {
        fn len(&self) -> usize {
            self.buckets.lock().unwrap().map.len()
        }
    }

    #[test]
    fn secret_rotation_goes_once_a_minute_by_default() {
        let limiter = Limiter::new(RateLimits::default());
        let op = Operation::RotateApplicationClientSecret;
        let now = Instant::now();
        assert!(limiter.reserve(op, Principal::Grantless, now).is_zero());
        let wait = limiter.reserve(op, Principal::Grantless, now);
        // 1 / 0.0167 s, and the slack's 100 ms.
        assert_eq!(wait.as_millis(), 59_980);
        assert_eq!(
            RateLimits::uniform(RateLimit::USAGE_PLAN).for_operation(op),
            Some(RateLimit::USAGE_PLAN),
            "uniform is uniform"
        );
    }

    #[test]
    fn buckets_full_again_are_dropped_so_a_fleet_leaves_few_behind() {
        let limiter = Limiter::new(RateLimits::default());
        let start = Instant::now();
        let mut most = 0;
        // 20,000 sellers, a thousand a second, two requests each: every bucket is full again
        // two seconds later.
        for seller in 0..20_000_u64 {
            let now = start + Duration::from_millis(seller);
            for _ in 0..2 {
                limiter.reserve(Operation::GetSubscriptions, Principal::Seller(seller), now);
            }
            most = most.max(limiter.len());
        }
        // About 2,000 are not full at any time; the map doubles before it is swept.
        assert!(most <= 8 * SWEEP_FROM, "{most} buckets at most, of 20,000");
        // Later, the next fleet's requests sweep out everything the first one left.
        let later = start + Duration::from_secs(60);
        let next = 4 * SWEEP_FROM;
        for seller in 0..next as u64 {
            limiter.reserve(
                Operation::CreateSubscription,
                Principal::Seller(seller),
                later,
            );
        }
        assert!(limiter.len() <= next, "{} buckets", limiter.len());
    }

    fn reserve_n(limiter: &Limiter, n: usize, now: Instant) -> Vec<Duration> {
        (0..n)
            .map(|_| limiter.reserve(Operation::GetDestinations, Principal::Grantless, now))
            .collect()
    }

    #[test]
    fn a_burst_goes_at_once_and_the_rest_at_the_rate() {
        let limiter = Limiter::new(RateLimits::default());
        let now = Instant::now();
        let waits = reserve_n(&limiter, 8, now);
        let secs: Vec<f64> = waits.iter().map(Duration::as_secs_f64).collect();
        assert_eq!(secs, [0.0, 0.0, 0.0, 0.0, 0.0, 1.1, 2.1, 3.1]);
    }

    #[test]
    fn buckets_are_per_operation_and_principal() {
        let limiter = Limiter::new(RateLimits::uniform(RateLimit::new(1.0, 1)));
        let now = Instant::now();
        let op = Operation::GetDestination;
        assert!(limiter.reserve(op, Principal::Grantless, now).is_zero());
        assert!(!limiter.reserve(op, Principal::Grantless, now).is_zero());
        assert!(limiter.reserve(op, Principal::Seller(1), now).is_zero());
        assert!(limiter.reserve(op, Principal::Seller(2), now).is_zero());
        assert!(
            limiter
                .reserve(Operation::DeleteDestination, Principal::Grantless, now)
                .is_zero()
        );
    }

    #[test]
    fn the_announced_rate_and_throttling_change_the_wait() {
        let limiter = Limiter::new(RateLimits::uniform(RateLimit::new(1.0, 1)));
        let op = Operation::CreateDestination;
        let now = Instant::now();
        assert!(limiter.reserve(op, Principal::Grantless, now).is_zero());
        limiter.observe_rate(op, Principal::Grantless, 4.0);
        limiter.throttled(op, Principal::Grantless);
        let wait = limiter.reserve(op, Principal::Grantless, Instant::now());
        // A quarter of a second, and the slack of 25 ms.
        assert!(wait <= Duration::from_millis(275) && wait > Duration::from_millis(225));
    }

    #[test]
    fn disabled_limits_never_wait_and_bad_headers_are_ignored() {
        let limiter = Limiter::new(RateLimits::disabled());
        assert!(
            reserve_n(&limiter, 50, Instant::now())
                .iter()
                .all(Duration::is_zero)
        );
        assert_eq!(parse_rate(" 0.5 "), Some(0.5));
        assert_eq!(parse_rate("0"), None);
        assert_eq!(parse_rate("-1"), None);
        assert_eq!(parse_rate("NaN"), None);
        assert_eq!(parse_rate("fast"), None);
    }
}
