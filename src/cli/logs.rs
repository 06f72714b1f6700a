//! `runcli logs [SERVICE...] [--follow] [--since D] [--timestamps]`: the
//! project's containers' logs with a service prefix, one engine stream per
//! container, interleaved as they come.
//!
//! Each stream goes through the console's batched reader
//! (`ops::log_follow::read`); lines are written through buffers flushed
//! once per batch, so a million lines cost a few hundred writes, not a
//! million. Stderr lines go to stderr (under `--json`: `"stream":"stderr"`),
//! and a last line without a newline is printed when its stream ends.

use std::collections::BTreeSet;
use std::process::ExitCode;

use anyhow::Context;
use tokio::sync::mpsc;

use super::exit::{Failure, Usage};
use super::log_printer::{Printer, Stream};
use super::output::Output;
use crate::domain::LogLine;
use crate::engine::{ContainerInfo, Engine, EngineError, LogOptions};
use crate::ops::log_follow::{self, LogEvent};
use crate::project::Project;

/// What `runcli logs` was asked for.
#[derive(Debug, Clone, Default)]
pub struct LogsRequest {
    /// Only these services (all when empty).
    pub services: Vec<String>,
    pub follow: bool,
    /// Only lines newer than this unix time.
    pub since_unix: Option<i64>,
    /// Print the engine's timestamp before each line.
    pub timestamps: bool,
    /// Only the last N lines of each container.
    pub tail: Option<usize>,
}

pub async fn run(
    project: &Project,
    services: Vec<String>,
    follow: bool,
    since: Option<String>,
    tail: Option<usize>,
    timestamps: bool,
    out: Output,
) -> anyhow::Result<ExitCode> {
    let since_unix = match since {
        Some(text) => Some(since_unix(&text)?),
        None => None,
    };
    let engine = super::server::connect().await?;
    let request = LogsRequest {
        services,
        follow,
        since_unix,
        timestamps,
        tail,
    };
    print_logs(&engine, project, &request, out).await?;
    Ok(ExitCode::SUCCESS)
}

/// "10m", "1h30m", "45s" before now, as unix seconds.
pub(super) fn since_unix(text: &str) -> anyhow::Result<i64> {
    let duration = crate::project::compose::units::parse_duration(text).map_err(|e| {
        Usage(format!(
            "--since {text}: {e} (give a duration such as 10m or 1h30m)"
        ))
    })?;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?;
    Ok(i64::try_from(now.saturating_sub(duration).as_secs())?)
}

/// Prints every selected container's log until each stream ends (with
/// `follow`: until its container stops). A service the project does not
/// know is a usage error naming the known ones; a stream the engine broke
/// off is a [`Failure`] once the other streams are done.
pub async fn print_logs(
    engine: &Engine,
    project: &Project,
    request: &LogsRequest,
    out: Output,
) -> anyhow::Result<()> {
    let containers = engine
        .project_containers(&project.name)
        .await
        .context("cannot list the project's containers")?;
    let selected = select(project, containers, &request.services)?;
    if selected.is_empty() {
        out.say(format!(
            "no container of {} is there to read",
            describe(&request.services)
        ));
        return Ok(());
    }
    let failures = stream(engine, &selected, request, out).await?;
    if failures.is_empty() {
        return Ok(());
    }
    Err(Failure(failures.join("; ")).into())
}

/// Prints the logs of `services` (all when empty) until every stream ends,
/// reporting a failure on stderr: the foreground `server up` uses it.
pub async fn follow_all(
    engine: &Engine,
    project: &str,
    services: &[String],
    follow: bool,
    since_unix: Option<i64>,
    timestamps: bool,
) {
    let request = LogsRequest {
        services: services.to_vec(),
        follow,
        since_unix,
        timestamps,
        tail: None,
    };
    let result = async {
        let containers = engine.project_containers(project).await?;
        let selected: Vec<Selected> = selectable(containers)
            .into_iter()
            .filter(|c| services.is_empty() || services.contains(&c.service))
            .collect();
        stream(engine, &selected, &request, Output::new(false)).await
    }
    .await;
    match result {
        Ok(failures) => {
            for failure in failures {
                eprintln!("runcli: {failure}");
            }
        }
        Err(e) => eprintln!("runcli: {e:#}"),
    }
}

/// A container whose log is printed, under its service's name.
#[derive(Debug, Clone)]
struct Selected {
    id: String,
    name: String,
    service: String,
    /// The line prefix: the service, or `web-2` (compose's own form) when
    /// the service runs several replicas.
    label: String,
}

