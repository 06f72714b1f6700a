//! Stacks on Docker Swarm through the engine's service API: the stack's
//! overlay network, services created or updated in place (so Swarm keeps
//! the previous spec for its own rollback), and what the services and
//! their tasks are doing. Swarm schedules, updates and rolls back; this
//! module only asks and reports.

use std::collections::HashMap;

use bollard::models::{
    NetworkCreateRequest, Service, ServiceUpdateStatusStateEnum, Task, TaskState,
};
use bollard::query_parameters::{
    InspectServiceOptionsBuilder, ListNodesOptionsBuilder, ListServicesOptionsBuilder,
    ListTasksOptionsBuilder, UpdateServiceOptionsBuilder,
};

use super::client::Engine;
use super::error::EngineError;
use super::swarm_spec::{STACK_IMAGE_LABEL, STACK_NAMESPACE_LABEL, SwarmServiceSpec};

/// What a deploy did to one service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceChange {
    Created,
    Updated,
}

/// Where a service's rolling update stands, as Swarm reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateState {
    Updating,
    Completed,
    Paused,
    RollbackStarted,
    RollbackPaused,
    RollbackCompleted,
}

impl UpdateState {
    /// Swarm's own name for the state.
    pub fn as_str(self) -> &'static str {
        match self {
            UpdateState::Updating => "updating",
            UpdateState::Completed => "completed",
            UpdateState::Paused => "paused",
            UpdateState::RollbackStarted => "rollback_started",
            UpdateState::RollbackPaused => "rollback_paused",
            UpdateState::RollbackCompleted => "rollback_completed",
        }
    }
}

/// One service of a stack, now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwarmServiceState {
    pub name: String,
    /// The image the spec names.
    pub image: String,
    /// Replicas asked for; for a global service, the tasks Swarm has
    /// scheduled (one per eligible node), as `docker service ls` counts.
    pub desired: u64,
    /// `mode: global`: `desired` is 0 until Swarm has scheduled its tasks.
    pub global: bool,
    /// Tasks that should run and do.
    pub running: u64,
    /// `None` until the service has been updated once.
    pub update: Option<UpdateState>,
    /// Swarm's words about the update (why it rolled back).
    pub update_message: Option<String>,
    /// When the last update started, to tell a new one from a stale one.
    pub update_started: Option<String>,
}

/// One task (replica) of a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwarmTask {
    pub id: String,
    pub service: String,
    pub slot: Option<u64>,
    pub node: String,
    pub node_id: String,
    pub image: String,
    /// Swarm's state: `running`, `starting`, `shutdown`, `failed`, ...
    pub state: String,
    pub desired: String,
    pub message: String,
    pub error: Option<String>,
}

fn filters(key: &str, value: &str) -> HashMap<String, Vec<String>> {
    HashMap::from([(key.to_string(), vec![value.to_string()])])
}

impl Engine {
    /// Fails unless this engine is a swarm manager, saying what to run.
    pub async fn require_swarm_manager(&self) -> Result<(), EngineError> {
        let info = self
            .api()
            .info()
            .await
            .map_err(|e| self.err("read the engine's swarm state", e))?;
        let control = info
            .swarm
            .and_then(|s| s.control_available)
            .unwrap_or(false);
        if control {
            Ok(())
        } else {
            Err(EngineError::Api {
                op: "deploy to a swarm".into(),
                message: "this engine is not a swarm manager; run `docker swarm init` on it, or \
                          point the environment's engine at a manager"
                    .into(),
            })
        }
    }

    /// Makes sure the stack's overlay network `NAME` exists, labelled with
    /// the stack, as `docker stack deploy` creates `STACK_default`.
    pub async fn ensure_stack_network(&self, stack: &str, name: &str) -> Result<(), EngineError> {
        let listed = self
            .api()
            .list_networks(Some(
                bollard::query_parameters::ListNetworksOptionsBuilder::new()
                    .filters(&filters("name", name))
                    .build(),
            ))
            .await
            .map_err(|e| self.err(&format!("list networks named {name}"), e))?;
        if listed.iter().any(|n| n.name.as_deref() == Some(name)) {
            return Ok(());
        }
        let request = NetworkCreateRequest {
            name: name.to_string(),
            driver: Some("overlay".into()),
            attachable: Some(false),
            labels: Some(HashMap::from([(
                STACK_NAMESPACE_LABEL.to_string(),
                stack.to_string(),
            )])),
            ..Default::default()
        };
        self.api()
            .create_network(request)
            .await
            .map(|_| ())
            .map_err(|e| self.err(&format!("create network {name}"), e))
    }

