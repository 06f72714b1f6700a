//! A profile's own container (the notebook, the frontend): built from a
//! Dockerfile of the project, run with its ports and binds, labelled as the
//! project's with the profile as its service.

use crate::engine::{BuildRequest, ContainerSpec, Engine, labels};
use crate::ops::stack::StackError;
use crate::project::{ContainerSpec as ProfileContainer, Project};

use super::serve::port;

/// Builds (when asked or missing) and starts the profile's container;
/// returns its id and name.
pub async fn start_container(
    engine: &Engine,
    project: &Project,
    profile: &str,
    spec: &ProfileContainer,
    rebuild: bool,
    progress: &mut (dyn FnMut(String) + Send),
) -> Result<(String, String), StackError> {
    if let Some(build) = &spec.build
        && (rebuild || !engine.image_exists(&spec.image).await?)
    {
        progress(format!("building {} from {}", spec.image, build.dockerfile));
        let request = BuildRequest {
            context_dir: project.root.join(&build.context),
            dockerfile: build.dockerfile.clone(),
            tag: spec.image.clone(),
            target: build.target.clone(),
            args: Default::default(),
            labels: labels::project_labels(&project.name),
        };
        let mut on_line = |line: String| progress(line);
        engine.build_image(&request, &mut on_line).await?;
    }
    let name = format!("{}-{profile}-1", project.name);
    let binds = spec
        .binds
        .iter()
        .map(|b| match b.split_once(':') {
            Some((host, rest)) if !host.starts_with('/') => {
                format!("{}:{rest}", project.root.join(host).display())
            }
            _ => b.clone(),
        })
        .collect();
    let container = ContainerSpec {
        name: name.clone(),
        image: spec.image.clone(),
        cmd: (!spec.command.is_empty()).then(|| spec.command.clone()),
        env: spec.env.clone(),
        labels: labels::container_labels(&project.name, profile, 1, false, Some(profile)),
        ports: spec.ports.iter().filter_map(|p| port(p.as_str())).collect(),
        binds,
        ..Default::default()
    };
    progress(format!("starting {name}"));
    let id = engine.create_container(&container).await?;
    engine.start(&id).await?;
    Ok((id, name))
}
