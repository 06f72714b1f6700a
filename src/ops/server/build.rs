//! `server up PROFILE --build --no-start`: the profile's images rebuilt and
//! nothing else. No network, volume or container is created, no secrets
//! are compiled and nothing is taken down, so a build can be checked (or an
//! image refreshed) while the running profile keeps serving.

use crate::engine::Engine;
use crate::ops::stack::prepare;
use crate::project::{Project, ServiceSelection};

use super::ServerEvent;
use super::container_profile;
use super::up::{ServerError, unknown_profile};

/// Rebuilds every image the profile runs that has a `build` (its services,
/// what they depend on, its steps' services and its own container) and
/// returns their references in build order. Services that only name an
/// `image` are left as they are: nothing is pulled.
pub async fn build_images(
    engine: &Engine,
    project: &Project,
    name: &str,
    events: &(dyn Fn(ServerEvent) + Send + Sync),
) -> Result<Vec<String>, ServerError> {
    let Some(profile) = project.manifest.profiles.get(name) else {
        return Err(unknown_profile(project, name));
    };
    let mut progress = |line: String| events(ServerEvent::Progress(line));
    let compose = project.profile_compose(profile)?;
    let mut wanted: Vec<String> = match &profile.services {
        ServiceSelection::All => compose.enabled_services(),
        ServiceSelection::Only(list) => list.clone(),
    };
    for step in &profile.steps {
        if !wanted.contains(&step.service) {
            wanted.push(step.service.clone());
        }
    }
    let mut built: Vec<String> = Vec::new();
    for service in compose.start_order(&wanted)? {
        let Some(spec) = compose.services.get(&service) else {
            continue;
        };
        let reference = spec.image_ref(&compose.name);
        if spec.build.is_none() || built.contains(&reference) {
            continue;
        }
        prepare::image(engine, &compose, spec, true, &mut progress).await?;
        built.push(reference);
    }
    if let Some(container) = &profile.container
        && container.build.is_some()
    {
        container_profile::build_image(engine, project, container, &mut progress).await?;
        built.push(container.image.clone());
    }
    Ok(built)
}
