//! `runcli logs --env ENV [SERVICE...]`: the logs of an environment's
//! stack on Docker Swarm, every task on every node, each line prefixed
//! `SERVICE.SLOT@NODE | ` (see `ops::service_logs`). The environment's
//! engine is reached as `runcli deploy` reaches it; services are named as
//! in the compose files, without the stack's prefix.

use std::process::ExitCode;

use tokio::sync::mpsc;

use super::exit::{Failure, Usage};
use super::log_printer::{Printer, Source, Stream};
use super::output::Output;
use crate::engine::{EngineError, LogOptions};
use crate::ops::deploy::{DeployError, connect_environment, environment};
use crate::ops::log_follow::LogEvent;
use crate::ops::service_logs::{self, TaskOrigin};
use crate::project::Project;

/// What `runcli logs --env` was asked for.
#[derive(Debug, Clone)]
pub struct EnvLogsRequest {
    pub env: String,
    /// Compose service names; every service of the stack when empty.
    pub services: Vec<String>,
    pub follow: bool,
    pub since_unix: Option<i64>,
    pub tail: Option<usize>,
    pub timestamps: bool,
}

/// Exit 2 for a wrong environment, 3 for an engine that does not answer.
fn classify(e: DeployError) -> anyhow::Error {
    match e {
        DeployError::Engine(e) => e.into(),
        DeployError::Project(e) => e.into(),
        DeployError::Stack(e) => e.into(),
        e if e.is_config() => Usage(e.to_string()).into(),
        e => Failure(e.to_string()).into(),
    }
}

pub async fn run(
    project: &Project,
    request: EnvLogsRequest,
    out: Output,
) -> anyhow::Result<ExitCode> {
    let env = environment(project, &request.env).map_err(classify)?;
    let target = connect_environment(&request.env, env)
        .await
        .map_err(classify)?;
    let deployed = target.stack_services(&env.stack).await?;
    let known: Vec<(String, String)> = deployed
        .iter()
        .map(|s| {
            (
                service_logs::compose_name(&env.stack, s).to_string(),
                s.clone(),
            )
        })
        .collect();
    let unknown: Vec<&str> = request
        .services
        .iter()
        .filter(|w| !known.iter().any(|(name, _)| name == *w))
        .map(String::as_str)
        .collect();
    if known.is_empty() {
        return Err(Usage(format!(
            "stack {} of environment {} has no services; deploy it first",
            env.stack, request.env
        ))
        .into());
    }
    if !unknown.is_empty() {
        let names: Vec<&str> = known.iter().map(|(n, _)| n.as_str()).collect();
        return Err(Usage(format!(
            "no service {} in stack {} (known: {})",
            unknown.join(", "),
            env.stack,
            names.join(", ")
        ))
        .into());
    }
    let selected: Vec<(String, String)> = known
        .into_iter()
        .filter(|(name, _)| request.services.is_empty() || request.services.contains(name))
        .collect();
    let opts = LogOptions {
        follow: request.follow,
        tail: request.tail,
        since_unix: request.since_unix,
        timestamps: request.timestamps || out.is_json(),
    };
    let failures = stream(&target, &selected, opts, request.timestamps, out).await?;
    if failures.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        Err(Failure(failures.join("; ")).into())
    }
}

/// What a service's reader sends the printer.
enum Item {
    Lines(TaskOrigin, LogEvent),
    Ended(String, Result<(), EngineError>),
}

/// One reader per service, printed as batches come; returns one message
/// per task stream the engine broke off, or service it could not list.
async fn stream(
    target: &crate::engine::Engine,
    selected: &[(String, String)],
    opts: LogOptions,
    timestamps: bool,
    out: Output,
) -> anyhow::Result<Vec<String>> {
    let (tx, mut rx) = mpsc::channel::<Item>(64);
    let mut readers = tokio::task::JoinSet::new();
    for (name, swarm_name) in selected {
        let engine = target.clone();
        let tx = tx.clone();
        let name = name.clone();
        let swarm_name = swarm_name.clone();
        readers.spawn(async move {
            let result = service_logs::read(
                &engine,
                &swarm_name,
                &name,
                opts,
                tx.clone(),
                |origin: &TaskOrigin, event| Item::Lines(origin.clone(), event),
            )
            .await;
            let _ = tx.send(Item::Ended(name, result)).await;
        });
    }
    drop(tx);
    let mut printer = Printer::new(out.is_json(), timestamps);
    let mut failures = Vec::new();
    // Labels are known only as tasks appear; the column widens with them.
    let mut width = 0;
    while let Some(first) = rx.recv().await {
        let mut next = Some(first);
        while let Some(item) = next {
            match item {
                Item::Lines(origin, LogEvent::Lines(lines)) => {
                    width = width.max(origin.label.len());
                    let prefix = format!("{:<width$} | ", origin.label);
                    let source = Source {
                        service: &origin.service,
                        container: &origin.label,
                        slot: origin.slot,
                        node: Some(&origin.node),
                    };
                    for line in &lines {
                        printer.line_from(Stream::of(line.source), &prefix, source, line)?;
                    }
                }
                Item::Lines(origin, LogEvent::Ended(reason)) => {
                    if opts.follow {
                        // A follow may go on for hours: say it now.
                        printer.flush()?;
                        eprintln!("runcli: {}: {reason}", origin.label);
                    }
                    failures.push(format!("{}: {reason}", origin.label));
                }
                Item::Ended(_, Ok(())) => {}
                Item::Ended(name, Err(e)) => failures.push(format!("{name}: {e}")),
            }
            next = rx.try_recv().ok();
        }
        printer.flush()?;
        if printer.closed() {
            return Ok(failures);
        }
    }
    Ok(failures)
}
