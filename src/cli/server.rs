//! `runcli server list | up PROFILE [--build [--no-start]] [--detach]
//! [--force-recreate | --no-recreate] | stop PROFILE | down [--volumes]
//! [--prune]`. Without `--detach`, `up` streams the project's logs with a
//! service prefix until Ctrl-C, then takes down what it started;
//! `--no-start` only builds. Under `--json` every event and listing row is
//! one object on stdout (README "JSON output") and the human lines go to
//! stderr. `list` is in `server_list.rs`.

use std::process::ExitCode;
use std::time::Duration;

use clap::Subcommand;
use serde_json::json;

use crate::engine::{self, Engine};
use crate::ops::server::{self, DownEvent, DownOptions, ServerEvent, UpOptions};
use crate::ops::stack::Recreate;
use crate::project::Project;

use super::output::Output;
use super::{foreground, server_list};

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
        /// With --build: rebuild the profile's images and stop there
        /// (nothing is created, started or taken down).
        #[arg(long, requires = "build")]
        no_start: bool,
        /// Return once the profile is up instead of streaming its logs.
        #[arg(long)]
        detach: bool,
        /// Recreate the containers (services, serving step, profile container) even when unchanged.
        #[arg(long, conflicts_with = "no_recreate")]
        force_recreate: bool,
        /// Keep existing containers even when their config or image changed.
        #[arg(long)]
        no_recreate: bool,
    },
    /// Stop and remove one profile's serving and own containers; the
    /// compose services it started (db, ...) keep running.
    Stop { profile: String },
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

fn print_event(event: ServerEvent, out: Output) {
    if out.is_json() {
        let object = match &event {
            ServerEvent::Progress(text) => json!({"event": "progress", "text": text}),
            ServerEvent::Health { profile, healthy } => {
                json!({"event": "health", "profile": profile, "healthy": healthy})
            }
            ServerEvent::Url { profile, url } => {
                json!({"event": "url", "profile": profile, "url": url})
            }
        };
        let _ = out.record(&object);
    }
    match event {
        ServerEvent::Progress(line) => out.say(line),
        ServerEvent::Health { profile, healthy } => out.say(format!(
            "{profile}: {}",
            if healthy { "healthy" } else { "unhealthy" }
        )),
        ServerEvent::Url { profile, url } => out.say(format!("{profile}: {url}")),
    }
}

/// `down`'s events: lines, and under `--json` a `progress` or `killed`
/// object each.
fn down_events(out: Output) -> impl FnMut(DownEvent) + Send {
    move |event: DownEvent| {
        if out.is_json() {
            let object = match &event {
                DownEvent::Progress(text) => json!({"event": "progress", "text": text}),
                DownEvent::Killed {
                    service,
                    container,
                    timeout_secs,
                    took_secs,
                    note,
                } => json!({
                    "event": "killed",
                    "service": service,
                    "container": container,
                    "timeout_secs": timeout_secs,
                    "took_secs": took_secs,
                    "note": note,
                }),
            };
            let _ = out.record(&object);
        }
        match event {
            DownEvent::Progress(line) | DownEvent::Killed { note: line, .. } => out.say(line),
        }
    }
}

pub async fn run(
    project: &Project,
    command: ServerCommand,
    out: Output,
) -> anyhow::Result<ExitCode> {
    // A profile the project does not have is a usage error (2) whether or
    // not the engine answers: it is said before the engine is asked.
    if let ServerCommand::Up { profile, .. } | ServerCommand::Stop { profile } = &command
        && !project.manifest.profiles.contains_key(profile)
    {
        return Err(server::unknown_profile(project, profile).into());
    }
    let engine = connect().await?;
    match command {
        ServerCommand::List => server_list::list(&engine, project, out).await,
        ServerCommand::Up {
            profile,
            no_start: true,
            ..
        } => {
            let events = move |event| print_event(event, out);
            let images = server::build_images(&engine, project, &profile, &events).await?;
            if out.is_json() {
                out.record(&json!({"event": "built", "profile": profile, "images": images}))?;
            }
            out.say(format!(
                "{profile}: built {}; nothing started",
                if images.is_empty() {
                    "nothing (no service of it has a build)".to_string()
                } else {
                    images.join(", ")
                }
            ));
            Ok(ExitCode::SUCCESS)
        }
        ServerCommand::Up {
            profile,
            build,
            detach,
            force_recreate,
            no_recreate,
            no_start: false,
        } => {
            let recreate = match (force_recreate, no_recreate) {
                (true, _) => Recreate::Always,
                (_, true) => Recreate::Never,
                _ => Recreate::Changed,
            };
            let opts = UpOptions { build, recreate };
            let events = move |event| print_event(event, out);
            if detach {
                let report = server::up(&engine, project, &profile, opts, &events).await?;
                say_up(&profile, &report, out)?;
                return Ok(ExitCode::SUCCESS);
            }
            let mut signals = foreground::listen()?;
            let started = tokio::select! {
                report = server::up(&engine, project, &profile, opts, &events) => Some(report?),
                _ = signals.recv() => None,
            };
            let Some(report) = started else {
                return foreground::take_down_cut_short(
                    &engine,
                    project,
                    out,
                    signals,
                    down_events(out),
                )
                .await;
            };
            say_up(&profile, &report, out)?;
            foreground::run(&engine, project, out, signals, down_events(out)).await
        }
        ServerCommand::Stop { profile } => {
            let mut progress = |line: String| print_event(ServerEvent::Progress(line), out);
            let removed = server::stop_profile(&engine, project, &profile, &mut progress).await?;
            if out.is_json() {
                out.record(&json!({"event": "stopped", "profile": profile, "removed": removed}))?;
            }
            if removed.is_empty() {
                out.say(format!("nothing of {profile} was running"));
            } else {
                out.say(format!("{profile}: stopped {}", removed.join(", ")));
            }
            Ok(ExitCode::SUCCESS)
        }
        ServerCommand::Down {
            volumes,
            prune,
            timeout,
        } => {
            let mut events = down_events(out);
            let opts = DownOptions {
                volumes,
                prune_images: prune,
                timeout_secs: timeout,
            };
            let removed = server::down_events(&engine, project, opts, &mut events).await?;
            if out.is_json() {
                out.record(&json!({"event": "down", "removed": removed}))?;
            }
            if removed.is_empty() {
                out.say(format!("nothing of project {} was running", project.name));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Says that `profile` is up (or already was), and under `--json` the `up`
/// event.
fn say_up(profile: &str, report: &server::UpReport, out: Output) -> anyhow::Result<()> {
    if out.is_json() {
        out.record(&json!({
            "event": "up",
            "profile": profile,
            "already_up": report.already_up,
            "url": report.url,
        }))?;
    }
    if report.already_up {
        out.say(format!("{profile} is already up"));
    } else {
        out.say(format!("{profile} is up"));
    }
    Ok(())
}
