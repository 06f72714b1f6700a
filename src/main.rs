//! The `runcli` binary: the console, or a headless subcommand.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = runcli::cli::Args::parse();
    runcli::cli::main(args)
}
