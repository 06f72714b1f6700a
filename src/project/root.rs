//! A discovered project: its root folder, compose project name, manifest and
//! where the manifest came from (for `runcli doctor`).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::error::{LineCol, Location, ProjectError};
use super::manifest::Manifest;
use super::name::normalize_project_name;

/// Who named the root folder explicitly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RootSource {
    /// `--project DIR`
    Flag,
    /// `RUNCLI_PROJECT`
    Env,
}

impl fmt::Display for RootSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RootSource::Flag => "--project",
            RootSource::Env => "RUNCLI_PROJECT",
        })
    }
}

/// Why the embedded default manifest is in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefaultReason {
    /// `--project` / `RUNCLI_PROJECT` named a folder without runcli.toml.
    ExplicitDir { given: RootSource, dir: PathBuf },
    /// No runcli.toml above the working folder; the git work tree is the root.
    GitWorkTree { root: PathBuf },
}

/// Where the manifest came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ManifestSource {
    File(PathBuf),
    EmbeddedDefault { reason: DefaultReason },
}

impl fmt::Display for ManifestSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ManifestSource::File(path) => write!(f, "runcli.toml at {}", path.display()),
            ManifestSource::EmbeddedDefault { reason } => match reason {
                DefaultReason::ExplicitDir { given, dir } => write!(
                    f,
                    "embedded default (no runcli.toml; {given} folder {})",
                    dir.display()
                ),
                DefaultReason::GitWorkTree { root } => write!(
                    f,
                    "embedded default (no runcli.toml; git work tree root {})",
                    root.display()
                ),
            },
        }
    }
}

/// The project runcli works on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// Absolute root folder; every relative path of the manifest starts here.
    pub root: PathBuf,
    /// Compose project name (labels, container names).
    pub name: String,
    pub manifest: Manifest,
    pub manifest_source: ManifestSource,
}

#[derive(Deserialize)]
struct VersionFile {
    version: String,
}

impl Project {
    /// Builds a project from its root and its manifest.
    pub fn new(
        root: PathBuf,
        manifest: Manifest,
        manifest_source: ManifestSource,
    ) -> Result<Project, ProjectError> {
        let name = match &manifest.project.name {
            Some(name) => name.clone(),
            None => root
                .file_name()
                .and_then(|n| normalize_project_name(&n.to_string_lossy()))
                .ok_or_else(|| ProjectError::ProjectName { root: root.clone() })?,
        };
        Ok(Project {
            root,
            name,
            manifest,
            manifest_source,
        })
    }

    /// A path of the manifest (relative to the root) made absolute.
    pub fn path(&self, relative: impl AsRef<Path>) -> PathBuf {
        self.root.join(relative)
    }

    /// The version in config.json; `None` when the file is missing or
    /// malformed (see [`Project::read_version`] for the reason).
    pub fn version(&self) -> Option<String> {
        self.read_version().ok().flatten()
    }

    /// The version in config.json: `Ok(None)` when the file is missing, an
    /// error naming `path:line:col` when it is malformed.
    pub fn read_version(&self) -> Result<Option<String>, ProjectError> {
        let path = self.path(&self.manifest.project.version_file);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(ProjectError::Io {
                    action: "read",
                    path,
                    source,
                });
            }
        };
        match serde_json::from_str::<VersionFile>(&text) {
            Ok(file) => Ok(Some(file.version)),
            Err(e) => {
                let full = e.to_string();
                let suffix = format!(" at line {} column {}", e.line(), e.column());
                let message = full.strip_suffix(&suffix).unwrap_or(&full);
                Err(ProjectError::Parse {
                    at: Location {
                        path,
                        pos: (e.line() > 0).then(|| LineCol {
                            line: e.line(),
                            col: e.column(),
                        }),
                    },
                    message: format!("{message}; expected {{\"version\": \"X.Y.Z\"}}"),
                })
            }
        }
    }
}
