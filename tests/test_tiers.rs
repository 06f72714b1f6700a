//! `runcli test run` on a real engine: busybox "test suites" that write a
//! JUnit report and exit 0 or 1, a tier that needs a healthy service (kept
//! between runs, recreated when its compose config changed), `all`
//! stopping at the first failure, and cancelling with Ctrl-C.

mod common;

use std::process::{Command, Output};
use std::time::Duration;

use common::{
    ProjectGuard, busybox_image, docker_or_skip, output_text as text, runcli, unique_project,
    write_busybox_context,
};

const PASSING: &str = r#"<testsuites><testsuite name="pytest" tests="3"><testcase classname="t" name="a" time="0.1"/><testcase classname="t" name="b" time="0.2"/><testcase classname="t" name="c" time="0"><skipped message="later"/></testcase></testsuite></testsuites>"#;
const FAILING: &str = r#"<testsuites><testsuite name="pytest" tests="2"><testcase classname="t" name="ok" time="0.1"/><testcase classname="t" name="broken" time="0.3"><failure message="assert 1 == 2">Traceback</failure></testcase></testsuite></testsuites>"#;

fn manifest(name: &str) -> String {
    format!(
        r#"[project]
name = "{name}"

[compose]
files = ["docker-compose.yaml"]

[tests]
all = ["pass", "fail", "never"]

[tests.pass]
service = "tester"
commands = [["sh", "-c", "echo running pass; cp data/pass-src.xml {{report}}"]]
needs = ["db"]
report = "data/reports/pass.xml"

[tests.fail]
service = "tester"
commands = [["sh", "-c", "cp data/fail-src.xml {{report}}; echo boom >&2; exit 1"]]
report = "data/reports/fail.xml"

[tests.never]
service = "tester"
commands = [["sh", "-c", "touch data/never-ran"]]

[tests.slow]
service = "tester"
commands = [["sh", "-c", "echo started; sleep 60"]]
"#
    )
}

const COMPOSE: &str = r#"services:
  db:
    build: .
    command: ["sh", "-c", "sleep 1; touch /ready; sleep 600"]
    healthcheck:
      test: ["CMD", "test", "-f", "/ready"]
      interval: 1s
      retries: 30
  tester:
    build: .
    working_dir: /work
    volumes:
      - ./data:/work/data
    depends_on:
      db:
        condition: service_healthy
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

fn last_line(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap_or("")
        .to_string()
}

#[tokio::test]
async fn passing_failing_and_all_stopping_at_the_first_failure() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let name = unique_project("tiers");
    let mut guard = ProjectGuard::new(&engine, &name);
    guard.images.push(format!("{name}-db"));
    guard.images.push(format!("{name}-tester"));
    busybox_image(&engine).await;
    let dir = project_dir(&name);

    let pass = runcli(dir.path(), &["test", "run", "pass"]);
    assert_eq!(pass.status.code(), Some(0), "{}", text(&pass));
    assert_eq!(
        last_line(&pass),
        "2 passed, 0 failed, 1 skipped",
        "{}",
        text(&pass)
    );
    assert!(
        text(&pass).contains("running pass"),
        "output is streamed: {}",
        text(&pass)
    );
    let containers = engine.project_containers(&name).await.unwrap();
    assert!(
        containers.iter().all(|c| !c.oneoff),
        "one-offs are removed: {containers:?}"
    );
    assert!(
        containers
            .iter()
            .any(|c| c.service.as_deref() == Some("db")),
        "needs stay up"
    );

    // Under --json the summary goes to stderr and stdout is JSON only
    // (tests/cli_json_test.rs pins the shapes).
    let fail = runcli(dir.path(), &["test", "run", "fail", "--json"]);
    assert_eq!(fail.status.code(), Some(1), "{}", text(&fail));
    let stderr = String::from_utf8_lossy(&fail.stderr);
    assert_eq!(stderr.lines().last(), Some("1 passed, 1 failed, 0 skipped"));
    assert!(
        String::from_utf8_lossy(&fail.stdout).contains("\"message\":\"assert 1 == 2\""),
        "{}",
        text(&fail)
    );

    let all = runcli(dir.path(), &["test", "run", "all"]);
    assert_eq!(all.status.code(), Some(1), "{}", text(&all));
    assert!(
        text(&all).contains("not run after the failure: never"),
        "{}",
        text(&all)
    );
    assert!(
        !dir.path().join("data/never-ran").exists(),
        "the tier after the failure never started"
    );
    assert_eq!(last_line(&all), "3 passed, 1 failed, 1 skipped");

    let history =
        std::fs::read_to_string(dir.path().join("data/reports/runcli-history.jsonl")).unwrap();
    assert_eq!(history.lines().count(), 4, "{history}");

    let unknown = runcli(dir.path(), &["test", "run", "nope"]);
    assert_eq!(unknown.status.code(), Some(2), "{}", text(&unknown));
}

