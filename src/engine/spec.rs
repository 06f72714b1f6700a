//! What to create a container from: a plain runcli struct the project layer
//! fills from a compose service, turned into the engine's request here.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use bollard::models::{
    ContainerCreateBody, EndpointSettings, HealthConfig, HostConfig, NetworkingConfig, PortBinding,
    RestartPolicy as ApiRestart, RestartPolicyNameEnum,
};

/// A container to create. Empty fields leave the image's defaults in place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
    /// `host:ip` entries added to /etc/hosts.
    pub extra_hosts: Vec<String>,
    /// Replaces the image's HEALTHCHECK.
    pub healthcheck: Option<HealthcheckSpec>,
    /// What the engine does when the container stops.
    pub restart: RestartPolicy,
    /// Allocate a TTY (merges stdout and stderr).
    pub tty: bool,
    /// Run an init process as PID 1 that reaps zombies and forwards signals.
    pub init: bool,
    /// Seconds to wait after the stop signal before killing.
    pub stop_timeout: Option<i64>,
}

/// One published port.
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
}

/// The engine's restart policy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
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
        let exposed: Vec<String> = port_bindings.keys().cloned().collect();
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
            init: self.init.then_some(true),
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
            start_interval: None,
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
}
