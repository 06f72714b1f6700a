//! `runcli deploy` ships a commit: it refuses a work tree with tracked
//! changes (unless `--allow-dirty`), a HEAD whose vX.Y.Z tag disagrees
//! with config.json, and production without `--yes-production`, before it
//! connects to anything (the environments here point at no engine).

mod common;
mod git_support;

use common::{output_text as text, runcli};
use git_support::repo_with;

const MANIFEST: &str = r#"[project]
name = "guarded"

[environments.staging]
engine = "tcp://127.0.0.1:1"
stack = "guarded"
registry = "127.0.0.1:5000"
url = "http://127.0.0.1:1"

[environments.production]
engine = "tcp://127.0.0.1:1"
stack = "guarded-prod"
registry = "127.0.0.1:5000"
url = "http://127.0.0.1:1"
"#;

fn project() -> (tempfile::TempDir, git2::Repository) {
    repo_with(&[
        ("config.json", "{\"version\": \"1.2.3\"}\n"),
        ("runcli.toml", MANIFEST),
        (
            "docker-compose.yaml",
            "services:\n  api:\n    image: busybox\n",
        ),
        (".gitignore", "ignored.txt\n"),
    ])
}

#[test]
fn a_dirty_work_tree_is_refused_unless_allowed() {
    let (dir, _repo) = project();
    std::fs::write(dir.path().join("ignored.txt"), "x").unwrap();
    std::fs::write(dir.path().join("untracked.txt"), "x").unwrap();
    let clean = runcli(dir.path(), &["deploy", "staging"]);
    assert_eq!(
        clean.status.code(),
        Some(3),
        "untracked and ignored files do not count; it goes on to the engine: {}",
        text(&clean)
    );

    std::fs::write(dir.path().join("config.json"), "{\"version\": \"9.9.9\"}\n").unwrap();
    let dirty = runcli(dir.path(), &["deploy", "staging"]);
    assert_eq!(dirty.status.code(), Some(2), "{}", text(&dirty));
    assert!(text(&dirty).contains("config.json"), "{}", text(&dirty));
    assert!(text(&dirty).contains("--allow-dirty"), "{}", text(&dirty));

    let allowed = runcli(dir.path(), &["deploy", "staging", "--allow-dirty"]);
    assert_eq!(allowed.status.code(), Some(3), "{}", text(&allowed));
}

#[test]
fn a_tag_that_disagrees_with_config_json_is_refused() {
    let (dir, repo) = project();
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    repo.tag_lightweight("v2.0.0", head.as_object(), false)
        .unwrap();
    let out = runcli(dir.path(), &["deploy", "staging"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("v2.0.0"), "{}", text(&out));
    assert!(text(&out).contains("1.2.3"), "{}", text(&out));
}

#[test]
fn production_needs_its_flag() {
    let (dir, _repo) = project();
    let out = runcli(dir.path(), &["deploy", "production"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("--yes-production"), "{}", text(&out));
    let confirmed = runcli(dir.path(), &["deploy", "production", "--yes-production"]);
    assert_eq!(
        confirmed.status.code(),
        Some(3),
        "confirmed, it goes on to the engine: {}",
        text(&confirmed)
    );
}

#[test]
fn a_version_on_the_command_line_needs_no_version_file() {
    let (dir, _repo) = repo_with(&[
        ("runcli.toml", MANIFEST),
        (
            "docker-compose.yaml",
            "services:\n  api:\n    image: busybox\n",
        ),
    ]);
    let out = runcli(dir.path(), &["deploy", "staging"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("config.json"), "{}", text(&out));
    let given = runcli(dir.path(), &["deploy", "staging", "--version", "1.0.0"]);
    assert_eq!(
        given.status.code(),
        Some(3),
        "with a version it goes on to the engine: {}",
        text(&given)
    );
}
