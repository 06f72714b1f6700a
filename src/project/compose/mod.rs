//! Compose files to runcli's own service specs, without Docker: the files a
//! profile names are read, interpolated, checked against the supported
//! subset, merged in order like `docker compose -f a -f b`, and turned into
//! a [`ComposeProject`] the engine layer runs.
//!
//! Each file goes through: YAML with positions ([`yaml`]) → `${VAR}`
//! interpolation ([`interpolate`]) → the subset check ([`schema`]) → short
//! forms expanded ([`normalize`]) → merge ([`merge`]). The merged tree is
//! then read into specs, which checks references between services,
//! networks and volumes.
//!
//! Typed compose crates (docker-compose-types) were weighed and not used:
//! they model the whole spec, so a key outside runcli's subset parses
//! silently instead of failing; they keep no positions for `file:line:col`;
//! and compose interpolates and merges the untyped tree before any typing,
//! so the types would only come in after the information errors need is gone.
//!
//! Differences from compose, on purpose: relative paths resolve from the
//! first file's folder, as compose does, for every file; scalars keep their
//! written text (`1.10` stays `1.10` in an environment value); `${VAR}` in
//! env files is expanded by dotenvy from the file itself and the process
//! environment.

mod env_files;
mod health;
pub mod interpolate;
pub mod locate;
mod merge;
mod mounts;
mod node;
mod normalize;
mod options;
mod order;
mod paths;
pub mod ports;
mod read;
mod resources;
mod schema;
mod service;
mod spec;
pub mod swarm;
pub mod units;
mod yaml;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub use spec::{
    BuildSpec, ComposeProject, DependsCondition, Healthcheck, Mount, NetworkSpec, PortSpec,
    ServiceSpec, VolumeSpec, scoped_name,
};

use self::interpolate::Lookup;
use self::node::{Kind, Node};
use super::error::{Location, ProjectError};
use super::profile::Profile;
use super::root::Project;

/// Reads `files` (relative to `root`, merged in order) into a
/// [`ComposeProject`] named `project_name`. `${VAR}` values come from
/// `env` first, then from the dotenv file `env_file` (relative to `root`;
/// missing means empty). Passing `env` keeps callers and tests independent
/// of the real environment. `root` should be absolute: the specs' paths
/// are built from it.
pub fn load_compose(
    root: &Path,
    project_name: &str,
    files: &[String],
    env_file: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<ComposeProject, ProjectError> {
    let dotenv = env_files::read_dotenv(&root.join(env_file))?;
    let lookup = |key: &str| env(key).or_else(|| dotenv.get(key).cloned());
    let Some(first) = files.first() else {
        return Err(ProjectError::ComposeInvalid {
            at: Location {
                path: root.to_path_buf(),
                pos: None,
            },
            service: None,
            message: "no compose files to read; list them under [compose] files in runcli.toml"
                .into(),
        });
    };
    let base = root
        .join(first)
        .parent()
        .map_or_else(|| root.to_path_buf(), Path::to_path_buf);
    // Merging the first file into nothing drops its own `!reset` values.
    let first = read_file(&root.join(first), &lookup)?;
    let mut merged = Node::new(Kind::Map(Vec::new()), first.at.clone());
    merge::merge_files(&mut merged, first)?;
    for file in &files[1..] {
        merge::merge_files(&mut merged, read_file(&root.join(file), &lookup)?)?;
    }
    project(&merged, project_name, &base, &lookup)
}

/// One file, parsed, interpolated, checked and normalized.
fn read_file(path: &Path, lookup: Lookup<'_>) -> Result<Node, ProjectError> {
    let text = std::fs::read_to_string(path).map_err(|source| ProjectError::Io {
        action: "read compose file",
        path: path.to_path_buf(),
        source,
    })?;
    let mut doc = yaml::parse(&text, path)?;
    interpolate::interpolate_tree(&mut doc, lookup)?;
    schema::check(&mut doc)?;
    normalize::normalize(&mut doc)?;
    Ok(doc)
}

fn keys(doc: &Node, top: &str) -> BTreeSet<String> {
    doc.get(top)
        .and_then(Node::entries)
        .map(|entries| entries.iter().map(|e| e.key.clone()).collect())
        .unwrap_or_default()
}

fn project(
    doc: &Node,
    name: &str,
    base: &Path,
    lookup: Lookup<'_>,
) -> Result<ComposeProject, ProjectError> {
    let mut networks = resources::networks(doc, name)?;
    let volumes = resources::volumes(doc, name)?;
    let service_names = keys(doc, "services");
    let declared_networks = keys(doc, "networks");
    let declared_volumes = keys(doc, "volumes");
    let ctx = service::Ctx {
        base,
        lookup,
        services: &service_names,
        networks: &declared_networks,
        volumes: &declared_volumes,
    };
    let mut services = BTreeMap::new();
    for entry in doc.get("services").and_then(Node::entries).unwrap_or(&[]) {
        let spec = service::service(&entry.key, &entry.value, &ctx)?;
        services.insert(entry.key.clone(), spec);
    }
    let uses_default = services
        .values()
        .any(|s: &ServiceSpec| s.networks.contains_key("default"));
    if uses_default && !networks.contains_key("default") {
        let spec = NetworkSpec {
            name: scoped_name(name, "default"),
            driver: None,
            external: false,
            labels: BTreeMap::new(),
        };
        networks.insert("default".into(), spec);
    }
    let active_profiles = lookup("COMPOSE_PROFILES")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    let project = ComposeProject {
        name: name.to_string(),
        services,
        networks,
        volumes,
        active_profiles,
    };
    if let Some(cycle) = project.find_cycle() {
        let at = cycle.first().zip(cycle.get(1)).and_then(|(from, to)| {
            let deps = doc.get("services")?.get(from)?.get("depends_on")?;
            Some(deps.entry(to)?.key_at.location())
        });
        return Err(ProjectError::ComposeCycle { at, cycle });
    }
    Ok(project)
}

impl Project {
    /// The compose project of a section's own files (else `[compose] files`),
    /// interpolated from the process environment and `[compose] env_file`.
    pub fn compose(&self, own_files: Option<&Vec<String>>) -> Result<ComposeProject, ProjectError> {
        let section = &self.manifest.compose;
        load_compose(
            &self.root,
            &self.name,
            section.files_or_default(own_files),
            &section.env_file,
            &|key| std::env::var(key).ok(),
        )
    }

    /// The compose project a server profile brings up.
    pub fn profile_compose(&self, profile: &Profile) -> Result<ComposeProject, ProjectError> {
        self.compose(profile.compose_files.as_ref())
    }

    /// Absolute path of the project's compose files for a section.
    pub fn compose_paths(&self, own_files: Option<&Vec<String>>) -> Vec<PathBuf> {
        self.manifest
            .compose
            .files_or_default(own_files)
            .iter()
            .map(|f| self.root.join(f))
            .collect()
    }
}
