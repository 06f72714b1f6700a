//! The parts of a service's `deploy:` only Swarm reads: `mode`, `labels`,
//! `update_config`, `rollback_config`, `placement`, `endpoint_mode`,
//! `resources.reservations.cpus` and the Swarm side of `restart_policy`.
//! A local run ignores them, as docker-compose does (it reads
//! `restart_policy` and `reservations.memory` too: see `service.rs`);
//! `runcli deploy` passes them to Swarm as `docker stack deploy` does.

use std::collections::BTreeMap;
use std::time::Duration;

use super::node::Node;
use super::read::Reader;
use super::units::parse_duration;
use crate::project::error::ProjectError;

/// `deploy.update_config` or `deploy.rollback_config`; a key left out
/// keeps runcli's default for it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UpdateConfig {
    pub parallelism: Option<u64>,
    pub delay: Option<Duration>,
    /// `rollback`, `pause` or `continue`.
    pub failure_action: Option<String>,
    pub monitor: Option<Duration>,
    /// Failed tasks, as a fraction, an update tolerates.
    pub max_failure_ratio: Option<f64>,
    /// `start-first` or `stop-first`.
    pub order: Option<String>,
}

/// `deploy.restart_policy`: when Swarm restarts a task (and, locally, the
/// container's restart policy, as docker-compose maps it).
#[derive(Debug, Clone, PartialEq)]
pub struct RestartPolicy {
    /// `none`, `on-failure` or `any`.
    pub condition: Option<String>,
    pub delay: Option<Duration>,
    pub max_attempts: Option<u64>,
    pub window: Option<Duration>,
}

impl RestartPolicy {
    /// The container restart policy docker-compose 1.29 gives for it; it
    /// wins over the service's `restart` there, and so here.
    pub fn local(&self) -> Option<String> {
        Some(match self.condition.as_deref()? {
            "none" => "no".to_string(),
            "any" => "always".to_string(),
            _ => match self.max_attempts {
                Some(n) => format!("on-failure:{n}"),
                None => "on-failure".to_string(),
            },
        })
    }
}

/// What the Swarm-only keys of `deploy:` say.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SwarmDeploy {
    pub update_config: Option<UpdateConfig>,
    pub rollback_config: Option<UpdateConfig>,
    /// `placement.constraints`, e.g. `node.role==worker`.
    pub constraints: Vec<String>,
    /// `placement.preferences[].spread`, e.g. `node.id`.
    pub spread: Vec<String>,
    /// `endpoint_mode: dnsrr`: the service's name resolves to its tasks'
    /// addresses instead of a virtual IP.
    pub dnsrr: bool,
    /// `mode: global`: one task on every node instead of `replicas`.
    pub global: bool,
    /// `deploy.labels`: on the Swarm service, not its containers.
    pub labels: BTreeMap<String, String>,
    pub restart_policy: Option<RestartPolicy>,
    /// `resources.reservations.cpus`.
    pub reserve_cpus: Option<f64>,
}

pub fn swarm_deploy(r: Reader<'_>, deploy: Option<&Node>) -> Result<SwarmDeploy, ProjectError> {
    let Some(deploy) = deploy else {
        return Ok(SwarmDeploy::default());
    };
    let mut out = SwarmDeploy {
        update_config: config(r, deploy.get("update_config"), "update_config")?,
        rollback_config: config(r, deploy.get("rollback_config"), "rollback_config")?,
        ..SwarmDeploy::default()
    };
    out.dnsrr = choice(r, deploy, "deploy", "endpoint_mode", &["vip", "dnsrr"])?.as_deref()
        == Some("dnsrr");
    out.global = choice(r, deploy, "deploy", "mode", &["replicated", "global"])?.as_deref()
        == Some("global");
    if let Some(labels) = deploy.get("labels") {
        out.labels = r.string_map(labels, "deploy.labels", None)?;
    }
    out.restart_policy = restart_policy(r, deploy.get("restart_policy"))?;
    let reservations = deploy
        .get("resources")
        .and_then(|res| res.get("reservations"));
    out.reserve_cpus = super::service::cpus(r, reservations.and_then(|l| l.get("cpus")))?;
    if let Some(placement) = deploy.get("placement").filter(|p| !p.is_null()) {
        if let Some(c) = placement.get("constraints").filter(|c| !c.is_null()) {
            out.constraints = r.strings(c, "deploy.placement.constraints")?;
        }
        if let Some(prefs) = placement.get("preferences").filter(|p| !p.is_null()) {
            for item in r.seq(prefs, "deploy.placement.preferences")? {
                if let Some(spread) = r.opt_string(item, "spread")? {
                    out.spread.push(spread);
                }
            }
        }
    }
    Ok(out)
}