/// Every container as a [`Selected`], replicas labelled by their number.
fn selectable(containers: Vec<ContainerInfo>) -> Vec<Selected> {
    containers
        .iter()
        .map(|c| Selected {
            service: c.service.clone().unwrap_or_else(|| c.name.clone()),
            label: crate::ops::server::replica_label(c, &containers),
            id: c.id.clone(),
            name: c.name.clone(),
        })
        .collect()
}

/// The containers of `wanted` (all when empty). Known services are those
/// of the compose files and of the project's containers; any other name is
/// a usage error that lists them.
fn select(
    project: &Project,
    containers: Vec<ContainerInfo>,
    wanted: &[String],
) -> Result<Vec<Selected>, Usage> {
    let selected = selectable(containers);
    let mut known: BTreeSet<String> = selected.iter().map(|c| c.service.clone()).collect();
    if let Ok(compose) = project.compose(None) {
        known.extend(compose.services.keys().cloned());
    }
    let unknown: Vec<&String> = wanted.iter().filter(|s| !known.contains(*s)).collect();
    if !unknown.is_empty() {
        let names: Vec<&str> = unknown.iter().map(|s| s.as_str()).collect();
        let known = if known.is_empty() {
            "it has none".to_string()
        } else {
            format!(
                "known: {}",
                known.into_iter().collect::<Vec<_>>().join(", ")
            )
        };
        return Err(Usage(format!(
            "no service {} in project {} ({known})",
            names.join(", "),
            project.name
        )));
    }
    Ok(selected
        .into_iter()
        .filter(|c| wanted.is_empty() || wanted.contains(&c.service))
        .collect())
}

fn describe(services: &[String]) -> String {
    if services.is_empty() {
        "the project".to_string()
    } else {
        services.join(", ")
    }
}

/// What a stream task sends the printer.
enum Item {
    Event(usize, LogEvent),
    Ended(usize, Result<(), EngineError>),
}

/// Runs one reader task per container and prints their batches as they
/// come. Returns one message per stream the engine broke off.
async fn stream(
    engine: &Engine,
    selected: &[Selected],
    request: &LogsRequest,
    out: Output,
) -> anyhow::Result<Vec<String>> {
    let opts = LogOptions {
        follow: request.follow,
        tail: request.tail,
        since_unix: request.since_unix,
        // JSON always carries the time.
        timestamps: request.timestamps || out.is_json(),
    };
    let (tx, mut rx) = mpsc::channel::<Item>(64);
    let tasks: Vec<_> = selected
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let engine = engine.clone();
            let id = c.id.clone();
            let tx = tx.clone();
            tokio::spawn(async move {
                let read = log_follow::read(&engine, &id, opts, tx.clone(), move |event| {
                    Item::Event(i, event)
                });
                let result = read.await;
                let _ = tx.send(Item::Ended(i, result)).await;
            })
        })
        .collect();
    drop(tx);
    let _abort = AbortOnDrop(tasks);
    let width = selected.iter().map(|c| c.label.len()).max().unwrap_or(4);
    let prefixes: Vec<String> = selected
        .iter()
        .map(|c| format!("{:<width$} | ", c.label))
        .collect();
    let mut printer = Printer::new(out.is_json(), request.timestamps);
    let mut failures = Vec::new();
    while let Some(first) = rx.recv().await {
        let mut next = Some(first);
        while let Some(item) = next {
            match item {
                Item::Event(i, LogEvent::Lines(lines)) => {
                    print_lines(&mut printer, &selected[i], &prefixes[i], &lines)?;
                }
                Item::Event(_, LogEvent::Ended(_)) | Item::Ended(_, Ok(())) => {}
                Item::Ended(i, Err(e)) => {
                    failures.push(format!("{}: {e}", selected[i].service));
                }
            }
            next = rx.try_recv().ok();
        }
        printer.flush()?;
        if printer.closed() {
            // The reader went away (`| head`): nothing more to print.
            return Ok(failures);
        }
    }
    Ok(failures)
}

fn print_lines(
    printer: &mut Printer,
    container: &Selected,
    prefix: &str,
    lines: &[LogLine],
) -> anyhow::Result<()> {
    for line in lines {
        let stream = Stream::of(line.source);
        printer.line(stream, prefix, &container.service, &container.name, line)?;
    }
    Ok(())
}

/// Aborts the reader tasks when printing stops early.
struct AbortOnDrop(Vec<tokio::task::JoinHandle<()>>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        for task in &self.0 {
            task.abort();
        }
    }
}
