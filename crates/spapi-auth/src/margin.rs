//! [`RefreshMargin`]: how long before its expiry a cached token is replaced.

use std::time::Duration;

/// How long before its expiry a cached token is replaced: a fraction of the token's lifetime,
/// at most a cap. The default, [`RefreshMargin::DEFAULT`], is a tenth of the lifetime, at most
/// 60 s: 60 s for LWA's one-hour tokens, 0.5 s for 5 s tokens.
///
/// Why it scales: the margin covers the time between taking a token from the cache and Amazon
/// checking it, one request's flight. Every refresh throws away the margin's part of a
/// token's life, so a fixed margin would make short tokens cost extra LWA requests (a 60 s
/// margin would leave nothing of a 60 s token). A tenth of the lifetime costs at most a ninth
/// more requests than the lifetime alone needs, and usually none: 5 s tokens used once a
/// second still need one LWA request per 5 s. The cap keeps long tokens in use for all but
/// their last minute, which is still far longer than a request takes.
///
/// ```
/// use std::time::Duration;
/// use spapi_auth::RefreshMargin;
///
/// let margin = RefreshMargin::DEFAULT;
/// assert_eq!(margin.for_lifetime(Duration::from_secs(3600)), Duration::from_secs(60));
/// assert_eq!(margin.for_lifetime(Duration::from_secs(5)), Duration::from_millis(500));
///
/// // A quarter of the lifetime, at most two minutes.
/// let margin = RefreshMargin::new(0.25, Duration::from_secs(120));
/// assert_eq!(margin.for_lifetime(Duration::from_secs(3600)), Duration::from_secs(120));
/// assert_eq!(margin.for_lifetime(Duration::from_secs(60)), Duration::from_secs(15));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RefreshMargin {
    fraction: f64,
    max: Duration,
}

impl RefreshMargin {
    /// A tenth of the token's lifetime, at most 60 s.
    pub const DEFAULT: Self = Self {
        fraction: 0.1,
        max: Duration::from_secs(60),
    };

    /// The largest fraction [`new`](Self::new) accepts: a token is always kept for at least
    /// half its life.
    pub const MAX_FRACTION: f64 = 0.5;

    /// `fraction` of the token's lifetime, at most `max`. The fraction is clamped to 0 ..=
    /// [`MAX_FRACTION`](Self::MAX_FRACTION) (NaN reads as 0: tokens are kept until expiry).
    pub fn new(fraction: f64, max: Duration) -> Self {
        let fraction = if fraction.is_nan() {
            0.0
        } else {
            fraction.clamp(0.0, Self::MAX_FRACTION)
        };
        Self { fraction, max }
    }

    /// The fraction of the lifetime.
    pub fn fraction(&self) -> f64 {
        self.fraction
    }

    /// The cap.
    pub fn max(&self) -> Duration {
        self.max
    }

    /// The margin for a token that lives `lifetime`.
    pub fn for_lifetime(&self, lifetime: Duration) -> Duration {
        lifetime.mul_f64(self.fraction).min(self.max)
    }
}

impl Default for RefreshMargin {
    fn default() -> Self {
        Self::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_are_clamped_and_the_cap_holds() {
        let hour = Duration::from_secs(3600);
        assert_eq!(
            RefreshMargin::new(-1.0, hour).for_lifetime(hour),
            Duration::ZERO
        );
        assert_eq!(
            RefreshMargin::new(f64::NAN, hour).for_lifetime(hour),
            Duration::ZERO
        );
        assert_eq!(
            RefreshMargin::new(2.0, hour).for_lifetime(hour),
            Duration::from_secs(1800)
        );
        assert_eq!(
            RefreshMargin::new(0.5, Duration::from_secs(10)).for_lifetime(hour),
            Duration::from_secs(10)
        );
        assert_eq!(
            RefreshMargin::DEFAULT.for_lifetime(Duration::ZERO),
            Duration::ZERO
        );
    }
}
