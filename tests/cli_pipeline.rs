//! `runcli pipeline run|list` and `git bump --tag --ship` on the real
//! binary, in git repositories with host-command steps: exit codes (0 all
//! passed, 1 a step failed, 2 a configuration or command-line error, or a
//! refusal before any step), and `--json` as one object per event.

mod common;
mod git_support;
mod json_support;

use std::path::Path;

use common::{output_text as text, runcli};
use git_support::{HISTORY, repo_with, tags};
use json_support::{assert_fields, json_lines, with};

const COMMANDS: &str = r#"[commands.lint]
host = true
command = ["sh", "-c", "echo lint ok; echo lint >> ran.txt"]

[commands.check]
host = true
command = ["sh", "-c", "echo checking; echo check >> ran.txt"]

[commands.broken]
host = true
command = ["sh", "-c", "echo broken >> ran.txt; exit 3"]
"#;

const PASSING: &str = r#"
[pipeline.lint]
command = "lint"
[pipeline.check]
command = "check"
needs = ["lint"]
"#;

const DELIVERING: &str = r#"
[pipeline.lint]
command = "lint"
[pipeline.unit]
command = "broken"
needs = ["lint"]
[pipeline.push]
push = "staging"
needs = ["unit"]
[pipeline.deploy-staging]
deploy = "staging"
needs = ["push"]
[pipeline.confirm-production]
confirm = "production"
needs = ["deploy-staging"]
[pipeline.deploy-production]
deploy = "production"
needs = ["confirm-production"]
"#;

fn repo(pipeline: &str) -> (tempfile::TempDir, git2::Repository) {
    repo_with(&[
        ("config.json", "{\"version\": \"1.2.3\"}\n"),
        ("HISTORY.rst", HISTORY),
        ("runcli.toml", &format!("{COMMANDS}{pipeline}")),
        (".gitignore", "ran.txt\ndata/\n"),
    ])
}

fn ran(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("ran.txt")).unwrap_or_default()
}

fn code(out: &std::process::Output) -> Option<i32> {
    out.status.code()
}

#[test]
fn a_passing_run_exits_0_with_one_json_object_per_event() {
    let (dir, _repo) = repo(PASSING);
    let out = runcli(dir.path(), &["--json", "pipeline", "run"]);
    assert_eq!(code(&out), Some(0), "{}", text(&out));
    let objects = json_lines(&out);
    assert_eq!(objects[0]["event"], "plan");
    let started: Vec<&str> = with(&objects, "event", "started")
        .iter()
        .filter_map(|o| o["step"].as_str())
        .collect();
    assert_eq!(started, ["lint", "check"]);
    for finished in with(&objects, "event", "finished") {
        assert_fields(finished, &["step", "state", "duration_secs", "error"]);
        assert!(finished["error"].is_null(), "{finished}");
        assert_eq!(finished["state"], "passed");
    }
    let output = with(&objects, "event", "output");
    assert!(
        output
            .iter()
            .any(|o| o["step"] == "lint" && o["line"] == "lint ok"),
        "{objects:?}"
    );
    let result = objects.last().unwrap();
    assert_eq!(result["event"], "result");
    assert_eq!(result["passed"], true);
    assert_eq!(ran(dir.path()), "lint\ncheck\n");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("2 passed, 0 failed"), "{stderr}");
}

#[test]
fn a_failing_step_exits_1_and_nothing_after_it_starts() {
    let (dir, _repo) = repo(DELIVERING);
    let out = runcli(
        dir.path(),
        &["--json", "pipeline", "run", "--to", "staging"],
    );
    assert_eq!(code(&out), Some(1), "{}", text(&out));
    let objects = json_lines(&out);
    let started: Vec<&str> = with(&objects, "event", "started")
        .iter()
        .filter_map(|o| o["step"].as_str())
        .collect();
    assert_eq!(started, ["lint", "unit"]);
    let skipped: Vec<&str> = with(&objects, "event", "stopped")
        .iter()
        .filter(|o| o["state"] == "skipped")
        .filter_map(|o| o["step"].as_str())
        .collect();
    assert_eq!(skipped, ["push", "deploy-staging"]);
    assert_eq!(
        objects.last().map(|o| o["passed"].clone()),
        Some(false.into())
    );
    assert_eq!(ran(dir.path()), "lint\nbroken\n");
}

