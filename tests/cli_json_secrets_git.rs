//! `runcli secrets list | check | diff | compile` and `runcli git status |
//! bump` with `--json`: stdout is JSON only with the field names README
//! "JSON output" gives, secret values appear only as the screen's masks,
//! an unknown environment exits 2 naming the known ones, and a failed
//! check exits 1, still JSON.

mod git_support;
mod json_support;

use std::path::Path;
use std::process::{Command, Output};

use git_support::{bare_origin, head, repo_with_version};
use json_support::{assert_fields, json_lines, with};
use runcli::secrets::mask::Masked;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo");

/// tests/cli_secrets.rs's copy of the demo's secrets inputs, in a repository.
fn demo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for file in [
        "secret--template.env",
        "secret--template-values.env",
        "config.json",
        ".gitignore",
    ] {
        std::fs::copy(Path::new(DEMO).join(file), dir.path().join(file)).unwrap();
    }
    git2::Repository::init(dir.path()).unwrap();
    dir
}

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

#[test]
fn secrets_list_check_diff_and_compile_are_json_with_masked_values() {
    let dir = demo_copy();

    let list = runcli(dir.path(), &["--json", "secrets", "list"]);
    assert_eq!(list.status.code(), Some(0), "{}", text(&list));
    let objects = json_lines(&list);
    assert_eq!(objects[0]["kind"], "inputs");
    assert_fields(&objects[0], &["template", "values"]);
    let envs = with(&objects, "kind", "environment");
    let local = envs
        .iter()
        .find(|e| e["name"] == "local")
        .unwrap_or_else(|| panic!("{objects:?}"));
    let outputs = local["outputs"].as_array().unwrap();
    assert!(!outputs.is_empty());
    assert_fields(&outputs[0], &["target", "path"]);
    let targets = with(&objects, "kind", "target");
    assert!(
        targets.iter().any(|t| t["name"] == "api-local"),
        "{objects:?}"
    );
    assert_fields(targets[0], &["name", "code_name", "client"]);

    let check = runcli(dir.path(), &["secrets", "check", "--json"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check));
    let summary = json_lines(&check).pop().unwrap();
    assert_eq!(summary["kind"], "summary");
    assert_fields(&summary, &["ok", "targets", "errors", "warnings"]);
    assert_eq!(summary["ok"], true);
    assert_eq!(summary["errors"], 0);

    let before = runcli(dir.path(), &["--json", "secrets", "diff", "local"]);
    assert_eq!(before.status.code(), Some(0), "{}", text(&before));
    let diffs = json_lines(&before);
    assert_eq!(diffs.len(), outputs.len(), "{diffs:?}");
    for diff in &diffs {
        assert_eq!(diff["kind"], "diff");
        assert_fields(
            diff,
            &["env", "target", "path", "exists", "has_changes", "entries"],
        );
        assert_eq!(diff["exists"], false);
        for entry in diff["entries"].as_array().unwrap() {
            assert_fields(entry, &["key", "change", "old", "new"]);
            assert_eq!(entry["change"], "added");
        }
    }

    let compile = runcli(dir.path(), &["--json", "secrets", "compile", "local"]);
    assert_eq!(compile.status.code(), Some(0), "{}", text(&compile));
    let written = json_lines(&compile);
    assert_eq!(written.len(), outputs.len(), "{written:?}");
    for file in &written {
        assert_eq!(file["kind"], "written");
        assert_fields(file, &["status", "target", "path", "backup"]);
        assert_eq!(file["status"], "created");
    }

    // Against the files now on disk: every value is the screen's mask.
    let after = runcli(dir.path(), &["--json", "secrets", "diff", "local"]);
    assert_eq!(after.status.code(), Some(0), "{}", text(&after));
    let stdout = String::from_utf8_lossy(&after.stdout).to_string();
    let mut compared = 0;
    for diff in json_lines(&after) {
        let path = dir.path().join(diff["path"].as_str().unwrap());
        let path = if path.exists() {
            path
        } else {
            Path::new(diff["path"].as_str().unwrap()).to_path_buf()
        };
        let values: Vec<(String, String)> = dotenvy::from_path_iter(&path)
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(diff["has_changes"], false, "{diff}");
        for (key, value) in values {
            let entry = diff["entries"]
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["key"] == key.as_str())
                .unwrap_or_else(|| panic!("{key} missing from {diff}"));
            let mask = Masked::new(value.clone()).masked();
            assert_eq!(entry["new"], mask.as_str(), "{key}");
            assert_eq!(entry["old"], mask.as_str(), "{key}");
            assert_eq!(entry["change"], "unchanged");
            if value.chars().count() >= 8 {
                assert!(!stdout.contains(&value), "{key}'s value is shown: {stdout}");
            }
            compared += 1;
        }
    }
    assert!(compared > 5, "only {compared} values compared");

    let unknown = runcli(dir.path(), &["--json", "secrets", "diff", "nope"]);
    assert_eq!(unknown.status.code(), Some(2), "{}", text(&unknown));
    let objects = json_lines(&unknown);
    assert_eq!(objects.len(), 1, "{objects:?}");
    let error = objects[0]["error"].as_str().unwrap();
    assert!(error.contains("nope") && error.contains("local"), "{error}");
}

