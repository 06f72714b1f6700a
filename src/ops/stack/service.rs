//! Bringing services up in dependency order and waiting until each is
//! ready as its dependents ask (started, healthy, completed successfully).

use std::time::Duration;

use crate::engine::{ContainerInfo, Engine, EngineError, Health};
use crate::project::compose::{ComposeProject, DependsCondition};

use super::container::service_container;
use super::error::StackError;
use super::prepare::{self, Progress};

/// How long a dependency may take to become healthy.
const READY_TIMEOUT: Duration = Duration::from_secs(180);
/// Polling while waiting only: nothing polls once everything is ready.
const POLL: Duration = Duration::from_millis(500);

/// A service's running container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceReady {
    pub service: String,
    pub id: String,
    pub name: String,
}

/// Starts `wanted` and what they depend on, in order, reusing containers
/// already there; returns once every one is ready (healthy when it has a
/// healthcheck, else running).
pub async fn ensure_services(
    engine: &Engine,
    compose: &ComposeProject,
    wanted: &[String],
    rebuild: bool,
    progress: Progress<'_>,
) -> Result<Vec<ServiceReady>, StackError> {
    for name in wanted {
        if !compose.services.contains_key(name) {
            return Err(StackError::UnknownService {
                service: name.clone(),
                known: compose
                    .services
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
    }
    let order = compose.start_order(wanted)?;
    prepare::networks_and_volumes(engine, compose, progress).await?;
    let mut ready: Vec<ServiceReady> = Vec::new();
    for name in &order {
        let Some(service) = compose.services.get(name) else {
            continue;
        };
        for (dep, condition) in &service.depends_on {
            if let Some(dep_ready) = ready.iter().find(|r| &r.service == dep) {
                wait_for(engine, dep_ready, *condition, progress).await?;
            }
        }
        prepare::image(engine, compose, service, rebuild, progress).await?;
        ready.push(start_service(engine, compose, name, progress).await?);
    }
    for started in ready.iter().filter(|r| wanted.contains(&r.service)) {
        wait_for(engine, started, DependsCondition::ServiceHealthy, progress).await?;
    }
    Ok(ready)
}

/// The service's container #1: reused when running, started when stopped,
/// created otherwise.
async fn start_service(
    engine: &Engine,
    compose: &ComposeProject,
    name: &str,
    progress: Progress<'_>,
) -> Result<ServiceReady, StackError> {
    let container_name = format!("{}-{name}-1", compose.name);
    let existing = find(engine, &compose.name, name).await?;
    let id = match existing {
        Some(c) if c.state.is_running() => {
            progress(format!("{name}: already running"));
            c.id
        }
        Some(c) => {
            progress(format!("{name}: starting {}", c.name));
            engine.start(&c.id).await?;
            c.id
        }
        None => {
            let Some(service) = compose.services.get(name) else {
                return Err(StackError::UnknownService {
                    service: name.to_string(),
                    known: String::new(),
                });
            };
            progress(format!("{name}: creating {container_name}"));
            let spec = service_container(compose, service, container_name.clone(), false, 1);
            let id = engine
                .create_container(&spec)
                .await
                .map_err(|e| taken(e, &container_name))?;
            engine.start(&id).await?;
            id
        }
    };
    Ok(ServiceReady {
        service: name.to_string(),
        id,
        name: container_name,
    })
}

/// A name conflict means a container outside this project holds the name:
/// say so rather than remove it.
fn taken(e: EngineError, name: &str) -> StackError {
    if matches!(e, EngineError::Conflict { .. }) {
        StackError::NameTaken {
            name: name.to_string(),
        }
    } else {
        StackError::Engine(e)
    }
}

async fn find(
    engine: &Engine,
    project: &str,
    service: &str,
) -> Result<Option<ContainerInfo>, StackError> {
    Ok(engine
        .project_containers(project)
        .await?
        .into_iter()
        .find(|c| !c.oneoff && c.service.as_deref() == Some(service) && c.number == Some(1)))
}

/// Waits until `ready` meets `condition`; a container that exits (or turns
/// unhealthy) while waited on is an error naming it.
pub async fn wait_for(
    engine: &Engine,
    ready: &ServiceReady,
    condition: DependsCondition,
    progress: Progress<'_>,
) -> Result<(), StackError> {
    let deadline = tokio::time::Instant::now() + READY_TIMEOUT;
    let mut said_waiting = false;
    loop {
        let status = engine.inspect_state(&ready.id).await?;
        let done = match condition {
            DependsCondition::ServiceStarted => status.state.is_running(),
            DependsCondition::ServiceHealthy => match status.health {
                Some(Health::Healthy) => true,
                Some(Health::Unhealthy) => {
                    return Err(not_ready(ready, "is unhealthy"));
                }
                Some(Health::Starting) => false,
                None => status.state.is_running(),
            },
            DependsCondition::ServiceCompletedSuccessfully => match status.state.exit_code() {
                Some(0) => true,
                Some(code) => {
                    return Err(not_ready(ready, &format!("exited with code {code}")));
                }
                None => false,
            },
        };
        if done {
            if said_waiting {
                progress(format!("{}: ready", ready.service));
            }
            return Ok(());
        }
        if let Some(code) = status.state.exit_code()
            && condition != DependsCondition::ServiceCompletedSuccessfully
        {
            return Err(not_ready(ready, &format!("exited with code {code}")));
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(not_ready(ready, "did not become ready within 180 s"));
        }
        if !said_waiting {
            progress(format!(
                "{}: waiting ({})",
                ready.service,
                condition.as_str()
            ));
            said_waiting = true;
        }
        tokio::time::sleep(POLL).await;
    }
}

fn not_ready(ready: &ServiceReady, what: &str) -> StackError {
    StackError::NotReady {
        service: ready.service.clone(),
        what: format!(
            "{what} (container {}; see `runcli logs {}`)",
            ready.name, ready.service
        ),
    }
}
