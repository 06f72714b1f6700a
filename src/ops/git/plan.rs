//! `plan`: every precondition of a bump checked before anything is
//! written, and the action described step by step for a confirmation.

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::error::GitError;
use super::history;
use super::repo::{self, RemoteInfo};
use super::version::{self, BumpKind, Bumped};
use super::version_file::VersionFile;
use crate::project::Project;

/// What the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BumpRequest {
    pub kind: BumpKind,
    /// The history bullet, the commit message and the tag message. Needed
    /// for commit and tag; without it the history entry is a bare title.
    pub message: Option<String>,
    /// Stage everything (`git add .` from the project root) and commit.
    pub commit: bool,
    /// Annotated tag `vX.Y.Z` on the bump commit; needs `commit`.
    pub tag: bool,
    /// Push the branch (and the tag) to the upstream remote; needs `commit`.
    pub push: bool,
    /// The history entry's date; `None` for today (UTC).
    pub date: Option<NaiveDate>,
}

impl BumpRequest {
    /// Only the files: config.json and the history entry.
    pub fn new(kind: BumpKind) -> BumpRequest {
        BumpRequest {
            kind,
            message: None,
            commit: false,
            tag: false,
            push: false,
            date: None,
        }
    }
}

/// One thing a bump does, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    WriteVersion {
        file: String,
        from: String,
        to: String,
    },
    AddHistory {
        file: String,
        version: String,
        date: String,
        create: bool,
    },
    Commit {
        message: String,
    },
    Tag {
        name: String,
    },
    Push {
        branch: String,
        tag: Option<String>,
        remote: RemoteInfo,
    },
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::WriteVersion { file, from, to } => write!(f, "{file}: {from} -> {to}"),
            Step::AddHistory {
                file,
                version,
                date,
                create,
            } => {
                let verb = if *create { "create with" } else { "add" };
                write!(f, "{file}: {verb} entry {version} ({date})")
            }
            Step::Commit { message } => write!(f, "commit all changes: {message:?}"),
            Step::Tag { name } => write!(f, "tag {name}"),
            Step::Push {
                branch,
                tag,
                remote,
            } => {
                let what = match tag {
                    Some(tag) => format!("{branch} and {tag}"),
                    None => branch.clone(),
                };
                write!(f, "push {what} to {} ({})", remote.name, remote.url)
            }
        }
    }
}

/// A checked bump: what it will do (`steps`) and everything `apply` needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BumpPlan {
    /// The request, its date filled in.
    pub request: BumpRequest,
    pub root: PathBuf,
    pub version: Bumped,
    /// `vX.Y.Z` when tagging.
    pub tag: Option<String>,
    /// The checked-out branch; `None` when HEAD is detached.
    pub branch: Option<String>,
    pub steps: Vec<Step>,
    pub(super) version_file: String,
    pub(super) version_path: PathBuf,
    pub(super) version_text: (String, String),
    pub(super) history_path: PathBuf,
    pub(super) history_text: (Option<String>, String),
    pub(super) head: Option<git2::Oid>,
    /// What `git add .` run in the project root would stage.
    pub(super) pathspec: String,
}

impl BumpPlan {
    /// The summary to confirm, one line per step.
    pub fn lines(&self) -> Vec<String> {
        self.steps.iter().map(ToString::to_string).collect()
    }

    pub fn message(&self) -> Option<&str> {
        self.request.message.as_deref()
    }
}

/// Checks every precondition of `request` on `project` and describes the
/// bump; writes nothing. Blocking.
pub fn plan(project: &Project, request: &BumpRequest) -> Result<BumpPlan, GitError> {
    build(
        &project.root,
        &project.manifest.project.version_file,
        request,
    )
}

