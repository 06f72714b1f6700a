//! From compose services to Swarm service specs, as `docker stack deploy`
//! reads a compose file: names `STACK_SERVICE`, one overlay network
//! `STACK_default` every service joins under its own name, named volumes
//! `STACK_VOLUME`, images `REGISTRY/NAME:VERSION`.
//!
//! Bind mounts of project paths are refused with the place they are
//! written: a remote node has no such path, and `docker stack deploy`
//! would pass them through only for the task to fail on the node. An
//! environment's own `compose_files` (without the binds) is the fix.

use std::collections::BTreeMap;

use crate::engine::{
    FailureAction, HealthcheckSpec, SwarmPort, SwarmRestart, SwarmServiceSpec, UpdatePolicy,
};
use crate::project::compose::Mount;
use crate::project::compose::locate::key_location;
use crate::project::compose::swarm::UpdateConfig;
use crate::project::{ComposeProject, Location, ProjectError, ServiceSpec};

/// The stack network every service joins.
pub fn network_name(stack: &str) -> String {
    format!("{stack}_default")
}

/// The tag a service's image is pushed with: the version for an image the
/// project builds; an image it only names (a database) keeps its own tag
/// (`latest` when it has none), so an app deploy leaves that service's spec
/// as it was and Swarm does not restart it.
pub fn push_tag<'a>(service: &ServiceSpec, local: &'a str, version: &'a str) -> &'a str {
    if service.build.is_some() {
        return version;
    }
    let without_digest = local.split('@').next().unwrap_or(local);
    let last_slash = without_digest.rfind('/').map_or(0, |i| i + 1);
    without_digest[last_slash..]
        .split_once(':')
        .map_or("latest", |(_, tag)| tag)
}

/// The image a service is pushed as and pulled by the nodes:
/// `REGISTRY/NAME:VERSION`, NAME the local image's repository without its
/// registry or tag.
pub fn registry_image(registry: &str, local: &str, version: &str) -> String {
    let without_digest = local.split('@').next().unwrap_or(local);
    let last_slash = without_digest.rfind('/').map_or(0, |i| i + 1);
    let name = &without_digest[last_slash..];
    let name = name.split(':').next().unwrap_or(name);
    format!("{}/{name}:{version}", registry.trim_end_matches('/'))
}

/// The services to deploy: those named, else every enabled one with an
/// image or a build, in name order.
pub fn selected(
    compose: &ComposeProject,
    wanted: Option<&Vec<String>>,
) -> Result<Vec<String>, String> {
    match wanted {
        Some(list) => {
            for name in list {
                if !compose.services.contains_key(name) {
                    let known: Vec<&str> = compose.services.keys().map(String::as_str).collect();
                    return Err(format!(
                        "service `{name}` is not in the compose files ({})",
                        known.join(", ")
                    ));
                }
            }
            Ok(list.clone())
        }
        None => Ok(compose
            .enabled_services()
            .into_iter()
            .filter(|name| {
                compose
                    .services
                    .get(name)
                    .is_some_and(|s| s.image.is_some() || s.build.is_some())
            })
            .collect()),
    }
}

/// Fails on the first bind mount, naming the service, the mount and the
/// fix, at the service's `volumes` key in the last file that writes it.
pub fn refuse_binds(
    service: &ServiceSpec,
    files: &[std::path::PathBuf],
    environment: &str,
) -> Result<(), ProjectError> {
    for mount in &service.volumes {
        if let Mount::Bind { source, target, .. } = mount {
            let at =
                key_location(files, &["services", &service.name, "volumes"]).unwrap_or(Location {
                    path: files.last().cloned().unwrap_or_default(),
                    pos: None,
                });
            return Err(ProjectError::ComposeInvalid {
                at,
                service: Some(service.name.clone()),
                message: format!(
                    "bind mount {}:{target} cannot be deployed to a swarm: the nodes do not have \
                     this machine's files. Give [environments.{environment}] its own \
                     compose_files without the bind (bake the files into the image, or use a \
                     named volume)",
                    source.display()
                ),
            });
        }
    }
    Ok(())
}

/// Everything one service spec needs besides the compose service.
pub struct SpecInputs<'a> {
    pub stack: &'a str,
    pub image: String,
    /// The compiled secrets, laid over the compose environment.
    pub secrets: &'a [(String, String)],
    pub version: &'a str,
}

