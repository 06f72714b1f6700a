//! A compose service as the engine's container spec, named and labelled as
//! compose does.

use std::collections::BTreeMap;

use crate::engine::{
    ContainerSpec, HealthcheckSpec, NetworkJoin, PortMapping, Protocol, RestartPolicy, labels,
};
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
    let mut joins = networks(compose, service, oneoff);
    let first = (!joins.is_empty()).then(|| joins.remove(0));
    let limit = |v: Option<u64>| v.map(|b| i64::try_from(b).unwrap_or(i64::MAX));
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
        network: first.as_ref().map(|j| j.network.clone()),
        network_aliases: first.map(|j| j.aliases).unwrap_or_default(),
        extra_networks: joins,
        extra_hosts: service.extra_hosts.clone(),
        hostname: service.hostname.clone(),
        shm_size: limit(service.shm_size),
        nano_cpus: service.cpus.map(|c| (c * 1e9).round() as i64),
        memory: limit(service.memory),
        memory_reservation: limit(service.memory_reservation),
        stop_signal: service.stop_signal.clone(),
        tmpfs: service.tmpfs.clone(),
        expose: service.expose.clone(),
        healthcheck: service.healthcheck.as_ref().map(|h| HealthcheckSpec {
            test: h.test.clone(),
            interval: h.interval,
            timeout: h.timeout,
            retries: h.retries,
            start_period: h.start_period,
            start_interval: h.start_interval,
        }),
        restart: if oneoff {
            RestartPolicy::No
        } else {
            restart(service.restart.as_deref())
        },
        init: service.init,
        stop_timeout: service
            .stop_grace_period
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
        ..Default::default()
    }
}

/// Every network the service joins, in name order as compose picks the
/// first, each with the service name and its own aliases (so other
/// services reach it by name); a one-off answers to no alias, as in compose.
fn networks(compose: &ComposeProject, service: &ServiceSpec, oneoff: bool) -> Vec<NetworkJoin> {
    if service.networks.is_empty() {
        return vec![NetworkJoin {
            network: compose.network_name("default"),
            aliases: if oneoff {
                Vec::new()
            } else {
                vec![service.name.clone()]
            },
        }];
    }
    service
        .networks
        .iter()
        .map(|(key, aliases)| {
            let mut all = Vec::new();
            if !oneoff {
                all.push(service.name.clone());
                all.extend(aliases.iter().filter(|a| **a != service.name).cloned());
            }
            NetworkJoin {
                network: compose.network_name(key),
                aliases: all,
            }
        })
        .collect()
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
