//! Stops one profile without taking the project down: its serving step's
//! container and its own container are stopped and removed; the compose
//! services it brought up (db, ...) keep running, since other profiles
//! share them. `down` is still the way to stop everything.

use crate::engine::Engine;
use crate::ops::stack::StackError;
use crate::project::compose::ComposeProject;
use crate::project::{Profile, Project};

use super::container_profile::container_name;
use super::serve::serving_name;
use super::up::{ServerError, unknown_profile};

/// The names of the containers that belong to profile `name` alone.
fn own_names(
    project: &Project,
    compose: &ComposeProject,
    name: &str,
    profile: &Profile,
) -> Vec<String> {
    let mut names: Vec<String> = profile
        .steps
        .iter()
        .filter(|s| s.serve)
        .map(|s| serving_name(compose, name, s))
        .collect();
    if profile.container.is_some() {
        names.push(container_name(project, name));
    }
    names
}

/// Stops and removes profile `name`'s serving and own containers, as
/// configured (their stop signal and grace period), and returns the names
/// of those it removed; none when nothing of the profile was there.
pub async fn stop_profile(
    engine: &Engine,
    project: &Project,
    name: &str,
    progress: &mut (dyn FnMut(String) + Send),
) -> Result<Vec<String>, ServerError> {
    let Some(profile) = project.manifest.profiles.get(name) else {
        return Err(unknown_profile(project, name));
    };
    let compose = project.profile_compose(profile)?;
    let names = own_names(project, &compose, name, profile);
    let containers = engine
        .project_containers(&project.name)
        .await
        .map_err(StackError::from)?;
    let mine: Vec<_> = containers
        .iter()
        .filter(|c| names.contains(&c.name))
        .collect();
    let stops = mine.iter().map(|c| async move {
        if c.state.is_running() {
            engine.stop_as_configured(&c.id).await?;
        }
        engine.remove(&c.id, true, false).await
    });
    // Together, as down does: grace periods do not add up.
    for (c, result) in mine.iter().zip(futures::future::join_all(stops).await) {
        result.map_err(StackError::from)?;
        progress(format!("stopped and removed {}", c.name));
    }
    Ok(mine.iter().map(|c| c.name.clone()).collect())
}
