//! Running the current test again in a child process of the same test binary.
//!
//! libtest names each test's thread after the test (`module::name`), so a child started with
//! that name and `--exact` runs that test alone.

use std::process::{Command, Output};

/// The variable that marks a child started by [`in_own_process`].
const ALONE_VAR: &str = "SPAPI_TESTKIT_ALONE";

/// The libtest name of the running test (its thread's name).
///
/// # Panics
///
/// When called outside a libtest test thread.
pub(crate) fn current_test() -> String {
    let thread = std::thread::current();
    let name = thread
        .name()
        .expect("a libtest test thread (named after its test)");
    assert_ne!(
        name, "main",
        "call from a #[test] (libtest runs tests on named threads)"
    );
    name.to_owned()
}

/// A command that runs `test` alone in a child of this test binary, its output not captured.
///
/// # Panics
///
/// When the binary's own path is unknown.
pub(crate) fn command_for(test: &str) -> Command {
    let mut command = Command::new(std::env::current_exe().expect("own path"));
    command.args([test, "--exact", "--test-threads=1", "--nocapture"]);
    command
}

/// Panics (with its output) unless the child passed and ran exactly one test.
#[track_caller]
pub(crate) fn assert_one_passed(test: &str, output: &Output) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("test result: ok. 1 passed"),
        "child running {test} alone failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Whether the calling test runs in a process of its own; call it first in a test that installs
/// a process-global (a tracing subscriber): other tests of the same binary run in parallel.
///
/// In the test binary's own run, it runs the calling test alone in a child process, fails if the
/// child fails, and returns `false` (the test then returns: the child did the work). In that
/// child it returns `true`.
///
/// # Panics
///
/// When the child fails, or when called outside a libtest test.
#[must_use]
#[track_caller]
pub fn in_own_process() -> bool {
    let test = current_test();
    if std::env::var(ALONE_VAR).is_ok_and(|alone| alone == test) {
        return true;
    }
    let output = command_for(&test)
        .env(ALONE_VAR, &test)
        .output()
        .expect("child runs");
    assert_one_passed(&test, &output);
    false
}
