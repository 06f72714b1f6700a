//! Short forms to their long form before merging, as compose merges "the
//! expanded form": `KEY=VALUE` lists to mappings, `depends_on` and
//! `networks` lists to mappings, `build: DIR` to `{context: DIR}`,
//! `env_file: FILE` and `tmpfs: PATH` to lists, `extra_hosts` mappings to
//! `host:ip` lists. Each file is normalized on its own.

use super::node::{Entry, Kind, Node, upsert};
use crate::project::error::ProjectError;

/// What `KEY` without `=` means in a `KEY=VALUE` list.
#[derive(Clone, Copy)]
enum Bare {
    /// Take the value from the environment (environment, build args).
    Lookup,
    /// An empty value (labels).
    Empty,
}

pub fn normalize(doc: &mut Node) -> Result<(), ProjectError> {
    for top in ["networks", "volumes"] {
        if let Some(Kind::Map(items)) = doc.get_mut(top).map(|n| &mut n.kind) {
            for item in items {
                if let Some(labels) = item.value.get_mut("labels") {
                    key_values(labels, Bare::Empty, None)?;
                }
            }
        }
    }
    let Some(Kind::Map(services)) = doc.get_mut("services").map(|n| &mut n.kind) else {
        return Ok(());
    };
    for service in services {
        let name = service.key.clone();
        let node = &mut service.value;
        let svc = Some(name.as_str());
        if let Some(env) = node.get_mut("environment") {
            key_values(env, Bare::Lookup, svc)?;
        }
        if let Some(labels) = node.get_mut("labels") {
            key_values(labels, Bare::Empty, svc)?;
        }
        if let Some(build) = node.get_mut("build") {
            if let Kind::Scalar(_) = build.kind {
                let context = build.clone();
                build.kind = Kind::Map(vec![entry("context", context)]);
            }
            if let Some(args) = build.get_mut("args") {
                key_values(args, Bare::Lookup, svc)?;
            }
        }
        if let Some(depends) = node.get_mut("depends_on") {
            list_to_map(depends, svc, |item| {
                let condition = Node::new(Kind::Scalar("service_started".into()), item.at.clone());
                Node::new(
                    Kind::Map(vec![entry("condition", condition)]),
                    item.at.clone(),
                )
            })?;
        }
        if let Some(networks) = node.get_mut("networks") {
            list_to_map(networks, svc, |item| Node::new(Kind::Null, item.at.clone()))?;
        }
        for key in ["env_file", "tmpfs"] {
            if let Some(files) = node.get_mut(key)
                && let Kind::Scalar(_) = files.kind
            {
                files.kind = Kind::Seq(vec![files.clone()]);
            }
        }
        if let Some(hosts) = node.get_mut("extra_hosts") {
            hosts_to_list(hosts);
        }
    }
    Ok(())
}

/// `{host: ip}` to `[host:ip]`, so both forms merge as one list.
fn hosts_to_list(node: &mut Node) {
    let Kind::Map(entries) = &mut node.kind else {
        return;
    };
    let items = std::mem::take(entries)
        .into_iter()
        .map(|e| {
            let ip = e.value.scalar().unwrap_or_default().to_string();
            Node::new(Kind::Scalar(format!("{}:{ip}", e.key)), e.key_at)
        })
        .collect();
    node.kind = Kind::Seq(items);
}

fn entry(key: &str, value: Node) -> Entry {
    Entry {
        key: key.to_string(),
        key_at: value.at.clone(),
        value,
    }
}

fn invalid(node: &Node, service: Option<&str>, message: String) -> ProjectError {
    ProjectError::ComposeInvalid {
        at: node.at.location(),
        service: service.map(str::to_string),
        message,
    }
}

/// The items of a list taken out of `node` (none for null); `None` when
/// `node` is already a mapping; a scalar is the error `expected`.
fn list_items(
    node: &mut Node,
    service: Option<&str>,
    expected: &str,
) -> Result<Option<Vec<Node>>, ProjectError> {
    match &mut node.kind {
        Kind::Map(_) => Ok(None),
        Kind::Null => Ok(Some(Vec::new())),
        Kind::Seq(items) => Ok(Some(std::mem::take(items))),
        Kind::Scalar(_) => Err(invalid(node, service, expected.to_string())),
    }
}

/// `[KEY=VALUE, KEY]` to `{KEY: VALUE, KEY: null}`; a mapping stays.
fn key_values(node: &mut Node, bare: Bare, service: Option<&str>) -> Result<(), ProjectError> {
    let Some(items) = list_items(
        node,
        service,
        "expected a list of KEY=VALUE or a mapping of KEY: VALUE",
    )?
    else {
        return Ok(());
    };
    let mut entries = Vec::new();
    for item in items {
        let Some(text) = item.scalar() else {
            return Err(invalid(
                &item,
                service,
                format!("expected KEY=VALUE, this is {}", item.kind_name()),
            ));
        };
        let (key, value) = match (text.split_once('='), bare) {
            (Some((key, value)), _) => (key.to_string(), Kind::Scalar(value.to_string())),
            (None, Bare::Lookup) => (text.to_string(), Kind::Null),
            (None, Bare::Empty) => (text.to_string(), Kind::Scalar(String::new())),
        };
        if key.is_empty() {
            return Err(invalid(&item, service, format!("`{text}` has no key")));
        }
        let value = Node::new(value, item.at.clone());
        upsert(
            &mut entries,
            Entry {
                key,
                key_at: item.at,
                value,
            },
        );
    }
    node.kind = Kind::Map(entries);
    Ok(())
}

/// `[a, b]` to `{a: make(a), b: make(b)}`; a mapping stays.
fn list_to_map(
    node: &mut Node,
    service: Option<&str>,
    make: impl Fn(&Node) -> Node,
) -> Result<(), ProjectError> {
    let Some(items) = list_items(node, service, "expected a list of names or a mapping")? else {
        return Ok(());
    };
    let mut entries = Vec::new();
    for item in items {
        let Some(name) = item.scalar() else {
            return Err(invalid(
                &item,
                service,
                format!("expected a name, this is {}", item.kind_name()),
            ));
        };
        let value = make(&item);
        upsert(
            &mut entries,
            Entry {
                key: name.to_string(),
                key_at: item.at.clone(),
                value,
            },
        );
    }
    node.kind = Kind::Map(entries);
    Ok(())
}
