//! The subset of the compose spec runcli runs, as the keys allowed at each
//! level. A key outside it is an error naming the key, the service and
//! `file:line:col`; `x-` extension keys are allowed anywhere and dropped.

use super::node::{Kind, Node};
use crate::project::error::ProjectError;

/// What to check below a key.
#[derive(Clone, Copy)]
enum Child {
    /// A value read as is (scalars and lists of scalars).
    Leaf,
    /// When the value is a mapping, its keys.
    Map(&'static Shape),
    /// When the value is a list, the keys of each mapping item.
    Items(&'static Shape),
    /// When the value is a mapping, the keys of each mapping value.
    Values(&'static Shape),
}

type Shape = [(&'static str, Child)];

const TOP: &Shape = &[
    ("version", Child::Leaf),
    ("services", Child::Leaf),
    ("networks", Child::Values(NETWORK)),
    ("volumes", Child::Values(VOLUME)),
];

const NETWORK: &Shape = &[
    ("name", Child::Leaf),
    ("driver", Child::Leaf),
    ("external", Child::Leaf),
    ("labels", Child::Leaf),
];

const VOLUME: &Shape = NETWORK;

const SERVICE: &Shape = &[
    ("image", Child::Leaf),
    ("build", Child::Map(BUILD)),
    ("command", Child::Leaf),
    ("entrypoint", Child::Leaf),
    ("environment", Child::Leaf),
    ("env_file", Child::Items(ENV_FILE)),
    ("ports", Child::Items(PORT)),
    ("volumes", Child::Items(MOUNT)),
    ("depends_on", Child::Values(DEPENDS_ON)),
    ("healthcheck", Child::Map(HEALTHCHECK)),
    ("working_dir", Child::Leaf),
    ("user", Child::Leaf),
    ("hostname", Child::Leaf),
    ("shm_size", Child::Leaf),
    ("restart", Child::Leaf),
    ("labels", Child::Leaf),
    ("networks", Child::Values(SERVICE_NETWORK)),
    ("deploy", Child::Map(DEPLOY)),
    ("container_name", Child::Leaf),
    ("profiles", Child::Leaf),
    ("init", Child::Leaf),
    ("stop_signal", Child::Leaf),
    ("stop_grace_period", Child::Leaf),
    ("extra_hosts", Child::Leaf),
    ("tmpfs", Child::Leaf),
    ("expose", Child::Leaf),
];

const BUILD: &Shape = &[
    ("context", Child::Leaf),
    ("dockerfile", Child::Leaf),
    ("target", Child::Leaf),
    ("args", Child::Leaf),
];

const ENV_FILE: &Shape = &[("path", Child::Leaf), ("required", Child::Leaf)];

const PORT: &Shape = &[
    ("target", Child::Leaf),
    ("published", Child::Leaf),
    ("host_ip", Child::Leaf),
    ("protocol", Child::Leaf),
    ("mode", Child::Leaf),
];

const MOUNT: &Shape = &[
    ("type", Child::Leaf),
    ("source", Child::Leaf),
    ("target", Child::Leaf),
    ("read_only", Child::Leaf),
];

const DEPENDS_ON: &Shape = &[("condition", Child::Leaf), ("required", Child::Leaf)];

const HEALTHCHECK: &Shape = &[
    ("test", Child::Leaf),
    ("interval", Child::Leaf),
    ("timeout", Child::Leaf),
    ("retries", Child::Leaf),
    ("start_period", Child::Leaf),
    ("start_interval", Child::Leaf),
    ("disable", Child::Leaf),
];

const SERVICE_NETWORK: &Shape = &[("aliases", Child::Leaf)];

const DEPLOY: &Shape = &[
    ("replicas", Child::Leaf),
    ("resources", Child::Map(RESOURCES)),
    ("update_config", Child::Map(UPDATE_CONFIG)),
    ("rollback_config", Child::Map(UPDATE_CONFIG)),
    ("placement", Child::Map(PLACEMENT)),
    ("endpoint_mode", Child::Leaf),
    ("mode", Child::Leaf),
    ("labels", Child::Leaf),
    ("restart_policy", Child::Map(RESTART_POLICY)),
];

const RESTART_POLICY: &Shape = &[
    ("condition", Child::Leaf),
    ("delay", Child::Leaf),
    ("max_attempts", Child::Leaf),
    ("window", Child::Leaf),
];

const UPDATE_CONFIG: &Shape = &[
    ("parallelism", Child::Leaf),
    ("delay", Child::Leaf),
    ("failure_action", Child::Leaf),
    ("monitor", Child::Leaf),
    ("max_failure_ratio", Child::Leaf),
    ("order", Child::Leaf),
];

const PLACEMENT: &Shape = &[
    ("constraints", Child::Leaf),
    ("preferences", Child::Items(PREFERENCE)),
];

const PREFERENCE: &Shape = &[("spread", Child::Leaf)];

const RESOURCES: &Shape = &[
    ("limits", Child::Map(LIMITS)),
    ("reservations", Child::Map(LIMITS)),
];

const LIMITS: &Shape = &[("cpus", Child::Leaf), ("memory", Child::Leaf)];

/// Checks one parsed file against the subset and drops its `x-` keys.
pub fn check(doc: &mut Node) -> Result<(), ProjectError> {
    let Kind::Map(_) = doc.kind else {
        return Err(ProjectError::ComposeInvalid {
            at: doc.at.location(),
            service: None,
            message: format!(
                "a compose file holds a mapping (services:, networks:, ...), this is {}",
                doc.kind_name()
            ),
        });
    };
    check_shape(doc, TOP, "", None)?;
    let Some(services) = doc.get_mut("services") else {
        return Ok(());
    };
    if services.is_null() {
        return Ok(());
    }
    let Kind::Map(services) = &mut services.kind else {
        return Err(ProjectError::ComposeInvalid {
            at: services.at.location(),
            service: None,
            message: format!(
                "`services` maps service names to their settings, this is {}",
                services.kind_name()
            ),
        });
    };
    for service in services {
        if !matches!(service.value.kind, Kind::Map(_)) {
            return Err(ProjectError::ComposeInvalid {
                at: service.value.at.location(),
                service: Some(service.key.clone()),
                message: format!(
                    "a service holds a mapping of settings, this is {}",
                    service.value.kind_name()
                ),
            });
        }
        check_shape(&mut service.value, SERVICE, "", Some(&service.key))?;
    }
    Ok(())
}

fn check_shape(
    node: &mut Node,
    shape: &Shape,
    path: &str,
    service: Option<&str>,
) -> Result<(), ProjectError> {
    let Kind::Map(entries) = &mut node.kind else {
        return Ok(());
    };
    entries.retain(|e| !e.key.starts_with("x-"));
    for entry in entries.iter_mut() {
        let key_path = join(path, &entry.key);
        let Some((_, child)) = shape.iter().find(|(k, _)| *k == entry.key) else {
            return Err(ProjectError::ComposeUnsupported {
                at: entry.key_at.location(),
                key: key_path,
                service: service.map(str::to_string),
                supported: shape.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", "),
            });
        };
        match (*child, &mut entry.value.kind) {
            (Child::Map(inner), Kind::Map(_)) => {
                check_shape(&mut entry.value, inner, &key_path, service)?;
            }
            (Child::Items(inner), Kind::Seq(items)) => {
                for (i, item) in items.iter_mut().enumerate() {
                    check_shape(item, inner, &format!("{key_path}[{i}]"), service)?;
                }
            }
            (Child::Values(inner), Kind::Map(values)) => {
                values.retain(|e| !e.key.starts_with("x-"));
                for value in values {
                    let value_path = join(&key_path, &value.key);
                    check_shape(&mut value.value, inner, &value_path, service)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}
