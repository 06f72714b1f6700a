//! Bumps that cannot or do not complete leave the repository as it was:
//! refused before writing anything, or undone after a failed step.

mod git_support;

use chrono::NaiveDate;
use git_support::*;
use runcli::ops::git::{self, BumpKind, BumpRequest, GitError};

fn request(commit: bool, tag: bool, push: bool) -> BumpRequest {
    BumpRequest {
        kind: BumpKind::Patch,
        message: Some("Release".into()),
        commit,
        tag,
        push,
        date: NaiveDate::from_ymd_opt(2026, 11, 29),
    }
}

/// Everything a failed bump must not change.
#[derive(Debug, PartialEq)]
struct Snapshot {
    config: String,
    history: String,
    head: git2::Oid,
    tags: Vec<String>,
    statuses: Vec<(String, u32)>,
    index: Vec<u8>,
}

fn snapshot(repo: &git2::Repository) -> Snapshot {
    let root = repo.workdir().unwrap();
    Snapshot {
        config: read(root, "config.json"),
        history: read(root, "HISTORY.rst"),
        head: head(repo),
        tags: tags(repo),
        statuses: statuses(repo),
        index: std::fs::read(repo.path().join("index")).unwrap(),
    }
}

/// Staged, modified and untracked changes of the user's, so an undo that
/// stages or unstages anything shows.
fn user_changes(root: &std::path::Path, repo: &git2::Repository) {
    std::fs::write(root.join("staged.txt"), "s").unwrap();
    let mut index = repo.index().unwrap();
    index.add_path(std::path::Path::new("staged.txt")).unwrap();
    index.write().unwrap();
    std::fs::write(root.join(".gitignore"), "*.log\n*.tmp\n").unwrap();
    std::fs::write(root.join("untracked.txt"), "u").unwrap();
}

