//! The first half of a deploy, and the pipeline's push step on its own:
//! build each of the environment's services on the local engine, tag it
//! `REGISTRY/NAME:VERSION` (an image-only service keeps its own tag) and
//! push it. A deploy that follows a push
//! builds and pushes again, which costs only the checks: every layer is
//! already built and already in the registry.

use crate::engine::{Engine, PullProgress};
use crate::ops::stack::prepare;
use crate::project::{ComposeProject, Environment, Project};

use super::{DeployError, DeployEvent, environment, plan};

/// The compose project an environment deploys and the services it takes,
/// checked before anything is built.
pub(super) struct Planned {
    pub compose: ComposeProject,
    pub services: Vec<String>,
}

/// Reads the environment's compose files, picks its services and refuses
/// bind mounts of the project's files (a node does not have them).
pub(super) fn plan(
    project: &Project,
    env: &Environment,
    env_name: &str,
) -> Result<Planned, DeployError> {
    let compose = project.compose(env.compose_files.as_ref())?;
    let files = project.compose_paths(env.compose_files.as_ref());
    let services = plan::selected(&compose, env.services.as_ref()).map_err(DeployError::Config)?;
    for name in &services {
        if let Some(service) = compose.services.get(name) {
            plan::refuse_binds(service, &files, env_name)?;
        }
    }
    Ok(Planned { compose, services })
}

/// Builds and pushes `version` of environment `env_name`'s images from
/// `local`; returns each service with the image reference it was pushed as.
pub async fn push(
    local: &Engine,
    project: &Project,
    env_name: &str,
    version: &str,
    events: &(dyn Fn(DeployEvent) + Send + Sync),
) -> Result<Vec<(String, String)>, DeployError> {
    let env = environment(project, env_name)?;
    let planned = plan(project, env, env_name)?;
    push_planned(local, &planned, env, version, events).await
}

pub(super) async fn push_planned(
    local: &Engine,
    planned: &Planned,
    env: &Environment,
    version: &str,
    events: &(dyn Fn(DeployEvent) + Send + Sync),
) -> Result<Vec<(String, String)>, DeployError> {
    events(DeployEvent::Phase(format!("build and push {version}")));
    let progress = |line: String| events(DeployEvent::Progress(line));
    let mut pushed = Vec::new();
    for name in &planned.services {
        let Some(service) = planned.compose.services.get(name) else {
            continue;
        };
        let mut on_line = |line: String| progress(line);
        prepare::image(local, &planned.compose, service, true, &mut on_line).await?;
        let local_ref = service.image_ref(&planned.compose.name);
        let tag = plan::push_tag(service, &local_ref, version);
        let remote_ref = plan::registry_image(&env.registry, &local_ref, tag);
        local.tag_image(&local_ref, &remote_ref).await?;
        progress(format!("pushing {remote_ref}"));
        let mut last = String::new();
        let mut on_push = |p: PullProgress| {
            if p.status != last {
                last = p.status.clone();
                progress(format!("{name}: {}", p.status));
            }
        };
        local.push_image(&remote_ref, &mut on_push).await?;
        pushed.push((name.clone(), remote_ref));
    }
    Ok(pushed)
}
