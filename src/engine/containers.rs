//! Containers: list a project's, create, start, stop, remove, wait, inspect.

use std::collections::HashMap;

use bollard::models::{
    ContainerSummary, EndpointSettings, NetworkConnectRequest, PortSummary, PortSummaryTypeEnum,
};
use bollard::query_parameters::{
    CreateContainerOptionsBuilder, ListContainersOptionsBuilder, RemoveContainerOptionsBuilder,
    StopContainerOptionsBuilder,
};
use futures::StreamExt;

use super::client::Engine;
use super::error::EngineError;
use super::labels;
use super::spec::ContainerSpec;
use super::state::{self, ContainerState, ContainerStatus};

/// One container as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerInfo {
    /// The full container id.
    pub id: String,
    /// The name, without docker's leading slash.
    pub name: String,
    /// The compose service label.
    pub service: Option<String>,
    /// The compose project label.
    pub project: Option<String>,
    /// True for one-off (`run`-style) containers.
    pub oneoff: bool,
    /// The compose replica number.
    pub number: Option<u32>,
    /// The image reference it was created from.
    pub image: String,
    /// The id of the image it was created from (`sha256:...`).
    pub image_id: String,
    /// Compose's config hash label, when it carries one.
    pub config_hash: Option<String>,
    /// Its lifecycle state.
    pub state: ContainerState,
    /// The engine's human status, e.g. "Up 3 minutes".
    pub status: String,
    /// Creation time, unix seconds.
    pub created: i64,
    /// Host TCP ports it publishes, each once, ascending.
    pub published: Vec<u16>,
}

impl Engine {
    /// All of `project`'s containers, stopped ones too, sorted by service then number.
    pub async fn project_containers(
        &self,
        project: &str,
    ) -> Result<Vec<ContainerInfo>, EngineError> {
        let filters = HashMap::from([("label", vec![labels::project_filter(project)])]);
        let options = ListContainersOptionsBuilder::new()
            .all(true)
            .filters(&filters)
            .build();
        let list = self
            .api()
            .list_containers(Some(options))
            .await
            .map_err(|e| self.err(&format!("list the containers of project {project}"), e))?;
        let mut infos: Vec<ContainerInfo> = list.into_iter().map(container_info).collect();
        infos.sort_by(|a, b| (&a.service, a.number, &a.name).cmp(&(&b.service, b.number, &b.name)));
        Ok(infos)
    }

    /// Creates a container from `spec` and joins its extra networks;
    /// returns its id. When a network cannot be joined the container is
    /// removed again, so a retry starts clean.
    pub async fn create_container(&self, spec: &ContainerSpec) -> Result<String, EngineError> {
        let id = self.create_bare(spec).await?;
        for join in &spec.extra_networks {
            let request = NetworkConnectRequest {
                container: id.clone(),
                endpoint_config: Some(EndpointSettings {
                    aliases: (!join.aliases.is_empty()).then(|| join.aliases.clone()),
                    ..Default::default()
                }),
            };
            let joined = self
                .api()
                .connect_network(&join.network, request)
                .await
                .map_err(|e| {
                    self.err(
                        &format!(
                            "connect container {} to network {}",
                            spec.name, join.network
                        ),
                        e,
                    )
                });
            if let Err(e) = joined {
                if let Err(cleanup) = self.remove(&id, true, false).await {
                    tracing::warn!("cannot remove half-created container {id}: {cleanup}");
                }
                return Err(e);
            }
        }
        Ok(id)
    }

    async fn create_bare(&self, spec: &ContainerSpec) -> Result<String, EngineError> {
        let options = CreateContainerOptionsBuilder::new()
            .name(&spec.name)
            .build();
        let created = self
            .api()
            .create_container(Some(options), spec.to_api())
            .await
            .map_err(|e| {
                self.err(
                    &format!("create container {} from image {}", spec.name, spec.image),
                    e,
                )
            })?;
        Ok(created.id)
    }

    /// Starts a created or stopped container; starting a running one is no error.
    pub async fn start(&self, id: &str) -> Result<(), EngineError> {
        self.api()
            .start_container(id, None)
            .await
            .map_err(|e| self.err(&format!("start container {id}"), e))
    }

