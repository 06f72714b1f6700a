//! Refuses outputs git could commit.
//!
//! A compiled env file holds secrets; if git tracks it, or `.gitignore` does
//! not ignore it, one `git add .` publishes them. Outside a repository, or
//! outside its work tree, there is nothing to guard.

use std::path::{Path, PathBuf};

use git2::{ErrorCode, Repository};

use super::error::{Result, SecretsError};
use super::plan::canonical;

/// What git thinks of an output path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum GitState {
    /// No repository around the project, or the path is outside its work tree.
    Unguarded,
    Ignored,
    /// In the index; the path is relative to the work tree.
    Tracked(PathBuf),
    /// Neither tracked nor ignored; relative to the work tree.
    NotIgnored(PathBuf),
}

/// Asks the repository holding `project_root` about `path` (absolute).
pub(crate) fn state(project_root: &Path, path: &Path) -> Result<GitState> {
    let git_err = |e: git2::Error| SecretsError::Git {
        path: path.to_path_buf(),
        message: e.message().to_string(),
    };
    let repo = match Repository::discover(project_root) {
        Ok(repo) => repo,
        Err(e) if e.code() == ErrorCode::NotFound => return Ok(GitState::Unguarded),
        Err(e) => return Err(git_err(e)),
    };
    let Some(workdir) = repo.workdir() else {
        return Ok(GitState::Unguarded);
    };
    let workdir = canonical(workdir);
    let Ok(rel) = canonical(path)
        .strip_prefix(&workdir)
        .map(Path::to_path_buf)
    else {
        return Ok(GitState::Unguarded);
    };
    let index = repo.index().map_err(git_err)?;
    if index.get_path(&rel, 0).is_some() {
        return Ok(GitState::Tracked(rel));
    }
    if repo.status_should_ignore(&rel).map_err(git_err)? {
        Ok(GitState::Ignored)
    } else {
        Ok(GitState::NotIgnored(rel))
    }
}

/// Fails unless writing `path` cannot end up in a commit, or the user
/// allowed it.
pub(crate) fn guard(project_root: &Path, path: &Path, allow_tracked: bool) -> Result<()> {
    if allow_tracked {
        return Ok(());
    }
    match state(project_root, path)? {
        GitState::Unguarded | GitState::Ignored => Ok(()),
        GitState::Tracked(path) => Err(SecretsError::Tracked { path }),
        GitState::NotIgnored(path) => Err(SecretsError::NotIgnored { path }),
    }
}
