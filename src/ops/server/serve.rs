//! A profile's `serve` step: a one-off container of a service that keeps
//! running, detached, with the step's ports, labelled with the profile so
//! `down` and a second console find it.

use std::collections::BTreeMap;

use crate::engine::{Engine, PortMapping, labels};
use crate::ops::stack::container::{service_container, with_env};
use crate::ops::stack::{StackError, prepare_run};
use crate::project::RunStep;
use crate::project::compose::ComposeProject;

/// Starts `step` detached (after what it needs, as a one-off) and returns
/// the container's id and name.
pub async fn start_serving(
    engine: &Engine,
    compose: &ComposeProject,
    profile: &str,
    step: &RunStep,
    progress: &mut (dyn FnMut(String) + Send),
) -> Result<(String, String), StackError> {
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
    prepare_run(engine, compose, service, progress).await?;
    let name = format!("{}-{}-{profile}", compose.name, step.service);
    let mut spec = service_container(compose, service, name.clone(), true, 1);
    spec.cmd = Some(step.command.clone());
    let env: BTreeMap<String, String> = step.env.clone();
    spec.env = with_env(&spec.env, &env);
    spec.ports = step.ports.iter().filter_map(|p| port(p.as_str())).collect();
    spec.labels
        .insert(labels::RUNCLI_PROFILE.into(), profile.into());
    // An earlier run's container (exited, or replaced on --build or
    // --force-recreate) holds the name: it is this project's, so it goes.
    let earlier = engine.project_containers(&compose.name).await?;
    if let Some(old) = earlier.iter().find(|c| c.name == name) {
        if old.state.is_running() {
            engine.stop_as_configured(&old.id).await?;
        }
        engine.remove(&old.id, true, false).await?;
    }
    let id = engine.create_container(&spec).await?;
    engine.start(&id).await?;
    Ok((id, name))
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
