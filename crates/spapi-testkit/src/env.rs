//! A test binary (`harness = false`) that runs itself in child processes, one per scenario.

use std::io::Write;
use std::process::Command;

/// Runs scenarios in child processes of the current test binary, each with exactly the
/// variables the scenario sets out of [`cleared`](Self::cleared).
///
/// The binary's `main` first calls [`serve`](Self::serve): in a child it runs the scenario and
/// prints its report; in the parent it returns `false`, and `main` goes on to call
/// [`run`](Self::run) for each case and compare what the children report.
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
        writeln!(std::io::stdout(), "{}", scenario(&name)).expect("stdout");
        true
    }

    /// What a child running `scenario` with exactly `vars` (of [`cleared`](Self::cleared))
    /// reports, without the trailing newline.
    ///
    /// # Panics
    ///
    /// When the child cannot start, fails, or reports something that is not UTF-8.
    pub fn run(&self, scenario: &str, vars: &[(&str, &str)]) -> String {
        let mut command = Command::new(std::env::current_exe().expect("own path"));
        for name in self.cleared {
            command.env_remove(name);
        }
        command
            .envs(vars.iter().copied())
            .env(self.scenario_var, scenario);
        let output = command.output().expect("child runs");
        assert!(
            output.status.success(),
            "child {scenario} failed: {output:?}"
        );
        String::from_utf8(output.stdout)
            .expect("utf-8")
            .trim_end()
            .to_owned()
    }
}