#[test]
fn a_failed_secrets_check_exits_1_and_stays_json() {
    let dir = demo_copy();
    let template = dir.path().join("secret--template.env");
    let mut body = std::fs::read_to_string(&template).unwrap();
    body.push_str("EXTRA={{ not_defined_anywhere }}\n");
    std::fs::write(&template, body).unwrap();
    let out = runcli(dir.path(), &["--json", "secrets", "check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let objects = json_lines(&out);
    let errors = with(&objects, "kind", "error");
    assert!(!errors.is_empty(), "{objects:?}");
    assert!(
        errors[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("not_defined_anywhere")),
        "{objects:?}"
    );
    let summary = objects.last().unwrap();
    assert_eq!(summary["kind"], "summary");
    assert_eq!(summary["ok"], false);
    assert_eq!(summary["errors"], errors.len());
}

#[test]
fn git_status_and_bump_are_json() {
    let (dir, repo) = repo_with_version("1.2.3");
    let (_bare_dir, _bare) = bare_origin(&repo);
    let status = runcli(dir.path(), &["--json", "git", "status"]);
    assert_eq!(status.status.code(), Some(0), "{}", text(&status));
    let objects = json_lines(&status);
    assert_eq!(objects.len(), 1, "one object on one line: {objects:?}");
    assert_fields(
        &objects[0],
        &[
            "workdir",
            "branch",
            "head",
            "upstream",
            "push_remote",
            "staged",
            "modified",
            "untracked",
            "conflicted",
            "latest_tag",
            "version",
            "version_error",
        ],
    );
    assert_eq!(objects[0]["version"], "1.2.3");

    let dry = runcli(
        dir.path(),
        &[
            "git",
            "bump",
            "minor",
            "--commit",
            "-m",
            "m",
            "--dry-run",
            "--json",
        ],
    );
    assert_eq!(dry.status.code(), Some(0), "{}", text(&dry));
    let objects = json_lines(&dry);
    assert_eq!(objects.len(), 1, "the plan only: {objects:?}");
    let plan = &objects[0];
    assert_eq!(plan["event"], "plan");
    assert_fields(
        plan,
        &[
            "kind",
            "old_version",
            "new_version",
            "tag",
            "branch",
            "steps",
            "dry_run",
        ],
    );
    assert_eq!(plan["kind"], "minor");
    assert_eq!(plan["new_version"], "1.3.0");
    assert_eq!(plan["dry_run"], true);

    let bump = runcli(
        dir.path(),
        &[
            "--json", "git", "bump", "patch", "--commit", "-m", "msg", "--tag", "--push",
        ],
    );
    assert_eq!(bump.status.code(), Some(0), "{}", text(&bump));
    let objects = json_lines(&bump);
    assert_eq!(objects[0]["event"], "plan");
    let steps = with(&objects, "event", "step");
    assert_eq!(
        steps.len(),
        objects[0]["steps"].as_array().unwrap().len(),
        "{objects:?}"
    );
    let result = objects.last().unwrap();
    assert_eq!(result["event"], "result");
    assert_fields(result, &["version", "commit", "tag", "pushed_to"]);
    assert_eq!(result["version"], "1.2.4");
    assert_eq!(result["tag"], "v1.2.4");
    assert_eq!(result["commit"], head(&repo).to_string().as_str());
    assert_eq!(result["pushed_to"]["name"], "origin");
}
