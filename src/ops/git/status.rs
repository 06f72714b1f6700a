//! `git status` as the Git pane shows it: branch, upstream, change counts,
//! latest version tag and the version file's version.

use std::path::PathBuf;

use git2::{BranchType, Repository, Status, StatusOptions};

use super::error::GitError;
use super::repo::{self, RemoteInfo};
use super::version_file::VersionFile;
use crate::project::Project;

/// The branch's upstream and how far apart they are.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Upstream {
    /// The remote-tracking branch (`origin/main`).
    pub name: String,
    /// Commits on the branch and not on the upstream; `None` when the
    /// remote-tracking branch has not been fetched.
    pub ahead: Option<usize>,
    /// Commits on the upstream and not on the branch.
    pub behind: Option<usize>,
}

/// One reading of the repository.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GitStatus {
    /// The work tree's root folder.
    pub workdir: PathBuf,
    /// The checked-out branch; `None` when HEAD is detached.
    pub branch: Option<String>,
    /// HEAD's commit, 7 hex digits; `None` before the first commit.
    pub head: Option<String>,
    pub upstream: Option<Upstream>,
    /// Where a push would go (the branch's upstream remote, else origin).
    pub push_remote: Option<RemoteInfo>,
    /// Files with changes in the index.
    pub staged: usize,
    /// Tracked files changed in the work tree and not staged.
    pub modified: usize,
    /// Files git does not track and does not ignore.
    pub untracked: usize,
    /// Files with merge conflicts.
    pub conflicted: usize,
    /// The highest `v*` tag by semver.
    pub latest_tag: Option<String>,
    /// The version file's `version`; `None` with `version_error` set when
    /// it cannot be read.
    pub version: Option<String>,
    pub version_error: Option<String>,
}

/// Reads the status of the repository holding `project`. Blocking.
pub fn status(project: &Project) -> Result<GitStatus, GitError> {
    let repo = repo::open(&project.root)?;
    let head = repo::head(&repo)?;
    let (staged, modified, untracked, conflicted) = counts(&repo)?;
    let upstream = match &head.branch {
        Some(branch) => upstream(&repo, branch),
        None => None,
    };
    let push_remote = head
        .branch
        .as_deref()
        .and_then(|b| repo::push_remote(&repo, b).ok());
    let (version, version_error) =
        match VersionFile::read(&project.path(&project.manifest.project.version_file)) {
            Ok(file) => (Some(file.value), None),
            Err(e) => (None, Some(e.to_string())),
        };
    Ok(GitStatus {
        workdir: repo::workdir(&repo),
        branch: head.branch,
        head: head.commit.map(|c| c.to_string().chars().take(7).collect()),
        upstream,
        push_remote,
        staged,
        modified,
        untracked,
        conflicted,
        latest_tag: repo::latest_version_tag(&repo)?,
        version,
        version_error,
    })
}

fn counts(repo: &Repository) -> Result<(usize, usize, usize, usize), GitError> {
    let mut opts = StatusOptions::new();
    opts.include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false)
        .renames_head_to_index(true);
    let statuses = repo
        .statuses(Some(&mut opts))
        .map_err(GitError::git("read the work tree's status"))?;
    let staged_bits = Status::INDEX_NEW
        | Status::INDEX_MODIFIED
        | Status::INDEX_DELETED
        | Status::INDEX_RENAMED
        | Status::INDEX_TYPECHANGE;
    let modified_bits =
        Status::WT_MODIFIED | Status::WT_DELETED | Status::WT_RENAMED | Status::WT_TYPECHANGE;
    let (mut staged, mut modified, mut untracked, mut conflicted) = (0, 0, 0, 0);
    for entry in statuses.iter() {
        let s = entry.status();
        if s.contains(Status::CONFLICTED) {
            conflicted += 1;
            continue;
        }
        staged += usize::from(s.intersects(staged_bits));
        modified += usize::from(s.intersects(modified_bits));
        untracked += usize::from(s.contains(Status::WT_NEW));
    }
    Ok((staged, modified, untracked, conflicted))
}

fn upstream(repo: &Repository, branch: &str) -> Option<Upstream> {
    let local = repo.find_branch(branch, BranchType::Local).ok()?;
    let name = repo
        .branch_upstream_name(&format!("refs/heads/{branch}"))
        .ok()?
        .as_str()
        .ok()?
        .trim_start_matches("refs/remotes/")
        .to_string();
    let (ahead, behind) = match (local.get().target(), local.upstream().ok()) {
        (Some(ours), Some(theirs)) => match theirs.get().target() {
            Some(theirs) => match repo.graph_ahead_behind(ours, theirs) {
                Ok((a, b)) => (Some(a), Some(b)),
                Err(_) => (None, None),
            },
            None => (None, None),
        },
        _ => (None, None),
    };
    Some(Upstream {
        name,
        ahead,
        behind,
    })
}
