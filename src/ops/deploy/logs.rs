//! An environment's service logs across nodes: one stream per task that
//! should run, merged, each line prefixed `SERVICE.SLOT@NODE` as `docker
//! service logs` names a task. Tasks started after the streams opened are
//! not picked up; run the command again to see them.

use futures::StreamExt;
use futures::stream::select_all;

use crate::engine::{Engine, LogStream};
use crate::project::Environment;

use super::DeployError;

/// One line of one task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvLogLine {
    /// `SERVICE.SLOT@NODE`.
    pub task: String,
    pub stderr: bool,
    pub text: String,
}

/// Prints (through `sink`) the logs of `services` (compose names; the
/// environment's services, else every service of the stack, when empty).
pub async fn env_logs(
    target: &Engine,
    env: &Environment,
    services: &[String],
    follow: bool,
    tail: Option<usize>,
    sink: &(dyn Fn(EnvLogLine) + Send + Sync),
) -> Result<(), DeployError> {
    let stack = env.stack.as_str();
    let prefix = format!("{stack}_");
    let mut names = target.stack_services(stack).await?;
    let wanted: Vec<String> = if services.is_empty() {
        env.services.clone().unwrap_or_default()
    } else {
        services.to_vec()
    };
    if !wanted.is_empty() {
        for w in &wanted {
            if !names.contains(&format!("{prefix}{w}")) {
                return Err(DeployError::Config(format!(
                    "stack {stack} has no service `{w}`; it has: {}",
                    names
                        .iter()
                        .map(|n| n.trim_start_matches(&prefix))
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
        names.retain(|n| wanted.iter().any(|w| *n == format!("{prefix}{w}")));
    }
    let mut streams = Vec::new();
    for name in &names {
        let short = name.trim_start_matches(&prefix).to_string();
        for task in target.service_tasks(name).await? {
            if task.desired != "running" && task.state != "running" {
                continue;
            }
            let label = format!(
                "{short}.{}@{}",
                task.slot.map_or_else(|| "-".to_string(), |s| s.to_string()),
                task.node
            );
            streams.push(
                target
                    .task_logs(&task.id, follow, tail)
                    .map(move |line| (label.clone(), line))
                    .boxed(),
            );
        }
    }
    let mut merged = select_all(streams);
    while let Some((task, line)) = merged.next().await {
        let line = line?;
        sink(EnvLogLine {
            task,
            stderr: line.stream == LogStream::Stderr,
            text: line.text,
        });
    }
    Ok(())
}
