//! `runcli doctor` as a user runs it: the real binary, its output and its
//! exit codes (0 all well, 2 manifest error, 3 engine unreachable).

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
