//! The Git pane's operations: its facts, a draft's plan and its outcome,
//! as plain text for the pane. Blocking: call from `spawn_blocking`.
//! `GitFacts` and `BumpDraft` live here, with the operations that make
//! and read them, so `ops` needs nothing from `app`.

use crate::ops::git::{self, BumpKind, BumpRequest, GitStatus};
use crate::project::Project;

/// The work tree as the pane shows it, one labelled fact a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitFacts {
    pub lines: Vec<(String, String)>,
}

/// A bump being composed: what it will do once confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BumpDraft {
    pub minor: bool,
    pub message: String,
    pub commit: bool,
    pub tag: bool,
    pub push: bool,
}

impl BumpDraft {
    pub fn new(minor: bool) -> BumpDraft {
        BumpDraft {
            minor,
            message: String::new(),
            commit: true,
            tag: true,
            push: false,
        }
    }

    /// Tag and push need the bump commit, as they did in the old menu.
    pub fn normalise(&mut self) {
        if !self.commit {
            self.tag = false;
            self.push = false;
        }
    }
}

/// The work tree's state, one labelled line each.
pub fn facts(project: &Project) -> Result<GitFacts, String> {
    let status = git::status(project).map_err(|e| e.to_string())?;
    Ok(GitFacts {
        lines: fact_lines(&status),
    })
}

fn fact_lines(s: &GitStatus) -> Vec<(String, String)> {
    let upstream = match &s.upstream {
        Some(u) => match (u.ahead, u.behind) {
            (Some(a), Some(b)) => format!("{} (ahead {a}, behind {b})", u.name),
            _ => format!("{} (not fetched yet)", u.name),
        },
        None => "none".to_string(),
    };
    let remote = s.push_remote.as_ref().map_or_else(
        || "none (push needs a remote)".to_string(),
        |r| format!("{} {}", r.name, r.url),
    );
    let version = match (&s.version, &s.version_error) {
        (Some(v), _) => v.clone(),
        (None, Some(e)) => format!("unreadable: {e}"),
        (None, None) => "none".to_string(),
    };
    vec![
        (
            "branch".into(),
            s.branch.clone().unwrap_or_else(|| "detached HEAD".into()),
        ),
        (
            "commit".into(),
            s.head.clone().unwrap_or_else(|| "no commits yet".into()),
        ),
        ("upstream".into(), upstream),
        ("push to".into(), remote),
        (
            "changes".into(),
            format!(
                "{} staged, {} modified, {} untracked, {} conflicted",
                s.staged, s.modified, s.untracked, s.conflicted
            ),
        ),
        ("version".into(), version),
        (
            "latest tag".into(),
            s.latest_tag.clone().unwrap_or_else(|| "none".into()),
        ),
    ]
}

fn request(draft: &BumpDraft) -> BumpRequest {
    let mut request = BumpRequest::new(if draft.minor {
        BumpKind::Minor
    } else {
        BumpKind::Patch
    });
    let message = draft.message.trim();
    request.message = (!message.is_empty()).then(|| message.to_string());
    request.commit = draft.commit;
    request.tag = draft.tag;
    request.push = draft.push;
    request
}

/// What the draft will do, one line a step; nothing is written.
pub fn plan(project: &Project, draft: &BumpDraft) -> Result<Vec<String>, String> {
    git::plan(project, &request(draft))
        .map(|plan| plan.lines())
        .map_err(|e| e.to_string())
}

/// Plans again (the repository may have changed) and applies; a failure
/// is undone by the operation itself.
pub fn apply(project: &Project, draft: &BumpDraft) -> Result<String, String> {
    let plan = git::plan(project, &request(draft)).map_err(|e| e.to_string())?;
    let outcome = git::apply(&plan, |_| {}).map_err(|e| e.to_string())?;
    let mut done = format!("bumped to {}", outcome.version);
    if let Some(commit) = &outcome.commit {
        done.push_str(&format!(", committed {}", &commit[..commit.len().min(7)]));
    }
    if let Some(tag) = &outcome.tag {
        done.push_str(&format!(", tagged {tag}"));
    }
    if let Some(remote) = &outcome.pushed_to {
        done.push_str(&format!(", pushed to {}", remote.name));
    }
    Ok(done)
}