#[tokio::test]
async fn cancelling_a_running_tier_leaves_no_container() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let name = unique_project("cancel");
    let mut guard = ProjectGuard::new(&engine, &name);
    guard.images.push(format!("{name}-db"));
    guard.images.push(format!("{name}-tester"));
    busybox_image(&engine).await;
    let dir = project_dir(&name);
    let child = Command::new(env!("CARGO_BIN_EXE_runcli"))
        .arg("--project")
        .arg(dir.path())
        .args(["test", "run", "slow"])
        .env_remove("RUNCLI_PROJECT")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut running = false;
    for _ in 0..120 {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let list = engine.project_containers(&name).await.unwrap();
        if list.iter().any(|c| c.oneoff && c.state.is_running()) {
            running = true;
            break;
        }
    }
    assert!(running, "the slow tier's container never ran");
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let left = engine.project_containers(&name).await.unwrap();
    assert!(
        left.iter().all(|c| !c.oneoff),
        "a one-off was left behind: {left:?}"
    );
}

/// The tier fixture's compose file with `db` given `LEVEL` in its
/// environment (and `init`, so a recreate need not wait out the stop
/// timeout of a shell that ignores SIGTERM).
fn compose_with_db_level(level: &str) -> String {
    let command = "    command: [\"sh\", \"-c\", \"sleep 1; touch /ready; sleep 600\"]\n";
    assert!(COMPOSE.contains(command), "the fixture's db changed");
    COMPOSE.replacen(
        command,
        &format!("{command}    init: true\n    environment:\n      LEVEL: {level}\n"),
        1,
    )
}

async fn db_container(engine: &runcli::engine::Engine, name: &str) -> String {
    let containers = engine.project_containers(name).await.unwrap();
    let db: Vec<_> = containers
        .iter()
        .filter(|c| !c.oneoff && c.service.as_deref() == Some("db"))
        .collect();
    assert_eq!(db.len(), 1, "{containers:?}");
    db[0].id.clone()
}

#[tokio::test]
async fn a_tiers_needs_are_recreated_when_their_config_changed_and_kept_otherwise() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let name = unique_project("tierneeds");
    let mut guard = ProjectGuard::new(&engine, &name);
    guard.images.push(format!("{name}-db"));
    guard.images.push(format!("{name}-tester"));
    busybox_image(&engine).await;
    let dir = project_dir(&name);
    let compose = dir.path().join("docker-compose.yaml");
    std::fs::write(&compose, compose_with_db_level("one")).unwrap();
    let pass = || {
        let out = runcli(dir.path(), &["test", "run", "pass"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        text(&out)
    };

    let first = pass();
    assert!(first.contains("db: creating"), "{first}");
    let created = db_container(&engine, &name).await;

    let same = pass();
    assert!(same.contains("db: already running"), "{same}");
    assert!(!same.contains("recreating"), "{same}");
    assert_eq!(db_container(&engine, &name).await, created, "{same}");

    std::fs::write(&compose, compose_with_db_level("two")).unwrap();
    let edited = pass();
    assert!(
        edited.contains("db: recreating (config changed)"),
        "{edited}"
    );
    let recreated = db_container(&engine, &name).await;
    assert_ne!(recreated, created, "{edited}");
    let inspect = std::process::Command::new("docker")
        .args(["inspect", "--format", "{{json .Config.Env}}", &recreated])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&inspect.stdout).contains("\"LEVEL=two\""),
        "{}",
        text(&inspect)
    );
}
