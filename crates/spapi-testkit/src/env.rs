//! A test that runs itself in child processes, one per scenario.

use std::io::Write;

use crate::child;

/// The lines around a child's report (libtest prints its own lines around it).
const REPORT_START: &str = "--- spapi-testkit child report ---";
const REPORT_END: &str = "--- end of child report ---";

/// Runs scenarios in child processes of the current test binary, each with exactly the
/// variables the scenario sets out of [`cleared`](Self::cleared).
///
/// Each test that runs children first calls [`serve`](Self::serve): in a child (which runs only
/// that test) it runs the scenario and prints its report; in the parent it returns `false`, and
/// the test goes on to call [`run`](Self::run) for each case and compare what the children
/// report.
#[derive(Debug, Clone, Copy)]
pub struct ChildEnv {
    /// The variable that tells a child which scenario to run.
    pub scenario_var: &'static str,
    /// The variables a child never inherits: it sees only those its scenario sets.
    pub cleared: &'static [&'static str],
}

impl ChildEnv {
    /// In a child, runs `scenario` with the scenario's name, prints what it reports and returns
    /// `true`; in the parent returns `false` without calling it.
    ///
    /// # Panics
    ///
    /// When stdout cannot be written.
    pub fn serve(&self, scenario: impl FnOnce(&str) -> String) -> bool {
        let Ok(name) = std::env::var(self.scenario_var) else {
            return false;
        };
        let report = scenario(&name);
        writeln!(std::io::stdout(), "{REPORT_START}\n{report}\n{REPORT_END}").expect("stdout");
        true
    }

    /// What a child running `scenario` with exactly `vars` (of [`cleared`](Self::cleared))
    /// reports. The child runs the calling test alone, so call this from the test's own thread.
    ///
    /// # Panics
    ///
    /// When the child cannot start, fails, or reports nothing or something that is not UTF-8;
    /// when called outside a libtest test thread.
    #[track_caller]
    pub fn run(&self, scenario: &str, vars: &[(&str, &str)]) -> String {
        let test = child::current_test();
        let mut command = child::command_for(&test);
        for name in self.cleared {
            command.env_remove(name);
        }
        command
            .envs(vars.iter().copied())
            .env(self.scenario_var, scenario);
        let output = command.output().expect("child runs");
        child::assert_one_passed(&test, &output);
        let stdout = String::from_utf8(output.stdout).expect("utf-8");
        let report = stdout
            .split_once(&format!("{REPORT_START}\n"))
            .and_then(|(_, rest)| rest.split_once(&format!("\n{REPORT_END}")))
            .map(|(report, _)| report.to_owned());
        report.unwrap_or_else(|| panic!("child {scenario} of {test} reported nothing:\n{stdout}"))
    }
}
