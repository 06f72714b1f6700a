//! Dotenv files compose reads: the project's `.env` (interpolation values)
//! and each service's `env_file:` entries, parsed with dotenvy. A missing
//! `.env` is empty, as in compose; a missing `env_file` is an error unless
//! it says `required: false`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::interpolate::Lookup;
use super::node::{Kind, Node};
use super::paths::resolve;
use super::read::Reader;
use crate::project::error::{LineCol, Location, ProjectError};

/// The project's interpolation file; empty when it does not exist.
pub fn read_dotenv(path: &Path) -> Result<BTreeMap<String, String>, ProjectError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(parse(&text, path, None)?.into_iter().collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(source) => Err(ProjectError::Io {
            action: "read",
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// What a service's `env_file:` entries hold.
pub struct ServiceEnv {
    /// The files read: absolute, once each, missing optional ones left out.
    pub files: Vec<PathBuf>,
    /// Their variables in order; a later file wins.
    pub vars: Vec<(String, String)>,
}

pub fn service_env(
    r: Reader<'_>,
    node: &Node,
    base: &Path,
    lookup: Lookup<'_>,
) -> Result<ServiceEnv, ProjectError> {
    // (path, required, where it was named); one entry per path, as compose.
    let mut files: Vec<(PathBuf, bool, &Node)> = Vec::new();
    for item in r.seq(node, "env_file")? {
        let (path, required) = match &item.kind {
            Kind::Map(_) => {
                let Some(path) = r.opt_string(item, "path")? else {
                    return Err(r.invalid(item, "an env_file entry in long syntax needs `path`"));
                };
                let required = match item.get("required") {
                    Some(flag) if !flag.is_null() => r.boolean(flag, "env_file.required")?,
                    _ => true,
                };
                (path, required)
            }
            _ => (r.string(item, "env_file")?, true),
        };
        let Some(path) = resolve(base, &path, lookup) else {
            return Err(r.invalid(item, format!("`{path}` starts with ~ but HOME is not set")));
        };
        match files.iter_mut().find(|(p, _, _)| *p == path) {
            Some(existing) => existing.1 = required,
            None => files.push((path, required, item)),
        }
    }
    let mut read = Vec::new();
    let mut vars = Vec::new();
    for (path, required, item) in files {
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                vars.extend(parse(&text, &path, r.service)?);
                read.push(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(r.invalid(
                    item,
                    format!(
                        "env_file {} does not exist; create it (or compile it with `runcli \
                         secrets compile`), or mark the entry `required: false`",
                        path.display()
                    ),
                ));
            }
            Err(e) => {
                return Err(r.invalid(
                    item,
                    format!("cannot read env_file {}: {e}", path.display()),
                ));
            }
        }
    }
    Ok(ServiceEnv { files: read, vars })
}

fn parse(
    text: &str,
    path: &Path,
    service: Option<&str>,
) -> Result<Vec<(String, String)>, ProjectError> {
    let mut out = Vec::new();
    for item in dotenvy::from_read_iter(text.as_bytes()) {
        match item {
            Ok(pair) => out.push(pair),
            Err(e) => {
                let (pos, message) = match &e {
                    dotenvy::Error::LineParse(line, index) => (
                        line_of(text, line).map(|n| LineCol {
                            line: n,
                            col: index + 1,
                        }),
                        format!("cannot parse `{line}` as KEY=VALUE"),
                    ),
                    other => (None, other.to_string()),
                };
                return Err(ProjectError::ComposeInvalid {
                    at: Location {
                        path: path.to_path_buf(),
                        pos,
                    },
                    service: service.map(str::to_string),
                    message: format!("{message}; fix the dotenv file"),
                });
            }
        }
    }
    Ok(out)
}

/// 1-based number of the first line that starts with `line`.
fn line_of(text: &str, line: &str) -> Option<usize> {
    let first = line.lines().next().unwrap_or(line).trim();
    text.lines()
        .position(|l| !first.is_empty() && l.trim_start().starts_with(first))
        .map(|i| i + 1)
}
