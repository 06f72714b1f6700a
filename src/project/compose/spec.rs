//! runcli's own description of a compose project: plain data the engine
//! layer turns into images, networks, volumes and containers. Paths are
//! absolute, short syntaxes are expanded, variables are substituted.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Duration;

/// The services, networks and volumes of a set of merged compose files.
#[derive(Debug, Clone, PartialEq)]
pub struct ComposeProject {
    /// Compose project name (`docker compose -p`).
    pub name: String,
    pub services: BTreeMap<String, ServiceSpec>,
    /// Keyed by the compose name; holds `default` when a service joins it.
    pub networks: BTreeMap<String, NetworkSpec>,
    /// Keyed by the compose name.
    pub volumes: BTreeMap<String, VolumeSpec>,
    /// Compose profiles switched on (`COMPOSE_PROFILES`, comma separated).
    pub active_profiles: BTreeSet<String>,
}

/// One service, merged across files.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceSpec {
    pub name: String,
    pub image: Option<String>,
    pub build: Option<BuildSpec>,
    /// Replaces the image's CMD; `Some(vec![])` clears it.
    pub command: Option<Vec<String>>,
    /// Replaces the image's ENTRYPOINT; `Some(vec![])` clears it.
    pub entrypoint: Option<Vec<String>>,
    /// The `env_file`s read, absolute, in order, each once.
    pub env_files: Vec<PathBuf>,
    /// env_file values first, then `environment` on top, as compose does.
    pub environment: BTreeMap<String, String>,
    pub ports: Vec<PortSpec>,
    pub volumes: Vec<Mount>,
    pub depends_on: BTreeMap<String, DependsCondition>,
    /// Dependencies marked `required: false`: skipped, not an error, when
    /// their profile is off. Ones missing from the files are dropped.
    pub optional_depends_on: BTreeSet<String>,
    pub healthcheck: Option<Healthcheck>,
    pub working_dir: Option<String>,
    pub user: Option<String>,
    pub hostname: Option<String>,
    /// Bytes.
    pub shm_size: Option<u64>,
    pub restart: Option<String>,
    pub labels: BTreeMap<String, String>,
    /// Compose network names to the aliases the service has on each.
    pub networks: BTreeMap<String, Vec<String>>,
    pub replicas: u32,
    /// `deploy:` keys only Swarm reads.
    pub swarm: super::swarm::SwarmDeploy,
    pub cpus: Option<f64>,
    /// Bytes.
    pub memory: Option<u64>,
    /// `resources.reservations.memory`, bytes: a soft limit locally (as
    /// docker-compose sets it), a scheduling reservation on Swarm.
    pub memory_reservation: Option<u64>,
    /// Replaces `<project>-<service>-<n>`; then there is one replica only.
    pub container_name: Option<String>,
    /// Compose profiles the service belongs to; none means always enabled.
    pub profiles: Vec<String>,
    /// Run an init process as PID 1.
    pub init: Option<bool>,
    pub stop_signal: Option<String>,
    /// How long a stop waits before killing (the container's StopTimeout).
    pub stop_grace_period: Option<Duration>,
    /// `host:ip` entries for /etc/hosts, in order, each once.
    pub extra_hosts: Vec<String>,
    /// tmpfs mount path to its mount options (may be empty).
    pub tmpfs: BTreeMap<String, String>,
    /// Ports exposed without publishing, `PORT/PROTO`, ranges expanded.
    pub expose: Vec<String>,
}

/// `build:` of a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildSpec {
    /// Absolute build context folder.
    pub context: PathBuf,
    /// Relative to the context, as compose passes it to the builder.
    pub dockerfile: String,
    pub target: Option<String>,
    pub args: BTreeMap<String, String>,
}

/// A published port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortSpec {
    pub host_ip: Option<String>,
    /// `None`: the engine picks a free host port.
    pub published: Option<u16>,
    pub target: u16,
    /// `tcp`, `udp` or `sctp`.
    pub protocol: String,
    /// `mode: host` (long syntax): on Swarm, each task's node publishes the
    /// port itself instead of the ingress routing mesh.
    pub host_mode: bool,
}

