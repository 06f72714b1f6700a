//! What to create a container from: a plain runcli struct the project layer
//! fills from a compose service, turned into the engine's request here.
//! The struct serializes to a canonical form (maps are sorted), which is
//! what a container's config hash is taken from.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use serde::Serialize;

use bollard::models::{
    ContainerCreateBody, EndpointSettings, HealthConfig, HostConfig, NetworkingConfig, PortBinding,
    RestartPolicy as ApiRestart, RestartPolicyNameEnum,
};

/// A container to create. Empty fields leave the image's defaults in place.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ContainerSpec {
    /// The container's name (compose style: `<project>-<service>-<n>`).
    pub name: String,
    /// The image reference to run.
    pub image: String,
    /// Replaces the image's CMD.
    pub cmd: Option<Vec<String>>,
    /// Replaces the image's ENTRYPOINT (an empty list clears it).
    pub entrypoint: Option<Vec<String>>,
    /// Environment variables, added to the image's.
    pub env: BTreeMap<String, String>,
    /// Labels; see [`crate::engine::labels::container_labels`].
    pub labels: BTreeMap<String, String>,
    /// Replaces the image's WORKDIR.
    pub working_dir: Option<String>,
    /// Replaces the image's USER.
    pub user: Option<String>,
    /// Published ports.
    pub ports: Vec<PortMapping>,
    /// Bind mounts and named volumes, docker style: `SOURCE:TARGET[:ro]`.
    pub binds: Vec<String>,
    /// The network to join; the engine's default bridge when `None`.
    pub network: Option<String>,
    /// Names other containers on `network` reach this one by (the service name).
    pub network_aliases: Vec<String>,
    /// More networks, joined right after create: engines before API 1.44
    /// take only one network in the create request.
    pub extra_networks: Vec<NetworkJoin>,
    /// `host:ip` entries added to /etc/hosts.
    pub extra_hosts: Vec<String>,
    /// The container's hostname; the engine uses the short id when `None`.
    pub hostname: Option<String>,
    /// Size of /dev/shm in bytes.
    pub shm_size: Option<i64>,
    /// CPU limit in billionths of a CPU.
    pub nano_cpus: Option<i64>,
    /// Memory limit in bytes.
    pub memory: Option<i64>,
    /// Soft memory limit in bytes. Left out of the config hash when unset,
    /// so containers made before it existed keep their hash.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_reservation: Option<i64>,
    /// Signal that stops the container (`SIGTERM` when `None`).
    pub stop_signal: Option<String>,
    /// tmpfs mounts: path to mount options.
    pub tmpfs: BTreeMap<String, String>,
    /// Ports exposed without publishing, `PORT/PROTO`.
    pub expose: Vec<String>,
    /// Replaces the image's HEALTHCHECK.
    pub healthcheck: Option<HealthcheckSpec>,
    /// What the engine does when the container stops.
    pub restart: RestartPolicy,
    /// Allocate a TTY (merges stdout and stderr).
    pub tty: bool,
    /// Run an init process as PID 1 that reaps zombies and forwards signals;
    /// the engine's default when `None`.
    pub init: Option<bool>,
    /// Seconds to wait after the stop signal before killing.
    pub stop_timeout: Option<i64>,
}

/// A network joined besides the first, with the names it answers to there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NetworkJoin {
    /// The engine's network name.
    pub network: String,
    /// DNS aliases on that network.
    pub aliases: Vec<String>,
}

/// One published port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PortMapping {
    /// The host address to bind; all addresses when `None`.
    pub host_ip: Option<String>,
    /// The host port; an ephemeral one when `None`.
    pub host_port: Option<u16>,
    /// The port inside the container.
    pub container_port: u16,
    /// The protocol.
    pub protocol: Protocol,
}

/// A port's protocol.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum Protocol {
    /// TCP, the default.
    #[default]
    Tcp,
    /// UDP.
    Udp,
}

impl PortMapping {
    /// `host_port` on all host addresses to `container_port`, tcp.
    pub fn tcp(host_port: u16, container_port: u16) -> Self {
        PortMapping {
            host_ip: None,
            host_port: Some(host_port),
            container_port,
            protocol: Protocol::Tcp,
        }
    }

    fn key(&self) -> String {
        let proto = match self.protocol {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
        };
        format!("{}/{proto}", self.container_port)
    }
}

/// A healthcheck, as compose's `healthcheck:` describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct HealthcheckSpec {
    /// `["CMD", ...]`, `["CMD-SHELL", "..."]` or `["NONE"]`.
    pub test: Vec<String>,
    /// Time between checks.
    pub interval: Option<Duration>,
    /// Time one check may take.
    pub timeout: Option<Duration>,
    /// Failures in a row before unhealthy.
    pub retries: Option<u32>,
    /// Grace time after start during which failures do not count.
    pub start_period: Option<Duration>,
    /// Time between checks during the start period (ignored by engines
    /// before API 1.44).
    pub start_interval: Option<Duration>,
}

/// The engine's restart policy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum RestartPolicy {
    /// Never restart (compose's default).
    #[default]
    No,
    /// Always restart, also after the engine restarts.
    Always,
    /// Restart unless a user stopped it.
    UnlessStopped,
    /// Restart after a non-zero exit, at most `max_retries` times when given.
    OnFailure {
        /// The cap on restarts.
        max_retries: Option<u32>,
    },
}

