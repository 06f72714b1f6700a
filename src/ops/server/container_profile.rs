//! A profile's own container (the notebook, the frontend): built from a
//! Dockerfile of the project, run with its ports and binds, labelled as the
//! project's with the profile as its service. Like a service container it
//! carries a config hash (see [`super::reuse`]): an edit of its table in
//! runcli.toml or a new image replaces it on `up`, an unchanged one is kept,
//! and a stopped one is started again.

use crate::engine::{BuildRequest, ContainerSpec, Engine, labels};
use crate::ops::stack::{Recreate, StackError};
use crate::project::{ContainerSpec as ProfileContainer, Project};

use super::reuse::{self, Reuse, WhenStopped};
use super::serve::port;

/// The container's name: `PROJECT-PROFILE-1`, as compose would name a
/// service called after the profile.
pub fn container_name(project: &Project, profile: &str) -> String {
    format!("{}-{profile}-1", project.name)
}

/// Builds the container's image from its `build` (nothing without one).
pub async fn build_image(
    engine: &Engine,
    project: &Project,
    spec: &ProfileContainer,
    progress: &mut (dyn FnMut(String) + Send),
) -> Result<(), StackError> {
    let Some(build) = &spec.build else {
        return Ok(());
    };
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
    Ok(())
}

/// Builds the image (when `rebuild` or missing) and works out what becomes
/// of the profile's container; [`Reuse::apply`] then does it.
pub async fn plan_container(
    engine: &Engine,
    project: &Project,
    profile: &str,
    spec: &ProfileContainer,
    rebuild: bool,
    recreate: Recreate,
    progress: &mut (dyn FnMut(String) + Send),
) -> Result<Reuse, StackError> {
    if spec.build.is_some() && (rebuild || !engine.image_exists(&spec.image).await?) {
        build_image(engine, project, spec, progress).await?;
    }
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
        name: container_name(project, profile),
        image: spec.image.clone(),
        cmd: (!spec.command.is_empty()).then(|| spec.command.clone()),
        env: spec.env.clone(),
        labels: labels::container_labels(&project.name, profile, 1, false, Some(profile)),
        ports: spec.ports.iter().filter_map(|p| port(p.as_str())).collect(),
        binds,
        ..Default::default()
    };
    let image_id = engine.image_id(&spec.image).await?.unwrap_or_default();
    let containers = engine.project_containers(&project.name).await?;
    Ok(reuse::plan(
        container,
        &image_id,
        &containers,
        recreate,
        WhenStopped::Start,
    ))
}
