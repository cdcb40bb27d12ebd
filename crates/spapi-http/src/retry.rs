//! Bounded retries of transient failures, with exponential backoff and full jitter.
//!
//! LWA token requests ([`RetryPolicy::run`]) and Notifications API calls (a [`Retries`] loop of
//! their own, because a refused token is sent again without counting as a retry) both wait here.
//! A policy bounds both the number of attempts and the time spent, and spreads retries out
//! randomly ("full jitter") so that many clients failing together do not retry in step.
//!
//! ```
//! use std::time::Duration;
//! use spapi_http::RetryPolicy;
//!
//! let policy = RetryPolicy::default()
//!     .with_max_attempts(5)
//!     .with_initial_backoff(Duration::from_millis(100))
//!     .with_max_backoff(Duration::from_secs(2))
//!     .with_max_elapsed(Duration::from_secs(10));
//! // The delay after the 3rd failed attempt is random, at most 100 ms * 2^2.
//! assert!(policy.backoff(3) <= Duration::from_millis(400));
//! // After the 5th attempt the policy gives up.
//! assert_eq!(policy.next_delay(5, Duration::ZERO), None);
//! ```

use std::fmt::Display;
use std::future::Future;
use std::time::Duration;

use rand::Rng;
use tokio::time::Instant;

/// How often and how patiently to retry an operation that failed transiently.
///
/// Attempt `n` (counting from 1) that fails is followed, if the policy allows another attempt,
/// by a random delay between zero and `min(max_backoff, initial_backoff * 2^(n-1))`. No attempt
/// starts once `max_elapsed` has passed since the first one started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_elapsed: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, backoff from 200 ms up to 5 s, at most 30 s in all.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_elapsed: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// A policy that makes a single attempt and never retries.
    pub fn never() -> Self {
        Self::default().with_max_attempts(1)
    }

    /// Sets the number of attempts, the first one included (at least 1).
    #[must_use]
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// Sets the backoff ceiling after the first failed attempt; it doubles after each further one.
    #[must_use]
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// Sets the largest backoff ceiling.
    #[must_use]
    pub fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// Sets the time after the first attempt started past which no attempt starts.
    #[must_use]
    pub fn with_max_elapsed(mut self, max_elapsed: Duration) -> Self {
        self.max_elapsed = max_elapsed;
        self
    }

    /// The number of attempts, the first one included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The backoff ceiling after the first failed attempt.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The largest backoff ceiling.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The time after the first attempt started past which no attempt starts.
    pub fn max_elapsed(&self) -> Duration {
        self.max_elapsed
    }

    /// The ceiling of the delay after failed attempt `attempt` (counting from 1):
    /// `min(max_backoff, initial_backoff * 2^(attempt-1))`.
    pub fn backoff_ceiling(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(31);
        self.initial_backoff
            .saturating_mul(1 << doublings)
            .min(self.max_backoff)
    }

    /// A random delay between zero and [`backoff_ceiling(attempt)`](Self::backoff_ceiling)
    /// (full jitter).
    pub fn backoff(&self, attempt: u32) -> Duration {
        let ceiling = u64::try_from(self.backoff_ceiling(attempt).as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(rand::rng().random_range(0..=ceiling))
    }

    /// The delay before the next attempt after attempt `attempt` (counting from 1) failed
    /// transiently, `elapsed` after the first attempt started; `None` when the policy gives up
    /// (no attempts left, or the next one would start after `max_elapsed`).
    pub fn next_delay(&self, attempt: u32, elapsed: Duration) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let delay = self.backoff(attempt);
        (elapsed.saturating_add(delay) < self.max_elapsed).then_some(delay)
    }

    /// Runs `operation` (given the attempt number, from 1) until it succeeds, fails with an error
    /// that `is_transient` rejects, or the policy gives up; returns the last result.
    ///
    /// # Errors
    ///
    /// The error of the last attempt.
    pub async fn run<T, E, Fut>(
        &self,
        mut operation: impl FnMut(u32) -> Fut,
        is_transient: impl Fn(&E) -> bool,
    ) -> Result<T, E>
    where
        Fut: Future<Output = Result<T, E>>,
    {
        let mut retries = self.start();
        loop {
            let error = match operation(retries.attempt()).await {
                Ok(value) => return Ok(value),
                Err(error) => error,
            };
            // `E` need not print: the retry is logged without its reason.
            if !is_transient(&error) || !retries.wait("a transient failure").await {
                return Err(error);
            }
        }
    }

    /// Starts counting attempts and time, for a retry loop of the caller's own.
    pub fn start(&self) -> Retries<'_> {
        Retries {
            policy: self,
            started: Instant::now(),
            attempt: 1,
        }
    }
}

/// The attempts made so far under a [`RetryPolicy`], from [`RetryPolicy::start`].
///
/// ```
/// # async fn send() -> Result<(), &'static str> { Ok(()) }
/// # async fn run() -> Result<(), &'static str> {
/// let policy = spapi_http::RetryPolicy::default();
/// let mut retries = policy.start();
/// loop {
///     match send().await {
///         Ok(()) => return Ok(()),
///         // Waits the backoff, or gives up when the policy says so.
///         Err(error) if retries.wait(&error).await => continue,
///         Err(error) => return Err(error),
///     }
/// }
/// # }
/// ```
#[derive(Debug)]
pub struct Retries<'a> {
    policy: &'a RetryPolicy,
    started: Instant,
    attempt: u32,
}

impl Retries<'_> {
    /// The number of the current attempt, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// After the current attempt failed transiently because of `reason`: sleeps the backoff and
    /// returns `true` for another attempt, or returns `false` at once when the policy gives up.
    pub async fn wait<R: Display + ?Sized>(&mut self, reason: &R) -> bool {
        let Some(delay) = self.policy.next_delay(self.attempt, self.started.elapsed()) else {
            return false;
        };
        tracing::debug!(
            attempt = self.attempt,
            delay_ms = delay.as_millis(),
            %reason,
            "retrying after a transient failure"
        );
        tokio::time::sleep(delay).await;
        self.attempt += 1;
        true
    }
}
