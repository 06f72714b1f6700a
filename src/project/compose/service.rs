//! One merged service node to a [`ServiceSpec`]: short syntaxes expanded,
//! paths made absolute, env files read, references to other services,
//! networks and volumes checked against what the files declare.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::env_files::service_env;
use super::health::healthcheck;
use super::interpolate::Lookup;
use super::mounts::{MountCtx, mounts};
use super::node::{Kind, Node};
use super::options::options;
use super::ports::ports;
use super::read::Reader;
use super::spec::{BuildSpec, DependsCondition, ServiceSpec};
use super::units::parse_bytes;
use crate::project::error::ProjectError;

/// What reading a service needs besides its node.
pub struct Ctx<'a> {
    /// The project folder relative paths start from.
    pub base: &'a Path,
    pub lookup: Lookup<'a>,
    pub services: &'a BTreeSet<String>,
    pub networks: &'a BTreeSet<String>,
    pub volumes: &'a BTreeSet<String>,
}

pub fn service(name: &str, node: &Node, ctx: &Ctx<'_>) -> Result<ServiceSpec, ProjectError> {
    let r = Reader::service(name);
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        return Err(r.invalid(
            node,
            "a service name uses only letters, digits, `.`, `_` and `-`",
        ));
    }
    let image = r.opt_string(node, "image")?;
    let build = match node.get("build") {
        Some(b) if !b.is_null() => Some(build(r, b, ctx)?),
        _ => None,
    };
    if image.is_none() && build.is_none() {
        return Err(r.invalid(node, "it has neither `image` nor `build`; give it one"));
    }
    let mut environment = BTreeMap::new();
    let mut env_files = Vec::new();
    if let Some(files) = node.get("env_file") {
        let read = service_env(r, files, ctx.base, ctx.lookup)?;
        env_files = read.files;
        environment.extend(read.vars);
    }
    if let Some(env) = node.get("environment") {
        for (key, value) in r.key_values(env, "environment", Some(ctx.lookup))? {
            match value {
                Some(value) => environment.insert(key, value),
                None => environment.remove(&key),
            };
        }
    }
    let mount_ctx = MountCtx {
        base: ctx.base,
        lookup: ctx.lookup,
        declared: ctx.volumes,
    };
    let deploy = node.get("deploy");
    let resources = deploy.and_then(|d| d.get("resources"));
    let limits = resources.and_then(|res| res.get("limits"));
    let reservations = resources.and_then(|res| res.get("reservations"));
    let swarm = super::swarm::swarm_deploy(r, deploy)?;
    let replicas = match deploy.and_then(|d| d.get("replicas")) {
        Some(n) if !n.is_null() => r.number(n, "deploy.replicas")?,
        _ => 1,
    };
    let opts = options(r, node, replicas)?;
    let (depends_on, optional_depends_on) = depends_on(r, node, ctx)?;
    Ok(ServiceSpec {
        name: name.to_string(),
        image,
        build,
        command: words(r, node, "command")?,
        entrypoint: words(r, node, "entrypoint")?,
        env_files,
        environment,
        ports: node.get("ports").map_or(Ok(Vec::new()), |p| ports(r, p))?,
        volumes: match node.get("volumes") {
            Some(v) => mounts(r, v, &mount_ctx)?,
            None => Vec::new(),
        },
        depends_on,
        optional_depends_on,
        healthcheck: node
            .get("healthcheck")
            .map_or(Ok(None), |h| healthcheck(r, h))?,
        working_dir: r.opt_string(node, "working_dir")?,
        user: r.opt_string(node, "user")?,
        hostname: r.opt_string(node, "hostname")?,
        shm_size: bytes(r, node.get("shm_size"), "shm_size")?,
        // docker-compose 1.29 lets deploy.restart_policy win over restart.
        restart: match swarm.restart_policy.as_ref().and_then(|p| p.local()) {
            Some(policy) => {
                restart(r, node)?;
                Some(policy)
            }
            None => restart(r, node)?,
        },
        labels: match node.get("labels") {
            Some(labels) => r.string_map(labels, "labels", None)?,
            None => BTreeMap::new(),
        },
        networks: networks(r, node, ctx)?,
        replicas,
        swarm,
        cpus: cpus(r, limits.and_then(|l| l.get("cpus")))?,
        memory: bytes(r, limits.and_then(|l| l.get("memory")), "memory")?,
        memory_reservation: bytes(
            r,
            reservations.and_then(|l| l.get("memory")),
            "reservations.memory",
        )?,
        container_name: opts.container_name,
        profiles: opts.profiles,
        init: opts.init,
        stop_signal: opts.stop_signal,
        stop_grace_period: opts.stop_grace_period,
        extra_hosts: opts.extra_hosts,
        tmpfs: opts.tmpfs,
        expose: opts.expose,
    })
}

fn build(r: Reader<'_>, node: &Node, ctx: &Ctx<'_>) -> Result<BuildSpec, ProjectError> {
    r.map(node, "build")?;
    let context = r.opt_string(node, "context")?.unwrap_or_else(|| ".".into());
    if context.contains("://") || context.starts_with("git@") {
        return Err(r.invalid(
            node,
            format!("remote build context `{context}` is not supported; use a local folder"),
        ));
    }
    let Some(context) = super::paths::resolve(ctx.base, &context, ctx.lookup) else {
        return Err(r.invalid(
            node,
            format!("`{context}` starts with ~ but HOME is not set"),
        ));
    };
    Ok(BuildSpec {
        context,
        dockerfile: r
            .opt_string(node, "dockerfile")?
            .unwrap_or_else(|| "Dockerfile".into()),
        target: r.opt_string(node, "target")?,
        args: match node.get("args") {
            Some(args) => r.string_map(args, "build.args", Some(ctx.lookup))?,
            None => BTreeMap::new(),
        },
    })
}

