//! The parts of a service's `deploy:` only Swarm reads: `update_config`,
//! `rollback_config` and `placement`. A local run ignores them, as docker
//! compose does; `runcli deploy` passes them to Swarm.

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
    /// `start-first` or `stop-first`.
    pub order: Option<String>,
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
    out.dnsrr = match r.opt_string(deploy, "endpoint_mode")?.as_deref() {
        None | Some("vip") => false,
        Some("dnsrr") => true,
        Some(other) => {
            let at = deploy.get("endpoint_mode").unwrap_or(deploy);
            return Err(r.invalid(
                at,
                format!("deploy.endpoint_mode `{other}`: use vip or dnsrr"),
            ));
        }
    };
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

fn config(
    r: Reader<'_>,
    node: Option<&Node>,
    key: &str,
) -> Result<Option<UpdateConfig>, ProjectError> {
    let Some(node) = node.filter(|n| !n.is_null()) else {
        return Ok(None);
    };
    let duration = |name: &str| -> Result<Option<Duration>, ProjectError> {
        match node.get(name).filter(|v| !v.is_null()) {
            Some(value) => {
                let text = r.string(value, &format!("deploy.{key}.{name}"))?;
                parse_duration(&text)
                    .map(Some)
                    .map_err(|m| r.invalid(value, format!("deploy.{key}.{name}: {m}")))
            }
            None => Ok(None),
        }
    };
    let choice = |name: &str, allowed: &[&str]| -> Result<Option<String>, ProjectError> {
        match node.get(name).filter(|v| !v.is_null()) {
            Some(value) => {
                let text = r.string(value, &format!("deploy.{key}.{name}"))?;
                if allowed.contains(&text.as_str()) {
                    Ok(Some(text))
                } else {
                    Err(r.invalid(
                        value,
                        format!("deploy.{key}.{name} `{text}`: use {}", allowed.join(", ")),
                    ))
                }
            }
            None => Ok(None),
        }
    };
    Ok(Some(UpdateConfig {
        parallelism: match node.get("parallelism").filter(|v| !v.is_null()) {
            Some(n) => Some(r.number(n, &format!("deploy.{key}.parallelism"))?),
            None => None,
        },
        delay: duration("delay")?,
        failure_action: choice("failure_action", &["rollback", "pause", "continue"])?,
        monitor: duration("monitor")?,
        order: choice("order", &["start-first", "stop-first"])?,
    }))
}
