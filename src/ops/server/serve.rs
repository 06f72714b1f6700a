//! A profile's `serve` step: a one-off container of a service that keeps
//! running, detached, with the step's ports, labelled with the profile so
//! `down` and a second console find it. It carries a config hash like a
//! service container (see [`super::reuse`]), so `up` keeps it while it runs
//! and matches, and replaces it when the service, the step or the image
//! changed.

use crate::engine::{Engine, PortMapping, labels};
use crate::ops::stack::container::{service_container, with_env};
use crate::ops::stack::{Recreate, StackError, prepare, prepare_run};
use crate::project::RunStep;
use crate::project::compose::ComposeProject;

use super::reuse::{self, Reuse, WhenStopped};

/// The serving container's name: `PROJECT-SERVICE-PROFILE`.
pub fn serving_name(compose: &ComposeProject, profile: &str, step: &RunStep) -> String {
    format!("{}-{}-{profile}", compose.name, step.service)
}

/// Brings up what `step` needs (as a one-off: dependencies, networks, its
/// image, rebuilt when `rebuild`) and works out what becomes of its
/// container; [`Reuse::apply`] then does it.
pub async fn plan_serving(
    engine: &Engine,
    compose: &ComposeProject,
    profile: &str,
    step: &RunStep,
    rebuild: bool,
    recreate: Recreate,
    progress: &mut (dyn FnMut(String) + Send),
) -> Result<Reuse, StackError> {
    let Some(service) = compose.services.get(&step.service) else {
        return Err(StackError::UnknownService {
            service: step.service.clone(),
            known: compose
                .services
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
        });
    };
    if rebuild {
        prepare::image(engine, compose, service, true, progress).await?;
    }
    prepare_run(engine, compose, service, progress).await?;
    let name = serving_name(compose, profile, step);
    let mut spec = service_container(compose, service, name, true, 1);
    spec.cmd = Some(step.command.clone());
    spec.env = with_env(&spec.env, &step.env);
    spec.ports = step.ports.iter().filter_map(|p| port(p.as_str())).collect();
    spec.labels
        .insert(labels::RUNCLI_PROFILE.into(), profile.into());
    let image_id = engine.image_id(&spec.image).await?.unwrap_or_default();
    let containers = engine.project_containers(&compose.name).await?;
    Ok(reuse::plan(
        spec,
        &image_id,
        &containers,
        recreate,
        WhenStopped::Replace,
    ))
}

/// "5001:5001" or "127.0.0.1:5001:5001".
pub(super) fn port(text: &str) -> Option<PortMapping> {
    let parts: Vec<&str> = text.split(':').collect();
    let (ip, host, container) = match parts.as_slice() {
        [host, container] => (None, *host, *container),
        [ip, host, container] => (Some(ip.to_string()), *host, *container),
        _ => return None,
    };
    let mut mapping = PortMapping::tcp(host.parse().ok()?, container.parse().ok()?);
    mapping.host_ip = ip;
    Some(mapping)
}
