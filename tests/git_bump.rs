//! A version bump on temporary repositories: the files it writes, the
//! commit, the annotated tag and the push to a bare remote.

mod git_support;

use chrono::NaiveDate;
use git_support::*;
use runcli::ops::git::{self, BumpKind, BumpRequest, Step};

fn date() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2026, 11, 29)
}

fn full(kind: BumpKind, message: &str) -> BumpRequest {
    BumpRequest {
        kind,
        message: Some(message.into()),
        commit: true,
        tag: true,
        push: true,
        date: date(),
    }
}

#[test]
fn bump_commit_tag_and_push_reach_a_bare_remote() {
    let (dir, repo) = repo_with_version("1.2.3");
    let (bare_dir, bare) = bare_origin(&repo);
    let before = head(&repo);
    std::fs::write(dir.path().join("new.py"), "x = 1\n").unwrap();
    std::fs::write(dir.path().join("debug.log"), "ignored\n").unwrap();
    let project = project(dir.path());

    let plan = git::plan(&project, &full(BumpKind::Patch, "Release the thing")).unwrap();
    assert_eq!(
        plan.lines(),
        vec![
            "config.json: 1.2.3 -> 1.2.4".to_string(),
            "HISTORY.rst: add entry 1.2.4 (2026-11-29)".to_string(),
            "commit all changes: \"Release the thing\"".to_string(),
            "tag v1.2.4".to_string(),
            format!(
                "push main and v1.2.4 to origin ({})",
                bare_dir.path().display()
            ),
        ]
    );
    // Planning writes nothing.
    assert_eq!(read(dir.path(), "config.json"), CONFIG);

    let mut done = Vec::new();
    let outcome = git::apply(&plan, |step: &Step| done.push(step.to_string())).unwrap();
    assert_eq!(done, plan.lines());
    assert_eq!(outcome.version, "1.2.4");

    assert_eq!(
        read(dir.path(), "config.json"),
        "{\n    \"name\": \"demo\",\n    \"version\": \"1.2.4\",\n    \"debug\": false\n}\n"
    );
    assert_eq!(
        read(dir.path(), "HISTORY.rst"),
        format!("{HISTORY}\n1.2.4 (2026-11-29)\n~~~~~~~~~~~~~~~~~~\n\n* Release the thing\n")
    );

    let commit = repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(outcome.commit, Some(commit.id().to_string()));
    assert_eq!(commit.message(), Ok("Release the thing\n"));
    assert_eq!(commit.parent_id(0).unwrap(), before);
    assert_eq!(commit.author().email(), Ok("test@example.invalid"));
    let tree = commit.tree().unwrap();
    assert!(
        tree.get_name("new.py").is_some(),
        "untracked files are committed"
    );
    assert!(
        tree.get_name("debug.log").is_none(),
        ".gitignore is honoured"
    );
    let blob = tree
        .get_name("config.json")
        .unwrap()
        .to_object(&repo)
        .unwrap();
    assert!(String::from_utf8_lossy(blob.as_blob().unwrap().content()).contains("1.2.4"));
    assert!(statuses(&repo).iter().all(|(p, _)| p == "debug.log"));

    let tag_ref = repo.find_reference("refs/tags/v1.2.4").unwrap();
    let tag = tag_ref.peel_to_tag().expect("an annotated tag");
    assert_eq!(tag.message(), Ok(Some("Release the thing\n")));
    assert_eq!(tag.target_id(), commit.id());
    assert_eq!(tag.tagger().unwrap().name(), Ok("Test Person"));

    let remote_main = bare.find_reference("refs/heads/main").unwrap();
    assert_eq!(remote_main.target(), Some(commit.id()));
    let remote_tag = bare.find_reference("refs/tags/v1.2.4").unwrap();
    assert_eq!(remote_tag.target(), Some(tag.id()));
    assert_eq!(remote_tag.peel_to_commit().unwrap().id(), commit.id());

    let status = git::status(&project).unwrap();
    assert_eq!(status.latest_tag.as_deref(), Some("v1.2.4"));
    assert_eq!(status.version.as_deref(), Some("1.2.4"));
}