impl ContainerSpec {
    /// The engine's create request for this spec.
    pub(crate) fn to_api(&self) -> ContainerCreateBody {
        let some_vec = |v: &Vec<String>| (!v.is_empty()).then(|| v.clone());
        let mut port_bindings: HashMap<String, Option<Vec<PortBinding>>> = HashMap::new();
        for p in &self.ports {
            port_bindings
                .entry(p.key())
                .or_insert_with(|| Some(Vec::new()))
                .get_or_insert_with(Vec::new)
                .push(PortBinding {
                    host_ip: p.host_ip.clone(),
                    host_port: p.host_port.map(|port| port.to_string()),
                });
        }
        let mut exposed: Vec<String> = port_bindings.keys().cloned().collect();
        for port in &self.expose {
            if !exposed.contains(port) {
                exposed.push(port.clone());
            }
        }
        exposed.sort();
        let networking_config = self.network.as_ref().map(|net| NetworkingConfig {
            endpoints_config: Some(HashMap::from([(
                net.clone(),
                EndpointSettings {
                    aliases: some_vec(&self.network_aliases),
                    ..Default::default()
                },
            )])),
        });
        let host_config = HostConfig {
            binds: some_vec(&self.binds),
            port_bindings: (!port_bindings.is_empty()).then_some(port_bindings),
            network_mode: self.network.clone(),
            restart_policy: Some(self.restart.to_api()),
            extra_hosts: some_vec(&self.extra_hosts),
            init: self.init,
            shm_size: self.shm_size,
            nano_cpus: self.nano_cpus,
            memory: self.memory,
            memory_reservation: self.memory_reservation,
            tmpfs: (!self.tmpfs.is_empty()).then(|| self.tmpfs.clone().into_iter().collect()),
            ..Default::default()
        };
        ContainerCreateBody {
            image: Some(self.image.clone()),
            cmd: self.cmd.clone(),
            entrypoint: self.entrypoint.clone(),
            env: (!self.env.is_empty())
                .then(|| self.env.iter().map(|(k, v)| format!("{k}={v}")).collect()),
            labels: Some(self.labels.clone().into_iter().collect()),
            working_dir: self.working_dir.clone(),
            user: self.user.clone(),
            exposed_ports: (!exposed.is_empty()).then_some(exposed),
            healthcheck: self.healthcheck.as_ref().map(HealthcheckSpec::to_api),
            tty: Some(self.tty),
            hostname: self.hostname.clone(),
            stop_signal: self.stop_signal.clone(),
            stop_timeout: self.stop_timeout,
            host_config: Some(host_config),
            networking_config,
            ..Default::default()
        }
    }
}

impl HealthcheckSpec {
    fn to_api(&self) -> HealthConfig {
        let nanos =
            |d: Option<Duration>| d.map(|d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
        HealthConfig {
            test: Some(self.test.clone()),
            interval: nanos(self.interval),
            timeout: nanos(self.timeout),
            retries: self.retries.map(i64::from),
            start_period: nanos(self.start_period),
            start_interval: nanos(self.start_interval),
        }
    }
}

impl RestartPolicy {
    fn to_api(self) -> ApiRestart {
        let (name, max) = match self {
            RestartPolicy::No => (RestartPolicyNameEnum::NO, None),
            RestartPolicy::Always => (RestartPolicyNameEnum::ALWAYS, None),
            RestartPolicy::UnlessStopped => (RestartPolicyNameEnum::UNLESS_STOPPED, None),
            RestartPolicy::OnFailure { max_retries } => (
                RestartPolicyNameEnum::ON_FAILURE,
                max_retries.map(i64::from),
            ),
        };
        ApiRestart {
            name: Some(name),
            maximum_retry_count: max,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_become_exposed_and_bound() {
        let spec = ContainerSpec {
            image: "img".into(),
            ports: vec![PortMapping::tcp(8080, 80)],
            env: BTreeMap::from([("A".into(), "1".into())]),
            network: Some("net".into()),
            network_aliases: vec!["api".into()],
            ..Default::default()
        };
        let body = spec.to_api();
        assert_eq!(body.exposed_ports, Some(vec!["80/tcp".to_string()]));
        let hc = body.host_config.unwrap_or_default();
        let bound = hc.port_bindings.unwrap_or_default();
        let b = bound["80/tcp"].clone().unwrap_or_default();
        assert_eq!(b[0].host_port.as_deref(), Some("8080"));
        assert_eq!(body.env, Some(vec!["A=1".to_string()]));
        assert_eq!(hc.network_mode.as_deref(), Some("net"));
        let eps = body
            .networking_config
            .and_then(|n| n.endpoints_config)
            .unwrap_or_default();
        assert_eq!(eps["net"].aliases, Some(vec!["api".to_string()]));
    }

    #[test]
    fn limits_and_runtime_options_reach_host_config() {
        let spec = ContainerSpec {
            image: "img".into(),
            ports: vec![PortMapping::tcp(8080, 80)],
            expose: vec!["3000/tcp".into(), "80/tcp".into()],
            shm_size: Some(2 << 30),
            nano_cpus: Some(500_000_000),
            memory: Some(64 << 20),
            init: Some(true),
            hostname: Some("web".into()),
            stop_signal: Some("SIGINT".into()),
            tmpfs: BTreeMap::from([("/run".into(), "size=64m".into())]),
            ..Default::default()
        };
        let body = spec.to_api();
        assert_eq!(
            body.exposed_ports,
            Some(vec!["3000/tcp".to_string(), "80/tcp".to_string()])
        );
        assert_eq!(body.hostname.as_deref(), Some("web"));
        assert_eq!(body.stop_signal.as_deref(), Some("SIGINT"));
        let hc = body.host_config.unwrap_or_default();
        assert_eq!(hc.shm_size, Some(2 << 30));
        assert_eq!(hc.nano_cpus, Some(500_000_000));
        assert_eq!(hc.memory, Some(64 << 20));
        assert_eq!(hc.init, Some(true));
        assert_eq!(
            hc.tmpfs.unwrap_or_default().get("/run").map(String::as_str),
            Some("size=64m")
        );
    }
}
