//! Bringing services up in dependency order and waiting until each is
//! ready as its dependents ask (started, healthy, completed successfully).

use std::time::Duration;

use crate::engine::{Engine, Health};
use crate::project::compose::{ComposeProject, DependsCondition};

use super::converge::{Convergence, Recreate, ServiceReady, converge};
use super::error::StackError;
use super::prepare::{self, Progress};

/// How long a dependency may take to become healthy.
const READY_TIMEOUT: Duration = Duration::from_secs(180);
/// Polling while waiting only: nothing polls once everything is ready.
const POLL: Duration = Duration::from_millis(500);

/// What `up` may do to images and containers that exist.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpPolicy {
    /// Rebuild images that have a `build:` even when they exist.
    pub rebuild: bool,
    pub recreate: Recreate,
}

/// Starts `wanted` and what they depend on, in order, recreating the
/// containers whose config or image changed; returns once every one is
/// ready (healthy when it has a healthcheck, else running).
pub async fn ensure_services(
    engine: &Engine,
    compose: &ComposeProject,
    wanted: &[String],
    rebuild: bool,
    progress: Progress<'_>,
) -> Result<Vec<ServiceReady>, StackError> {
    let policy = UpPolicy {
        rebuild,
        recreate: Recreate::Changed,
    };
    let done = ensure_services_with(engine, compose, wanted, policy, progress).await?;
    Ok(done.ready)
}

/// [`ensure_services`] with the recreate policy spelled out, saying all it
/// did: replicas come back one entry each, with the containers removed by
/// a scale-down and the networks and volumes created.
pub async fn ensure_services_with(
    engine: &Engine,
    compose: &ComposeProject,
    wanted: &[String],
    policy: UpPolicy,
    progress: Progress<'_>,
) -> Result<Convergence, StackError> {
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
    let created = prepare::networks_and_volumes(engine, compose, progress).await?;
    let existing = engine.project_containers(&compose.name).await?;
    let mut done = Convergence {
        created,
        ..Convergence::default()
    };
    for name in &order {
        let Some(service) = compose.services.get(name) else {
            continue;
        };
        for (dep, condition) in &service.depends_on {
            for dep_ready in done.ready.iter().filter(|r| &r.service == dep) {
                wait_for(engine, dep_ready, *condition, progress).await?;
            }
        }
        prepare::image(engine, compose, service, policy.rebuild, progress).await?;
        let up = converge(
            engine,
            compose,
            service,
            &existing,
            policy.recreate,
            progress,
        )
        .await?;
        done.extend(up);
    }
    for started in done.ready.iter().filter(|r| wanted.contains(&r.service)) {
        wait_for(engine, started, DependsCondition::ServiceHealthy, progress).await?;
    }
    Ok(done)
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
