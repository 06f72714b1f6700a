//! `runcli completions SHELL` and `runcli man`: a shell completion script
//! and a roff man page, both written to stdout from the same clap
//! definition the binary parses, so they never drift from it.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

use super::Args;

/// Writes the completion script for `shell`.
pub fn completions(shell: Shell) -> anyhow::Result<ExitCode> {
    let mut command = Args::command();
    let mut out = io::stdout().lock();
    clap_complete::generate(shell, &mut command, "runcli", &mut out);
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the man page, runcli(1), with every subcommand listed.
pub fn man() -> anyhow::Result<ExitCode> {
    let mut out = io::stdout().lock();
    clap_mangen::Man::new(Args::command()).render(&mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
