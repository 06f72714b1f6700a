//! Deploying to an environment on Docker Swarm: build the services' images
//! on the local engine, tag them `REGISTRY/NAME:VERSION` and push them,
//! create or update the stack's services on the environment's engine as
//! `docker stack deploy` would, wait until Swarm converged, then until the
//! environment's URL answers `/ping` with the version. Swarm schedules,
//! updates and rolls back; nothing here does that by itself.
//!
//! Every deployed service's image is pushed, including those that only
//! name an `image:` (the local copy is re-tagged), so the nodes need no
//! registry but the environment's.

mod engine;
pub mod plan;
mod push;
mod secrets;
mod status;
mod target_url;
mod wait;

use std::time::Duration;

use tokio::time::Instant;

use crate::engine::{Engine, EngineError, ServiceChange};
use crate::ops::stack::StackError;
use crate::project::{Environment, Project, ProjectError};

pub use engine::{connect_environment, environment};
pub use push::push;
pub use status::{ServiceStatus, StackStatus, TaskStatus, rollback, status};
pub use target_url::environment_url;
pub use wait::{ping, ping_with};

/// What a deploy reports while it runs. Secret values never appear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeployEvent {
    /// A phase begins: build, push, deploy, converge, ping.
    Phase(String),
    /// A line of build or push output, or a convergence step.
    Progress(String),
    /// A service was created or updated on the swarm.
    Service { name: String, created: bool },
}

/// Why a deploy failed.
#[derive(Debug, thiserror::Error)]
pub enum DeployError {
    #[error(transparent)]
    Project(#[from] ProjectError),
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error(transparent)]
    Stack(#[from] StackError),
    #[error("{0}")]
    Config(String),
    #[error("secrets environment `{env}`: {message}")]
    Secrets { env: String, message: String },
    /// Swarm rolled the update back; the previous version still serves.
    #[error("rolled back: {0}")]
    RolledBack(String),
    #[error("timed out after {secs} s waiting for {what}")]
    Timeout { secs: u64, what: String },
    /// A new service's tasks keep failing to start.
    #[error("{0}")]
    TasksFail(String),
}

impl DeployError {
    /// Whether an engine could not be reached (exit code 3).
    pub fn is_unreachable(&self) -> bool {
        match self {
            DeployError::Engine(e) => e.is_unreachable(),
            DeployError::Stack(e) => e.is_unreachable(),
            _ => false,
        }
    }

    /// Whether the manifest or the compose files are at fault (exit code 2).
    pub fn is_config(&self) -> bool {
        matches!(
            self,
            DeployError::Project(_) | DeployError::Config(_) | DeployError::Secrets { .. }
        )
    }
}

/// Knobs of one deploy.
#[derive(Debug, Clone)]
pub struct DeployOptions {
    /// How long Swarm may take to converge, and then `/ping` to answer.
    pub timeout: Duration,
}

impl Default for DeployOptions {
    fn default() -> Self {
        DeployOptions {
            timeout: Duration::from_secs(300),
        }
    }
}

/// What was deployed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployed {
    pub version: String,
    /// `STACK_SERVICE` names.
    pub services: Vec<String>,
    /// Where `/ping` answered with the version; `None` when the
    /// environment has no URL.
    pub url: Option<String>,
}

