//! Reading the repository: the work tree, HEAD, the push remote and the
//! version tags. Shared by status and bump.

use std::path::{Path, PathBuf};

use git2::{ErrorCode, Oid, Repository, RepositoryState};

use super::error::GitError;

/// Where HEAD points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// The branch's short name; `None` when detached.
    pub branch: Option<String>,
    /// The commit HEAD points to; `None` before the first commit.
    pub commit: Option<Oid>,
}

/// The remote a push goes to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RemoteInfo {
    pub name: String,
    pub url: String,
}

/// The git work tree holding `root` (bare repositories are refused).
pub fn open(root: &Path) -> Result<Repository, GitError> {
    let repo = Repository::discover(root).map_err(|e| GitError::NotARepo {
        path: root.to_path_buf(),
        reason: e.message().to_string(),
    })?;
    if repo.workdir().is_none() {
        return Err(GitError::NotARepo {
            path: root.to_path_buf(),
            reason: "the repository is bare".into(),
        });
    }
    Ok(repo)
}

/// The work tree's root folder.
pub fn workdir(repo: &Repository) -> PathBuf {
    repo.workdir()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| repo.path().to_path_buf())
}

pub fn head(repo: &Repository) -> Result<Head, GitError> {
    match repo.head() {
        Ok(head) => Ok(Head {
            branch: head
                .is_branch()
                .then(|| head.shorthand().ok().map(str::to_string))
                .flatten(),
            commit: head.peel_to_commit().ok().map(|c| c.id()),
        }),
        Err(e) if e.code() == ErrorCode::UnbornBranch || e.code() == ErrorCode::NotFound => {
            let head = repo
                .find_reference("HEAD")
                .map_err(GitError::git("read HEAD"))?;
            let branch = head
                .symbolic_target()
                .ok()
                .flatten()
                .map(|t| t.trim_start_matches("refs/heads/").to_string());
            Ok(Head {
                branch,
                commit: None,
            })
        }
        Err(e) => Err(GitError::git("read HEAD")(e)),
    }
}

/// Refuses to work during a merge, rebase, cherry-pick...
pub fn ensure_clean_state(repo: &Repository) -> Result<(), GitError> {
    let state = match repo.state() {
        RepositoryState::Clean => return Ok(()),
        RepositoryState::Merge => "merge",
        RepositoryState::Revert | RepositoryState::RevertSequence => "revert",
        RepositoryState::CherryPick | RepositoryState::CherryPickSequence => "cherry-pick",
        RepositoryState::Bisect => "bisect",
        RepositoryState::Rebase
        | RepositoryState::RebaseInteractive
        | RepositoryState::RebaseMerge => "rebase",
        RepositoryState::ApplyMailbox | RepositoryState::ApplyMailboxOrRebase => "git am",
    };
    Err(GitError::Busy {
        state: state.into(),
    })
}

/// The configured upstream remote's name of `branch`, if any.
pub fn upstream_remote_name(repo: &Repository, branch: &str) -> Option<String> {
    repo.branch_upstream_remote(&format!("refs/heads/{branch}"))
        .ok()
        .and_then(|buf| buf.as_str().ok().map(str::to_string))
}

/// The remote pushes of `branch` go to: its upstream's, else `origin`.
pub fn push_remote(repo: &Repository, branch: &str) -> Result<RemoteInfo, GitError> {
    let upstream = upstream_remote_name(repo, branch);
    let name = upstream.clone().unwrap_or_else(|| "origin".into());
    match repo.find_remote(&name) {
        Ok(remote) => Ok(RemoteInfo {
            url: remote
                .pushurl()
                .ok()
                .flatten()
                .or_else(|| remote.url().ok())
                .unwrap_or_default()
                .to_string(),
            name,
        }),
        Err(_) => Err(GitError::NoRemote {
            branch: branch.into(),
            upstream,
        }),
    }
}

/// The reference on the remote that `branch` pushes to: its configured
/// merge target, else the same name.
pub fn remote_branch_ref(repo: &Repository, branch: &str) -> String {
    repo.config()
        .and_then(|c| c.get_string(&format!("branch.{branch}.merge")))
        .unwrap_or_else(|_| format!("refs/heads/{branch}"))
}

/// The highest `v*` tag whose rest parses as semver (`v1.2.3`, `v2.0.0-rc1`).
pub fn latest_version_tag(repo: &Repository) -> Result<Option<String>, GitError> {
    let names = repo
        .tag_names(Some("v*"))
        .map_err(GitError::git("list tags"))?;
    Ok(names
        .iter()
        .filter_map(|name| {
            let name = name.ok().flatten()?;
            let version = semver::Version::parse(name.strip_prefix('v')?).ok()?;
            Some((version, name.to_string()))
        })
        .max()
        .map(|(_, name)| name))
}

/// Whether `refs/tags/{tag}` exists.
pub fn tag_exists(repo: &Repository, tag: &str) -> bool {
    repo.find_reference(&format!("refs/tags/{tag}")).is_ok()
}