/// A bind mount or a named volume in a service's container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mount {
    Bind {
        /// Absolute host path.
        source: PathBuf,
        target: String,
        read_only: bool,
    },
    Volume {
        /// Compose name: a key of [`ComposeProject::volumes`].
        name: String,
        target: String,
        read_only: bool,
    },
}

impl Mount {
    pub fn target(&self) -> &str {
        match self {
            Mount::Bind { target, .. } | Mount::Volume { target, .. } => target,
        }
    }
}

/// When a dependency counts as ready.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DependsCondition {
    ServiceStarted,
    ServiceHealthy,
    ServiceCompletedSuccessfully,
}

impl DependsCondition {
    pub fn as_str(self) -> &'static str {
        match self {
            DependsCondition::ServiceStarted => "service_started",
            DependsCondition::ServiceHealthy => "service_healthy",
            DependsCondition::ServiceCompletedSuccessfully => "service_completed_successfully",
        }
    }
}

/// `healthcheck:`; unset durations and retries keep the engine's defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Healthcheck {
    /// `["CMD", ...]`, `["CMD-SHELL", "..."]` or `["NONE"]` (disabled);
    /// empty keeps the image's own test.
    pub test: Vec<String>,
    pub interval: Option<Duration>,
    pub timeout: Option<Duration>,
    pub retries: Option<u32>,
    pub start_period: Option<Duration>,
    /// Time between checks during the start period (engines from API 1.44).
    pub start_interval: Option<Duration>,
}

/// A top-level network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkSpec {
    /// Real engine name: `name:`, else the key when external, else
    /// `<project>_<key>`.
    pub name: String,
    pub driver: Option<String>,
    /// Created outside compose; never created or removed by runcli.
    pub external: bool,
    pub labels: BTreeMap<String, String>,
}

/// A top-level named volume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumeSpec {
    /// Real engine name: `name:`, else the key when external, else
    /// `<project>_<key>`.
    pub name: String,
    pub driver: Option<String>,
    pub external: bool,
    pub labels: BTreeMap<String, String>,
}

impl ServiceSpec {
    /// The image to run: `image:`, else what compose v2 tags a build with.
    pub fn image_ref(&self, project: &str) -> String {
        self.image
            .clone()
            .unwrap_or_else(|| format!("{project}-{}", self.name))
    }

    /// The name of replica `number` (from 1): `container_name:`, else
    /// `<project>-<service>-<number>` as compose v2 names it.
    pub fn container_name(&self, project: &str, number: u32) -> String {
        self.container_name
            .clone()
            .unwrap_or_else(|| format!("{project}-{}-{number}", self.name))
    }
}

/// Engine name of a network or volume that sets no `name:` of its own.
pub fn scoped_name(project: &str, key: &str) -> String {
    format!("{project}_{key}")
}

impl ComposeProject {
    /// Whether `service` runs without being asked for by name: it has no
    /// `profiles:`, or one of them is active.
    pub fn enabled(&self, service: &ServiceSpec) -> bool {
        service.profiles.is_empty()
            || service
                .profiles
                .iter()
                .any(|p| self.active_profiles.contains(p))
    }

    /// The services an "all services" selection starts, by name.
    pub fn enabled_services(&self) -> Vec<String> {
        self.services
            .values()
            .filter(|s| self.enabled(s))
            .map(|s| s.name.clone())
            .collect()
    }

    /// Engine name of a network by its compose name.
    pub fn network_name(&self, key: &str) -> String {
        self.networks
            .get(key)
            .map_or_else(|| scoped_name(&self.name, key), |n| n.name.clone())
    }

    /// Engine name of a named volume by its compose name.
    pub fn volume_name(&self, key: &str) -> String {
        self.volumes
            .get(key)
            .map_or_else(|| scoped_name(&self.name, key), |v| v.name.clone())
    }
}
