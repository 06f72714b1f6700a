//! Checks before anything is pushed or deployed, so what runs in an
//! environment is exactly a commit: no tracked change left uncommitted
//! (unless allowed; untracked and ignored files do not count), and the
//! version is the version file's at HEAD, read from the commit, never from
//! the disk. A `vX.Y.Z` tag on HEAD that says another version is refused:
//! one of the two is wrong, and a person must say which.

use std::path::{Path, PathBuf};

use git2::{Repository, Status, StatusOptions};

/// What may be deployed: the version and the commit it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleared {
    pub version: String,
    /// HEAD's commit id, in full.
    pub commit: String,
    /// HEAD's `vX.Y.Z` tag that agrees with the version, if any.
    pub tag: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum GuardError {
    #[error("{}: not inside a git work tree ({reason}); a deploy ships a commit, so commit the \
             project into git first", path.display())]
    NotARepo { path: PathBuf, reason: String },
    #[error("the repository has no commit yet; commit the project, then deploy")]
    NoCommit,
    #[error(
        "the work tree has tracked changes that are not committed ({}); commit or stash them, \
         or pass --allow-dirty to deploy HEAD anyway",
        files.join(", ")
    )]
    Dirty { files: Vec<String> },
    #[error("{path} is not in the commit at HEAD; commit it (it holds the version deployed)")]
    NoVersionFile { path: String },
    #[error("{path} at HEAD: {message}; fix the file and commit it")]
    BadVersionFile { path: String, message: String },
    #[error(
        "HEAD is tagged {tag} but {path} at HEAD says version {version}; move the tag (git tag \
         -f v{version}) or commit the version the tag names"
    )]
    TagMismatch {
        tag: String,
        version: String,
        path: String,
    },
    #[error("cannot read the git repository: {0}")]
    Git(#[from] git2::Error),
}

/// Checks the work tree holding `root`; `version_file` is relative to
/// `root` (config.json).
pub fn check(root: &Path, version_file: &str, allow_dirty: bool) -> Result<Cleared, GuardError> {
    let repo = Repository::discover(root).map_err(|e| GuardError::NotARepo {
        path: root.to_path_buf(),
        reason: e.message().to_string(),
    })?;
    let Some(workdir) = repo.workdir().map(Path::to_path_buf) else {
        return Err(GuardError::NotARepo {
            path: root.to_path_buf(),
            reason: "the repository is bare".into(),
        });
    };
    let head = repo
        .head()
        .and_then(|h| h.peel_to_commit())
        .map_err(|_| GuardError::NoCommit)?;
    if !allow_dirty {
        let files = tracked_changes(&repo)?;
        if !files.is_empty() {
            return Err(GuardError::Dirty { files });
        }
    }
    let version = version_at_head(&repo, &head, &in_repo(&workdir, root, version_file))?;
    let tags = version_tags(&repo, head.id())?;
    let agreeing = tags.iter().find(|t| t.trim_start_matches('v') == version);
    if let (None, Some(tag)) = (agreeing, tags.first()) {
        return Err(GuardError::TagMismatch {
            tag: tag.clone(),
            version,
            path: version_file.to_string(),
        });
    }
    Ok(Cleared {
        tag: agreeing.cloned(),
        version,
        commit: head.id().to_string(),
    })
}

/// Tracked files whose work tree or index differs from HEAD, at most ten.
fn tracked_changes(repo: &Repository) -> Result<Vec<String>, GuardError> {
    let mut opts = StatusOptions::new();
    opts.include_untracked(false)
        .include_ignored(false)
        .exclude_submodules(true);
    let statuses = repo.statuses(Some(&mut opts))?;
    let changed = Status::all() - Status::WT_NEW - Status::IGNORED - Status::CURRENT;
    Ok(statuses
        .iter()
        .filter(|e| e.status().intersects(changed))
        .filter_map(|e| e.path().ok().map(str::to_string))
        .take(10)
        .collect())
}

/// The version file's path inside the repository, `/`-separated.
fn in_repo(workdir: &Path, root: &Path, version_file: &str) -> String {
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let full = canon(root).join(version_file);
    let rel = full
        .strip_prefix(canon(workdir))
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| PathBuf::from(version_file));
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn version_at_head(
    repo: &Repository,
    head: &git2::Commit<'_>,
    path: &str,
) -> Result<String, GuardError> {
    let entry = head
        .tree()?
        .get_path(Path::new(path))
        .map_err(|_| GuardError::NoVersionFile { path: path.into() })?;
    let blob = entry.to_object(repo)?.peel_to_blob()?;
    let bad = |message: String| GuardError::BadVersionFile {
        path: path.into(),
        message,
    };
    let json: serde_json::Value =
        serde_json::from_slice(blob.content()).map_err(|e| bad(e.to_string()))?;
    match json.get("version") {
        Some(serde_json::Value::String(v)) => Ok(v.clone()),
        _ => Err(bad("no top-level string \"version\"".into())),
    }
}

/// Tags pointing at `commit` whose name is `v` and a semantic version.
fn version_tags(repo: &Repository, commit: git2::Oid) -> Result<Vec<String>, GuardError> {
    let mut out = Vec::new();
    for name in repo.tag_names(Some("v*"))?.iter().flatten().flatten() {
        let is_version = semver::Version::parse(name.trim_start_matches('v')).is_ok();
        let target = repo
            .revparse_single(&format!("refs/tags/{name}"))
            .and_then(|o| o.peel_to_commit());
        if is_version && target.is_ok_and(|c| c.id() == commit) {
            out.push(name.to_string());
        }
    }
    Ok(out)
}
