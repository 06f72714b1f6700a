//! `up`: a profile's services in dependency order, its one-off steps, its
//! serving step or own container, then its health URL and announced URL.

use std::time::Duration;

use futures::StreamExt;
use regex::Regex;
use tokio_util::sync::CancellationToken;

use crate::engine::{Engine, LogOptions};
use crate::ops::stack::{
    Converged, Convergence, OneOff, Recreate, StackError, UpPolicy, ensure_services_with,
    run_oneoff,
};
use crate::project::compose::ComposeProject;
use crate::project::{Project, ProjectError, ServiceSelection};

use super::ServerEvent;
use super::container_profile::{container_name, plan_container};
use super::down::{DownOptions, down};
use super::health::wait_healthy;
use super::reuse::Reuse;
use super::serve::{plan_serving, serving_name};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpOptions {
    /// Rebuild images even when they exist.
    pub build: bool,
    /// Which existing service containers are replaced.
    pub recreate: Recreate,
}

/// What `up` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpReport {
    /// The profile was already up: nothing was started.
    pub already_up: bool,
    /// The URL found by the profile's `url_pattern`.
    pub url: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("no server profile `{profile}` in runcli.toml; the profiles are: {known}")]
    UnknownProfile { profile: String, known: String },
    #[error(transparent)]
    Project(#[from] ProjectError),
    #[error(transparent)]
    Stack(#[from] StackError),
    #[error("step `{step}` of profile {profile} exited with code {code}")]
    StepFailed {
        profile: String,
        step: String,
        code: i64,
    },
    #[error("{profile}: {url} did not answer 2xx within {secs} s (last: {last})")]
    Unhealthy {
        profile: String,
        url: String,
        secs: u64,
        last: String,
    },
    #[error("cannot compile the secrets for {profile}: {message}")]
    Secrets { profile: String, message: String },
    /// The profile compiles secrets whose inputs were never copied from the
    /// shipped `.txt` files: a configuration error, found before anything
    /// is stopped or started.
    #[error("profile {profile} cannot start: {error}")]
    SecretsNotCopied {
        profile: String,
        error: crate::secrets::SecretsError,
    },
}

impl ServerError {
    pub fn is_unreachable(&self) -> bool {
        matches!(self, ServerError::Stack(e) if e.is_unreachable())
    }
}

/// The error for a profile the manifest does not have, listing the known
/// ones (in runcli.toml's order).
pub fn unknown_profile(project: &Project, name: &str) -> ServerError {
    ServerError::UnknownProfile {
        profile: name.to_string(),
        known: project
            .manifest
            .profiles
            .keys()
            .cloned()
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Starts `name` and returns once it is healthy (when it has a health URL).
pub async fn up(
    engine: &Engine,
    project: &Project,
    name: &str,
    opts: UpOptions,
    events: &(dyn Fn(ServerEvent) + Send + Sync),
) -> Result<UpReport, ServerError> {
    let Some(profile) = project.manifest.profiles.get(name) else {
        return Err(unknown_profile(project, name));
    };
    if profile.secrets.is_some() {
        crate::secrets::check_copied(&project.root, &project.manifest.secrets).map_err(
            |error| ServerError::SecretsNotCopied {
                profile: name.to_string(),
                error,
            },
        )?;
    }
    let mut progress = |line: String| events(ServerEvent::Progress(line));
    if let Some(env) = &profile.secrets {
        progress(format!("compiling the {env} secrets"));
        let written = crate::ops::secrets::compile(project, Some(env)).map_err(|message| {
            ServerError::Secrets {
                profile: name.to_string(),
                message,
            }
        })?;
        progress(format!("wrote {}", written.join(", ")));
    }
    let compose = project.profile_compose(profile)?;
    let services: Vec<String> = match &profile.services {
        ServiceSelection::All => compose.enabled_services(),
        ServiceSelection::Only(list) => list.clone(),
    };
    if profile.down_first && !only_its_own(engine, project, &compose, name, &services).await? {
        down(engine, project, DownOptions::default(), &mut progress).await?;
    }
    let mut report = UpReport::default();
    let mut converged = Convergence::default();
    if !services.is_empty() {
        let policy = UpPolicy {
            rebuild: opts.build,
            recreate: opts.recreate,
        };
        converged =
            ensure_services_with(engine, &compose, &services, policy, &mut progress).await?;
    }
    let ready = &converged.ready;
    // What becomes of the serving step's and the profile's own container is
    // known before any step runs: when they and the services are kept, the
    // profile is up as it is, and its one-off steps (migrations) are not
    // run again.
    let mut serving = None;
    if let Some(step) = profile.steps.iter().find(|s| s.serve) {
        let rebuild = opts.build && !ready.iter().any(|r| r.service == step.service);
        let plan = plan_serving(
            engine,
            &compose,
            name,
            step,
            rebuild,
            opts.recreate,
            &mut progress,
        );
        serving = Some(plan.await?);
    }
    let mut own = None;
    if let Some(spec) = &profile.container {
        let plan = plan_container(
            engine,
            project,
            name,
            spec,
            opts.build,
            opts.recreate,
            &mut progress,
        );
        own = Some(plan.await?);
    }
    // A replica removed by a scale-down, or a network created, is a change
    // too: only a run that touched nothing is "already up".
    let nothing_changed = !converged.changed()
        && serving.as_ref().is_none_or(Reuse::kept)
        && own.as_ref().is_none_or(Reuse::kept);
    let serves = serving.is_some() || own.is_some();
    let only_services =
        profile.steps.is_empty() && profile.container.is_none() && !services.is_empty();
    if nothing_changed && (serves || only_services) {
        progress(format!("{name} is already up; nothing changed"));
        report.already_up = true;
    }
    let mut serving_id: Option<String> = None;
    let never = CancellationToken::new();
    for step in &profile.steps {
        let label = if step.name.is_empty() {
            step.command.join(" ")
        } else {
            step.name.clone()
        };
        if step.serve {
            if let Some(plan) = serving.take() {
                let container = plan.spec.name.clone();
                let (id, action) = plan.apply(engine, &label, &mut progress).await?;
                if action != Converged::Kept {
                    progress(format!("{label}: serving in {container}"));
                }
                serving_id = Some(id);
            }
            continue;
        }
        if report.already_up {
            continue;
        }
        progress(format!("{label}: running"));
        let run = OneOff {
            service: step.service.clone(),
            command: step.command.clone(),
            env: step.env.clone(),
        };
        let mut tail: Vec<String> = Vec::new();
        let mut output = |lines: Vec<crate::domain::LogLine>| {
            tail.extend(lines.into_iter().map(|l| l.text));
            let excess = tail.len().saturating_sub(20);
            tail.drain(..excess);
        };
        let code = run_oneoff(engine, &compose, &run, &mut progress, &mut output, &never).await?;
        if code != 0 {
            for line in &tail {
                progress(format!("{label} | {line}"));
            }
            return Err(ServerError::StepFailed {
                profile: name.to_string(),
                step: label,
                code,
            });
        }
        progress(format!("{label}: done"));
    }
    if let Some(plan) = own {
        let (id, _) = plan.apply(engine, name, &mut progress).await?;
        serving_id = Some(id);
    }
    if let Some(health) = &profile.health {
        progress(format!("waiting for {}", health.url));
        let secs = health.timeout_secs;
        match wait_healthy(&health.url, Duration::from_secs(secs)).await {
            Ok(()) => events(ServerEvent::Health {
                profile: name.to_string(),
                healthy: true,
            }),
            Err(last) => {
                events(ServerEvent::Health {
                    profile: name.to_string(),
                    healthy: false,
                });
                return Err(ServerError::Unhealthy {
                    profile: name.to_string(),
                    url: health.url.clone(),
                    secs,
                    last,
                });
            }
        }
    }
    if let (Some(pattern), Some(id)) = (
        &profile.url_pattern,
        serving_id.or(last_service(engine, project, &services).await),
    ) {
        report.url = find_url(engine, &id, pattern).await;
        if let Some(url) = &report.url {
            events(ServerEvent::Url {
                profile: name.to_string(),
                url: url.clone(),
            });
        }
    }
    Ok(report)
}

/// Whether every container of the project is this profile's: a service
/// container of `services`, of what they or the profile's steps depend
/// on, or the profile's serving or own container. Then `down_first` has
/// nothing to clear, and skipping it keeps the containers that did not
/// change.
async fn only_its_own(
    engine: &Engine,
    project: &Project,
    compose: &ComposeProject,
    profile: &str,
    services: &[String],
) -> Result<bool, ServerError> {
    let Some(spec) = project.manifest.profiles.get(profile) else {
        return Ok(false);
    };
    let mut wanted = services.to_vec();
    let mut own = Vec::new();
    for step in &spec.steps {
        if let Some(service) = compose.services.get(&step.service) {
            let deps = service.depends_on.keys();
            wanted.extend(
                deps.filter(|d| compose.services.get(*d).is_some_and(|s| compose.enabled(s)))
                    .cloned(),
            );
        }
        if step.serve {
            own.push(serving_name(compose, profile, step));
        }
    }
    if spec.container.is_some() {
        own.push(container_name(project, profile));
    }
    let order = compose.start_order(&wanted)?;
    let containers = engine
        .project_containers(&compose.name)
        .await
        .map_err(StackError::from)?;
    Ok(containers.iter().all(|c| {
        own.contains(&c.name)
            || (!c.oneoff && c.service.as_ref().is_some_and(|s| order.contains(s)))
    }))
}

async fn last_service(engine: &Engine, project: &Project, services: &[String]) -> Option<String> {
    let last = services.last()?;
    let containers = engine.project_containers(&project.name).await.ok()?;
    containers
        .into_iter()
        .find(|c| c.service.as_deref() == Some(last))
        .map(|c| c.id)
}

/// Follows the container's log until `pattern` matches (at most 60 s).
async fn find_url(engine: &Engine, id: &str, pattern: &str) -> Option<String> {
    let regex = Regex::new(pattern).ok()?;
    let opts = LogOptions {
        follow: true,
        tail: None,
        since_unix: None,
        timestamps: false,
    };
    let mut chunks = Box::pin(engine.logs(id, opts));
    let search = async {
        let mut text = String::new();
        while let Some(Ok(chunk)) = chunks.next().await {
            text.push_str(&String::from_utf8_lossy(&chunk.bytes));
            if let Some(m) = regex.find(&text) {
                return Some(m.as_str().to_string());
            }
        }
        None
    };
    tokio::time::timeout(Duration::from_secs(60), search)
        .await
        .ok()
        .flatten()
}
