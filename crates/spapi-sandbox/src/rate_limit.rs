//! Usage-plan rate limits: a token bucket per operation and caller, as SP-API applies them.

use std::collections::HashMap;
use std::sync::Mutex;

use tokio::time::Instant;

use crate::Operation;
use crate::api::Caller;
use crate::state::lock;

/// A usage plan: a sustained rate and a burst.
///
/// SP-API's plan for every Notifications operation is 1 request per second with a burst of 5,
/// the [`Default`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Requests per second, refilled continuously.
    pub rate: f64,
    /// The most requests that may be made at once after a quiet period.
    pub burst: u32,
}

impl Default for RateLimit {
    fn default() -> Self {
        Self {
            rate: 1.0,
            burst: 5,
        }
    }
}

impl RateLimit {
    /// `rate` requests per second with a burst of `burst`.
    pub fn new(rate: f64, burst: u32) -> Self {
        Self { rate, burst }
    }

    /// Why the limit cannot work, if it cannot.
    pub(crate) fn problem(&self) -> Option<String> {
        if !(self.rate.is_finite() && self.rate > 0.0) {
            return Some(format!("rate must be a positive number, not {}", self.rate));
        }
        (self.burst == 0).then(|| "burst must be at least 1".to_owned())
    }

    /// The `x-amzn-RateLimit-Limit` value: the rate, written as Amazon does (`1.0`, `0.0167`).
    pub(crate) fn header_value(&self) -> String {
        if self.rate.fract() == 0.0 {
            format!("{:.1}", self.rate)
        } else {
            self.rate.to_string()
        }
    }
}

/// The buckets, one per operation and caller, created full on first use.
#[derive(Debug)]
pub(crate) struct Limiter {
    limits: HashMap<Operation, RateLimit>,
    buckets: Mutex<HashMap<(Operation, Caller), Bucket>>,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl Limiter {
    /// A limiter applying `limits`; operations without one are not limited.
    pub(crate) fn new(limits: HashMap<Operation, RateLimit>) -> Self {
        Self {
            limits,
            buckets: Mutex::default(),
        }
    }

    /// The limit of `operation`, if it has one.
    pub(crate) fn limit(&self, operation: Operation) -> Option<&RateLimit> {
        self.limits.get(&operation)
    }

    /// Takes a token for a request of `caller` to `operation`; `false` when the bucket is empty.
    pub(crate) fn admit(&self, operation: Operation, caller: &Caller) -> bool {
        let Some(limit) = self.limits.get(&operation) else {
            return true;
        };
        let now = Instant::now();
        let burst = f64::from(limit.burst);
        let mut buckets = lock(&self.buckets);
        let bucket = buckets
            .entry((operation, caller.clone()))
            .or_insert(Bucket {
                tokens: burst,
                updated: now,
            });
        let elapsed = now.duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * limit.rate).min(burst);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_bucket_allows_its_burst_then_refills_at_its_rate() {
        let limiter = Limiter::new(HashMap::from([(
            Operation::GetDestinations,
            RateLimit::new(2.0, 3),
        )]));
        let app = Caller::Application;
        let seller = Caller::Seller("A1".into());
        for _ in 0..3 {
            assert!(limiter.admit(Operation::GetDestinations, &app));
        }
        assert!(!limiter.admit(Operation::GetDestinations, &app));
        // Another caller and an unlimited operation have their own budgets.
        assert!(limiter.admit(Operation::GetDestinations, &seller));
        assert!(limiter.admit(Operation::CreateDestination, &app));
        tokio::time::advance(Duration::from_millis(500)).await;
        assert!(limiter.admit(Operation::GetDestinations, &app));
        assert!(!limiter.admit(Operation::GetDestinations, &app));
        tokio::time::advance(Duration::from_secs(60)).await;
        for _ in 0..3 {
            assert!(limiter.admit(Operation::GetDestinations, &app));
        }
        assert!(!limiter.admit(Operation::GetDestinations, &app));
    }

    #[test]
    fn limits_are_checked_and_written_like_amazon() {
        assert_eq!(RateLimit::default(), RateLimit::new(1.0, 5));
        assert_eq!(RateLimit::new(1.0, 5).header_value(), "1.0");
        assert_eq!(RateLimit::new(0.0167, 1).header_value(), "0.0167");
        assert!(RateLimit::new(0.0, 1).problem().is_some());
        assert!(RateLimit::new(f64::NAN, 1).problem().is_some());
        assert!(RateLimit::new(1.0, 0).problem().is_some());
        assert!(RateLimit::new(1.0, 1).problem().is_none());
    }
}
