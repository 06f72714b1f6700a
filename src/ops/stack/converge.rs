//! One service's containers brought to what its spec says, as `docker
//! compose up` does: replicas 1..N named and numbered as compose names
//! them, a container whose config hash or image changed recreated (and
//! the progress says why), one that matches kept, replicas above N removed.
//! What was done comes back as a [`Convergence`], so a caller can tell an
//! `up` that changed something (a removed replica included) from one that
//! left everything as it was.

use crate::engine::{ContainerInfo, ContainerSpec, Engine, EngineError, labels};
use crate::project::compose::{ComposeProject, ServiceSpec};

use super::container::service_container;
use super::error::StackError;
use super::hash::config_hash;
use super::prepare::Progress;

/// How existing containers are treated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Recreate {
    /// Recreate those whose config or image changed (compose's default).
    #[default]
    Changed,
    /// Recreate every one (`--force-recreate`).
    Always,
    /// Never recreate; stopped ones are started as they are (`--no-recreate`).
    Never,
}

/// What became of one container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Converged {
    /// It ran and matched: left alone.
    Kept,
    /// It matched but was stopped: started.
    Started,
    /// There was none: created and started.
    Created,
    /// It no longer matched: replaced by a new one.
    Recreated,
}

/// A service's running container (one per replica).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceReady {
    pub service: String,
    pub id: String,
    pub name: String,
    /// The replica number, from 1.
    pub number: u32,
    pub action: Converged,
}

/// What bringing services up did: the running replicas, and what was
/// removed or created beside them. Removals are not [`ServiceReady`]
/// entries, since callers wait on and log those containers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Convergence {
    /// One entry per running replica, in start order.
    pub ready: Vec<ServiceReady>,
    /// Containers removed because their service now has fewer replicas.
    pub removed: Vec<String>,
    /// Networks and volumes of the project that had to be created.
    pub created: Vec<String>,
}

impl Convergence {
    /// Whether anything was created, started, recreated or removed; only
    /// when nothing was may `up` say the stack was left as it was.
    pub fn changed(&self) -> bool {
        !self.removed.is_empty()
            || !self.created.is_empty()
            || self.ready.iter().any(|r| r.action != Converged::Kept)
    }

    /// Adds what one more service's converge did.
    pub fn extend(&mut self, other: Convergence) {
        self.ready.extend(other.ready);
        self.removed.extend(other.removed);
        self.created.extend(other.created);
    }
}

/// Brings `service`'s replicas up; `existing` are the project's containers.
pub async fn converge(
    engine: &Engine,
    compose: &ComposeProject,
    service: &ServiceSpec,
    existing: &[ContainerInfo],
    recreate: Recreate,
    progress: Progress<'_>,
) -> Result<Convergence, StackError> {
    let image_id = engine
        .image_id(&service.image_ref(&compose.name))
        .await?
        .unwrap_or_default();
    let own: Vec<&ContainerInfo> = existing
        .iter()
        .filter(|c| !c.oneoff && c.service.as_deref() == Some(service.name.as_str()))
        .collect();
    let mut ready = Vec::new();
    for number in 1..=service.replicas {
        let label = replica_label(service, number);
        let name = service.container_name(&compose.name, number);
        let mut spec = service_container(compose, service, name.clone(), false, number);
        let hash = config_hash(&spec, &image_id);
        spec.labels.insert(labels::CONFIG_HASH.into(), hash.clone());
        let found = own.iter().find(|c| c.number == Some(number));
        let (id, action) = match found {
            None => {
                progress(format!("{label}: creating {name}"));
                (create(engine, &spec).await?, Converged::Created)
            }
            Some(c) => match why_recreate(c, &name, &hash, &image_id, recreate) {
                Some(reason) => {
                    progress(format!("{label}: recreating ({reason})"));
                    if c.state.is_running() {
                        engine.stop_as_configured(&c.id).await?;
                    }
                    engine.remove(&c.id, true, false).await?;
                    (create(engine, &spec).await?, Converged::Recreated)
                }
                None if c.state.is_running() => {
                    progress(format!("{label}: already running"));
                    (c.id.clone(), Converged::Kept)
                }
                None => {
                    progress(format!("{label}: starting {}", c.name));
                    engine.start(&c.id).await?;
                    (c.id.clone(), Converged::Started)
                }
            },
        };
        ready.push(ServiceReady {
            service: service.name.clone(),
            id,
            name,
            number,
            action,
        });
    }
    let mut removed = Vec::new();
    for extra in own
        .iter()
        .filter(|c| c.number.is_some_and(|n| n > service.replicas))
    {
        progress(format!(
            "{}: removing {} (scaled to {})",
            service.name, extra.name, service.replicas
        ));
        if extra.state.is_running() {
            engine.stop_as_configured(&extra.id).await?;
        }
        engine.remove(&extra.id, true, false).await?;
        removed.push(extra.name.clone());
    }
    Ok(Convergence {
        ready,
        removed,
        created: Vec::new(),
    })
}

/// Why the container must be replaced, if it must. Shared with the
/// containers a server profile makes outside the services.
pub(crate) fn why_recreate(
    c: &ContainerInfo,
    name: &str,
    hash: &str,
    image_id: &str,
    recreate: Recreate,
) -> Option<&'static str> {
    match recreate {
        Recreate::Never => None,
        Recreate::Always => Some("forced"),
        Recreate::Changed if !image_id.is_empty() && c.image_id != image_id => {
            Some("image changed")
        }
        Recreate::Changed if c.config_hash.as_deref() != Some(hash) || c.name != name => {
            Some("config changed")
        }
        Recreate::Changed => None,
    }
}

/// How progress names a replica: the service alone when it has one,
/// `web-2` when it has several (compose's own log prefix).
pub fn replica_label(service: &ServiceSpec, number: u32) -> String {
    if service.replicas > 1 {
        format!("{}-{number}", service.name)
    } else {
        service.name.clone()
    }
}

async fn create(engine: &Engine, spec: &ContainerSpec) -> Result<String, StackError> {
    let id = engine
        .create_container(spec)
        .await
        .map_err(|e| taken(e, &spec.name))?;
    engine.start(&id).await?;
    Ok(id)
}

/// A name conflict means a container outside this project holds the name:
/// say so rather than remove it.
fn taken(e: EngineError, name: &str) -> StackError {
    if matches!(e, EngineError::Conflict { .. }) {
        StackError::NameTaken {
            name: name.to_string(),
        }
    } else {
        StackError::Engine(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ready(action: Converged) -> ServiceReady {
        ServiceReady {
            service: "web".into(),
            id: "abc".into(),
            name: "demo-web-1".into(),
            number: 1,
            action,
        }
    }

    #[test]
    fn only_a_run_that_kept_everything_is_unchanged() {
        let kept = Convergence {
            ready: vec![ready(Converged::Kept)],
            ..Convergence::default()
        };
        assert!(!kept.changed());
        for action in [Converged::Started, Converged::Created, Converged::Recreated] {
            let mut one = kept.clone();
            one.extend(Convergence {
                ready: vec![ready(action)],
                ..Convergence::default()
            });
            assert!(one.changed(), "{action:?}");
        }
        let mut scaled = kept.clone();
        scaled.extend(Convergence {
            removed: vec!["demo-web-2".into()],
            ..Convergence::default()
        });
        assert!(scaled.changed());
        assert_eq!(scaled.removed, vec!["demo-web-2".to_string()]);
        let mut network = kept;
        network.created.push("demo_default".into());
        assert!(network.changed());
    }
}
