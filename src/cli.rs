//! The headless face: clap arguments, one module per subcommand group, and
//! the exit codes of DESIGN.md (0 ok, 1 failed, 2 usage or configuration,
//! 3 engine unreachable).

mod completions;
mod deploy;
mod docs;
mod doctor;
mod exec;
mod exit;
mod foreground;
mod git;
mod init;
mod keys;
mod log_printer;
mod logging;
mod logs;
mod migrate;
mod output;
mod run;
mod secrets;
mod server;
mod server_list;
mod table;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use exit::{Failure, Usage, exit_code};
pub use output::Output;

use crate::project::{self, DiscoverOptions, Project};

/// A terminal console for containerized Python model-server projects.
/// Without a subcommand it opens the console.
#[derive(Debug, Parser)]
#[command(name = "runcli", version, about)]
pub struct Args {
    /// The project's root folder (else RUNCLI_PROJECT, else the nearest
    /// folder holding runcli.toml, else the git work tree root).
    #[arg(long, global = true, value_name = "DIR")]
    pub project: Option<PathBuf>,
    /// More detail: debug-level log lines (to stderr for subcommands, to
    /// the log file for the console).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Machine-readable output: stdout carries JSON only (one object per
    /// line for streams) and every human line goes to stderr.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the project and the engine: one line per problem, with its fix.
    Doctor,
    /// Write runcli.toml and the __run_cli wrappers into a project (never overwrites).
    Init {
        /// Folder to initialise (default: the current folder).
        dir: Option<PathBuf>,
    },
    /// Compile per-environment env files from the secrets template and values.
    #[command(subcommand)]
    Secrets(secrets::SecretsCommand),
    /// Start and stop server profiles.
    #[command(subcommand)]
    Server(server::ServerCommand),
    /// The project's containers' logs, each line prefixed by its service.
    Logs {
        /// Only these services (default: all).
        services: Vec<String>,
        /// Keep streaming new lines.
        #[arg(short, long)]
        follow: bool,
        /// Only lines newer than this long ago (10m, 1h30m).
        #[arg(long, value_name = "DURATION")]
        since: Option<String>,
        /// Prefix each line with the engine's timestamp.
        #[arg(short, long)]
        timestamps: bool,
        /// Read the services of this [environments] entry on its swarm, every
        /// task on every node, each line prefixed SERVICE.SLOT@NODE.
        #[arg(long, value_name = "ENV", conflicts_with_all = ["since", "timestamps"])]
        env: Option<String>,
    },
    /// Database migrations (Flask-Migrate / alembic) in the API service.
    #[command(subcommand)]
    Migrate(migrate::MigrateCommand),
    /// Build the Sphinx docs in the docs service.
    #[command(subcommand)]
    Docs(docs::DocsCommand),
    /// Run test tiers as one-shot containers and read their JUnit reports.
    #[command(subcommand)]
    Test(test::TestCommand),
    /// Git status, and version bump with optional commit, tag and push.
    #[command(subcommand)]
    Git(git::GitCommand),
    /// Run one of the project's own commands ([commands] in runcli.toml).
    Run(run::RunArgs),
    /// A command, or the service's shell, in its running container; the
    /// command's exit code is runcli's.
    Exec {
        /// A compose service with a running container.
        service: String,
        /// The command and its arguments, after `--` (default: the shell).
        #[arg(last = true, value_name = "CMD")]
        cmd: Vec<String>,
    },
    /// Build, push and deploy to an environment on Docker Swarm ([environments]).
    Deploy(deploy::DeployArgs),
    /// Put an environment's services back on their previous version (Swarm's rollback).
    Rollback {
        /// A name under [environments] in runcli.toml.
        env: String,
        /// Seconds Swarm may take to finish the rollback.
        #[arg(long, value_name = "SECS", default_value_t = 300)]
        timeout: u64,
    },
    /// An environment's services: replicas desired and running, and the
    /// version each task runs on which node.
    Status {
        /// A name under [environments] in runcli.toml.
        env: String,
    },
    /// The console's keys: one line per action (pane, action, key,
    /// description), with runcli.toml's [keys] remaps applied.
    Keys,
    /// Print a shell completion script (README, "Shell completions").
    Completions {
        /// bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },
    /// Print the man page, runcli(1), as roff.
    Man,
}

/// Runs the parsed command line and returns the process exit code.
pub fn main(args: Args) -> ExitCode {
    // One worker: the console's work is light and message-driven, and a
    // second worker only adds cross-thread wake-ups per log chunk
    // (BENCHMARKS.md, live ingest). Blocking work has its own threads.
    // `logs` has no input or drawing to keep apart from the streams, so it
    // runs everything on the main thread: no wake-up crosses threads.
    let mut builder = if matches!(args.command, Some(Command::Logs { .. })) {
        tokio::runtime::Builder::new_current_thread()
    } else {
        let mut b = tokio::runtime::Builder::new_multi_thread();
        b.worker_threads(1);
        b
    };
    let runtime = match builder.enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("runcli: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let out = Output::new(args.json);
    let result = runtime.block_on(dispatch(args));
    // Do not wait for tasks still blocked on IO (log streams, pings).
    runtime.shutdown_background();
    match result {
        Ok(code) => code,
        Err(e) => {
            let message = format!("{e:#}");
            eprintln!("runcli: {message}");
            if out.is_json() {
                let _ = out.record(&output::ErrorRecord { error: &message });
            }
            exit_code(&e)
        }
    }
}

async fn dispatch(args: Args) -> anyhow::Result<ExitCode> {
    let out = Output::new(args.json);
    match args.command {
        None => {
            let project = discover(&args)?;
            logging::to_file(&project.root, args.verbose);
            crate::console::run(project).await?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Doctor) => {
            logging::to_stderr(args.verbose);
            doctor::run(&args, out).await
        }
        Some(Command::Init { ref dir }) => {
            logging::to_stderr(args.verbose);
            init::run(dir.clone())
        }
        Some(Command::Server(command)) => {
            logging::to_stderr(args.verbose);
            let project = discover_with(args.project)?;
            server::run(&project, command, out).await
        }
        Some(Command::Logs {
            services,
            follow,
            env: Some(env),
            ..
        }) => {
            logging::to_stderr(args.verbose);
            let project = discover_with(args.project)?;
            deploy::logs(&project, &env, services, follow, out).await
        }
        Some(Command::Logs {
            services,
            follow,
            since,
            timestamps,
            env: None,
        }) => {
            logging::to_stderr(args.verbose);
            let project = discover_with(args.project)?;
            logs::run(&project, services, follow, since, timestamps, out).await
        }
        Some(Command::Migrate(command)) => {
            logging::to_stderr(args.verbose);
            let project = discover_with(args.project)?;
            migrate::run(&project, command, out).await
        }
        Some(Command::Docs(command)) => {
            logging::to_stderr(args.verbose);
            let project = discover_with(args.project)?;
            docs::run(&project, command, out).await
        }
        Some(Command::Test(command)) => {
            logging::to_stderr(args.verbose);
            let project = discover_with(args.project)?;
            test::run(&project, command, out).await
        }
        Some(Command::Secrets(command)) => {
            logging::to_stderr(args.verbose);
            let project = discover_with(args.project)?;
            secrets::run(&project, command, out)
        }
        Some(Command::Keys) => keys::run(&discover_with(args.project)?, out),
        Some(Command::Completions { shell }) => completions::completions(shell),
        Some(Command::Man) => completions::man(),
        Some(Command::Git(command)) => {
            logging::to_stderr(args.verbose);
            let project = discover_with(args.project)?;
            git::run(&project, command, out)
        }
        Some(Command::Run(command)) => {
            logging::to_stderr(args.verbose);
            let project = discover_with(args.project)?;
            run::run(&project, command, out).await
        }
        Some(Command::Deploy(command)) => {
            logging::to_stderr(args.verbose);
            deploy::deploy(&discover_with(args.project)?, command, out).await
        }
        Some(Command::Rollback { env, timeout }) => {
            logging::to_stderr(args.verbose);
            deploy::rollback(&discover_with(args.project)?, &env, timeout, out).await
        }
        Some(Command::Status { env }) => {
            logging::to_stderr(args.verbose);
            deploy::status(&discover_with(args.project)?, &env, out).await
        }
        Some(Command::Exec { service, cmd }) => {
            logging::to_stderr(args.verbose);
            exec::run(&discover_with(args.project)?, &service, cmd).await
        }
    }
}

/// Finds the project as DESIGN.md orders it.
pub fn discover(args: &Args) -> anyhow::Result<Project> {
    discover_with(args.project.clone())
}

fn discover_with(explicit: Option<PathBuf>) -> anyhow::Result<Project> {
    let opts = DiscoverOptions::from_process(explicit)?;
    Ok(project::discover(&opts)?)
}
