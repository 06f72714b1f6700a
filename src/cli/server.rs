//! `runcli server list | up PROFILE [--build] [--detach] [--force-recreate |
//! --no-recreate] | down [--volumes] [--prune]`. Without `--detach`, `up`
//! streams the project's logs with a service prefix until Ctrl-C, then takes
//! down what it started.

use std::process::ExitCode;
use std::time::Duration;

use clap::Subcommand;

use crate::engine::{self, Engine};
use crate::ops::server::{self, DownOptions, ServerEvent, UpOptions};
use crate::ops::stack::Recreate;
use crate::project::Project;

use super::logs;

#[derive(Debug, Subcommand)]
pub enum ServerCommand {
    /// The profiles of runcli.toml, the services of its compose files (image
    /// or build, ports, state) and the project's containers with their badges.
    List,
    /// Start a profile and wait until its health URL answers.
    Up {
        profile: String,
        /// Rebuild the images first.
        #[arg(long)]
        build: bool,
        /// Return once the profile is up instead of streaming its logs.
        #[arg(long)]
        detach: bool,
        /// Recreate the service containers even when their config and image did not change.
        #[arg(long, conflicts_with = "no_recreate")]
        force_recreate: bool,
        /// Keep existing service containers even when their config or image changed.
        #[arg(long)]
        no_recreate: bool,
    },
    /// Remove the project's containers and network (named volumes stay).
    Down {
        /// Also remove the named volumes (the database's data).
        #[arg(long)]
        volumes: bool,
        /// Also remove the images runcli built for the project (clean).
        #[arg(long)]
        prune: bool,
        /// Seconds each container gets to stop after SIGTERM before it is
        /// killed (compose's -t).
        #[arg(short, long, value_name = "SECS")]
        timeout: Option<u32>,
    },
}

pub async fn connect() -> anyhow::Result<Engine> {
    let endpoint = engine::resolve_endpoint()?;
    let engine = Engine::connect(&endpoint)?;
    engine.ping(Duration::from_secs(3)).await?;
    Ok(engine)
}

fn print_event(event: ServerEvent) {
    match event {
        ServerEvent::Progress(line) => println!("{line}"),
        ServerEvent::Health { profile, healthy } => {
            println!(
                "{profile}: {}",
                if healthy { "healthy" } else { "unhealthy" }
            )
        }
        ServerEvent::Url { profile, url } => println!("{profile}: {url}"),
    }
}

pub async fn run(project: &Project, command: ServerCommand) -> anyhow::Result<ExitCode> {
    let engine = connect().await?;
    match command {
        ServerCommand::List => list(&engine, project).await,
        ServerCommand::Up {
            profile,
            build,
            detach,
            force_recreate,
            no_recreate,
        } => {
            let recreate = match (force_recreate, no_recreate) {
                (true, _) => Recreate::Always,
                (_, true) => Recreate::Never,
                _ => Recreate::Changed,
            };
            let opts = UpOptions { build, recreate };
            let report = server::up(&engine, project, &profile, opts, &print_event).await?;
            if report.already_up {
                println!("{profile} is already up");
            } else {
                println!("{profile} is up");
            }
            if detach {
                return Ok(ExitCode::SUCCESS);
            }
            println!("streaming logs; Ctrl-C stops the profile");
            let streams = logs::follow_all(&engine, &project.name, &[], true, None, false);
            tokio::select! {
                () = streams => {}
                _ = tokio::signal::ctrl_c() => {}
            }
            let mut progress = |line: String| println!("{line}");
            server::down(&engine, project, DownOptions::default(), &mut progress).await?;
            Ok(ExitCode::SUCCESS)
        }
        ServerCommand::Down {
            volumes,
            prune,
            timeout,
        } => {
            let mut progress = |line: String| println!("{line}");
            let opts = DownOptions {
                volumes,
                prune_images: prune,
                timeout_secs: timeout,
            };
            let removed = server::down(&engine, project, opts, &mut progress).await?;
            if removed.is_empty() {
                println!("nothing of project {} was running", project.name);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Profiles, then the services of `[compose] files` with their state, then
/// every container of the project. A compose file that does not load is a
/// configuration error (exit 2, `file:line:col` on stderr).
async fn list(engine: &Engine, project: &Project) -> anyhow::Result<ExitCode> {
    let compose = project.compose(None)?;
    let containers = server::status(engine, &project.name).await?;
    for (name, profile) in &project.manifest.profiles {
        println!("{name:<14} {}", profile.description);
    }
    let files = project.manifest.compose.files.join(", ");
    println!("\nservices of {files}");
    let rows = server::service_rows(&compose, &project.root, &containers);
    for row in &rows {
        println!(
            "{:<14} {:<32} {:<24} {}",
            row.name, row.source, row.ports, row.state
        );
    }
    if containers.is_empty() {
        println!("\nno containers of project {}", project.name);
    } else {
        println!("\ncontainers");
        for s in containers {
            println!("{:<14} {:<40} {}", s.service, s.container, s.badge);
        }
    }
    Ok(ExitCode::SUCCESS)
}
