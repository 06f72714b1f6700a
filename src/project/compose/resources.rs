//! Top-level `networks:` and `volumes:` to their specs, with the real
//! engine names compose gives them.

use std::collections::BTreeMap;

use super::node::{Kind, Node};
use super::read::Reader;
use super::spec::{NetworkSpec, VolumeSpec, scoped_name};
use crate::project::error::ProjectError;

/// The parts networks and volumes share.
struct Resource {
    name: String,
    driver: Option<String>,
    external: bool,
    labels: BTreeMap<String, String>,
}

fn resources(
    doc: &Node,
    top: &str,
    project: &str,
) -> Result<Vec<(String, Resource)>, ProjectError> {
    let r = Reader::top();
    let Some(node) = doc.get(top) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for entry in r.map(node, top)? {
        let value = &entry.value;
        if !matches!(value.kind, Kind::Map(_) | Kind::Null) {
            return Err(r.invalid(
                value,
                format!("`{top}.{}` takes a mapping (or nothing)", entry.key),
            ));
        }
        let external = match value.get("external") {
            Some(flag) if matches!(flag.kind, Kind::Map(_)) => {
                return Err(r.invalid(
                    flag,
                    "`external: {name: ...}` is the old form; write `external: true` and `name:`",
                ));
            }
            Some(flag) if !flag.is_null() => r.boolean(flag, "external")?,
            _ => false,
        };
        let name = match r.opt_string(value, "name")? {
            Some(name) => name,
            None if external => entry.key.clone(),
            None => scoped_name(project, &entry.key),
        };
        let labels = match value.get("labels") {
            Some(labels) => r.string_map(labels, "labels", None)?,
            None => BTreeMap::new(),
        };
        let resource = Resource {
            name,
            driver: r.opt_string(value, "driver")?,
            external,
            labels,
        };
        out.push((entry.key.clone(), resource));
    }
    Ok(out)
}

pub fn networks(doc: &Node, project: &str) -> Result<BTreeMap<String, NetworkSpec>, ProjectError> {
    Ok(resources(doc, "networks", project)?
        .into_iter()
        .map(|(key, r)| {
            let spec = NetworkSpec {
                name: r.name,
                driver: r.driver,
                external: r.external,
                labels: r.labels,
            };
            (key, spec)
        })
        .collect())
}

pub fn volumes(doc: &Node, project: &str) -> Result<BTreeMap<String, VolumeSpec>, ProjectError> {
    Ok(resources(doc, "volumes", project)?
        .into_iter()
        .map(|(key, r)| {
            let spec = VolumeSpec {
                name: r.name,
                driver: r.driver,
                external: r.external,
                labels: r.labels,
            };
            (key, spec)
        })
        .collect())
}
