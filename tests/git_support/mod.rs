//! Shared helpers of the git tests: a project in a temporary repository
//! with an identity in its own config, and a bare remote.
#![allow(dead_code)]

use std::fs;
use std::path::Path;

use git2::{Oid, Repository, RepositoryInitOptions, Signature};
use runcli::project::{DiscoverOptions, Project, discover};
use tempfile::TempDir;

pub const CONFIG: &str =
    "{\n    \"name\": \"demo\",\n    \"version\": \"1.2.3\",\n    \"debug\": false\n}\n";
pub const HISTORY: &str =
    "=======\nHistory\n=======\n\n1.2.3 (2026-01-01)\n~~~~~~~~~~~~~~~~~~\n\n* Earlier.\n";

/// A repository on branch `main` with config.json (holding `version`),
/// HISTORY.rst, a .gitignore and one commit.
pub fn repo_with_version(version: &str) -> (TempDir, Repository) {
    let config = CONFIG.replace("1.2.3", version);
    repo_with(&[
        ("config.json", config.as_str()),
        ("HISTORY.rst", HISTORY),
        (".gitignore", "*.log\n"),
    ])
}

/// A repository on branch `main` with `files` committed.
pub fn repo_with(files: &[(&str, &str)]) -> (TempDir, Repository) {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = RepositoryInitOptions::new();
    opts.initial_head("main");
    let repo = Repository::init_opts(dir.path(), &opts).unwrap();
    {
        let mut config = repo.config().unwrap();
        config.set_str("user.name", "Test Person").unwrap();
        config
            .set_str("user.email", "test@example.invalid")
            .unwrap();
    }
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    commit_all(&repo, "initial");
    (dir, repo)
}

/// Stages every file and commits on HEAD.
pub fn commit_all(repo: &Repository, message: &str) -> Oid {
    let mut index = repo.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = Signature::now("Test Person", "test@example.invalid").unwrap();
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
        .unwrap()
}

/// A bare repository in its own temporary folder, added to `repo` as
/// `origin` by its plain path.
pub fn bare_origin(repo: &Repository) -> (TempDir, Repository) {
    let dir = tempfile::tempdir().unwrap();
    let bare = Repository::init_bare(dir.path()).unwrap();
    repo.remote("origin", dir.path().to_str().unwrap()).unwrap();
    (dir, bare)
}

pub fn project(root: &Path) -> Project {
    discover(&DiscoverOptions {
        explicit: Some(root.to_path_buf()),
        env_project: None,
        cwd: root.to_path_buf(),
    })
    .unwrap()
}

pub fn read(root: &Path, name: &str) -> String {
    fs::read_to_string(root.join(name)).unwrap()
}

pub fn head(repo: &Repository) -> Oid {
    repo.head().unwrap().target().unwrap()
}

pub fn tags(repo: &Repository) -> Vec<String> {
    repo.tag_names(None)
        .unwrap()
        .iter()
        .map(|t| t.unwrap().unwrap().to_string())
        .collect()
}

/// Every path with its status bits, to compare a work tree before and after.
pub fn statuses(repo: &Repository) -> Vec<(String, u32)> {
    let mut opts = git2::StatusOptions::new();
    opts.include_untracked(true).recurse_untracked_dirs(true);
    let mut all: Vec<(String, u32)> = repo
        .statuses(Some(&mut opts))
        .unwrap()
        .iter()
        .map(|e| (e.path().unwrap().to_string(), e.status().bits()))
        .collect();
    all.sort();
    all
}
