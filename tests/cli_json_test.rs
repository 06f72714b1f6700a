//! `runcli test list | run --json` on a real engine: stdout is JSON only,
//! one object per line (events while the tier runs, the result last), the
//! human summary goes to stderr, and the exit codes hold: a failing tier 1,
//! an unknown tier 2 (naming the known ones), a dead engine socket 3, each
//! failure ending with an `{"error": ...}` object.

mod common;
mod json_support;

use common::{
    ProjectGuard, busybox_image, docker_or_skip, output_text as text, runcli, runcli_env,
    unique_project, write_busybox_context,
};
use json_support::{assert_fields, json_lines, last_stderr_line, with};

const PASSING: &str = r#"<testsuites><testsuite name="pytest" tests="3"><testcase classname="t" name="a" time="0.1"/><testcase classname="t" name="b" time="0.2"/><testcase classname="t" name="c" time="0"><skipped message="later"/></testcase></testsuite></testsuites>"#;
const FAILING: &str = r#"<testsuites><testsuite name="pytest" tests="2"><testcase classname="t" name="ok" time="0.1"/><testcase classname="t" name="broken" time="0.3"><failure message="assert 1 == 2">Traceback</failure></testcase></testsuite></testsuites>"#;

/// The busybox suites of tests/test_tiers.rs, without the service they need.
fn manifest(name: &str) -> String {
    format!(
        r#"[project]
name = "{name}"

[compose]
files = ["docker-compose.yaml"]

[tests]
all = ["pass", "fail"]

[tests.pass]
service = "tester"
commands = [["sh", "-c", "echo running pass; cp data/pass-src.xml {{report}}"]]
report = "data/reports/pass.xml"

[tests.fail]
service = "tester"
commands = [["sh", "-c", "cp data/fail-src.xml {{report}}; echo boom >&2; exit 1"]]
report = "data/reports/fail.xml"
"#
    )
}

const COMPOSE: &str = r#"services:
  tester:
    build: .
    working_dir: /work
    volumes:
      - ./data:/work/data
"#;

fn project_dir(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_busybox_context(dir.path(), "");
    std::fs::write(dir.path().join("runcli.toml"), manifest(name)).unwrap();
    std::fs::write(dir.path().join("docker-compose.yaml"), COMPOSE).unwrap();
    std::fs::create_dir_all(dir.path().join("data/reports")).unwrap();
    std::fs::write(dir.path().join("data/pass-src.xml"), PASSING).unwrap();
    std::fs::write(dir.path().join("data/fail-src.xml"), FAILING).unwrap();
    dir
}

#[test]
fn test_list_is_one_object_per_tier_then_all() {
    let dir = project_dir(&unique_project("jsonlist"));
    let out = runcli(dir.path(), &["--json", "test", "list"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let objects = json_lines(&out);
    let tiers: Vec<&str> = objects.iter().filter_map(|o| o["tier"].as_str()).collect();
    // The manifest's order, not the alphabet's.
    assert_eq!(tiers, ["pass", "fail"], "{objects:?}");
    for tier in objects.iter().filter(|o| o.get("tier").is_some()) {
        assert_fields(
            tier,
            &[
                "tier",
                "description",
                "service",
                "needs",
                "commands",
                "args",
            ],
        );
        assert_eq!(tier["service"], "tester");
    }
    let last = objects.last().unwrap();
    assert_eq!(last["all"], serde_json::json!(["pass", "fail"]));
}

#[tokio::test]
async fn test_run_json_events_result_and_exit_codes() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let name = unique_project("jsontest");
    let mut guard = ProjectGuard::new(&engine, &name);
    guard.images.push(format!("{name}-tester"));
    busybox_image(&engine).await;
    let dir = project_dir(&name);

    // The README's spelling, --json after the tier.
    let pass = runcli(dir.path(), &["test", "run", "pass", "--json"]);
    assert_eq!(pass.status.code(), Some(0), "{}", text(&pass));
    let objects = json_lines(&pass);
    assert_eq!(with(&objects, "event", "started")[0]["tier"], "pass");
    let lines = with(&objects, "event", "line");
    assert!(
        lines
            .iter()
            .any(|l| l["line"] == "running pass" && l["stream"] == "stdout"),
        "{objects:?}"
    );
    let tests = with(&objects, "event", "test");
    assert_eq!(tests.len(), 3, "{objects:?}");
    for t in &tests {
        assert_fields(t, &["tier", "name", "status", "duration", "message"]);
    }
    assert!(tests.iter().any(|t| t["status"] == "skipped"));
    let tier = with(&objects, "event", "tier");
    assert_fields(
        tier[0],
        &[
            "tier",
            "ok",
            "exit_code",
            "duration_secs",
            "counts",
            "report_note",
        ],
    );
    assert_eq!(tier[0]["ok"], true);
    let result = objects.last().unwrap();
    assert_eq!(result["event"], "result", "the result comes last");
    assert_eq!(result["passed"], 2);
    assert_eq!(result["failed"], 0);
    assert_eq!(result["skipped"], 1);
    assert_eq!(result["ok"], true);
    assert_eq!(last_stderr_line(&pass), "2 passed, 0 failed, 1 skipped");

    // A tier whose command fails: exit 1, still JSON only.
    let fail = runcli(dir.path(), &["--json", "test", "run", "fail"]);
    assert_eq!(fail.status.code(), Some(1), "{}", text(&fail));
    let objects = json_lines(&fail);
    assert!(
        with(&objects, "event", "line")
            .iter()
            .any(|l| l["line"] == "boom" && l["stream"] == "stderr"),
        "{objects:?}"
    );
    let broken = with(&objects, "event", "test")
        .into_iter()
        .find(|t| t["status"] == "failed")
        .expect("the failed test");
    assert_eq!(broken["message"], "assert 1 == 2");
    let result = objects.last().unwrap();
    assert_eq!(result["event"], "result");
    assert_eq!(
        (result["passed"].as_u64(), result["failed"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(result["ok"], false);
    assert_eq!(last_stderr_line(&fail), "1 passed, 1 failed, 0 skipped");

    // `all` stops at the failure and says what it did not run.
    let all = runcli(dir.path(), &["--json", "test", "run", "all"]);
    assert_eq!(all.status.code(), Some(1), "{}", text(&all));
    let result = json_lines(&all).pop().unwrap();
    assert_eq!(result["tiers"], serde_json::json!(["pass", "fail"]));
    assert_eq!(result["not_run"], serde_json::json!([]));

    // An unknown tier: exit 2, the known ones named in the error object.
    let unknown = runcli(dir.path(), &["--json", "test", "run", "nope"]);
    assert_eq!(unknown.status.code(), Some(2), "{}", text(&unknown));
    let objects = json_lines(&unknown);
    assert_eq!(objects.len(), 1, "{objects:?}");
    let error = objects[0]["error"].as_str().unwrap();
    assert!(
        error.contains("nope") && error.contains("the tiers are: pass, fail"),
        "{error}"
    );

    // An engine at a dead socket: exit 3, the error object last.
    let dead = runcli_env(
        dir.path(),
        &["--json", "test", "run", "pass"],
        &[("DOCKER_HOST", "unix:///nonexistent.sock".to_string())],
    );
    assert_eq!(dead.status.code(), Some(3), "{}", text(&dead));
    let objects = json_lines(&dead);
    let last = objects.last().expect("an error object");
    assert!(last["error"].as_str().is_some(), "{objects:?}");
    drop(guard);
}
