//! One-shot containers of a service, with compose `run` semantics: labelled
//! as a one-off, the service's settings with the run's command and
//! environment, output streamed as it comes, removed afterwards — also when
//! the run is cancelled.

use std::collections::BTreeMap;

use futures::StreamExt;
use tokio_util::sync::CancellationToken;

use crate::domain::{LogLine, LogSource};
use crate::engine::{Engine, LogOptions, LogStream};
use crate::ops::log_lines::LineSplitter;
use crate::project::ProjectError;
use crate::project::compose::{ComposeProject, ServiceSpec};

use super::container::{service_container, with_env};
use super::error::StackError;
use super::prepare::{self, Progress};
use super::service::ensure_services;

/// What to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneOff {
    pub service: String,
    /// Replaces the service's command.
    pub command: Vec<String>,
    /// On top of the service's environment.
    pub env: BTreeMap<String, String>,
}

/// Runs `run` to completion and returns its exit code: like `compose run`,
/// the service's dependencies are brought up first and its image built or
/// pulled when missing. Output lines go to `output` as they come. When
/// `cancel` fires the container is stopped and removed and the result is
/// [`StackError::Cancelled`].
pub async fn run_oneoff(
    engine: &Engine,
    compose: &ComposeProject,
    run: &OneOff,
    progress: Progress<'_>,
    output: &mut (dyn FnMut(Vec<LogLine>) + Send),
    cancel: &CancellationToken,
) -> Result<i64, StackError> {
    let Some(service) = compose.services.get(&run.service) else {
        return Err(StackError::UnknownService {
            service: run.service.clone(),
            known: compose
                .services
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
        });
    };
    prepare_run(engine, compose, service, progress).await?;
    let name = format!("{}-{}-run-{}", compose.name, run.service, short_id());
    let mut spec = service_container(compose, service, name, true, 1);
    spec.cmd = Some(run.command.clone());
    spec.env = with_env(&spec.env, &run.env);
    let id = engine.create_container(&spec).await?;
    let outcome = tokio::select! {
        result = run_to_end(engine, &id, output) => result,
        () = cancel.cancelled() => Err(StackError::Cancelled),
    };
    // Removed whatever happened: a one-off never outlives its run.
    if let Err(e) = engine.remove(&id, true, false).await {
        tracing::warn!("cannot remove one-off container {id}: {e}");
    }
    outcome
}

async fn run_to_end(
    engine: &Engine,
    id: &str,
    output: &mut (dyn FnMut(Vec<LogLine>) + Send),
) -> Result<i64, StackError> {
    engine.start(id).await?;
    let opts = LogOptions {
        follow: true,
        tail: None,
        since_unix: None,
        timestamps: false,
    };
    let mut chunks = Box::pin(engine.logs(id, opts).ready_chunks(256));
    let mut splitter = LineSplitter::default();
    while let Some(batch) = chunks.next().await {
        let mut lines = Vec::new();
        for chunk in batch.into_iter().flatten() {
            let source = match chunk.stream {
                LogStream::Stdout => LogSource::Stdout,
                LogStream::Stderr => LogSource::Stderr,
            };
            splitter.push(source, None, &chunk.bytes, &mut lines);
        }
        if !lines.is_empty() {
            output(lines);
        }
    }
    // One unfinished line per stream (stdout and stderr each keep theirs).
    while let Some(last) = splitter.finish() {
        output(vec![last]);
    }
    Ok(engine.wait(id).await?)
}

/// What a container of `service` outside its replicas (a one-off, a
/// profile's serving step) needs first, as `compose run` does: its
/// dependencies up, the networks, and its image built or pulled when missing.
pub async fn prepare_run(
    engine: &Engine,
    compose: &ComposeProject,
    service: &ServiceSpec,
    progress: Progress<'_>,
) -> Result<(), StackError> {
    let deps = dependencies(compose, service)?;
    if deps.is_empty() {
        prepare::networks_and_volumes(engine, compose, progress).await?;
    } else {
        ensure_services(engine, compose, &deps, false, progress).await?;
    }
    prepare::image(engine, compose, service, false, progress).await
}

/// The one-off's dependencies that run: those whose compose profiles are
/// off are left out when `required: false` and refused otherwise.
fn dependencies(
    compose: &ComposeProject,
    service: &ServiceSpec,
) -> Result<Vec<String>, StackError> {
    let mut deps = Vec::new();
    for dep in service.depends_on.keys() {
        let dep_spec = compose.services.get(dep);
        if dep_spec.is_some_and(|d| compose.enabled(d)) {
            deps.push(dep.clone());
        } else if !service.optional_depends_on.contains(dep) {
            return Err(ProjectError::ComposeDisabledDependency {
                service: service.name.clone(),
                dependency: dep.clone(),
                profiles: dep_spec.map(|d| d.profiles.clone()).unwrap_or_default(),
            }
            .into());
        }
    }
    Ok(deps)
}

/// A short, unique-enough suffix for one-off container names.
fn short_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{:08x}", (nanos ^ u128::from(std::process::id())) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::compose::load_compose;

    #[test]
    fn a_one_offs_dependencies_follow_the_profiles() {
        let dir = tempfile::tempdir().unwrap();
        let yaml = "services:\n  host:\n    image: x\n    depends_on:\n      api: {condition: service_started}\n      chrome: {condition: service_started, required: false}\n  api:\n    image: y\n  chrome:\n    image: z\n    profiles: [selenium]\n  tool:\n    image: w\n    depends_on: [chrome]\n";
        std::fs::write(dir.path().join("c.yaml"), yaml).unwrap();
        let load = |profiles: Option<&str>| {
            let env = |key: &str| {
                (key == "COMPOSE_PROFILES")
                    .then(|| profiles.map(String::from))
                    .flatten()
            };
            load_compose(dir.path(), "demo", &["c.yaml".into()], ".env", &env).unwrap()
        };
        let off = load(None);
        assert_eq!(
            dependencies(&off, &off.services["host"]).unwrap(),
            vec!["api"]
        );
        let err = dependencies(&off, &off.services["tool"]).unwrap_err();
        assert!(
            err.to_string().contains("`chrome` is needed by `tool`"),
            "{err}"
        );
        let on = load(Some("selenium"));
        assert_eq!(
            dependencies(&on, &on.services["host"]).unwrap(),
            vec!["api", "chrome"]
        );
    }
}