/// The Swarm spec of one compose service.
pub fn service_spec(service: &ServiceSpec, inputs: SpecInputs<'_>) -> SwarmServiceSpec {
    let mut env: BTreeMap<String, String> = service.environment.clone();
    env.extend(inputs.secrets.iter().cloned());
    let healthcheck = service.healthcheck.as_ref().map(|h| HealthcheckSpec {
        test: h.test.clone(),
        interval: h.interval,
        timeout: h.timeout,
        retries: h.retries,
        start_period: h.start_period,
        start_interval: h.start_interval,
    });
    let has_healthcheck = healthcheck
        .as_ref()
        .is_some_and(|h| h.test.first().map(String::as_str) != Some("NONE"));
    // Two tasks of one service on one named volume at once (a database's
    // data folder) is what start-first would do; such a service stops first.
    let has_volume = service
        .volumes
        .iter()
        .any(|m| matches!(m, Mount::Volume { .. }));
    let policy = UpdatePolicy::default_for(has_healthcheck && !has_volume);
    let swarm = &service.swarm;
    let mut labels = swarm.labels.clone();
    labels.insert("io.runcli.version".into(), inputs.version.to_string());
    let volumes = service
        .volumes
        .iter()
        .filter_map(|m| match m {
            Mount::Volume {
                name,
                target,
                read_only,
            } => Some((
                format!("{}_{name}", inputs.stack),
                target.clone(),
                *read_only,
            )),
            Mount::Bind { .. } => None,
        })
        .collect();
    SwarmServiceSpec {
        name: format!("{}_{}", inputs.stack, service.name),
        stack: inputs.stack.to_string(),
        alias: service.name.clone(),
        image: inputs.image,
        digest: None,
        platforms: Vec::new(),
        entrypoint: service.entrypoint.clone(),
        command: service.command.clone(),
        env: env.into_iter().map(|(k, v)| format!("{k}={v}")).collect(),
        labels,
        container_labels: service.labels.clone(),
        hostname: service.hostname.clone(),
        replicas: u64::from(service.replicas.max(1)),
        global: swarm.global,
        restart: swarm_restart(service),
        nano_cpus: service.cpus.map(nano_cpus),
        memory: service.memory.and_then(|m| i64::try_from(m).ok()),
        reserve_nano_cpus: swarm.reserve_cpus.map(nano_cpus),
        reserve_memory: service
            .memory_reservation
            .and_then(|m| i64::try_from(m).ok()),
        healthcheck,
        ports: service
            .ports
            .iter()
            .map(|p| SwarmPort {
                target: p.target,
                published: p.published,
                protocol: p.protocol.clone(),
                host_mode: p.host_mode,
            })
            .collect(),
        network: network_name(inputs.stack),
        volumes,
        working_dir: service.working_dir.clone(),
        user: service.user.clone(),
        stop_signal: service.stop_signal.clone(),
        stop_grace_period: service.stop_grace_period,
        init: service.init,
        constraints: swarm.constraints.clone(),
        spread: swarm.spread.clone(),
        dnsrr: swarm.dnsrr,
        update: overlay(policy, swarm.update_config.as_ref()),
        rollback: overlay(policy, swarm.rollback_config.as_ref()),
    }
}

fn nano_cpus(cpus: f64) -> i64 {
    (cpus * 1e9).round() as i64
}

/// `deploy.restart_policy` as given, else what `docker stack deploy` makes
/// of the service's `restart`: none or `no` leaves Swarm's default (any),
/// `always` and `unless-stopped` are `any`, `on-failure[:N]` is
/// `on-failure` with N attempts (0: no limit).
fn swarm_restart(service: &ServiceSpec) -> Option<SwarmRestart> {
    if let Some(p) = &service.swarm.restart_policy {
        return Some(SwarmRestart {
            condition: p.condition.clone(),
            delay: p.delay,
            max_attempts: p.max_attempts,
            window: p.window,
        });
    }
    let restart = service.restart.as_deref()?;
    let (condition, max_attempts) = match restart.split_once(':') {
        Some(("on-failure", n)) => ("on-failure", n.parse().ok()),
        None if restart == "on-failure" => ("on-failure", Some(0)),
        None if restart == "always" || restart == "unless-stopped" => ("any", None),
        _ => return None,
    };
    Some(SwarmRestart {
        condition: Some(condition.to_string()),
        delay: None,
        max_attempts,
        window: None,
    })
}

/// runcli's defaults with what the compose file's config sets.
fn overlay(base: UpdatePolicy, config: Option<&UpdateConfig>) -> UpdatePolicy {
    let Some(c) = config else { return base };
    UpdatePolicy {
        parallelism: c.parallelism.unwrap_or(base.parallelism),
        delay: c.delay.unwrap_or(base.delay),
        monitor: c.monitor.unwrap_or(base.monitor),
        start_first: c
            .order
            .as_deref()
            .map_or(base.start_first, |o| o == "start-first"),
        failure_action: match c.failure_action.as_deref() {
            Some("pause") => FailureAction::Pause,
            Some("continue") => FailureAction::Continue,
            Some(_) => FailureAction::Rollback,
            None => base.failure_action,
        },
        max_failure_ratio: c.max_failure_ratio.unwrap_or(base.max_failure_ratio),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_images_keep_only_the_repository_name() {
        assert_eq!(
            registry_image("127.0.0.1:5000", "demo-api", "1.2.3"),
            "127.0.0.1:5000/demo-api:1.2.3"
        );
        assert_eq!(
            registry_image("r.example:5000/", "docker.io/library/postgres:16", "2.0.0"),
            "r.example:5000/postgres:2.0.0"
        );
        assert_eq!(
            registry_image("r:1", "localhost:5000/team/api@sha256:ab", "3.0.0"),
            "r:1/api:3.0.0"
        );
    }

    #[test]
    fn the_stack_network_is_named_as_docker_stack_deploy_names_it() {
        assert_eq!(network_name("model-staging"), "model-staging_default");
    }
}
