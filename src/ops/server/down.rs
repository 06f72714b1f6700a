//! `down`: the project's containers (services, one-offs, any profile's) and
//! networks removed; named volumes only when asked, since the database's
//! data is the user's; with `prune_images`, the images runcli built.

use crate::engine::Engine;
use crate::ops::stack::StackError;
use crate::project::Project;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DownOptions {
    pub volumes: bool,
    pub prune_images: bool,
}

/// Takes the project down; returns what it removed, as lines.
pub async fn down(
    engine: &Engine,
    project: &Project,
    opts: DownOptions,
    progress: &mut (dyn FnMut(String) + Send),
) -> Result<Vec<String>, StackError> {
    let mut removed = Vec::new();
    for c in engine.project_containers(&project.name).await? {
        if c.state.is_running() {
            progress(format!("stopping {}", c.name));
            // The container's own stop signal and timeout (stop_grace_period).
            engine.stop_as_configured(&c.id).await?;
        }
        engine.remove(&c.id, true, false).await?;
        removed.push(format!("container {}", c.name));
    }
    for n in engine.project_networks(&project.name).await? {
        engine.remove_network(&n.id).await?;
        removed.push(format!("network {}", n.name));
    }
    if opts.volumes {
        for v in engine.project_volumes(&project.name).await? {
            engine.remove_volume(&v.name).await?;
            removed.push(format!("volume {}", v.name));
        }
    }
    if opts.prune_images {
        for image in built_images(project) {
            match engine.remove_image(&image).await {
                Ok(()) => removed.push(format!("image {image}")),
                Err(e) if e.is_not_found() => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    for line in &removed {
        progress(format!("removed {line}"));
    }
    Ok(removed)
}

/// Images runcli builds for the project: compose services with `build:`
/// (`<project>-<service>`) and the profiles' own containers.
fn built_images(project: &Project) -> Vec<String> {
    let mut images = Vec::new();
    if let Ok(compose) = project.compose(None) {
        for service in compose.services.values() {
            if service.build.is_some() {
                images.push(service.image_ref(&compose.name));
            }
        }
    }
    for profile in project.manifest.profiles.values() {
        if let Some(c) = &profile.container
            && c.build.is_some()
        {
            images.push(c.image.clone());
        }
    }
    images
}
