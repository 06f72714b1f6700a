//! A Swarm service as runcli describes it, and its translation to the
//! engine's service spec: what `docker stack deploy` would send for one
//! compose service.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use bollard::models::{
    EndpointPortConfig, EndpointPortConfigProtocolEnum, EndpointPortConfigPublishModeEnum,
    EndpointSpec, EndpointSpecModeEnum, HealthConfig, Limit, Mount, MountType, MountVolumeOptions,
    NetworkAttachmentConfig, Platform, ResourceObject, ServiceSpec, ServiceSpecMode,
    ServiceSpecModeReplicated, ServiceSpecRollbackConfig,
    ServiceSpecRollbackConfigFailureActionEnum, ServiceSpecRollbackConfigOrderEnum,
    ServiceSpecUpdateConfig, ServiceSpecUpdateConfigFailureActionEnum,
    ServiceSpecUpdateConfigOrderEnum, TaskSpec, TaskSpecContainerSpec,
    TaskSpecContainerSpecPrivileges, TaskSpecPlacement, TaskSpecPlacementPreferences,
    TaskSpecPlacementSpread, TaskSpecResources, TaskSpecRestartPolicy,
    TaskSpecRestartPolicyConditionEnum,
};

use super::spec::HealthcheckSpec;

/// Label naming the stack a service, network or volume belongs to.
pub const STACK_NAMESPACE_LABEL: &str = "com.docker.stack.namespace";
/// Label naming the image a stack service was deployed with.
pub const STACK_IMAGE_LABEL: &str = "com.docker.stack.image";

/// One published port of a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwarmPort {
    pub target: u16,
    pub published: Option<u16>,
    /// `tcp`, `udp` or `sctp`.
    pub protocol: String,
    /// Published by each task's node instead of the ingress routing mesh.
    pub host_mode: bool,
}

/// How Swarm replaces tasks on an update or a rollback.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UpdatePolicy {
    /// Tasks replaced at once.
    pub parallelism: u64,
    /// Wait between batches.
    pub delay: Duration,
    /// How long a new task is watched for failure.
    pub monitor: Duration,
    /// Start the new task before stopping the old one.
    pub start_first: bool,
    /// What Swarm does when a new task fails; a rollback that fails
    /// pauses instead of rolling back.
    pub failure_action: FailureAction,
    /// Failed tasks, as a fraction, tolerated before `failure_action`.
    pub max_failure_ratio: f64,
}

/// `failure_action` of `update_config` and `rollback_config`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureAction {
    Rollback,
    Pause,
    Continue,
}

impl UpdatePolicy {
    /// The defaults runcli deploys with: one task at a time, roll back on
    /// failure, start-first when asked (a healthcheck can tell the new task
    /// is ready and no volume would be shared by two tasks).
    pub fn default_for(start_first: bool) -> Self {
        UpdatePolicy {
            parallelism: 1,
            delay: Duration::ZERO,
            monitor: Duration::from_secs(10),
            start_first,
            failure_action: FailureAction::Rollback,
            max_failure_ratio: 0.0,
        }
    }
}

/// When Swarm restarts a task: `deploy.restart_policy`, or what the
/// service's `restart` means for Swarm when that is not given.
#[derive(Debug, Clone, PartialEq)]
pub struct SwarmRestart {
    /// `none`, `on-failure` or `any`.
    pub condition: Option<String>,
    pub delay: Option<Duration>,
    pub max_attempts: Option<u64>,
    pub window: Option<Duration>,
}

/// Everything runcli sets on one stack service.
#[derive(Debug, Clone, PartialEq)]
pub struct SwarmServiceSpec {
    /// `STACK_SERVICE`.
    pub name: String,
    pub stack: String,
    /// The compose service's name: its alias on the stack network.
    pub alias: String,
    pub image: String,
    pub entrypoint: Option<Vec<String>>,
    pub command: Option<Vec<String>>,
    /// The digest the registry gave for `image`: tasks run exactly that
    /// image, as `docker stack deploy` pins it. `None` when not resolved.
    pub digest: Option<String>,
    /// (architecture, os) pairs the image exists for, from the registry.
    pub platforms: Vec<(String, String)>,
    /// `KEY=VALUE`, secrets included: never logged.
    pub env: Vec<String>,
    /// The service's own labels (`deploy.labels`).
    pub labels: BTreeMap<String, String>,
    /// The containers' labels (the compose service's `labels`).
    pub container_labels: BTreeMap<String, String>,
    pub hostname: Option<String>,
    pub replicas: u64,
    /// One task on every node; `replicas` does not apply.
    pub global: bool,
    pub restart: Option<SwarmRestart>,
    pub nano_cpus: Option<i64>,
    pub memory: Option<i64>,
    pub reserve_nano_cpus: Option<i64>,
    pub reserve_memory: Option<i64>,
    pub healthcheck: Option<HealthcheckSpec>,
    pub ports: Vec<SwarmPort>,
    /// The stack network, `STACK_default`.
    pub network: String,
    /// Named volumes: (volume name, target, read-only).
    pub volumes: Vec<(String, String, bool)>,
    pub working_dir: Option<String>,
    pub user: Option<String>,
    pub stop_signal: Option<String>,
    pub stop_grace_period: Option<Duration>,
    pub init: Option<bool>,
    /// Placement constraints, e.g. `node.role==worker`.
    pub constraints: Vec<String>,
    /// Spread descriptors, e.g. `node.id`.
    pub spread: Vec<String>,
    /// Resolve the service name to task addresses (no virtual IP).
    pub dnsrr: bool,
    pub update: UpdatePolicy,
    pub rollback: UpdatePolicy,
}

