//! A compose service as the engine's container spec, named and labelled as
//! compose does.

use std::collections::BTreeMap;

use crate::engine::{ContainerSpec, HealthcheckSpec, PortMapping, Protocol, RestartPolicy, labels};
use crate::project::compose::{ComposeProject, Mount, ServiceSpec};

/// The spec of `service`'s container `name` on the compose project.
pub fn service_container(
    compose: &ComposeProject,
    service: &ServiceSpec,
    name: String,
    oneoff: bool,
    number: u32,
) -> ContainerSpec {
    let mut container_labels = service.labels.clone();
    container_labels.extend(labels::container_labels(
        &compose.name,
        &service.name,
        number,
        oneoff,
        None,
    ));
    let (network, network_aliases) = network(compose, service);
    ContainerSpec {
        name,
        image: service.image_ref(&compose.name),
        cmd: service.command.clone(),
        entrypoint: service.entrypoint.clone(),
        env: service.environment.clone(),
        labels: container_labels,
        working_dir: service.working_dir.clone(),
        user: service.user.clone(),
        ports: if oneoff { Vec::new() } else { ports(service) },
        binds: binds(compose, service),
        network,
        network_aliases: if oneoff { Vec::new() } else { network_aliases },
        healthcheck: service.healthcheck.as_ref().map(|h| HealthcheckSpec {
            test: h.test.clone(),
            interval: h.interval,
            timeout: h.timeout,
            retries: h.retries,
            start_period: h.start_period,
        }),
        restart: if oneoff {
            RestartPolicy::No
        } else {
            restart(service.restart.as_deref())
        },
        ..Default::default()
    }
}

/// The first network the service joins, with its aliases and the service
/// name (so other services reach it by name, as in compose).
fn network(compose: &ComposeProject, service: &ServiceSpec) -> (Option<String>, Vec<String>) {
    let Some((key, aliases)) = service.networks.iter().next() else {
        return (
            Some(compose.network_name("default")),
            vec![service.name.clone()],
        );
    };
    let mut all = vec![service.name.clone()];
    all.extend(aliases.iter().cloned());
    (Some(compose.network_name(key)), all)
}

fn ports(service: &ServiceSpec) -> Vec<PortMapping> {
    service
        .ports
        .iter()
        .map(|p| PortMapping {
            host_ip: p.host_ip.clone(),
            host_port: p.published,
            container_port: p.target,
            protocol: if p.protocol == "udp" {
                Protocol::Udp
            } else {
                Protocol::Tcp
            },
        })
        .collect()
}

fn binds(compose: &ComposeProject, service: &ServiceSpec) -> Vec<String> {
    service
        .volumes
        .iter()
        .map(|m| match m {
            Mount::Bind {
                source,
                target,
                read_only,
            } => format!("{}:{target}{}", source.display(), ro(*read_only)),
            Mount::Volume {
                name,
                target,
                read_only,
            } => format!("{}:{target}{}", compose.volume_name(name), ro(*read_only)),
        })
        .collect()
}

fn ro(read_only: bool) -> &'static str {
    if read_only { ":ro" } else { "" }
}

fn restart(policy: Option<&str>) -> RestartPolicy {
    match policy {
        Some("always") => RestartPolicy::Always,
        Some("unless-stopped") => RestartPolicy::UnlessStopped,
        Some(p) if p.starts_with("on-failure") => RestartPolicy::OnFailure {
            max_retries: p.split(':').nth(1).and_then(|n| n.parse().ok()),
        },
        _ => RestartPolicy::No,
    }
}

/// Environment for a one-off: the service's, with `overrides` on top.
pub fn with_env(
    base: &BTreeMap<String, String>,
    overrides: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut env = base.clone();
    env.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
    env
}
