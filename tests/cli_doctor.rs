//! `runcli doctor` as a user runs it: the real binary, its output and its
//! exit codes (0 all well, 1 problems found, 2 manifest error, 3 engine
//! unreachable). The project checks run on temp projects of their own.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn runcli(project: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_runcli"));
    cmd.arg("--project").arg(project).arg("doctor");
    cmd.env_remove("RUNCLI_PROJECT");
    cmd
}

fn demo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo"))
}

#[test]
fn unreachable_engine_exits_3_quickly_naming_the_endpoint() {
    let started = Instant::now();
    let out = runcli(demo())
        .env("DOCKER_HOST", "unix:///nonexistent.sock")
        .output()
        .expect("run runcli");
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "stderr: {stderr}");
    assert!(elapsed < Duration::from_secs(3), "took {elapsed:?}");
    assert!(stderr.contains("unix:///nonexistent.sock"), "{stderr}");
    assert!(
        stderr.contains("DOCKER_HOST"),
        "says where it looked: {stderr}"
    );
}

#[test]
fn unreachable_tcp_engine_exits_3_within_3_seconds() {
    // A port nothing listens on: the connection is refused at once.
    let started = Instant::now();
    let out = runcli(demo())
        .env("DOCKER_HOST", "tcp://127.0.0.1:1")
        .output()
        .expect("run runcli");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "stderr: {stderr}");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(stderr.contains("tcp://127.0.0.1:1"), "{stderr}");
}

#[test]
fn broken_manifest_exits_2_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("runcli.toml"),
        "[logs]\nmax_lines = 10\nmax_bytes = \"lots\"\n",
    )
    .unwrap();
    let out = runcli(dir.path()).output().expect("run runcli");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(stderr.contains("runcli.toml:3:13"), "{stderr}");
}

#[tokio::test]
async fn healthy_setup_exits_0_and_reports_everything() {
    let Some(engine) = common::docker_or_skip().await else {
        return;
    };
    let info = engine.ping(Duration::from_secs(3)).await.unwrap();
    let out = runcli(demo()).output().expect("run runcli");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("project   demo"), "{stdout}");
    assert!(stdout.contains("manifest  runcli.toml at"), "{stdout}");
    assert!(stdout.contains("version   0.1.0"), "{stdout}");
    assert!(
        stdout.contains(&format!("{} {}", info.product, info.version)),
        "{stdout}"
    );
}

/// A project in a git repository whose runcli.toml names only
/// docker-compose.yaml, one profile and one tier (so the template's default
/// profiles and tiers, with their own Dockerfiles and secrets, stay out).
fn write_project(dir: &Path, compose: &str) {
    let name = common::unique_project("doctor");
    let manifest = format!(
        "[project]\nname = \"{name}\"\n\n[compose]\nfiles = [\"docker-compose.yaml\"]\n\n\
         [profiles.web]\ndescription = \"the web service\"\nservices = \"all\"\n\n\
         [tests]\nall = [\"unit\"]\n\n[tests.unit]\nservice = \"web\"\ncommands = [[\"true\"]]\n"
    );
    std::fs::write(dir.join("runcli.toml"), manifest).unwrap();
    std::fs::write(dir.join("docker-compose.yaml"), compose).unwrap();
    common::write_busybox_context(dir, "");
    git2::Repository::init(dir).unwrap();
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Exit code and stdout of doctor on `dir`, the engine being up.
async fn doctor(dir: &Path) -> Option<(Option<i32>, String)> {
    common::docker_or_skip().await?;
    let out = runcli(dir).output().expect("run runcli");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("runcli:"), "no error of its own: {stderr}");
    Some((out.status.code(), stdout))
}

/// The problem lines: what doctor printed after the header's blank line.
fn problems(stdout: &str) -> Vec<&str> {
    let body = stdout.split_once("\n\n").map_or("", |(_, body)| body);
    let mut lines: Vec<&str> = body.lines().collect();
    lines.pop(); // the summary
    lines
}

#[tokio::test]
async fn clean_busybox_project_is_all_well() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    write_project(
        dir.path(),
        &format!("services:\n  web:\n    build: .\n    ports:\n      - \"{port}:8080\"\n"),
    );
    let Some((code, stdout)) = doctor(dir.path()).await else {
        return;
    };
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.trim_end().ends_with("all is well"), "{stdout}");
    assert!(problems(&stdout).is_empty(), "{stdout}");
}

#[tokio::test]
async fn unknown_compose_key_is_a_problem_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    write_project(
        dir.path(),
        "services:\n  web:\n    build: .\n    colour: red\n",
    );
    let Some((code, stdout)) = doctor(dir.path()).await else {
        return;
    };
    assert_eq!(code, Some(1), "{stdout}");
    let found = problems(&stdout);
    assert_eq!(found.len(), 1, "{stdout}");
    assert!(
        found[0].starts_with("docker-compose.yaml:4:5: "),
        "{stdout}"
    );
    assert!(found[0].contains("`colour`"), "{stdout}");
    assert!(stdout.trim_end().ends_with("1 problem"), "{stdout}");
}