    /// Stops a container: the stop signal, then a kill after `timeout_secs`.
    /// Stopping a stopped container is no error.
    pub async fn stop(&self, id: &str, timeout_secs: i64) -> Result<(), EngineError> {
        let t = i32::try_from(timeout_secs).unwrap_or(i32::MAX);
        let options = StopContainerOptionsBuilder::new().t(t).build();
        self.api()
            .stop_container(id, Some(options))
            .await
            .map_err(|e| self.err(&format!("stop container {id}"), e))
    }

    /// Stops a container with its own stop signal and StopTimeout (compose's
    /// `stop_grace_period`, else the engine's 10 s).
    pub async fn stop_as_configured(&self, id: &str) -> Result<(), EngineError> {
        self.api()
            .stop_container(id, None)
            .await
            .map_err(|e| self.err(&format!("stop container {id}"), e))
    }

    /// Removes a container; `force` kills a running one first, `volumes`
    /// also removes its anonymous volumes.
    pub async fn remove(&self, id: &str, force: bool, volumes: bool) -> Result<(), EngineError> {
        let options = RemoveContainerOptionsBuilder::new()
            .force(force)
            .v(volumes)
            .build();
        self.api()
            .remove_container(id, Some(options))
            .await
            .map_err(|e| self.err(&format!("remove container {id}"), e))
    }

    /// Waits until the container is not running and returns its exit code.
    /// Returns at once for one that is not running (exited, or created and
    /// never started: start it first).
    pub async fn wait(&self, id: &str) -> Result<i64, EngineError> {
        let op = format!("wait for container {id}");
        let mut stream = Box::pin(self.api().wait_container(id, None));
        match stream.next().await {
            Some(Ok(response)) => Ok(response.status_code),
            Some(Err(bollard::errors::Error::DockerContainerWaitError { code, .. })) => Ok(code),
            Some(Err(e)) => Err(self.err(&op, e)),
            None => Err(EngineError::Api {
                op,
                message: "the engine closed the wait without an exit code".to_string(),
            }),
        }
    }

    /// The container's state, health and restart count.
    pub async fn inspect_state(&self, id: &str) -> Result<ContainerStatus, EngineError> {
        let inspected = self
            .api()
            .inspect_container(id, None)
            .await
            .map_err(|e| self.err(&format!("inspect container {id}"), e))?;
        let api_state = inspected.state.unwrap_or_default();
        Ok(ContainerStatus {
            state: state::from_inspect(&api_state),
            health: state::health_from_inspect(&api_state),
            restart_count: inspected.restart_count.unwrap_or(0),
            oom_killed: api_state.oom_killed.unwrap_or(false),
            error: api_state.error.filter(|e| !e.is_empty()),
            started_at: api_state
                .started_at
                .filter(|s| !s.is_empty() && !s.starts_with("0001-")),
            stop_timeout: inspected.config.and_then(|c| c.stop_timeout),
        })
    }
}

fn container_info(c: ContainerSummary) -> ContainerInfo {
    let labels = c.labels.unwrap_or_default();
    let status = c.status.unwrap_or_default();
    let name = c
        .names
        .and_then(|names| names.into_iter().next())
        .map(|n| n.trim_start_matches('/').to_string())
        .unwrap_or_default();
    ContainerInfo {
        id: c.id.unwrap_or_default(),
        name,
        service: labels.get(labels::SERVICE).cloned(),
        project: labels.get(labels::PROJECT).cloned(),
        oneoff: labels
            .get(labels::ONEOFF)
            .is_some_and(|v| v.eq_ignore_ascii_case("true")),
        number: labels
            .get(labels::CONTAINER_NUMBER)
            .and_then(|n| n.parse().ok()),
        image: c.image.unwrap_or_default(),
        published: published_tcp(c.ports.as_deref().unwrap_or_default()),
        image_id: c.image_id.unwrap_or_default(),
        config_hash: labels.get(labels::CONFIG_HASH).cloned(),
        state: state::from_summary(c.state, &status),
        status,
        created: c.created.unwrap_or(0),
    }
}

fn published_tcp(ports: &[PortSummary]) -> Vec<u16> {
    let mut out: Vec<u16> = ports
        .iter()
        .filter(|p| {
            p.typ
                .is_none_or(|t| matches!(t, PortSummaryTypeEnum::TCP | PortSummaryTypeEnum::EMPTY))
        })
        .filter_map(|p| p.public_port)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}
