//! The git facts the header shows, read with git2. `GitSummary` lives
//! here, with the operation that makes it, so the console reads this
//! layer's type and `ops` needs nothing from `app`.

use std::path::Path;

use git2::{Repository, StatusOptions};

/// Branch, short commit and whether the work tree has changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitSummary {
    /// Branch name, or `None` on a detached HEAD or an unborn branch.
    pub branch: Option<String>,
    /// Seven-character commit id, `None` before the first commit.
    pub short_commit: Option<String>,
    pub dirty: bool,
}

/// Branch, short commit and dirty flag of the work tree holding `root`;
/// `None` when `root` is not in a git repository. Blocking: call it from
/// `spawn_blocking` in async code.
pub fn read(root: &Path) -> Option<GitSummary> {
    let repo = Repository::discover(root).ok()?;
    let head = repo.head().ok();
    let branch = match &head {
        Some(h) if h.is_branch() => h.shorthand().ok().map(str::to_string),
        Some(_) => None,
        None => unborn_branch(&repo),
    };
    let short_commit = head
        .as_ref()
        .and_then(|h| h.peel_to_commit().ok())
        .map(|c| c.id().to_string().chars().take(7).collect());
    let mut opts = StatusOptions::new();
    opts.include_untracked(true).include_ignored(false);
    let dirty = repo
        .statuses(Some(&mut opts))
        .map(|s| !s.is_empty())
        .unwrap_or(false);
    Some(GitSummary {
        branch,
        short_commit,
        dirty,
    })
}

/// The branch HEAD points to before its first commit.
fn unborn_branch(repo: &Repository) -> Option<String> {
    let head = repo.find_reference("HEAD").ok()?;
    let target = head.symbolic_target().ok()??;
    Some(target.trim_start_matches("refs/heads/").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_branch_commit_and_dirty_state() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let unborn = read(dir.path()).unwrap();
        assert_eq!(unborn.short_commit, None);
        assert!(unborn.branch.is_some());

        std::fs::write(dir.path().join("a.txt"), "a").unwrap();
        let mut index = repo.index().unwrap();
        index.add_path(Path::new("a.txt")).unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = git2::Signature::now("t", "t@example.invalid").unwrap();
        let id = repo
            .commit(Some("HEAD"), &sig, &sig, "c", &tree, &[])
            .unwrap();
        index.write().unwrap();

        let clean = read(dir.path()).unwrap();
        assert_eq!(clean.short_commit.as_deref(), Some(&id.to_string()[..7]));
        assert!(!clean.dirty);

        std::fs::write(dir.path().join("b.txt"), "b").unwrap();
        assert!(read(dir.path()).unwrap().dirty);
    }

    #[test]
    fn outside_a_repository_is_none() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(dir.path()), None);
    }
}
