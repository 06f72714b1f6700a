//! `apply`: carries out a checked plan step by step; when a step fails,
//! undoes the steps before it so the repository is as it was.

use std::path::Path;

use git2::{IndexAddOption, Oid, Repository};

use super::error::GitError;
use super::plan::{self, BumpPlan, Step};
use super::push::{self, Rejected};
use super::repo::{self, RemoteInfo};
use super::undo::Undo;

/// What a bump did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BumpOutcome {
    /// The new `N.N.N`.
    pub version: String,
    /// The bump commit's id (hex).
    pub commit: Option<String>,
    pub tag: Option<String>,
    /// The remote the branch (and tag) went to.
    pub pushed_to: Option<RemoteInfo>,
}

/// Carries out `plan`, calling `progress` after each step that is done.
/// Checks first that nothing changed since the plan was made. Blocking.
pub fn apply(plan: &BumpPlan, mut progress: impl FnMut(&Step)) -> Result<BumpOutcome, GitError> {
    let fresh = plan::build(&plan.root, &plan.version_file, &plan.request)?;
    if fresh != *plan {
        return Err(GitError::Stale {
            what: stale_part(plan, &fresh),
        });
    }
    let repo = repo::open(&plan.root)?;
    let mut run = Run {
        repo: &repo,
        plan,
        undo: Undo::default(),
        outcome: BumpOutcome {
            version: plan.version.new.clone(),
            commit: None,
            tag: None,
            pushed_to: None,
        },
    };
    for step in &plan.steps {
        if let Err(failed) = run.step(step) {
            return Err(match failed {
                // The branch is on the remote: undoing locally would fork it.
                e @ GitError::TagNotPushed { .. } => e,
                e => run.undo.rollback(&repo, &plan.root, e),
            });
        }
        progress(step);
    }
    Ok(run.outcome)
}

fn stale_part(plan: &BumpPlan, fresh: &BumpPlan) -> String {
    if plan.version_text != fresh.version_text {
        plan.version_file.clone()
    } else if plan.history_text != fresh.history_text {
        plan.history_path.display().to_string()
    } else if plan.head != fresh.head || plan.branch != fresh.branch {
        "HEAD".into()
    } else {
        "the repository (remote, date or files)".into()
    }
}

struct Run<'a> {
    repo: &'a Repository,
    plan: &'a BumpPlan,
    undo: Undo,
    outcome: BumpOutcome,
}

impl Run<'_> {
    fn step(&mut self, step: &Step) -> Result<(), GitError> {
        match step {
            Step::WriteVersion { .. } => {
                let (old, new) = &self.plan.version_text;
                self.write(&self.plan.version_path, Some(old), new)
            }
            Step::AddHistory { .. } => {
                let (old, new) = &self.plan.history_text;
                self.write(&self.plan.history_path, old.as_deref(), new)
            }
            Step::Commit { message } => {
                let id = self.commit(message)?;
                self.outcome.commit = Some(id.to_string());
                Ok(())
            }
            Step::Tag { name } => {
                self.tag(name)?;
                self.outcome.tag = Some(name.clone());
                Ok(())
            }
            Step::Push {
                branch,
                tag,
                remote,
            } => {
                self.push(branch, tag.as_deref(), remote)?;
                self.outcome.pushed_to = Some(remote.clone());
                Ok(())
            }
        }
    }

    fn write(&mut self, path: &Path, before: Option<&str>, text: &str) -> Result<(), GitError> {
        self.undo.file(path, before);
        std::fs::write(path, text).map_err(|source| GitError::Io {
            action: "write",
            path: path.to_path_buf(),
            source,
        })
    }

    /// `git add .` in the project root (new, changed and deleted files,
    /// .gitignore honoured), then a commit on the checked-out branch.
    fn commit(&mut self, message: &str) -> Result<Oid, GitError> {
        let repo = self.repo;
        let signature = repo
            .signature()
            .map_err(|source| GitError::NoSignature { source })?;
        self.undo.index(repo)?;
        let mut index = repo.index().map_err(GitError::git("open the index"))?;
        let spec = [self.plan.pathspec.as_str()];
        index
            .add_all(spec, IndexAddOption::DEFAULT, None)
            .map_err(GitError::git("stage the changes"))?;
        index
            .update_all(spec, None)
            .map_err(GitError::git("stage the deletions"))?;
        index.write().map_err(GitError::git("write the index"))?;
        let tree = index
            .write_tree()
            .and_then(|id| repo.find_tree(id))
            .map_err(GitError::git("write the tree"))?;
        let parent = match self.plan.head {
            Some(id) => Some(repo.find_commit(id).map_err(GitError::git("read HEAD"))?),
            None => None,
        };
        let parents: Vec<&git2::Commit> = parent.iter().collect();
        let text =
            git2::message_prettify(message, None).map_err(GitError::git("read the message"))?;
        let refname = repo
            .find_reference("HEAD")
            .ok()
            .and_then(|h| h.symbolic_target().ok().flatten().map(str::to_string));
        let id = repo
            .commit(Some("HEAD"), &signature, &signature, &text, &tree, &parents)
            .map_err(GitError::git("commit"))?;
        if let Some(refname) = refname {
            self.undo.branch(&refname, self.plan.head);
        }
        Ok(id)
    }

    /// `git tag -a vX.Y.Z -m MESSAGE` on the bump commit.
    fn tag(&mut self, name: &str) -> Result<(), GitError> {
        let repo = self.repo;
        let signature = repo
            .signature()
            .map_err(|source| GitError::NoSignature { source })?;
        let target = repo
            .head()
            .and_then(|h| h.peel(git2::ObjectType::Commit))
            .map_err(GitError::git("read HEAD"))?;
        let message = self.plan.message().unwrap_or(name);
        let text =
            git2::message_prettify(message, None).map_err(GitError::git("read the message"))?;
        repo.tag(name, &target, &signature, &text, false)
            .map_err(GitError::git(format!("create tag {name}")))?;
        self.undo.tag(name);
        Ok(())
    }

    /// The branch first; the tag only once the branch is on the remote, so
    /// a refused branch leaves the remote untouched.
    fn push(
        &mut self,
        branch: &str,
        tag: Option<&str>,
        remote: &RemoteInfo,
    ) -> Result<(), GitError> {
        let dest = repo::remote_branch_ref(self.repo, branch);
        let refspec = format!("refs/heads/{branch}:{dest}");
        if let Some(refused) = push::push(self.repo, remote, &[refspec])?
            .into_iter()
            .next()
        {
            return Err(rejected(remote, refused));
        }
        let Some(tag) = tag else { return Ok(()) };
        let refspec = format!("refs/tags/{tag}:refs/tags/{tag}");
        let reason = match push::push(self.repo, remote, &[refspec]) {
            Ok(refused) => match refused.into_iter().next() {
                None => return Ok(()),
                Some(r) => r.reason,
            },
            Err(e) => e.to_string(),
        };
        Err(GitError::TagNotPushed {
            remote: remote.name.clone(),
            branch: branch.into(),
            tag: tag.into(),
            reason,
        })
    }
}

fn rejected(remote: &RemoteInfo, refused: Rejected) -> GitError {
    GitError::PushRejected {
        remote: remote.name.clone(),
        reference: refused.reference,
        reason: refused.reason,
    }
}