#[tokio::test]
async fn yaml_syntax_error_is_a_problem_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    write_project(
        dir.path(),
        "services:\n  web:\n    build: .\n    ports: [\"80:80\"\n    command: x\n",
    );
    let Some((code, stdout)) = doctor(dir.path()).await else {
        return;
    };
    assert_eq!(code, Some(1), "{stdout}");
    let found = problems(&stdout);
    assert_eq!(found.len(), 1, "{stdout}");
    assert!(found[0].starts_with("docker-compose.yaml:5:"), "{stdout}");
    assert!(found[0].contains("YAML"), "{stdout}");
}

#[tokio::test]
async fn missing_build_target_names_the_stages() {
    let dir = tempfile::tempdir().unwrap();
    write_project(
        dir.path(),
        "services:\n  web:\n    build:\n      context: .\n      target: api\n",
    );
    let Some((code, stdout)) = doctor(dir.path()).await else {
        return;
    };
    assert_eq!(code, Some(1), "{stdout}");
    let found = problems(&stdout);
    assert_eq!(found.len(), 1, "{stdout}");
    assert!(
        found[0].starts_with("docker-compose.yaml:5:7: "),
        "{stdout}"
    );
    assert!(found[0].contains("build target `api`"), "{stdout}");
    assert!(found[0].contains("FROM ... AS api"), "{stdout}");
}

#[tokio::test]
async fn missing_env_file_is_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    write_project(
        dir.path(),
        "services:\n  web:\n    build: .\n    env_file:\n      - web.env\n",
    );
    let Some((code, stdout)) = doctor(dir.path()).await else {
        return;
    };
    assert_eq!(code, Some(1), "{stdout}");
    let found = problems(&stdout);
    assert_eq!(found.len(), 1, "{stdout}");
    assert!(found[0].starts_with("docker-compose.yaml:5:"), "{stdout}");
    assert!(found[0].contains("web.env"), "{stdout}");
}

#[tokio::test]
async fn taken_port_is_a_problem_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let held = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = held.local_addr().unwrap().port();
    write_project(
        dir.path(),
        &format!("services:\n  web:\n    build: .\n    ports:\n      - \"{port}:8080\"\n"),
    );
    let Some((code, stdout)) = doctor(dir.path()).await else {
        return;
    };
    assert_eq!(code, Some(1), "{stdout}");
    let found = problems(&stdout);
    assert_eq!(found.len(), 1, "{stdout}");
    assert!(found[0].starts_with("docker-compose.yaml:4:"), "{stdout}");
    assert!(found[0].contains(&format!("host port {port} ")), "{stdout}");
    drop(held);
}

#[tokio::test]
async fn txt_only_secrets_get_the_copy_hint() {
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path(), "services:\n  web:\n    build: .\n");
    std::fs::write(dir.path().join("secret--template.env.txt"), "A={{ a }}\n").unwrap();
    std::fs::write(
        dir.path().join("secret--template-values.env.txt"),
        "{\"api-local\": {\"a\": \"1\"}}\n",
    )
    .unwrap();
    let Some((code, stdout)) = doctor(dir.path()).await else {
        return;
    };
    assert_eq!(code, Some(1), "{stdout}");
    let found = problems(&stdout);
    assert_eq!(found.len(), 2, "{stdout}");
    assert!(
        found[0].contains("cp secret--template.env.txt secret--template.env"),
        "{stdout}"
    );
    assert!(
        found[1].contains("cp secret--template-values.env.txt secret--template-values.env"),
        "{stdout}"
    );
}

#[tokio::test]
async fn secrets_that_do_not_render_are_problems_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path(), "services:\n  web:\n    build: .\n");
    std::fs::write(
        dir.path().join("secret--template.env"),
        "A={{ a }}\nB={{ b }}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("secret--template-values.env"),
        "{\"api-local\": {\"a\": \"1\"}}\n",
    )
    .unwrap();
    let Some((code, stdout)) = doctor(dir.path()).await else {
        return;
    };
    assert_eq!(code, Some(1), "{stdout}");
    let found = problems(&stdout);
    assert!(
        found
            .iter()
            .any(|l| l.starts_with("secret--template.env:2") && l.contains("`b`")),
        "{stdout}"
    );
}

#[test]
fn unreachable_engine_still_prints_the_project_problems_first() {
    let dir = tempfile::tempdir().unwrap();
    write_project(
        dir.path(),
        "services:\n  web:\n    build: .\n    colour: red\n",
    );
    let out = runcli(dir.path())
        .env("DOCKER_HOST", "unix:///nonexistent.sock")
        .output()
        .expect("run runcli");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{stdout}");
    assert!(stdout.contains("docker-compose.yaml:4:5: "), "{stdout}");
    assert!(
        stdout.contains("1 problem, and the engine is unreachable"),
        "{stdout}"
    );
}