    async fn inspect_service_opt(&self, name: &str) -> Result<Option<Service>, EngineError> {
        let options = InspectServiceOptionsBuilder::new().build();
        match self.api().inspect_service(name, Some(options)).await {
            Ok(service) => Ok(Some(service)),
            Err(e) => match self.err(&format!("inspect service {name}"), e) {
                EngineError::NotFound { .. } => Ok(None),
                other => Err(other),
            },
        }
    }

    /// Creates the service, or updates it in place with its current version
    /// index, so Swarm keeps the previous spec for a rollback.
    pub async fn deploy_service(
        &self,
        spec: &SwarmServiceSpec,
    ) -> Result<ServiceChange, EngineError> {
        let op = format!("deploy service {}", spec.name);
        match self.inspect_service_opt(&spec.name).await? {
            None => {
                self.api()
                    .create_service(spec.to_engine(), None)
                    .await
                    .map_err(|e| self.err(&op, e))?;
                Ok(ServiceChange::Created)
            }
            Some(current) => {
                let options = UpdateServiceOptionsBuilder::new()
                    .version(version_of(&current, &op)?)
                    .build();
                self.api()
                    .update_service(&spec.name, spec.to_engine(), options, None)
                    .await
                    .map_err(|e| self.err(&op, e))?;
                Ok(ServiceChange::Updated)
            }
        }
    }

    /// Asks Swarm to put the service back on its previous spec, as `docker
    /// service rollback` does. `Ok(false)`: the service was never updated,
    /// so Swarm keeps no previous spec and there is nothing to go back to.
    pub async fn rollback_service(&self, name: &str) -> Result<bool, EngineError> {
        let op = format!("roll back service {name}");
        let Some(current) = self.inspect_service_opt(name).await? else {
            return Err(EngineError::NotFound {
                op,
                message: format!("no service {name}"),
            });
        };

        let spec = current.spec.clone().unwrap_or_default();
        let options = UpdateServiceOptionsBuilder::new()
            .version(version_of(&current, &op)?)
            .rollback("previous")
            .build();
        match self.api().update_service(name, spec, options, None).await {
            Ok(_) => Ok(true),
            // The engine's model of a service carries no PreviousSpec to
            // check first; Swarm's refusal is the one signal.
            Err(bollard::errors::Error::DockerResponseServerError { message, .. })
                if message.contains("does not have a previous spec") =>
            {
                Ok(false)
            }
            Err(e) => Err(self.err(&op, e)),
        }
    }

    /// The stack's services (by the namespace label), in name order.
    pub async fn stack_services(&self, stack: &str) -> Result<Vec<String>, EngineError> {
        let label = format!("{STACK_NAMESPACE_LABEL}={stack}");
        let options = ListServicesOptionsBuilder::new()
            .filters(&filters("label", &label))
            .build();
        let services = self
            .api()
            .list_services(Some(options))
            .await
            .map_err(|e| self.err(&format!("list services of stack {stack}"), e))?;
        let mut names: Vec<String> = services
            .into_iter()
            .filter_map(|s| s.spec.and_then(|spec| spec.name))
            .collect();
        names.sort();
        Ok(names)
    }

