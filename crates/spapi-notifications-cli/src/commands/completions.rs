//! `completions SHELL`: the shell completion script, generated from the command line's
//! definition so that it never falls behind.

use std::io::Write;

use clap::CommandFactory as _;
use clap_complete::Shell;

use crate::cli::Cli;

/// Writes the completion script for `shell` to `out`.
pub(crate) fn run(shell: Shell, out: &mut impl Write) {
    let mut command = Cli::command();
    let name = command.get_name().to_owned();
    clap_complete::generate(shell, &mut command, name, out);
}
