//! Finding the project root, in this order: `--project DIR`, else
//! `RUNCLI_PROJECT`, else the nearest ancestor of the working folder holding
//! runcli.toml, else the git work tree root with the embedded default.

use std::path::{Path, PathBuf};

use super::error::ProjectError;
use super::manifest::{MANIFEST_FILE, Manifest};
use super::root::{DefaultReason, ManifestSource, Project, RootSource};

/// Environment variable naming the project root.
pub const PROJECT_ENV: &str = "RUNCLI_PROJECT";

/// Inputs of discovery, passed in so tests need no process state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoverOptions {
    /// `--project DIR`, relative to `cwd` unless absolute.
    pub explicit: Option<PathBuf>,
    /// `RUNCLI_PROJECT`, relative to `cwd` unless absolute.
    pub env_project: Option<PathBuf>,
    pub cwd: PathBuf,
}

impl DiscoverOptions {
    /// Options from this process: its `RUNCLI_PROJECT` (ignored when empty)
    /// and its working folder.
    pub fn from_process(explicit: Option<PathBuf>) -> Result<DiscoverOptions, ProjectError> {
        let cwd = std::env::current_dir().map_err(|source| ProjectError::Io {
            action: "read the working folder",
            path: PathBuf::from("."),
            source,
        })?;
        let env_project = std::env::var_os(PROJECT_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        Ok(DiscoverOptions {
            explicit,
            env_project,
            cwd,
        })
    }
}

/// Finds and loads the project.
pub fn discover(opts: &DiscoverOptions) -> Result<Project, ProjectError> {
    if let Some(dir) = &opts.explicit {
        return open_given(RootSource::Flag, &opts.cwd.join(dir));
    }
    if let Some(dir) = &opts.env_project {
        return open_given(RootSource::Env, &opts.cwd.join(dir));
    }
    let cwd = canonical(&opts.cwd).map_err(|source| ProjectError::Io {
        action: "read the working folder",
        path: opts.cwd.clone(),
        source,
    })?;
    if let Some(dir) = cwd.ancestors().find(|d| d.join(MANIFEST_FILE).is_file()) {
        return open_with_file(dir.to_path_buf());
    }
    let repo = match git2::Repository::discover(&cwd) {
        Ok(repo) => repo,
        Err(e) if e.code() == git2::ErrorCode::NotFound => {
            return Err(ProjectError::NotFound { cwd });
        }
        Err(source) => return Err(ProjectError::Git { path: cwd, source }),
    };
    let Some(workdir) = repo.workdir() else {
        return Err(ProjectError::BareRepository {
            path: repo.path().to_path_buf(),
        });
    };
    let root = canonical(workdir).map_err(|source| ProjectError::Io {
        action: "read the git work tree",
        path: workdir.to_path_buf(),
        source,
    })?;
    let reason = DefaultReason::GitWorkTree { root: root.clone() };
    Project::new(
        root,
        Manifest::embedded()?,
        ManifestSource::EmbeddedDefault { reason },
    )
}

/// A root named by the user: its runcli.toml, or the embedded default.
fn open_given(given: RootSource, dir: &Path) -> Result<Project, ProjectError> {
    let not_a_folder = |reason: String| ProjectError::NotAFolder {
        given,
        path: dir.to_path_buf(),
        reason,
    };
    let root = canonical(dir).map_err(|e| not_a_folder(e.to_string()))?;
    if !root.is_dir() {
        return Err(not_a_folder("it is a file".into()));
    }
    if root.join(MANIFEST_FILE).is_file() {
        return open_with_file(root);
    }
    let reason = DefaultReason::ExplicitDir {
        given,
        dir: root.clone(),
    };
    Project::new(
        root,
        Manifest::embedded()?,
        ManifestSource::EmbeddedDefault { reason },
    )
}

fn open_with_file(root: PathBuf) -> Result<Project, ProjectError> {
    let path = root.join(MANIFEST_FILE);
    let manifest = Manifest::load(&path)?;
    Project::new(root, manifest, ManifestSource::File(path))
}

/// Absolute, symlink-free path, so the root's folder name is its real one
/// (`--project .` names the project after the folder, not after `.`).
fn canonical(path: &Path) -> std::io::Result<PathBuf> {
    let path = std::fs::canonicalize(path)?;
    #[cfg(windows)]
    {
        // Keep `C:\x` rather than `\\?\C:\x`: tools given the path expect the former.
        let text = path.to_string_lossy();
        if let Some(rest) = text.strip_prefix(r"\\?\")
            && rest.as_bytes().get(1) == Some(&b':')
        {
            return Ok(PathBuf::from(rest.to_string()));
        }
    }
    Ok(path)
}
