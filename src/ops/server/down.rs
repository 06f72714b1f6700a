//! `down`: the project's containers (services, one-offs, any profile's) and
//! networks removed; named volumes only when asked, since the database's
//! data is the user's; with `prune_images`, the images runcli built.
//!
//! Running containers are stopped in reverse dependency order, services
//! that do not depend on each other in parallel (`stop_order`). A container
//! still running when its grace period ends is killed by the engine; `down`
//! then names its service and says why that usually happens.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use futures::future::join_all;

use super::stop_order;
use crate::engine::{ContainerInfo, Engine};
use crate::ops::stack::StackError;
use crate::project::Project;

/// Seconds a container gets between SIGTERM and SIGKILL, as compose's.
pub const DEFAULT_TIMEOUT_SECS: u32 = 10;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DownOptions {
    pub volumes: bool,
    pub prune_images: bool,
    /// The grace period (`--timeout`, compose's `-t`); when `None`, each
    /// container's own (`stop_grace_period`), else 10 s.
    pub timeout_secs: Option<u32>,
}

/// What `down` reports as it goes, for a face that shows a killed
/// container apart from the other steps (the headless `--json`).
#[derive(Debug, Clone, PartialEq)]
pub enum DownEvent {
    /// A step: stopping a wave, a removal.
    Progress(String),
    /// A container the engine killed after its grace period; `note` is
    /// [`killed_note`]'s text.
    Killed {
        service: String,
        container: String,
        timeout_secs: u32,
        took_secs: f64,
        note: String,
    },
}

/// Takes the project down; returns what it removed, as lines. A killed
/// container's note comes as a line like the steps.
pub async fn down(
    engine: &Engine,
    project: &Project,
    opts: DownOptions,
    progress: &mut (dyn FnMut(String) + Send),
) -> Result<Vec<String>, StackError> {
    let mut lines = |event: DownEvent| match event {
        DownEvent::Progress(line) | DownEvent::Killed { note: line, .. } => progress(line),
    };
    down_events(engine, project, opts, &mut lines).await
}

/// [`down`], reporting typed events.
pub async fn down_events(
    engine: &Engine,
    project: &Project,
    opts: DownOptions,
    events: &mut (dyn FnMut(DownEvent) + Send),
) -> Result<Vec<String>, StackError> {
    let containers = engine.project_containers(&project.name).await?;
    let timeout = opts.timeout_secs;
    let running: Vec<(Option<String>, &ContainerInfo)> = containers
        .iter()
        .filter(|c| c.state.is_running())
        .map(|c| (c.service.clone().filter(|_| !c.oneoff), c))
        .collect();
    for wave in stop_order::waves(running, &dependencies(project)) {
        let names: Vec<&str> = wave.iter().map(|c| c.name.as_str()).collect();
        events(DownEvent::Progress(format!(
            "stopping {}",
            names.join(", ")
        )));
        let stops = wave.iter().map(|c| stop(engine, c, timeout));
        for outcome in join_all(stops).await {
            if let Some(killed) = outcome? {
                events(killed);
            }
        }
    }
    let removals = containers.iter().map(|c| engine.remove(&c.id, true, false));
    for result in join_all(removals).await {
        result?;
    }
    let mut removed: Vec<String> = containers
        .iter()
        .map(|c| format!("container {}", c.name))
        .collect();
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
        events(DownEvent::Progress(format!("removed {line}")));
    }
    Ok(removed)
}

/// Stops every running container of `project` without a grace period
/// (stop with timeout 0: the stop signal, then SIGKILL at once), all in
/// parallel. A foreground `up` does this on a second Ctrl-C while [`down`]
/// waits out grace periods; that `down` then goes on and removes them.
/// Returns the names of the containers it stopped.
pub async fn kill_running(engine: &Engine, project: &str) -> Result<Vec<String>, StackError> {
    let containers = engine.project_containers(project).await?;
    let running: Vec<&ContainerInfo> = containers.iter().filter(|c| c.state.is_running()).collect();
    let kills = running.iter().map(|c| engine.stop(&c.id, 0));
    for result in join_all(kills).await {
        match result {
            // Removed meanwhile by the `down` it hurries.
            Err(e) if e.is_not_found() => {}
            other => other?,
        }
    }
    Ok(running.iter().map(|c| c.name.clone()).collect())
}

/// Stops one container; when the engine had to kill it after the grace
/// period, returns the event naming its service and the usual cause.
async fn stop(
    engine: &Engine,
    c: &ContainerInfo,
    timeout: Option<u32>,
) -> Result<Option<DownEvent>, StackError> {
    let timeout = match timeout {
        Some(t) => t,
        None => engine
            .inspect_state(&c.id)
            .await
            .ok()
            .and_then(|s| s.stop_timeout)
            .and_then(|t| u32::try_from(t).ok())
            .unwrap_or(DEFAULT_TIMEOUT_SECS),
    };
    let started = Instant::now();
    engine.stop(&c.id, i64::from(timeout)).await?;
    let took = started.elapsed();
    let exit = engine
        .inspect_state(&c.id)
        .await
        .ok()
        .and_then(|s| s.state.exit_code());
    let waited = took + Duration::from_millis(500) >= Duration::from_secs(u64::from(timeout));
    // With no grace period the kill is what was asked for, not a sign.
    if exit != Some(137) || !waited || timeout == 0 {
        return Ok(None);
    }
    let service = c.service.as_deref().unwrap_or(&c.name);
    Ok(Some(DownEvent::Killed {
        service: service.to_string(),
        container: c.name.clone(),
        timeout_secs: timeout,
        took_secs: took.as_secs_f64(),
        note: killed_note(service, timeout, took),
    }))
}

/// What `down` says about a container killed after its grace period.
pub fn killed_note(service: &str, timeout: u32, took: Duration) -> String {
    format!(
        "{service} ignored SIGTERM and was killed after the {timeout} s grace period \
         (stop took {:.1} s). Its PID 1 usually is a shell (`sh -c ...`, a script) that does \
         not pass the signal on: start the server with `exec` in that shell, or set \
         `init: true` on the service.",
        took.as_secs_f64()
    )
}

/// Each compose service's direct dependencies; empty when the compose
/// files cannot be read, so everything stops in one wave.
fn dependencies(project: &Project) -> BTreeMap<String, BTreeSet<String>> {
    let Ok(compose) = project.compose(None) else {
        return BTreeMap::new();
    };
    compose
        .services
        .iter()
        .map(|(name, spec)| (name.clone(), spec.depends_on.keys().cloned().collect()))
        .collect()
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
