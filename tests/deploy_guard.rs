//! The deploy guard on real repositories in temporary folders: tracked
//! changes refused (unless allowed), untracked and ignored files let
//! through, the version read from HEAD's commit rather than the disk, and
//! a `vX.Y.Z` tag on HEAD that disagrees refused with both versions named.

mod git_support;

use std::fs;

use git_support::{commit_all, repo_with_version};
use git2::Repository;
use runcli::ops::deploy_guard::{GuardError, check};

fn tag(repo: &Repository, name: &str) {
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    let sig = git2::Signature::now("Test Person", "test@example.invalid").unwrap();
    repo.tag(name, head.as_object(), &sig, name, false).unwrap();
}

#[test]
fn a_clean_tree_is_cleared_with_the_committed_version() {
    let (dir, repo) = repo_with_version("1.4.0");
    let cleared = check(dir.path(), "config.json", false).unwrap();
    assert_eq!(cleared.version, "1.4.0");
    assert_eq!(
        cleared.commit,
        repo.head().unwrap().target().unwrap().to_string()
    );
    assert_eq!(cleared.tag, None);
}

#[test]
fn a_modified_tracked_file_is_refused_unless_allowed() {
    let (dir, _repo) = repo_with_version("1.4.0");
    fs::write(dir.path().join("HISTORY.rst"), "changed\n").unwrap();
    let refused = check(dir.path(), "config.json", false);
    match refused {
        Err(GuardError::Dirty { files }) => assert_eq!(files, ["HISTORY.rst"]),
        other => panic!("expected a dirty refusal, got {other:?}"),
    }
    let message = check(dir.path(), "config.json", false)
        .unwrap_err()
        .to_string();
    assert!(message.contains("--allow-dirty"), "says the fix: {message}");
    assert!(check(dir.path(), "config.json", true).is_ok());
}

#[test]
fn a_staged_change_counts_as_dirty() {
    let (dir, repo) = repo_with_version("1.4.0");
    fs::write(dir.path().join("new.txt"), "staged\n").unwrap();
    let mut index = repo.index().unwrap();
    index.add_path(std::path::Path::new("new.txt")).unwrap();
    index.write().unwrap();
    assert!(matches!(
        check(dir.path(), "config.json", false),
        Err(GuardError::Dirty { .. })
    ));
}

#[test]
fn untracked_and_ignored_files_do_not_count() {
    let (dir, _repo) = repo_with_version("1.4.0");
    fs::write(dir.path().join("scratch.txt"), "untracked\n").unwrap();
    fs::write(dir.path().join("debug.log"), "ignored by .gitignore\n").unwrap();
    let cleared = check(dir.path(), "config.json", false);
    assert_eq!(cleared.map(|c| c.version).ok(), Some("1.4.0".into()));
}

#[test]
fn the_version_comes_from_head_not_from_the_disk() {
    let (dir, _repo) = repo_with_version("1.4.0");
    let on_disk = fs::read_to_string(dir.path().join("config.json"))
        .unwrap()
        .replace("1.4.0", "9.9.9");
    fs::write(dir.path().join("config.json"), on_disk).unwrap();
    let cleared = check(dir.path(), "config.json", true).unwrap();
    assert_eq!(cleared.version, "1.4.0");
}

#[test]
fn a_tag_that_disagrees_is_refused_naming_both() {
    let (dir, repo) = repo_with_version("1.4.0");
    tag(&repo, "v1.3.9");
    let message = match check(dir.path(), "config.json", false) {
        Err(e @ GuardError::TagMismatch { .. }) => e.to_string(),
        other => panic!("expected a tag mismatch, got {other:?}"),
    };
    assert!(
        message.contains("v1.3.9") && message.contains("1.4.0"),
        "{message}"
    );
}

#[test]
fn a_tag_that_agrees_is_reported_and_other_tags_are_ignored() {
    let (dir, repo) = repo_with_version("1.4.0");
    tag(&repo, "v1.4.0");
    tag(&repo, "release-candidate");
    let cleared = check(dir.path(), "config.json", false).unwrap();
    assert_eq!(cleared.tag.as_deref(), Some("v1.4.0"));
    // A mismatching version tag on an older commit does not matter.
    let (dir, repo) = repo_with_version("2.0.0");
    tag(&repo, "v1.0.0");
    fs::write(dir.path().join("notes.txt"), "more\n").unwrap();
    commit_all(&repo, "more");
    assert!(check(dir.path(), "config.json", false).is_ok());
}

#[test]
fn a_project_in_a_subfolder_reads_its_own_version_file() {
    let (dir, repo) = repo_with_version("1.0.0");
    let sub = dir.path().join("service");
    fs::create_dir(&sub).unwrap();
    fs::write(sub.join("config.json"), "{\"version\": \"3.1.4\"}\n").unwrap();
    commit_all(&repo, "a service");
    assert_eq!(
        check(&sub, "config.json", false).map(|c| c.version).ok(),
        Some("3.1.4".into())
    );
}

#[test]
fn outside_git_or_without_a_committed_version_file_is_refused() {
    let plain = tempfile::tempdir().unwrap();
    assert!(matches!(
        check(plain.path(), "config.json", false),
        Err(GuardError::NotARepo { .. })
    ));
    let (dir, _repo) = repo_with_version("1.0.0");
    fs::write(dir.path().join("other.json"), "{}\n").unwrap();
    let e = check(dir.path(), "other.json", true);
    assert!(matches!(e, Err(GuardError::NoVersionFile { .. })), "{e:?}");
}