fn nanos(d: Duration) -> i64 {
    i64::try_from(d.as_nanos()).unwrap_or(i64::MAX)
}

fn map(labels: &BTreeMap<String, String>) -> HashMap<String, String> {
    labels.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

impl SwarmServiceSpec {
    /// The service's labels plus the stack's own.
    fn service_labels(&self) -> HashMap<String, String> {
        let mut labels = map(&self.labels);
        labels.insert(STACK_NAMESPACE_LABEL.into(), self.stack.clone());
        labels.insert(STACK_IMAGE_LABEL.into(), self.image.clone());
        labels
    }

    /// The engine's spec for this service.
    pub(crate) fn to_engine(&self) -> ServiceSpec {
        let health_check = self.healthcheck.as_ref().map(|h| HealthConfig {
            test: Some(h.test.clone()),
            interval: h.interval.map(nanos),
            timeout: h.timeout.map(nanos),
            retries: h.retries.map(i64::from),
            start_period: h.start_period.map(nanos),
            start_interval: None,
        });
        let mut container_labels = map(&self.container_labels);
        container_labels.insert(STACK_NAMESPACE_LABEL.to_string(), self.stack.clone());
        let stack_label = HashMap::from([(STACK_NAMESPACE_LABEL.to_string(), self.stack.clone())]);
        let mounts: Vec<Mount> = self
            .volumes
            .iter()
            .map(|(source, target, read_only)| Mount {
                target: Some(target.clone()),
                source: Some(source.clone()),
                typ: Some(MountType::VOLUME),
                read_only: Some(*read_only),
                volume_options: Some(MountVolumeOptions {
                    labels: Some(stack_label.clone()),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .collect();
        let image = match &self.digest {
            Some(digest) => format!("{}@{digest}", self.image),
            None => self.image.clone(),
        };
        let container = TaskSpecContainerSpec {
            image: Some(image),
            labels: Some(container_labels),
            hostname: self.hostname.clone(),
            privileges: Some(TaskSpecContainerSpecPrivileges::default()),
            command: self.entrypoint.clone(),
            args: self.command.clone(),
            env: Some(self.env.clone()),
            dir: self.working_dir.clone(),
            user: self.user.clone(),
            stop_signal: self.stop_signal.clone(),
            stop_grace_period: self.stop_grace_period.map(nanos),
            health_check,
            init: self.init,
            mounts: (!mounts.is_empty()).then_some(mounts),
            ..Default::default()
        };
        let limits = (self.nano_cpus.is_some() || self.memory.is_some()).then_some(Limit {
            nano_cpus: self.nano_cpus,
            memory_bytes: self.memory,
            pids: None,
        });
        let reservations = (self.reserve_nano_cpus.is_some() || self.reserve_memory.is_some())
            .then_some(ResourceObject {
                nano_cpus: self.reserve_nano_cpus,
                memory_bytes: self.reserve_memory,
                generic_resources: None,
            });
        let placement = TaskSpecPlacement {
            constraints: (!self.constraints.is_empty()).then(|| self.constraints.clone()),
            preferences: (!self.spread.is_empty()).then(|| {
                self.spread
                    .iter()
                    .map(|d| TaskSpecPlacementPreferences {
                        spread: Some(TaskSpecPlacementSpread {
                            spread_descriptor: Some(d.clone()),
                        }),
                    })
                    .collect()
            }),
            platforms: (!self.platforms.is_empty()).then(|| {
                self.platforms
                    .iter()
                    .map(|(architecture, os)| Platform {
                        architecture: Some(architecture.clone()),
                        os: Some(os.clone()),
                    })
                    .collect()
            }),
            ..Default::default()
        };
        let task = TaskSpec {
            container_spec: Some(container),
            resources: (limits.is_some() || reservations.is_some()).then(|| TaskSpecResources {
                limits,
                reservations,
                ..Default::default()
            }),
            restart_policy: self.restart.as_ref().map(restart_policy),
            placement: Some(placement),
            networks: Some(vec![NetworkAttachmentConfig {
                target: Some(self.network.clone()),
                aliases: Some(vec![self.alias.clone()]),
                driver_opts: None,
            }]),
            ..Default::default()
        };
        let ports: Vec<EndpointPortConfig> = self.ports.iter().map(port).collect();
        ServiceSpec {
            name: Some(self.name.clone()),
            labels: Some(self.service_labels()),
            task_template: Some(task),
            mode: Some(if self.global {
                ServiceSpecMode {
                    global: Some(HashMap::new()),
                    ..Default::default()
                }
            } else {
                ServiceSpecMode {
                    replicated: Some(ServiceSpecModeReplicated {
                        replicas: Some(i64::try_from(self.replicas).unwrap_or(i64::MAX)),
                    }),
                    ..Default::default()
                }
            }),
            update_config: Some(update_config(&self.update)),
            rollback_config: Some(rollback_config(&self.rollback)),
            networks: None,
            endpoint_spec: Some(EndpointSpec {
                mode: Some(if self.dnsrr {
                    EndpointSpecModeEnum::DNSRR
                } else {
                    EndpointSpecModeEnum::VIP
                }),
                ports: Some(ports),
            }),
        }
    }
}

fn restart_policy(r: &SwarmRestart) -> TaskSpecRestartPolicy {
    TaskSpecRestartPolicy {
        condition: r.condition.as_deref().map(|c| match c {
            "none" => TaskSpecRestartPolicyConditionEnum::NONE,
            "on-failure" => TaskSpecRestartPolicyConditionEnum::ON_FAILURE,
            _ => TaskSpecRestartPolicyConditionEnum::ANY,
        }),
        delay: r.delay.map(nanos),
        max_attempts: r.max_attempts.map(|n| i64::try_from(n).unwrap_or(i64::MAX)),
        window: r.window.map(nanos),
    }
}

fn port(p: &SwarmPort) -> EndpointPortConfig {
    EndpointPortConfig {
        name: None,
        protocol: Some(match p.protocol.as_str() {
            "udp" => EndpointPortConfigProtocolEnum::UDP,
            "sctp" => EndpointPortConfigProtocolEnum::SCTP,
            _ => EndpointPortConfigProtocolEnum::TCP,
        }),
        target_port: Some(i64::from(p.target)),
        published_port: p.published.map(i64::from),
        publish_mode: Some(if p.host_mode {
            EndpointPortConfigPublishModeEnum::HOST
        } else {
            EndpointPortConfigPublishModeEnum::INGRESS
        }),
    }
}

fn update_config(p: &UpdatePolicy) -> ServiceSpecUpdateConfig {
    ServiceSpecUpdateConfig {
        parallelism: Some(i64::try_from(p.parallelism).unwrap_or(1)),
        delay: Some(nanos(p.delay)),
        failure_action: Some(match p.failure_action {
            FailureAction::Rollback => ServiceSpecUpdateConfigFailureActionEnum::ROLLBACK,
            FailureAction::Pause => ServiceSpecUpdateConfigFailureActionEnum::PAUSE,
            FailureAction::Continue => ServiceSpecUpdateConfigFailureActionEnum::CONTINUE,
        }),
        monitor: Some(nanos(p.monitor)),
        max_failure_ratio: Some(p.max_failure_ratio),
        order: Some(if p.start_first {
            ServiceSpecUpdateConfigOrderEnum::START_FIRST
        } else {
            ServiceSpecUpdateConfigOrderEnum::STOP_FIRST
        }),
    }
}

fn rollback_config(p: &UpdatePolicy) -> ServiceSpecRollbackConfig {
    ServiceSpecRollbackConfig {
        parallelism: Some(i64::try_from(p.parallelism).unwrap_or(1)),
        delay: Some(nanos(p.delay)),
        failure_action: Some(match p.failure_action {
            FailureAction::Continue => ServiceSpecRollbackConfigFailureActionEnum::CONTINUE,
            _ => ServiceSpecRollbackConfigFailureActionEnum::PAUSE,
        }),
        monitor: Some(nanos(p.monitor)),
        max_failure_ratio: Some(p.max_failure_ratio),
        order: Some(if p.start_first {
            ServiceSpecRollbackConfigOrderEnum::START_FIRST
        } else {
            ServiceSpecRollbackConfigOrderEnum::STOP_FIRST
        }),
    }
}