    /// One service's replicas and update state; `None` when it does not exist.
    pub async fn service_state(
        &self,
        name: &str,
    ) -> Result<Option<SwarmServiceState>, EngineError> {
        let Some(service) = self.inspect_service_opt(name).await? else {
            return Ok(None);
        };
        let spec = service.spec.clone().unwrap_or_default();
        let global = spec.mode.as_ref().is_some_and(|m| m.global.is_some());
        let image = spec
            .labels
            .as_ref()
            .and_then(|l| l.get(STACK_IMAGE_LABEL).cloned())
            .unwrap_or_default();
        let tasks = self.service_tasks(name).await?;
        let running = tasks
            .iter()
            .filter(|t| t.desired == "running" && t.state == "running")
            .count() as u64;
        let desired = if global {
            tasks.iter().filter(|t| t.desired == "running").count() as u64
        } else {
            spec.mode
                .as_ref()
                .and_then(|m| m.replicated.as_ref())
                .and_then(|r| r.replicas)
                .and_then(|r| u64::try_from(r).ok())
                .unwrap_or(0)
        };
        let status = service.update_status.as_ref();
        Ok(Some(SwarmServiceState {
            name: name.to_string(),
            image,
            desired,
            global,
            running,
            update: status.and_then(|s| s.state).and_then(update_state),
            update_message: status.and_then(|s| s.message.clone()),
            update_started: status
                .and_then(|s| s.started_at.as_ref())
                .map(|d| format!("{d:?}")),
        }))
    }

    /// The service's tasks that are meant to run or still do, with their node.
    pub async fn service_tasks(&self, service: &str) -> Result<Vec<SwarmTask>, EngineError> {
        let options = ListTasksOptionsBuilder::new()
            .filters(&filters("service", service))
            .build();
        let tasks = self
            .api()
            .list_tasks(Some(options))
            .await
            .map_err(|e| self.err(&format!("list tasks of {service}"), e))?;
        let nodes = self.node_names().await?;
        let mut out: Vec<SwarmTask> = tasks
            .into_iter()
            .map(|t| task(service, t, &nodes))
            .collect();
        out.sort_by(|a, b| (a.slot, &a.state).cmp(&(b.slot, &b.state)));
        Ok(out)
    }

    async fn node_names(&self) -> Result<HashMap<String, String>, EngineError> {
        let nodes = self
            .api()
            .list_nodes(Some(ListNodesOptionsBuilder::new().build()))
            .await
            .map_err(|e| self.err("list swarm nodes", e))?;
        Ok(nodes
            .into_iter()
            .filter_map(|n| {
                let id = n.id?;
                let host = n
                    .description
                    .and_then(|d| d.hostname)
                    .unwrap_or_else(|| id.clone());
                Some((id, host))
            })
            .collect())
    }
}

fn version_of(service: &Service, op: &str) -> Result<i32, EngineError> {
    service
        .version
        .as_ref()
        .and_then(|v| v.index)
        .and_then(|i| i32::try_from(i).ok())
        .ok_or_else(|| EngineError::Api {
            op: op.to_string(),
            message: "the engine reported no usable version index for the service".into(),
        })
}

fn update_state(state: ServiceUpdateStatusStateEnum) -> Option<UpdateState> {
    use ServiceUpdateStatusStateEnum as S;
    Some(match state {
        S::EMPTY => return None,
        S::UPDATING => UpdateState::Updating,
        S::PAUSED => UpdateState::Paused,
        S::COMPLETED => UpdateState::Completed,
        S::ROLLBACK_STARTED => UpdateState::RollbackStarted,
        S::ROLLBACK_PAUSED => UpdateState::RollbackPaused,
        S::ROLLBACK_COMPLETED => UpdateState::RollbackCompleted,
    })
}

fn state_name(state: Option<TaskState>) -> String {
    state.map(|s| s.to_string()).unwrap_or_default()
}

fn task(service: &str, t: Task, nodes: &HashMap<String, String>) -> SwarmTask {
    let node_id = t.node_id.clone().unwrap_or_default();
    let status = t.status.unwrap_or_default();
    SwarmTask {
        id: t.id.clone().unwrap_or_default(),
        service: service.to_string(),
        slot: t.slot.and_then(|s| u64::try_from(s).ok()),
        node: nodes
            .get(&node_id)
            .cloned()
            .unwrap_or_else(|| node_id.clone()),
        node_id,
        image: t
            .spec
            .and_then(|s| s.container_spec)
            .and_then(|c| c.image)
            .map(|i| i.split('@').next().unwrap_or_default().to_string())
            .unwrap_or_default(),
        state: state_name(status.state),
        desired: state_name(t.desired_state),
        message: status.message.unwrap_or_default(),
        error: status.err,
    }
}