fn restart_policy(
    r: Reader<'_>,
    node: Option<&Node>,
) -> Result<Option<RestartPolicy>, ProjectError> {
    let Some(node) = node.filter(|n| !n.is_null()) else {
        return Ok(None);
    };
    let key = "deploy.restart_policy";
    Ok(Some(RestartPolicy {
        condition: choice(r, node, key, "condition", &["none", "on-failure", "any"])?,
        delay: duration(r, node, key, "delay")?,
        max_attempts: match node.get("max_attempts").filter(|v| !v.is_null()) {
            Some(n) => Some(r.number(n, "deploy.restart_policy.max_attempts")?),
            None => None,
        },
        window: duration(r, node, key, "window")?,
    }))
}

/// `WITHIN.NAME` (`deploy.update_config.delay`) as a duration, when set.
fn duration(
    r: Reader<'_>,
    node: &Node,
    within: &str,
    name: &str,
) -> Result<Option<Duration>, ProjectError> {
    match node.get(name).filter(|v| !v.is_null()) {
        Some(value) => {
            let text = r.string(value, &format!("{within}.{name}"))?;
            parse_duration(&text)
                .map(Some)
                .map_err(|m| r.invalid(value, format!("{within}.{name}: {m}")))
        }
        None => Ok(None),
    }
}

/// `WITHIN.NAME` (`deploy.mode`), one of `allowed`, when set.
fn choice(
    r: Reader<'_>,
    node: &Node,
    within: &str,
    name: &str,
    allowed: &[&str],
) -> Result<Option<String>, ProjectError> {
    match node.get(name).filter(|v| !v.is_null()) {
        Some(value) => {
            let text = r.string(value, &format!("{within}.{name}"))?;
            if allowed.contains(&text.as_str()) {
                Ok(Some(text))
            } else {
                Err(r.invalid(
                    value,
                    format!("{within}.{name} `{text}`: use {}", one_of(allowed)),
                ))
            }
        }
        None => Ok(None),
    }
}

/// `a`, `a or b`, `a, b or c`.
fn one_of(allowed: &[&str]) -> String {
    match allowed.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

fn config(
    r: Reader<'_>,
    node: Option<&Node>,
    key: &str,
) -> Result<Option<UpdateConfig>, ProjectError> {
    let Some(node) = node.filter(|n| !n.is_null()) else {
        return Ok(None);
    };
    let key = &format!("deploy.{key}");
    let ratio = match node.get("max_failure_ratio").filter(|v| !v.is_null()) {
        Some(value) => {
            let text = r.string(value, &format!("{key}.max_failure_ratio"))?;
            match text.trim().parse::<f64>() {
                Ok(x) if (0.0..=1.0).contains(&x) => Some(x),
                _ => {
                    return Err(r.invalid(
                        value,
                        format!("{key}.max_failure_ratio `{text}`: use a fraction from 0 to 1"),
                    ));
                }
            }
        }
        None => None,
    };
    Ok(Some(UpdateConfig {
        parallelism: match node.get("parallelism").filter(|v| !v.is_null()) {
            Some(n) => Some(r.number(n, &format!("{key}.parallelism"))?),
            None => None,
        },
        delay: duration(r, node, key, "delay")?,
        failure_action: choice(
            r,
            node,
            key,
            "failure_action",
            &["rollback", "pause", "continue"],
        )?,
        monitor: duration(r, node, key, "monitor")?,
        max_failure_ratio: ratio,
        order: choice(r, node, key, "order", &["start-first", "stop-first"])?,
    }))
}
