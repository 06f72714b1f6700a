//! `runcli logs [SERVICE...] [--follow] [--since D] [--timestamps]`: the
//! project's containers' logs with a service prefix, one engine stream per
//! container, interleaved as they come.

use std::process::ExitCode;

use futures::StreamExt;
use futures::stream::SelectAll;

use crate::app::LogSource;
use crate::engine::{ContainerInfo, Engine, LogOptions};
use crate::ops::log_lines::LineSplitter;
use crate::project::Project;

pub async fn run(
    project: &Project,
    services: Vec<String>,
    follow: bool,
    since: Option<String>,
    timestamps: bool,
) -> anyhow::Result<ExitCode> {
    let engine = super::server::connect().await?;
    let since_unix = match since {
        Some(text) => Some(since_unix(&text)?),
        None => None,
    };
    follow_all(
        &engine,
        &project.name,
        &services,
        follow,
        since_unix,
        timestamps,
    )
    .await;
    Ok(ExitCode::SUCCESS)
}

/// "10m", "1h30m", "45s" before now, as unix seconds.
fn since_unix(text: &str) -> anyhow::Result<i64> {
    let duration = crate::project::compose::units::parse_duration(text).map_err(|e| {
        anyhow::anyhow!("--since {text}: {e} (give a duration such as 10m or 1h30m)")
    })?;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?;
    Ok(i64::try_from(now.saturating_sub(duration).as_secs())?)
}

/// The prefix of a container's lines: its service, or `web-2` (compose's
/// own form) when the service runs several replicas.
fn source_name(c: &ContainerInfo, all: &[ContainerInfo]) -> String {
    let service = c.service.clone().unwrap_or_else(|| c.name.clone());
    let replicas = all
        .iter()
        .filter(|o| !o.oneoff && o.service == c.service)
        .count();
    match c.number {
        Some(n) if !c.oneoff && replicas > 1 => format!("{service}-{n}"),
        _ => service,
    }
}

/// Prints the logs of `services` (all when empty) until every stream ends.
pub async fn follow_all(
    engine: &Engine,
    project: &str,
    services: &[String],
    follow: bool,
    since_unix: Option<i64>,
    timestamps: bool,
) {
    let Ok(containers) = engine.project_containers(project).await else {
        return;
    };
    let width = containers
        .iter()
        .map(|c| source_name(c, &containers).len())
        .max()
        .unwrap_or(4);
    let mut streams = SelectAll::new();
    for c in &containers {
        let service = c.service.clone().unwrap_or_else(|| c.name.clone());
        if !services.is_empty() && !services.contains(&service) {
            continue;
        }
        let service = source_name(c, &containers);
        let opts = LogOptions {
            follow,
            tail: None,
            since_unix,
            timestamps,
        };
        let prefix = format!("{service:<width$} | ");
        streams.push(
            engine
                .logs(&c.id, opts)
                .map(move |chunk| (prefix.clone(), chunk))
                .boxed(),
        );
    }
    let mut splitters: std::collections::HashMap<String, LineSplitter> = Default::default();
    while let Some((prefix, chunk)) = streams.next().await {
        let Ok(chunk) = chunk else { continue };
        let mut lines = Vec::new();
        let splitter = splitters.entry(prefix.clone()).or_default();
        splitter.push(
            LogSource::Stdout,
            chunk.timestamp.as_deref(),
            &chunk.bytes,
            &mut lines,
        );
        for line in lines {
            match (&line.timestamp, timestamps) {
                (Some(ts), true) => println!("{prefix}{ts} {}", line.text),
                _ => println!("{prefix}{}", line.text),
            }
        }
    }
}