/// Deploys `version` of the project to environment `env_name`: images
/// built on `local`, services created or updated on `target` (a swarm
/// manager). Callable from any pipeline step; events go to `events`.
pub async fn deploy(
    local: &Engine,
    target: &Engine,
    project: &Project,
    env_name: &str,
    version: &str,
    options: &DeployOptions,
    events: &(dyn Fn(DeployEvent) + Send + Sync),
) -> Result<Deployed, DeployError> {
    let env = environment(project, env_name)?;
    let planned = push::plan(project, env, env_name)?;
    let (vars, url) = secrets_and_url(project, env, env_name, version).await?;
    target.require_swarm_manager().await?;

    let pushed = push::push_planned(local, &planned, env, version, events).await?;
    let mut specs: Vec<_> = pushed
        .into_iter()
        .filter_map(|(name, image)| {
            let service = planned.compose.services.get(&name)?;
            Some(plan::service_spec(
                service,
                plan::SpecInputs {
                    stack: &env.stack,
                    image,
                    secrets: &vars,
                    version,
                },
            ))
        })
        .collect();

    events(DeployEvent::Phase(format!("deploy stack {}", env.stack)));
    pin_images(target, &mut specs, events).await;
    target
        .ensure_stack_network(&env.stack, &plan::network_name(&env.stack))
        .await?;
    let mut marks = Vec::new();
    for spec in &specs {
        let before = target.service_state(&spec.name).await?;
        marks.push(wait::mark(before.as_ref()));
        let change = target.deploy_service(spec).await?;
        events(DeployEvent::Service {
            name: spec.name.clone(),
            created: change == ServiceChange::Created,
        });
    }

    events(DeployEvent::Phase("wait for swarm to converge".into()));
    let progress = |line: String| events(DeployEvent::Progress(line));
    let deadline = Instant::now() + options.timeout;
    for (spec, before) in specs.iter().zip(&marks) {
        wait::converged(target, &spec.name, &spec.image, before, deadline, &progress)
            .await
            .map_err(|e| match e {
                wait::WaitError::Engine(e) => DeployError::Engine(e),
                wait::WaitError::RolledBack(reason) => {
                    DeployError::RolledBack(format!("{}: {reason}", spec.name))
                }
                wait::WaitError::TasksFail(what) => DeployError::TasksFail(what),
                wait::WaitError::Timeout(what) => DeployError::Timeout {
                    secs: options.timeout.as_secs(),
                    what,
                },
            })?;
    }
    if let Some(url) = &url {
        events(DeployEvent::Phase(format!(
            "wait for {url}/ping to report {version}"
        )));
        wait::ping_version(url, version, deadline)
            .await
            .map_err(|what| DeployError::Timeout {
                secs: options.timeout.as_secs(),
                what,
            })?;
    }
    Ok(Deployed {
        version: version.to_string(),
        services: specs.into_iter().map(|s| s.name).collect(),
        url,
    })
}

/// Pins each service's image to the digest the manager's registry gives,
/// with the platforms it exists for, as `docker stack deploy` does. An
/// image the manager cannot look up is deployed by tag, with the docker
/// CLI's warning: nodes may then run different builds of one tag.
async fn pin_images(
    target: &Engine,
    specs: &mut [crate::engine::SwarmServiceSpec],
    events: &(dyn Fn(DeployEvent) + Send + Sync),
) {
    for spec in specs {
        match target.registry_image(&spec.image).await {
            Ok(found) => {
                spec.digest = Some(found.digest);
                spec.platforms = found.platforms;
            }
            Err(e) => events(DeployEvent::Progress(format!(
                "{}: image {} could not be looked up in its registry to pin its digest ({e}); \
                 each node pulls the tag itself, possibly getting different builds",
                spec.name, spec.image
            ))),
        }
    }
}

/// The environment's compiled secrets (none without `secrets`) and its URL.
async fn secrets_and_url(
    project: &Project,
    env: &Environment,
    env_name: &str,
    version: &str,
) -> Result<(Vec<(String, String)>, Option<String>), DeployError> {
    let Some(secrets_env) = env.secrets.clone() else {
        return Ok((Vec::new(), env.url.clone()));
    };
    let owned = project.clone();
    let name = secrets_env.clone();
    let version = version.to_string();
    let compiled = tokio::task::spawn_blocking(move || secrets::compile(&owned, &name, &version))
        .await
        .map_err(|e| DeployError::Config(e.to_string()))?
        .map_err(|message| DeployError::Secrets {
            env: secrets_env,
            message,
        })?;
    let url = env.url.clone().or(compiled.api_host.clone());
    if url.is_none() {
        return Err(DeployError::Config(format!(
            "[environments.{env_name}] has no url and the secrets values give no api_host; \
             add url = \"https://...\""
        )));
    }
    Ok((compiled.vars, url))
}