#[test]
fn push_without_a_remote_fails_clearly_and_changes_nothing() {
    let (dir, repo) = repo_with_version("1.2.3");
    user_changes(dir.path(), &repo);
    let before = snapshot(&repo);
    let err = git::plan(&project(dir.path()), &request(true, true, true)).unwrap_err();
    assert!(matches!(err, GitError::NoRemote { .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("no remote named origin"), "{text}");
    assert!(text.contains("git remote add origin"), "{text}");
    assert!(err.is_usage());
    let after = snapshot(&repo);
    assert_eq!(after.config, before.config);
    assert_eq!(after.history, before.history);
    assert_eq!(after.head, before.head);
    assert_eq!(after.tags, before.tags);
    assert_eq!(after, before);
}

#[test]
fn a_rejected_push_undoes_the_files_commit_and_tag() {
    let (dir, repo) = repo_with_version("1.2.3");
    let (bare_dir, bare) = bare_origin(&repo);
    // The remote refuses the branch update: its ref is locked.
    std::fs::create_dir_all(bare_dir.path().join("refs/heads")).unwrap();
    std::fs::write(bare_dir.path().join("refs/heads/main.lock"), "").unwrap();
    user_changes(dir.path(), &repo);
    let before = snapshot(&repo);

    let plan = git::plan(&project(dir.path()), &request(true, true, true)).unwrap();
    let mut done = Vec::new();
    let err = git::apply(&plan, |s| done.push(s.to_string())).unwrap_err();
    assert_eq!(done.len(), 4, "files, commit and tag were done: {done:?}");
    let GitError::Undone { failed, undone } = &err else {
        panic!("expected an undone failure, got {err:?}");
    };
    assert!(
        matches!(&**failed, GitError::PushRejected { reference, .. } if reference == "refs/heads/main"),
        "{failed:?}"
    );
    let text = err.to_string();
    assert!(text.contains("origin rejected refs/heads/main"), "{text}");
    assert!(text.contains("the repository was left as it was"), "{text}");
    assert!(
        undone.iter().any(|u| u == "tag v1.2.4 deleted"),
        "{undone:?}"
    );
    assert!(!err.is_usage());

    assert_eq!(snapshot(&repo), before);
    assert!(bare.find_reference("refs/tags/v1.2.4").is_err());
}

#[test]
fn a_non_fast_forward_push_names_the_branch_and_is_undone() {
    let (dir, repo) = repo_with_version("1.2.3");
    let (bare_dir, _bare) = bare_origin(&repo);
    // Someone else pushed first: the remote's main is not an ancestor.
    let (_other_dir, other) = repo_with(&[("other.txt", "o")]);
    other
        .remote("origin", bare_dir.path().to_str().unwrap())
        .unwrap();
    other
        .find_remote("origin")
        .unwrap()
        .push(&["refs/heads/main:refs/heads/main"], None)
        .unwrap();
    let before = snapshot(&repo);
    let plan = git::plan(&project(dir.path()), &request(true, true, true)).unwrap();
    let err = git::apply(&plan, |_| {}).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("origin rejected refs/heads/main: not a fast-forward"),
        "{text}"
    );
    assert!(text.contains("left as it was"), "{text}");
    assert_eq!(snapshot(&repo), before);
}

#[test]
fn a_tag_refused_after_the_branch_went_out_keeps_the_commit() {
    let (dir, repo) = repo_with_version("1.2.3");
    let (bare_dir, bare) = bare_origin(&repo);
    // The remote already has a v1.2.4 this repository never saw.
    let (_other_dir, other) = repo_with(&[("other.txt", "o")]);
    let sig = git2::Signature::now("x", "x@example.invalid").unwrap();
    let target = other
        .head()
        .unwrap()
        .peel(git2::ObjectType::Commit)
        .unwrap();
    other.tag("v1.2.4", &target, &sig, "theirs", false).unwrap();
    other
        .remote("origin", bare_dir.path().to_str().unwrap())
        .unwrap();
    other
        .find_remote("origin")
        .unwrap()
        .push(&["refs/tags/v1.2.4:refs/tags/v1.2.4"], None)
        .unwrap();

    let plan = git::plan(&project(dir.path()), &request(true, true, true)).unwrap();
    let err = git::apply(&plan, |_| {}).unwrap_err();
    assert!(matches!(err, GitError::TagNotPushed { .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("origin took main but not v1.2.4"), "{text}");
    assert!(text.contains("git push origin v1.2.4"), "{text}");
    let ours = head(&repo);
    assert_eq!(
        bare.find_reference("refs/heads/main").unwrap().target(),
        Some(ours)
    );
    assert!(tags(&repo).contains(&"v1.2.4".to_string()));
    assert!(read(dir.path(), "config.json").contains("1.2.4"));
}

#[test]
fn preconditions_are_checked_before_writing() {
    let (dir, repo) = repo_with_version("1.2.3");
    let project = project(dir.path());
    let before = snapshot(&repo);

    let sig = git2::Signature::now("x", "x@example.invalid").unwrap();
    let target = repo.head().unwrap().peel(git2::ObjectType::Commit).unwrap();
    repo.tag("v1.2.4", &target, &sig, "exists", false).unwrap();
    let err = git::plan(&project, &request(true, true, false)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "tag v1.2.4 already exists; bump again or delete it with `git tag -d v1.2.4`"
    );
    repo.tag_delete("v1.2.4").unwrap();

    let mut blank = request(true, false, false);
    blank.message = Some("  \n".into());
    let err = git::plan(&project, &blank).unwrap_err();
    assert!(err.to_string().contains("needs a message"), "{err}");
    let err = git::plan(&project, &request(false, true, false)).unwrap_err();
    assert!(
        err.to_string().contains("tagging needs the commit"),
        "{err}"
    );
    let err = git::plan(&project, &request(false, false, true)).unwrap_err();
    assert!(
        err.to_string().contains("pushing needs the commit"),
        "{err}"
    );

    bare_origin(&repo);
    repo.set_head_detached(head(&repo)).unwrap();
    let err = git::plan(&project, &request(true, false, true)).unwrap_err();
    assert!(matches!(err, GitError::DetachedHead), "{err:?}");
    repo.set_head("refs/heads/main").unwrap();

    std::fs::write(dir.path().join("config.json"), "{\"version\": \"next\"}").unwrap();
    let err = git::plan(&project, &request(true, false, false)).unwrap_err();
    assert!(err.to_string().contains("holds no N.N.N"), "{err}");
    std::fs::write(dir.path().join("config.json"), &before.config).unwrap();

    assert_eq!(snapshot(&repo), before);
}

#[test]
fn a_plan_made_stale_is_refused() {
    let (dir, repo) = repo_with_version("1.2.3");
    let plan = git::plan(&project(dir.path()), &request(true, false, false)).unwrap();
    let edited = CONFIG.replace("demo", "renamed");
    std::fs::write(dir.path().join("config.json"), &edited).unwrap();
    let err = git::apply(&plan, |_| {}).unwrap_err();
    assert!(matches!(err, GitError::Stale { .. }), "{err:?}");
    assert!(
        err.to_string().contains("config.json changed since"),
        "{err}"
    );
    assert_eq!(read(dir.path(), "config.json"), edited);
    assert_eq!(read(dir.path(), "HISTORY.rst"), HISTORY);
    assert_eq!(
        repo.head().unwrap().peel_to_commit().unwrap().message(),
        Ok("initial")
    );
}
