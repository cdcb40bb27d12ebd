//! Bounded retries of transient failures, with exponential backoff and full jitter: the policy
//! of [`spapi_http`], the one owner of sending HTTP, re-exported where this crate's users know it.
//!
//! ```
//! use std::time::Duration;
//! use spapi_auth::retry::RetryPolicy;
//!
//! let policy = RetryPolicy::default().with_max_attempts(5);
//! // After the 5th attempt the policy gives up.
//! assert_eq!(policy.next_delay(5, Duration::ZERO), None);
//! ```

pub use spapi_http::{Retries, RetryPolicy};
