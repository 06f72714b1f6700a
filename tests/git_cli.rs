//! `runcli git ...` as scripts run it, on temporary repositories.

mod git_support;

use std::path::Path;
use std::process::{Command, Output};

use git_support::*;

fn runcli(project: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_runcli"))
        .arg("--project")
        .arg(project)
        .args(args)
        .env_remove("RUNCLI_PROJECT")
        .output()
        .expect("run runcli")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn today() -> String {
    chrono::Utc::now().format("%Y-%m-%d").to_string()
}

#[test]
fn status_prints_branch_changes_tag_and_version() {
    let (dir, repo) = repo_with_version("1.2.3");
    let sig = git2::Signature::now("x", "x@example.invalid").unwrap();
    let target = repo.head().unwrap().peel(git2::ObjectType::Commit).unwrap();
    repo.tag("v1.2.3", &target, &sig, "t", false).unwrap();
    std::fs::write(dir.path().join("new.txt"), "n").unwrap();
    let out = runcli(dir.path(), &["git", "status"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let short = &head(&repo).to_string()[..7];
    assert!(
        stdout.contains(&format!("branch     main at {short}\n")),
        "{stdout}"
    );
    assert!(
        stdout.contains("changes    0 staged, 0 modified, 1 untracked, 0 conflicted\n"),
        "{stdout}"
    );
    assert!(stdout.contains("latest tag v1.2.3\n"), "{stdout}");
    assert!(stdout.contains("version    1.2.3\n"), "{stdout}");
    assert!(stdout.contains("push to    (no remote)\n"), "{stdout}");

    let out = runcli(dir.path(), &["git", "status", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["branch"], "main");
    assert_eq!(json["untracked"], 1);
    assert_eq!(json["version"], "1.2.3");
}

#[test]
fn bump_patch_commit_tag_push_end_to_end() {
    let (dir, repo) = repo_with_version("1.2.3");
    let (bare_dir, bare) = bare_origin(&repo);
    let out = runcli(
        dir.path(),
        &[
            "git", "bump", "patch", "--commit", "-m", "msg", "--tag", "--push",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let date = today();
    let remote = bare_dir.path().display();
    let expected = format!(
        "plan:\n  config.json: 1.2.3 -> 1.2.4\n  HISTORY.rst: add entry 1.2.4 ({date})\n  \
         commit all changes: \"msg\"\n  tag v1.2.4\n  push main and v1.2.4 to origin ({remote})\n\
         done: config.json: 1.2.3 -> 1.2.4\ndone: HISTORY.rst: add entry 1.2.4 ({date})\n\
         done: commit all changes: \"msg\"\ndone: tag v1.2.4\n\
         done: push main and v1.2.4 to origin ({remote})\nversion 1.2.4\n"
    );
    assert_eq!(stdout, expected);
    assert!(read(dir.path(), "HISTORY.rst").ends_with(&format!(
        "\n\n1.2.4 ({date})\n~~~~~~~~~~~~~~~~~~\n\n* msg\n"
    )));
    let commit = head(&repo);
    assert_eq!(
        bare.find_reference("refs/heads/main").unwrap().target(),
        Some(commit)
    );
    let tag = bare.find_reference("refs/tags/v1.2.4").unwrap();
    assert_eq!(tag.peel_to_tag().unwrap().message(), Ok(Some("msg\n")));
    assert_eq!(tag.peel_to_commit().unwrap().id(), commit);
}

#[test]
fn dry_run_prints_the_plan_and_writes_nothing() {
    let (dir, repo) = repo_with_version("1.2.3");
    let before = head(&repo);
    let out = runcli(
        dir.path(),
        &["git", "bump", "minor", "--commit", "-m", "m", "--dry-run"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("config.json: 1.2.3 -> 1.3.0"));
    assert_eq!(read(dir.path(), "config.json"), CONFIG);
    assert_eq!(head(&repo), before);
}

#[test]
fn usage_and_precondition_failures_exit_non_zero_and_change_nothing() {
    let (dir, repo) = repo_with_version("1.2.3");
    let before = head(&repo);
    // clap usage errors: --tag and --push need --commit, --commit needs -m.
    for args in [
        &["git", "bump", "patch", "--tag", "-m", "m"][..],
        &["git", "bump", "patch", "--push", "-m", "m"][..],
        &["git", "bump", "patch", "--commit"][..],
    ] {
        let out = runcli(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
    }
    let out = runcli(
        dir.path(),
        &["git", "bump", "patch", "--commit", "-m", "m", "--push"],
    );
    assert_ne!(out.status.code(), Some(0), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot push: main has no upstream and there is no remote named origin"),
        "{stderr}"
    );
    assert_eq!(read(dir.path(), "config.json"), CONFIG);
    assert_eq!(read(dir.path(), "HISTORY.rst"), HISTORY);
    assert_eq!(head(&repo), before);
    assert!(tags(&repo).is_empty());
}
