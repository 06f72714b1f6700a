//! The container options of a service that are not about images, mounts,
//! ports or networks: `container_name`, `profiles`, `init`, `stop_signal`,
//! `stop_grace_period`, `extra_hosts`, `tmpfs`, `expose`. Each is read as
//! docker compose reads it and checked where compose (or the engine,
//! later and with a vaguer message) would refuse it.

use std::collections::BTreeMap;
use std::time::Duration;

use super::node::Node;
use super::read::Reader;
use super::units::parse_duration;
use crate::project::error::ProjectError;

/// The options this module reads, in the spec's own types.
pub struct Options {
    pub container_name: Option<String>,
    pub profiles: Vec<String>,
    pub init: Option<bool>,
    pub stop_signal: Option<String>,
    pub stop_grace_period: Option<Duration>,
    pub extra_hosts: Vec<String>,
    pub tmpfs: BTreeMap<String, String>,
    pub expose: Vec<String>,
}

pub fn options(r: Reader<'_>, node: &Node, replicas: u32) -> Result<Options, ProjectError> {
    let container_name = r.opt_string(node, "container_name")?;
    if let (Some(name), Some(at)) = (&container_name, node.get("container_name")) {
        if !valid_name(name) {
            return Err(r.invalid(
                at,
                format!(
                    "container_name `{name}` must start with a letter or digit and use only \
                     letters, digits, `_`, `.` and `-`"
                ),
            ));
        }
        if replicas > 1 {
            return Err(r.invalid(
                at,
                format!(
                    "container_name `{name}` names one container, but deploy.replicas asks for \
                     {replicas}; container names are unique, so remove one of the two"
                ),
            ));
        }
    }
    let init = match node.get("init") {
        Some(flag) if !flag.is_null() => Some(r.boolean(flag, "init")?),
        _ => None,
    };
    let stop_grace_period = match node.get("stop_grace_period") {
        Some(value) if !value.is_null() => {
            let text = r.string(value, "stop_grace_period")?;
            Some(
                parse_duration(&text)
                    .map_err(|m| r.invalid(value, format!("stop_grace_period: {m}")))?,
            )
        }
        _ => None,
    };
    Ok(Options {
        container_name,
        profiles: profiles(r, node)?,
        init,
        stop_signal: r.opt_string(node, "stop_signal")?,
        stop_grace_period,
        extra_hosts: extra_hosts(r, node)?,
        tmpfs: tmpfs(r, node)?,
        expose: expose(r, node)?,
    })
}

/// Docker's container and compose's profile name rule.
fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

fn list<'n>(
    r: Reader<'_>,
    node: &'n Node,
    key: &str,
) -> Result<Vec<(String, &'n Node)>, ProjectError> {
    let Some(value) = node.get(key) else {
        return Ok(Vec::new());
    };
    r.seq(value, key)?
        .iter()
        .map(|item| Ok((r.string(item, key)?, item)))
        .collect()
}

fn profiles(r: Reader<'_>, node: &Node) -> Result<Vec<String>, ProjectError> {
    let mut out: Vec<String> = Vec::new();
    for (name, at) in list(r, node, "profiles")? {
        if !valid_name(&name) {
            return Err(r.invalid(
                at,
                format!("profile `{name}` must start with a letter or digit and use only letters, digits, `_`, `.` and `-`"),
            ));
        }
        if !out.contains(&name) {
            out.push(name);
        }
    }
    Ok(out)
}

/// `host:ip` (or compose v2's `host=ip`) as the engine takes it, `host:ip`.
fn extra_hosts(r: Reader<'_>, node: &Node) -> Result<Vec<String>, ProjectError> {
    let mut out: Vec<String> = Vec::new();
    for (entry, at) in list(r, node, "extra_hosts")? {
        let split = entry.split_once('=').or_else(|| entry.split_once(':'));
        let Some((host, ip)) = split.filter(|(h, ip)| !h.is_empty() && !ip.is_empty()) else {
            return Err(r.invalid(
                at,
                format!("extra_hosts entry `{entry}` is not `HOST:IP` (e.g. `db.local:10.0.0.5`)"),
            ));
        };
        let line = format!("{host}:{ip}");
        if !out.contains(&line) {
            out.push(line);
        }
    }
    Ok(out)
}

/// `PATH[:OPTIONS]` entries; a later entry for a path replaces the earlier.
fn tmpfs(r: Reader<'_>, node: &Node) -> Result<BTreeMap<String, String>, ProjectError> {
    let mut out = BTreeMap::new();
    for (entry, at) in list(r, node, "tmpfs")? {
        let (path, opts) = entry.split_once(':').unwrap_or((&entry, ""));
        if !path.starts_with('/') {
            return Err(r.invalid(
                at,
                format!(
                    "tmpfs `{entry}`: the mount path must be absolute, like /run or /tmp:size=64m"
                ),
            ));
        }
        out.insert(path.to_string(), opts.to_string());
    }
    Ok(out)
}

/// `PORT`, `PORT/PROTO` or `FROM-TO[/PROTO]`, ranges expanded, as the
/// engine's ExposedPorts keys.
fn expose(r: Reader<'_>, node: &Node) -> Result<Vec<String>, ProjectError> {
    let mut out: Vec<String> = Vec::new();
    // Seen keys, so a wide range (`1-65535`) is not checked against every
    // key before it.
    let mut seen = std::collections::HashSet::new();
    for (entry, at) in list(r, node, "expose")? {
        let bad = || {
            r.invalid(
                at,
                format!("expose `{entry}` is not PORT, PORT/PROTOCOL or FROM-TO (e.g. 3000, 5000/udp, 8000-8010)"),
            )
        };
        let (ports, proto) = entry.split_once('/').unwrap_or((&entry, "tcp"));
        if !matches!(proto, "tcp" | "udp" | "sctp") {
            return Err(bad());
        }
        let (from, to) = ports.split_once('-').unwrap_or((ports, ports));
        let from: u16 = from.trim().parse().map_err(|_| bad())?;
        let to: u16 = to.trim().parse().map_err(|_| bad())?;
        if from == 0 || to < from {
            return Err(bad());
        }
        for port in from..=to {
            let key = format!("{port}/{proto}");
            if seen.insert(key.clone()) {
                out.push(key);
            }
        }
    }
    Ok(out)
}