/// `command` / `entrypoint`: a list as is, a string split like a shell.
fn words(r: Reader<'_>, node: &Node, key: &str) -> Result<Option<Vec<String>>, ProjectError> {
    match node.get(key) {
        None => Ok(None),
        Some(value) => match &value.kind {
            Kind::Null => Ok(None),
            Kind::Scalar(line) => shell_words::split(line)
                .map(Some)
                .map_err(|e| r.invalid(value, format!("`{key}`: {e} in `{line}`"))),
            _ => r.strings(value, key).map(Some),
        },
    }
}

/// The dependencies and, apart, which of them are `required: false`. An
/// optional dependency that no file defines is dropped, as compose does.
fn depends_on(
    r: Reader<'_>,
    node: &Node,
    ctx: &Ctx<'_>,
) -> Result<(BTreeMap<String, DependsCondition>, BTreeSet<String>), ProjectError> {
    let mut out = BTreeMap::new();
    let mut optional = BTreeSet::new();
    let Some(deps) = node.get("depends_on") else {
        return Ok((out, optional));
    };
    for entry in r.map(deps, "depends_on")? {
        let required = match entry.value.get("required") {
            Some(flag) if !flag.is_null() => r.boolean(flag, "depends_on.required")?,
            _ => true,
        };
        if !ctx.services.contains(&entry.key) {
            if !required {
                continue;
            }
            let known: Vec<&str> = ctx.services.iter().map(String::as_str).collect();
            return Err(r.invalid_at(
                &entry.key_at,
                format!(
                    "depends_on names `{}`, which is not a service of these compose files \
                     (services: {}); mark it `required: false` if it may be missing",
                    entry.key,
                    known.join(", ")
                ),
            ));
        }
        let condition = match entry.value.get("condition") {
            Some(c) if !c.is_null() => match r.string(c, "depends_on.condition")?.as_str() {
                "service_started" => DependsCondition::ServiceStarted,
                "service_healthy" => DependsCondition::ServiceHealthy,
                "service_completed_successfully" => DependsCondition::ServiceCompletedSuccessfully,
                other => {
                    return Err(r.invalid(
                        c,
                        format!(
                            "condition `{other}` is not one of service_started, \
                             service_healthy, service_completed_successfully"
                        ),
                    ));
                }
            },
            _ => DependsCondition::ServiceStarted,
        };
        if !required {
            optional.insert(entry.key.clone());
        }
        out.insert(entry.key.clone(), condition);
    }
    Ok((out, optional))
}

fn networks(
    r: Reader<'_>,
    node: &Node,
    ctx: &Ctx<'_>,
) -> Result<BTreeMap<String, Vec<String>>, ProjectError> {
    let mut out = BTreeMap::new();
    if let Some(networks) = node.get("networks") {
        for entry in r.map(networks, "networks")? {
            if entry.key != "default" && !ctx.networks.contains(&entry.key) {
                return Err(r.invalid_at(
                    &entry.key_at,
                    format!(
                        "network `{}` is not declared; add it under the top-level `networks:`",
                        entry.key
                    ),
                ));
            }
            let mut aliases: Vec<String> = Vec::new();
            if let Some(list) = entry.value.get("aliases") {
                for alias in r.strings(list, "networks.aliases")? {
                    if !aliases.contains(&alias) {
                        aliases.push(alias);
                    }
                }
            }
            out.insert(entry.key.clone(), aliases);
        }
    }
    if out.is_empty() {
        out.insert("default".to_string(), Vec::new());
    }
    Ok(out)
}

fn restart(r: Reader<'_>, node: &Node) -> Result<Option<String>, ProjectError> {
    let Some(policy) = r.opt_string(node, "restart")? else {
        return Ok(None);
    };
    let valid = match policy.split_once(':') {
        None => matches!(
            policy.as_str(),
            "no" | "always" | "unless-stopped" | "on-failure"
        ),
        Some(("on-failure", n)) => n.parse::<u32>().is_ok(),
        Some(_) => false,
    };
    if !valid {
        let at = node.get("restart").unwrap_or(node);
        return Err(r.invalid(
            at,
            format!("restart `{policy}` is not one of no, always, unless-stopped, on-failure[:N]"),
        ));
    }
    Ok(Some(policy))
}

fn bytes(r: Reader<'_>, node: Option<&Node>, key: &str) -> Result<Option<u64>, ProjectError> {
    match node {
        Some(n) if !n.is_null() => {
            let text = r.string(n, key)?;
            parse_bytes(&text)
                .map(Some)
                .map_err(|m| r.invalid(n, format!("`{key}`: {m}")))
        }
        _ => Ok(None),
    }
}

pub(super) fn cpus(r: Reader<'_>, node: Option<&Node>) -> Result<Option<f64>, ProjectError> {
    match node {
        Some(n) if !n.is_null() => {
            let text = r.string(n, "cpus")?;
            match text.trim().parse::<f64>() {
                Ok(cpus) if cpus.is_finite() && cpus > 0.0 => Ok(Some(cpus)),
                _ => Err(r.invalid(
                    n,
                    format!("`cpus` must be a positive number like 0.5 or 2, not `{text}`"),
                )),
            }
        }
        _ => Ok(None),
    }
}
