//! Test plumbing shared by the workspace's own test suites, in one place. Unpublished: the
//! member crates use it only as a dev-dependency. What SDK users may want for their own tests
//! lives in `spapi_sandbox::testing` instead.
//!
//! - [`TraceLog`]: every span and event of a test binary at TRACE level, to search for secrets.
//! - [`ChildEnv`]: a test that runs itself once per scenario, each child with exactly the
//!   environment variables the scenario sets (`std::env::set_var` is unsafe, and unsafe code is
//!   forbidden in this workspace).
//! - [`in_own_process`]: a test that installs a process-global (a tracing subscriber) runs alone
//!   in a child process, as every crate's tests share one binary.
//! - [`metrics`]: what a test recorded through the `metrics` facade, on a recorder of its own.
//! - [`lwa`]: the test application's credentials and the answers of an LWA stand-in.
//! - [`assert_no_secret`]: fails with the text when it holds any of a test's secret markers.
//! - [`errors`]: an error's chain printed as anyhow's `{:#}` prints it, and the check that no
//!   error repeats its source's message.
//! - [`dynamodb`] (feature `dynamodb`): a DynamoDB client for moto.

mod child;
#[cfg(feature = "dynamodb")]
pub mod dynamodb;
mod env;
pub mod errors;
pub mod lwa;
pub mod metrics;
mod trace;

pub use child::in_own_process;
pub use env::ChildEnv;
pub use trace::TraceLog;

/// Panics with `text` if it contains any of `markers` (distinctive parts of a test's secrets),
/// naming `what` leaked it.
///
/// # Panics
///
/// When `text` contains a marker.
#[track_caller]
pub fn assert_no_secret(markers: &[&str], what: &str, text: &str) {
    for marker in markers {
        assert!(!text.contains(marker), "{what} leaks {marker:?}: {text}");
    }
}
