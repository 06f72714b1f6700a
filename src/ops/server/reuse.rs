//! Whether the containers a profile makes outside its compose services (its
//! serving step's, its own `container`) are kept, started or replaced on
//! `up`. They get the rule compose applies to services: a config hash over
//! the spec as created and the image id, stored in compose's config-hash
//! label, so an edit of the service, of the step's command, env or ports
//! in runcli.toml, or a new image reaches the running server, and an
//! unchanged one is left alone.

use crate::engine::{ContainerInfo, ContainerSpec, Engine, EngineError, labels};
use crate::ops::stack::{Converged, Recreate, StackError, config_hash, why_recreate};

/// What becomes of a container that matches but is not running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenStopped {
    /// Started again as it is, as compose does with a service container.
    Start,
    /// Replaced by a new one: a serving step is a run, and each run starts
    /// from a fresh container, as `compose run` does.
    Replace,
}

/// What `up` does with the container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// It runs and matches.
    Keep,
    /// It matches (or may not be recreated) but is stopped.
    Start,
    /// None holds the name.
    Create,
    /// It must be replaced, for this reason ("config changed", "forced").
    Recreate(&'static str),
}

/// The container to create (its config-hash label set) and the plan for
/// the one of the project that holds its name now.
#[derive(Debug, Clone)]
pub struct Reuse {
    pub spec: ContainerSpec,
    pub existing: Option<ContainerInfo>,
    pub plan: Plan,
}

/// Hashes `spec` with `image_id`, finds the container of `containers`
/// named as `spec`, and decides what to do with it under `recreate`.
pub fn plan(
    mut spec: ContainerSpec,
    image_id: &str,
    containers: &[ContainerInfo],
    recreate: Recreate,
    stopped: WhenStopped,
) -> Reuse {
    let hash = config_hash(&spec, image_id);
    spec.labels.insert(labels::CONFIG_HASH.into(), hash.clone());
    let existing = containers.iter().find(|c| c.name == spec.name).cloned();
    let plan = match &existing {
        None => Plan::Create,
        Some(c) => match why_recreate(c, &spec.name, &hash, image_id, recreate) {
            Some(reason) => Plan::Recreate(reason),
            None if c.state.is_running() => Plan::Keep,
            None if recreate == Recreate::Never || stopped == WhenStopped::Start => Plan::Start,
            None => Plan::Recreate("stopped"),
        },
    };
    Reuse {
        spec,
        existing,
        plan,
    }
}

impl Reuse {
    /// Whether `up` leaves the container as it is.
    pub fn kept(&self) -> bool {
        self.plan == Plan::Keep
    }

    /// Carries the plan out, saying what it does under `label` (the step or
    /// profile), and returns the running container's id and what was done.
    pub async fn apply(
        self,
        engine: &Engine,
        label: &str,
        progress: &mut (dyn FnMut(String) + Send),
    ) -> Result<(String, Converged), StackError> {
        let name = &self.spec.name;
        match (self.plan, self.existing) {
            (Plan::Keep, Some(c)) => {
                progress(format!("{label}: already running ({name})"));
                Ok((c.id, Converged::Kept))
            }
            (Plan::Start, Some(c)) => {
                progress(format!("{label}: starting {name}"));
                engine.start(&c.id).await?;
                Ok((c.id, Converged::Started))
            }
            (Plan::Recreate(reason), Some(c)) => {
                progress(format!("{label}: recreating ({reason})"));
                if c.state.is_running() {
                    engine.stop_as_configured(&c.id).await?;
                }
                engine.remove(&c.id, true, false).await?;
                Ok((create(engine, &self.spec).await?, Converged::Recreated))
            }
            // Create, or a plan about a container that is not there.
            _ => {
                progress(format!("{label}: creating {name}"));
                Ok((create(engine, &self.spec).await?, Converged::Created))
            }
        }
    }
}

async fn create(engine: &Engine, spec: &ContainerSpec) -> Result<String, StackError> {
    let id = engine.create_container(spec).await.map_err(|e| match e {
        // Not this project's container, or it would have been found.
        EngineError::Conflict { .. } => StackError::NameTaken {
            name: spec.name.clone(),
        },
        other => StackError::Engine(other),
    })?;
    engine.start(&id).await?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ContainerState;

    fn spec(value: &str) -> ContainerSpec {
        ContainerSpec {
            name: "p-api-local".into(),
            image: "p-api".into(),
            env: [("MODE".to_string(), value.to_string())].into(),
            ..Default::default()
        }
    }

    fn existing(from: &ContainerSpec, state: ContainerState) -> ContainerInfo {
        ContainerInfo {
            id: "c1".into(),
            name: from.name.clone(),
            service: Some("api".into()),
            project: Some("p".into()),
            oneoff: true,
            number: Some(1),
            image: from.image.clone(),
            image_id: "sha256:aa".into(),
            config_hash: from.labels.get(labels::CONFIG_HASH).cloned(),
            state,
            status: String::new(),
            created: 0,
            published: Vec::new(),
        }
    }

    fn decide(value: &str, on: &ContainerInfo, recreate: Recreate, stopped: WhenStopped) -> Plan {
        let containers = [on.clone()];
        plan(spec(value), "sha256:aa", &containers, recreate, stopped).plan
    }

    #[test]
    fn a_matching_running_container_is_kept_and_a_changed_one_recreated() {
        let first = plan(
            spec("a"),
            "sha256:aa",
            &[],
            Recreate::Changed,
            WhenStopped::Start,
        );
        assert_eq!(first.plan, Plan::Create);
        assert!(first.spec.labels.contains_key(labels::CONFIG_HASH));
        let running = existing(&first.spec, ContainerState::Running);
        let (changed, always) = (Recreate::Changed, Recreate::Always);
        assert_eq!(
            decide("a", &running, changed, WhenStopped::Replace),
            Plan::Keep
        );
        assert_eq!(
            decide("b", &running, changed, WhenStopped::Replace),
            Plan::Recreate("config changed")
        );
        assert_eq!(
            decide("b", &running, Recreate::Never, WhenStopped::Replace),
            Plan::Keep
        );
        assert_eq!(
            decide("a", &running, always, WhenStopped::Replace),
            Plan::Recreate("forced")
        );
        let mut new_image = running.clone();
        new_image.image_id = "sha256:old".into();
        assert_eq!(
            decide("a", &new_image, changed, WhenStopped::Replace),
            Plan::Recreate("image changed")
        );
    }

    #[test]
    fn a_stopped_match_is_started_or_replaced_as_asked() {
        let first = plan(
            spec("a"),
            "sha256:aa",
            &[],
            Recreate::Changed,
            WhenStopped::Start,
        );
        let stopped = existing(&first.spec, ContainerState::Exited(0));
        let changed = Recreate::Changed;
        assert_eq!(
            decide("a", &stopped, changed, WhenStopped::Start),
            Plan::Start
        );
        assert_eq!(
            decide("a", &stopped, changed, WhenStopped::Replace),
            Plan::Recreate("stopped")
        );
        assert_eq!(
            decide("a", &stopped, Recreate::Never, WhenStopped::Replace),
            Plan::Start
        );
    }
}
