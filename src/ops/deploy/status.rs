//! `status` and `rollback` of an environment's stack: what runs where, and
//! Swarm's own rollback to each service's previous spec, as `docker service
//! rollback` asks for it.

use std::time::Duration;

use serde::Serialize;
use tokio::time::Instant;

use crate::engine::{Engine, UpdateState};
use crate::project::Environment;

use super::{DeployError, DeployEvent, DeployOptions};

/// One task of a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskStatus {
    pub slot: Option<u64>,
    /// The node's hostname; two nodes may share one, so its id too.
    pub node: String,
    pub node_id: String,
    /// The image tag the task runs.
    pub version: String,
    pub state: String,
    pub desired: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One service of the stack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceStatus {
    pub name: String,
    pub image: String,
    pub desired: u64,
    pub running: u64,
    /// Swarm's update state: `updating`, `completed`, `rollback_completed`, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update: Option<String>,
    pub tasks: Vec<TaskStatus>,
}

/// The whole stack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StackStatus {
    pub stack: String,
    pub services: Vec<ServiceStatus>,
}

fn tag_of(image: &str) -> String {
    let last_slash = image.rfind('/').map_or(0, |i| i + 1);
    image[last_slash..]
        .split_once(':')
        .map(|(_, tag)| tag.to_string())
        .unwrap_or_else(|| "latest".into())
}

/// The stack's services with their tasks that should run or still do.
pub async fn status(target: &Engine, stack: &str) -> Result<StackStatus, DeployError> {
    let mut services = Vec::new();
    for name in target.stack_services(stack).await? {
        let Some(state) = target.service_state(&name).await? else {
            continue;
        };
        let tasks = target
            .service_tasks(&name)
            .await?
            .into_iter()
            .filter(|t| t.desired == "running" || t.state == "running")
            .map(|t| TaskStatus {
                slot: t.slot,
                node: t.node,
                node_id: t.node_id,
                version: tag_of(&t.image),
                state: t.state,
                desired: t.desired,
                error: t.error,
            })
            .collect();
        services.push(ServiceStatus {
            name,
            image: state.image,
            desired: state.desired,
            running: state.running,
            update: state.update.map(|u| u.as_str().to_string()),
            tasks,
        });
    }
    Ok(StackStatus {
        stack: stack.to_string(),
        services,
    })
}

/// Rolls the environment's services (its `services`, else every service
/// of the stack) back to their previous spec and waits until Swarm
/// finished; returns the versions now running, per service.
pub async fn rollback(
    target: &Engine,
    env: &Environment,
    options: &DeployOptions,
    events: &(dyn Fn(DeployEvent) + Send + Sync),
) -> Result<Vec<(String, String)>, DeployError> {
    let stack = env.stack.as_str();
    let mut names = target.stack_services(stack).await?;
    if let Some(only) = &env.services {
        names.retain(|n| only.iter().any(|s| *n == format!("{stack}_{s}")));
    }
    if names.is_empty() {
        return Err(DeployError::Config(format!(
            "stack {stack} has no services on this engine; deploy it first"
        )));
    }
    let mut started = Vec::new();
    for name in &names {
        let before = target.service_state(name).await?;
        let mark = before.and_then(|s| s.update_started);
        events(DeployEvent::Phase(format!("roll back {name}")));
        if target.rollback_service(name).await? {
            started.push((name.clone(), mark));
        } else {
            // A service deployed once (a relay another environment put in
            // the stack, say) has nothing to go back to; the others do.
            events(DeployEvent::Progress(format!(
                "{name}: never updated, so there is no previous version to go back to; left as it is"
            )));
        }
    }
    if started.is_empty() {
        return Err(DeployError::Config(format!(
            "no service of stack {stack} has a previous version to go back to; deploy a new one first"
        )));
    }
    let deadline = Instant::now() + options.timeout;
    let mut versions = Vec::new();
    for (name, before) in &started {
        let before = before.clone();
        loop {
            let state = target.service_state(name).await?;
            let Some(state) = state else { break };
            let fresh = state.update_started != before;
            match state.update {
                Some(UpdateState::RollbackCompleted) if fresh && state.running == state.desired => {
                    versions.push((name.clone(), tag_of(&state.image)));
                    break;
                }
                Some(UpdateState::RollbackPaused) if fresh => {
                    return Err(DeployError::RolledBack(format!(
                        "{name}: the rollback paused: {}",
                        state.update_message.unwrap_or_default()
                    )));
                }
                _ => {}
            }
            if Instant::now() >= deadline {
                return Err(DeployError::Timeout {
                    secs: options.timeout.as_secs(),
                    what: format!("{name} to roll back"),
                });
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
    Ok(versions)
}
