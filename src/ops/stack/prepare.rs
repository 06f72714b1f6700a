//! What services need before they start: the project's networks and named
//! volumes, and each service's image (built, or pulled when missing).

use crate::engine::{BuildRequest, Engine, labels};
use crate::project::compose::{ComposeProject, ServiceSpec};

use super::error::StackError;

/// A progress line sink: "creating network demo_default", build output...
pub type Progress<'a> = &'a mut (dyn FnMut(String) + Send);

/// Creates the project's networks and named volumes that do not exist yet
/// (external ones are the user's and are left alone); returns the names of
/// those it created, so `up` does not call a run that made one a no-op.
pub async fn networks_and_volumes(
    engine: &Engine,
    compose: &ComposeProject,
    progress: Progress<'_>,
) -> Result<Vec<String>, StackError> {
    let mut created = Vec::new();
    let existing: Vec<String> = engine
        .project_networks(&compose.name)
        .await?
        .into_iter()
        .map(|n| n.name)
        .collect();
    for (key, network) in &compose.networks {
        if network.external || existing.contains(&network.name) {
            continue;
        }
        progress(format!("creating network {}", network.name));
        engine
            .create_network(&network.name, &labels::network_labels(&compose.name, key))
            .await?;
        created.push(network.name.clone());
    }
    let volumes: Vec<String> = engine
        .project_volumes(&compose.name)
        .await?
        .into_iter()
        .map(|v| v.name)
        .collect();
    for (key, volume) in &compose.volumes {
        if volume.external || volumes.contains(&volume.name) {
            continue;
        }
        progress(format!("creating volume {}", volume.name));
        engine
            .create_volume(&volume.name, &labels::volume_labels(&compose.name, key))
            .await?;
        created.push(volume.name.clone());
    }
    Ok(created)
}

/// Makes sure `service`'s image exists: built from its `build:` when asked
/// (`rebuild`) or missing, else pulled when missing.
pub async fn image(
    engine: &Engine,
    compose: &ComposeProject,
    service: &ServiceSpec,
    rebuild: bool,
    progress: Progress<'_>,
) -> Result<(), StackError> {
    let reference = service.image_ref(&compose.name);
    let exists = engine.image_exists(&reference).await?;
    if let Some(build) = &service.build {
        if exists && !rebuild {
            return Ok(());
        }
        progress(format!("building {} ({reference})", service.name));
        let request = BuildRequest {
            context_dir: build.context.clone(),
            dockerfile: build.dockerfile.clone(),
            tag: reference,
            target: build.target.clone(),
            args: build.args.clone(),
            labels: labels::project_labels(&compose.name),
        };
        let name = service.name.clone();
        let mut on_line = |line: String| progress(format!("{name}: {line}"));
        engine.build_image(&request, &mut on_line).await?;
        return Ok(());
    }
    if exists {
        return Ok(());
    }
    if service.image.is_none() {
        return Err(StackError::NoImage {
            service: service.name.clone(),
        });
    }
    progress(format!("pulling {reference}"));
    let name = service.name.clone();
    let mut on_layer = |p: crate::engine::PullProgress| {
        progress(format!(
            "{name}: {} {}",
            p.layer.unwrap_or_default(),
            p.status
        ));
    };
    engine.pull_image(&reference, &mut on_layer).await?;
    Ok(())
}