#[test]
fn minor_bump_resets_patch_and_touches_only_the_files() {
    let (dir, repo) = repo_with_version("1.2.3");
    let before = head(&repo);
    let project = project(dir.path());
    let mut request = BumpRequest::new(BumpKind::Minor);
    request.date = date();
    let plan = git::plan(&project, &request).unwrap();
    assert_eq!(
        plan.lines(),
        vec![
            "config.json: 1.2.3 -> 1.3.0",
            "HISTORY.rst: add entry 1.3.0 (2026-11-29)"
        ]
    );
    let outcome = git::apply(&plan, |_| {}).unwrap();
    assert_eq!((outcome.commit, outcome.tag), (None, None));
    assert!(read(dir.path(), "config.json").contains("\"version\": \"1.3.0\""));
    // No message: the entry is a title for the user to fill in.
    assert_eq!(
        read(dir.path(), "HISTORY.rst"),
        format!("{HISTORY}\n1.3.0 (2026-11-29)\n~~~~~~~~~~~~~~~~~~\n")
    );
    assert_eq!(head(&repo), before);
    assert!(tags(&repo).is_empty());
    let status = git::status(&project).unwrap();
    assert_eq!(
        (status.staged, status.modified, status.untracked),
        (0, 2, 0)
    );
}

#[test]
fn the_first_version_inside_a_longer_string_is_bumped_in_place() {
    let (dir, repo) = repo_with_version("v1.2.3-rc1");
    let project = project(dir.path());
    let mut request = full(BumpKind::Patch, "rc");
    request.push = false;
    let plan = git::plan(&project, &request).unwrap();
    assert_eq!(plan.lines()[0], "config.json: v1.2.3-rc1 -> v1.2.4-rc1");
    assert_eq!(plan.tag.as_deref(), Some("v1.2.4"));
    git::apply(&plan, |_| {}).unwrap();
    assert!(read(dir.path(), "config.json").contains("\"version\": \"v1.2.4-rc1\""));
    assert!(
        read(dir.path(), "HISTORY.rst")
            .ends_with("\n\n1.2.4 (2026-11-29)\n~~~~~~~~~~~~~~~~~~\n\n* rc\n")
    );
    assert!(tags(&repo).contains(&"v1.2.4".to_string()));
}

#[test]
fn lowercase_history_is_used_and_a_missing_one_is_created() {
    let (dir, _repo) = repo_with(&[
        ("config.json", "{\"version\": \"0.9.9\"}"),
        ("history.rst", "* old"),
    ]);
    let project = project(dir.path());
    let mut request = BumpRequest::new(BumpKind::Patch);
    request.message = Some("Lower".into());
    request.date = date();
    let plan = git::plan(&project, &request).unwrap();
    assert_eq!(
        plan.lines()[1],
        "history.rst: add entry 0.9.10 (2026-11-29)"
    );
    git::apply(&plan, |_| {}).unwrap();
    assert_eq!(
        read(dir.path(), "history.rst"),
        "* old\n\n0.9.10 (2026-11-29)\n~~~~~~~~~~~~~~~~~~~\n\n* Lower\n"
    );
    assert_eq!(read(dir.path(), "config.json"), "{\"version\": \"0.9.10\"}");

    let (dir, _repo) = repo_with(&[("config.json", "{\"version\": \"2.0.0\"}")]);
    let project = git_support::project(dir.path());
    let plan = git::plan(&project, &request).unwrap();
    assert_eq!(
        plan.lines()[1],
        "HISTORY.rst: create with entry 2.0.1 (2026-11-29)"
    );
    git::apply(&plan, |_| {}).unwrap();
    assert_eq!(
        read(dir.path(), "HISTORY.rst"),
        "=======\nHistory\n=======\n\n2.0.1 (2026-11-29)\n~~~~~~~~~~~~~~~~~~\n\n* Lower\n"
    );
}

#[test]
fn a_project_in_a_subfolder_commits_only_its_own_changes() {
    let (dir, repo) = repo_with(&[("outside.txt", "a")]);
    let sub = dir.path().join("app");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("config.json"), "{\"version\": \"1.0.0\"}").unwrap();
    commit_all(&repo, "app");
    std::fs::write(dir.path().join("outside.txt"), "changed").unwrap();
    std::fs::write(sub.join("inside.txt"), "new").unwrap();
    let mut request = full(BumpKind::Patch, "sub");
    request.push = false;
    let plan = git::plan(&project(&sub), &request).unwrap();
    git::apply(&plan, |_| {}).unwrap();
    let tree = repo.head().unwrap().peel_to_tree().unwrap();
    assert!(
        tree.get_path(std::path::Path::new("app/inside.txt"))
            .is_ok()
    );
    assert!(
        tree.get_path(std::path::Path::new("app/HISTORY.rst"))
            .is_ok()
    );
    let outside = tree
        .get_name("outside.txt")
        .unwrap()
        .to_object(&repo)
        .unwrap();
    assert_eq!(
        outside.as_blob().unwrap().content(),
        b"a",
        "outside the root stays unstaged"
    );
}