pub(super) fn build(
    root: &Path,
    version_file: &str,
    request: &BumpRequest,
) -> Result<BumpPlan, GitError> {
    let mut request = request.clone();
    request.message = checked_message(&request)?;
    let date = *request
        .date
        .get_or_insert_with(|| chrono::Utc::now().date_naive());
    let date = date.format("%Y-%m-%d").to_string();

    let repo = repo::open(root)?;
    if request.commit {
        repo::ensure_clean_state(&repo)?;
    }
    let head = repo::head(&repo)?;

    let version_path = root.join(version_file);
    let file = VersionFile::read(&version_path)?;
    let bumped =
        version::bump(&file.value, request.kind).ok_or_else(|| GitError::NoVersionNumber {
            path: version_path.clone(),
            value: file.value.clone(),
        })?;
    let version_new = file.rewritten(&bumped.new_value)?;

    let (history_path, exists) = history::locate(root);
    let history_old = if exists {
        Some(
            std::fs::read_to_string(&history_path).map_err(|source| GitError::Io {
                action: "read",
                path: history_path.clone(),
                source,
            })?,
        )
    } else {
        None
    };
    let entry = history::entry(&bumped.new, &date, request.message.as_deref());
    let history_new = history::append(history_old.as_deref(), &entry);

    let tag = request.tag.then(|| format!("v{}", bumped.new));
    if let Some(tag) = &tag
        && repo::tag_exists(&repo, tag)
    {
        return Err(GitError::TagExists { tag: tag.clone() });
    }
    if request.commit {
        repo.signature()
            .map_err(|source| GitError::NoSignature { source })?;
    }
    let remote = if request.push {
        let branch = head.branch.as_deref().ok_or(GitError::DetachedHead)?;
        Some(repo::push_remote(&repo, branch)?)
    } else {
        None
    };

    let label = |path: &Path| {
        path.strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string()
    };
    let mut steps = vec![
        Step::WriteVersion {
            file: label(&version_path),
            from: bumped.old_value.clone(),
            to: bumped.new_value.clone(),
        },
        Step::AddHistory {
            file: label(&history_path),
            version: bumped.new.clone(),
            date,
            create: !exists,
        },
    ];
    if let (true, Some(message)) = (request.commit, &request.message) {
        steps.push(Step::Commit {
            message: message.clone(),
        });
    }
    if let Some(name) = &tag {
        steps.push(Step::Tag { name: name.clone() });
    }
    if let (Some(remote), Some(branch)) = (remote, &head.branch) {
        steps.push(Step::Push {
            branch: branch.clone(),
            tag: tag.clone(),
            remote,
        });
    }
    Ok(BumpPlan {
        pathspec: pathspec(&repo::workdir(&repo), root),
        request,
        root: root.to_path_buf(),
        version: bumped,
        tag,
        branch: head.branch,
        steps,
        version_file: version_file.to_string(),
        version_path,
        version_text: (file.text, version_new),
        history_path,
        history_text: (history_old, history_new),
        head: head.commit,
    })
}

/// The message trimmed; an error when commit or tag needs one, or when tag
/// or push come without commit (the tag must point at the bump commit, and
/// pushing without it would publish nothing of the bump).
fn checked_message(request: &BumpRequest) -> Result<Option<String>, GitError> {
    if request.tag && !request.commit {
        return Err(GitError::Usage(
            "tagging needs the commit too (--commit): the tag points at the bump commit".into(),
        ));
    }
    if request.push && !request.commit {
        return Err(GitError::Usage(
            "pushing needs the commit too (--commit): without it the bump is not in git".into(),
        ));
    }
    let message = request
        .message
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(str::to_string);
    if request.commit && message.is_none() {
        return Err(GitError::Usage(
            "a commit needs a message (-m MESSAGE); it is also the history entry and the tag's message"
                .into(),
        ));
    }
    if message.as_deref().is_some_and(|m| m.contains('\0')) {
        return Err(GitError::Usage("the message holds a NUL character".into()));
    }
    Ok(message)
}

/// The project root relative to the work tree, as an add pathspec: `*`
/// when they are the same folder.
fn pathspec(workdir: &Path, root: &Path) -> String {
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    match canon(root).strip_prefix(canon(workdir)) {
        Ok(rel) if !rel.as_os_str().is_empty() => rel.to_string_lossy().replace('\\', "/"),
        _ => "*".into(),
    }
}
