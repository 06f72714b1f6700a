//! What can go wrong in the git operations, said so a user can act on it.

use std::path::PathBuf;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum GitError {
    /// The project root is not inside a git work tree.
    #[error(
        "{} is not inside a git work tree ({reason}); run `git init` there or pass --project DIR",
        path.display()
    )]
    NotARepo { path: PathBuf, reason: String },

    /// The version file does not exist.
    #[error(
        "{}: not found; the project's version lives there as {{\"version\": \"X.Y.Z\"}} \
         (runcli.toml [project] version_file names another file)",
        path.display()
    )]
    VersionFileMissing { path: PathBuf },

    /// The version file is not JSON with a string `version`.
    #[error("{}: {message}; expected {{\"version\": \"X.Y.Z\"}}", path.display())]
    VersionFileInvalid { path: PathBuf, message: String },

    /// `version` holds no `N.N.N`.
    #[error("{}: version {value:?} holds no N.N.N to bump; write it as \"X.Y.Z\"", path.display())]
    NoVersionNumber { path: PathBuf, value: String },

    /// The request contradicts itself (tag without commit, no message...).
    #[error("{0}")]
    Usage(String),

    /// Push asked, but neither the branch's upstream remote nor `origin` exists.
    #[error(
        "cannot push: {}; add one with `git remote add origin URL`",
        match upstream { Some(name) => format!("the upstream remote {name:?} of {branch} does not exist"),
            None => format!("{branch} has no upstream and there is no remote named origin") }
    )]
    NoRemote {
        branch: String,
        upstream: Option<String>,
    },

    /// HEAD is not on a branch, so there is nothing to push.
    #[error("cannot push from a detached HEAD; check out a branch first (`git switch BRANCH`)")]
    DetachedHead,

    /// The tag the bump would create exists.
    #[error("tag {tag} already exists; bump again or delete it with `git tag -d {tag}`")]
    TagExists { tag: String },

    /// No user.name / user.email for the commit or the tag.
    #[error(
        "no git identity to sign the commit or tag ({source}); set it with \
         `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.com`"
    )]
    NoSignature {
        #[source]
        source: git2::Error,
    },

    /// A merge, rebase, cherry-pick... is under way.
    #[error("the repository is in the middle of a {state}; finish or abort it first")]
    Busy { state: String },

    /// Something changed between `plan` and `apply`.
    #[error("{what} changed since the action was planned; review the plan again")]
    Stale { what: String },

    /// A file could not be read or written.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// libgit2 failed at a step.
    #[error("cannot {action}: {}", source.message())]
    Git {
        action: String,
        #[source]
        source: git2::Error,
    },

    /// The remote refused a reference.
    #[error("{remote} rejected {reference}: {reason}")]
    PushRejected {
        remote: String,
        reference: String,
        reason: String,
    },

    /// The connection, the credentials or the transfer failed.
    #[error("cannot push to {remote} ({url}): {}", source.message())]
    PushFailed {
        remote: String,
        url: String,
        #[source]
        source: git2::Error,
    },

    /// The branch reached the remote but the tag did not: the bump is
    /// published, so it is kept rather than undone.
    #[error(
        "{remote} took {branch} but not {tag}: {reason}; the commit and the tag are kept; \
         push the tag again with `git push {remote} {tag}`"
    )]
    TagNotPushed {
        remote: String,
        branch: String,
        tag: String,
        reason: String,
    },

    /// A step failed and every change made before it was undone.
    #[error("{failed}; the repository was left as it was ({})", undone.join(", "))]
    Undone {
        failed: Box<GitError>,
        undone: Vec<String>,
    },

    /// A step failed and undoing failed too: the message lists what to fix.
    #[error("{failed}; undoing it failed too, fix by hand: {}", problems.join("; "))]
    UndoFailed {
        failed: Box<GitError>,
        problems: Vec<String>,
    },
}

impl GitError {
    /// True for usage and configuration errors (exit code 2): nothing was
    /// attempted. False when an operation ran and failed (exit code 1).
    pub fn is_usage(&self) -> bool {
        match self {
            GitError::NotARepo { .. }
            | GitError::VersionFileMissing { .. }
            | GitError::VersionFileInvalid { .. }
            | GitError::NoVersionNumber { .. }
            | GitError::Usage(_)
            | GitError::NoRemote { .. }
            | GitError::DetachedHead
            | GitError::TagExists { .. }
            | GitError::NoSignature { .. }
            | GitError::Busy { .. }
            | GitError::Stale { .. } => true,
            GitError::Io { .. }
            | GitError::Git { .. }
            | GitError::PushRejected { .. }
            | GitError::PushFailed { .. }
            | GitError::TagNotPushed { .. }
            | GitError::UndoFailed { .. } => false,
            GitError::Undone { failed, .. } => failed.is_usage(),
        }
    }

    pub(super) fn git(action: impl Into<String>) -> impl FnOnce(git2::Error) -> GitError {
        let action = action.into();
        move |source| GitError::Git { action, source }
    }
}
