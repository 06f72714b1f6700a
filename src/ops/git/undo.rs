//! The journal of what a bump changed, so a failed step can put the
//! repository back as it was.

use std::path::{Path, PathBuf};

use git2::{Oid, Repository};

use super::error::GitError;

/// Changes made so far, undone newest first.
#[derive(Debug, Default)]
pub struct Undo {
    /// Files written, with their content before (`None`: did not exist).
    files: Vec<(PathBuf, Option<Vec<u8>>)>,
    /// The index file's bytes before staging.
    index: Option<(PathBuf, Option<Vec<u8>>)>,
    /// The branch moved by the commit and where it was.
    branch: Option<(String, Option<Oid>)>,
    tag: Option<String>,
}

impl Undo {
    /// Remembers `path` as it is now, before it is written.
    pub fn file(&mut self, path: &Path, before: Option<&str>) {
        self.files
            .push((path.to_path_buf(), before.map(|t| t.as_bytes().to_vec())));
    }

    /// Remembers the index file before staging.
    pub fn index(&mut self, repo: &Repository) -> Result<(), GitError> {
        let path = repo.path().join("index");
        let before = match std::fs::read(&path) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => {
                return Err(GitError::Io {
                    action: "read",
                    path,
                    source,
                });
            }
        };
        self.index = Some((path, before));
        Ok(())
    }

    pub fn branch(&mut self, refname: &str, before: Option<Oid>) {
        self.branch = Some((refname.to_string(), before));
    }

    pub fn tag(&mut self, name: &str) {
        self.tag = Some(name.to_string());
    }

    /// Undoes everything recorded and wraps `failed` with what was done.
    pub fn rollback(self, repo: &Repository, root: &Path, failed: GitError) -> GitError {
        let mut undone = Vec::new();
        let mut problems = Vec::new();
        if let Some(tag) = self.tag {
            match repo.tag_delete(&tag) {
                Ok(()) => undone.push(format!("tag {tag} deleted")),
                Err(e) => problems.push(format!("delete tag {tag} (`git tag -d {tag}`): {e}")),
            }
        }
        if let Some((refname, before)) = self.branch {
            let short = refname.trim_start_matches("refs/heads/").to_string();
            match move_back(repo, &refname, before) {
                Ok(()) => undone.push(match before {
                    Some(oid) => format!("{short} back at {:.7}", oid.to_string()),
                    None => format!("{short} unborn again"),
                }),
                Err(e) => problems.push(format!(
                    "move {short} back (`git reset --soft HEAD~1`): {e}"
                )),
            }
        }
        if let Some((path, before)) = self.index {
            match restore(&path, before.as_deref()) {
                Ok(()) => undone.push("index restored".into()),
                Err(e) => problems.push(format!("restore the index {}: {e}", path.display())),
            }
        }
        for (path, before) in self.files.into_iter().rev() {
            let label = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .display()
                .to_string();
            let done = if before.is_some() {
                "restored"
            } else {
                "removed"
            };
            match restore(&path, before.as_deref()) {
                Ok(()) => undone.push(format!("{label} {done}")),
                Err(e) => problems.push(format!("restore {label}: {e}")),
            }
        }
        if problems.is_empty() {
            if undone.is_empty() {
                return failed;
            }
            GitError::Undone {
                failed: Box::new(failed),
                undone,
            }
        } else {
            GitError::UndoFailed {
                failed: Box::new(failed),
                problems,
            }
        }
    }
}

/// A soft reset: the branch moves, the index and the files stay.
fn move_back(repo: &Repository, refname: &str, before: Option<Oid>) -> Result<(), git2::Error> {
    let mut reference = repo.find_reference(refname)?;
    match before {
        Some(oid) => reference
            .set_target(oid, "runcli: undo version bump")
            .map(drop),
        None => reference.delete(),
    }
}

fn restore(path: &Path, before: Option<&[u8]>) -> std::io::Result<()> {
    match before {
        Some(bytes) => std::fs::write(path, bytes),
        None => match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        },
    }
}