#[test]
fn configuration_errors_exit_2_located() {
    let (dir, _repo) = repo(
        "\n[pipeline.a]\ncommand = \"lint\"\nneeds = [\"b\"]\n[pipeline.b]\ncommand = \"lint\"\nneeds = [\"a\"]\n",
    );
    let out = runcli(dir.path(), &["pipeline", "run"]);
    assert_eq!(code(&out), Some(2), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("runcli.toml:15:9: pipeline.a.needs"),
        "{stderr}"
    );
    assert!(stderr.contains("a -> b -> a"), "{stderr}");
    let (dir, _repo) = repo(PASSING);
    for args in [
        ["pipeline", "run", "--to", "qa"],
        ["pipeline", "run", "--from", "nope"],
    ] {
        let out = runcli(dir.path(), &args);
        assert_eq!(code(&out), Some(2), "{args:?}: {}", text(&out));
    }
    assert_eq!(ran(dir.path()), "", "nothing ran");
}

#[test]
fn production_needs_its_own_flag_before_anything_runs() {
    let (dir, _repo) = repo(DELIVERING);
    let out = runcli(dir.path(), &["pipeline", "run", "--yes"]);
    assert_eq!(code(&out), Some(2), "{}", text(&out));
    assert!(text(&out).contains("--yes-production"), "{}", text(&out));
    assert_eq!(ran(dir.path()), "", "refused before the first step");
}

#[test]
fn a_dirty_tree_is_refused_before_any_step_when_the_run_ships() {
    let (dir, _repo) = repo(DELIVERING);
    std::fs::write(dir.path().join("HISTORY.rst"), "edited\n").unwrap();
    let out = runcli(dir.path(), &["pipeline", "run", "--to", "staging"]);
    assert_eq!(code(&out), Some(2), "{}", text(&out));
    assert!(text(&out).contains("HISTORY.rst"), "{}", text(&out));
    assert!(text(&out).contains("--allow-dirty"), "{}", text(&out));
    assert_eq!(ran(dir.path()), "");
    // A run that ships nothing does not care.
    let out = runcli(
        dir.path(),
        &["pipeline", "run", "--to", "staging", "--allow-dirty"],
    );
    assert_eq!(
        code(&out),
        Some(1),
        "gets as far as the broken step: {}",
        text(&out)
    );
}

#[test]
fn a_push_to_an_environment_runcli_toml_lacks_fails_saying_so() {
    let (dir, _repo) = repo(&DELIVERING.replace("command = \"broken\"", "command = \"check\""));
    let out = runcli(dir.path(), &["pipeline", "run", "--to", "staging"]);
    assert_eq!(code(&out), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("no environment `staging`: runcli.toml has no [environments] table"),
        "{}",
        text(&out)
    );
    assert_eq!(ran(dir.path()), "lint\ncheck\n");
}

#[test]
fn list_names_steps_kinds_and_needs_in_order() {
    let (dir, _repo) = repo(DELIVERING);
    let out = runcli(dir.path(), &["--json", "pipeline", "list"]);
    assert_eq!(code(&out), Some(0), "{}", text(&out));
    let objects = json_lines(&out);
    let names: Vec<&str> = objects.iter().filter_map(|o| o["step"].as_str()).collect();
    assert_eq!(
        names,
        [
            "lint",
            "unit",
            "push",
            "deploy-staging",
            "confirm-production",
            "deploy-production"
        ]
    );
    assert_eq!(objects[2]["kind"], "push");
    assert_eq!(objects[2]["env"], "staging");
    assert_eq!(objects[2]["needs"], serde_json::json!(["unit"]));
    let out = runcli(dir.path(), &["pipeline", "list"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout
            .lines()
            .nth(3)
            .is_some_and(|l| l.starts_with("deploy-staging")
                && l.contains("deploy staging")
                && l.contains("needs push")),
        "{stdout}"
    );
}

#[test]
fn bump_with_ship_runs_the_pipeline_after_the_tag() {
    let (dir, repo) = repo(PASSING);
    let out = runcli(
        dir.path(),
        &[
            "git", "bump", "patch", "--commit", "-m", "Ship it", "--tag", "--ship",
        ],
    );
    assert_eq!(code(&out), Some(0), "{}", text(&out));
    assert!(tags(&repo).contains(&"v1.2.4".to_string()));
    assert_eq!(ran(dir.path()), "lint\ncheck\n");
    let (dir, _repo) = repo_with(&[
        ("config.json", "{\"version\": \"1.2.3\"}\n"),
        ("HISTORY.rst", HISTORY),
        (
            "runcli.toml",
            "[tests]\nall = []\n[tests.x]\nservice = \"s\"\ncommands = [[\"true\"]]\n",
        ),
    ]);
    let out = runcli(
        dir.path(),
        &[
            "git", "bump", "patch", "--commit", "-m", "Ship it", "--tag", "--ship",
        ],
    );
    assert_eq!(
        code(&out),
        Some(2),
        "no pipeline: refused before the bump: {}",
        text(&out)
    );
    let config = std::fs::read_to_string(dir.path().join("config.json")).unwrap();
    assert!(config.contains("1.2.3"), "not bumped: {config}");
}
