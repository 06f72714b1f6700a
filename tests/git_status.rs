//! `status` on temporary repositories: branch, upstream distance, change
//! counts, the latest version tag by semver and the version.

mod git_support;

use git_support::*;
use runcli::ops::git::{self, GitError};

#[test]
fn counts_tags_upstream_and_version() {
    let (dir, repo) = repo_with_version("1.2.3");
    let (_bare_dir, _bare) = bare_origin(&repo);
    let sig = git2::Signature::now("x", "x@example.invalid").unwrap();
    let target = repo.head().unwrap().peel(git2::ObjectType::Commit).unwrap();
    for tag in ["v1.9.0", "v1.10.0", "v1.10.0-rc1", "vnext", "release-9.9.9"] {
        repo.tag(tag, &target, &sig, tag, false).unwrap();
    }
    repo.find_remote("origin")
        .unwrap()
        .push(&["refs/heads/main:refs/heads/main"], None)
        .unwrap();
    let mut main = repo.find_branch("main", git2::BranchType::Local).unwrap();
    repo.reference("refs/remotes/origin/main", head(&repo), true, "test")
        .unwrap();
    main.set_upstream(Some("origin/main")).unwrap();
    std::fs::write(dir.path().join("more.txt"), "m").unwrap();
    commit_all(&repo, "ahead by one");

    std::fs::write(dir.path().join("a.txt"), "a").unwrap();
    std::fs::write(dir.path().join("b.txt"), "b").unwrap();
    let mut index = repo.index().unwrap();
    index.add_path(std::path::Path::new("a.txt")).unwrap();
    index.write().unwrap();
    std::fs::write(dir.path().join("HISTORY.rst"), "changed").unwrap();
    std::fs::write(dir.path().join("x.log"), "ignored").unwrap();

    let status = git::status(&project(dir.path())).unwrap();
    assert_eq!(status.branch.as_deref(), Some("main"));
    assert_eq!(status.head.as_deref(), Some(&head(&repo).to_string()[..7]));
    let upstream = status.upstream.unwrap();
    assert_eq!(upstream.name, "origin/main");
    assert_eq!((upstream.ahead, upstream.behind), (Some(1), Some(0)));
    assert_eq!(status.push_remote.unwrap().name, "origin");
    assert_eq!(
        (status.staged, status.modified, status.untracked),
        (1, 1, 1)
    );
    assert_eq!(status.latest_tag.as_deref(), Some("v1.10.0"));
    assert_eq!(status.version.as_deref(), Some("1.2.3"));
    assert_eq!(status.version_error, None);
}

#[test]
fn an_unreadable_version_is_reported_not_fatal() {
    let (dir, _repo) = repo_with(&[("config.json", "{\"version\": 1}")]);
    let status = git::status(&project(dir.path())).unwrap();
    assert_eq!(status.version, None);
    assert!(status.version_error.unwrap().contains("not a string"));
    assert_eq!((status.latest_tag, status.upstream), (None, None));
}

#[test]
fn outside_a_repository_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = git::status(&project(dir.path())).unwrap_err();
    assert!(matches!(err, GitError::NotARepo { .. }), "{err:?}");
    assert!(err.to_string().contains("git init"), "{err}");
}
