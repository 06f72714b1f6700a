//! `runcli logs` on a real engine as a script sees it: stdout and stderr
//! kept apart, a last line without a newline printed, `--json` giving
//! parseable objects with pinned field names (also when the run fails), and
//! the exit codes of the README (2 unknown service, 1 broken stream,
//! 3 engine unreachable).

mod common;

use std::path::Path;

use common::{
    ProjectGuard, busybox_image, docker_or_skip, output_text, runcli, runcli_env, unique_project,
};
use runcli::engine::{ContainerSpec, Engine, labels};
use serde_json::Value;

/// Writes to both streams; each ends without a newline.
const BOTH_STREAMS: &str =
    "echo out one; echo err one >&2; echo out two; printf 'out partial'; printf 'err partial' >&2";

fn write_project(dir: &Path, name: &str) {
    std::fs::write(
        dir.join("runcli.toml"),
        format!("[project]\nname = \"{name}\"\n\n[compose]\nfiles = [\"docker-compose.yaml\"]\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("docker-compose.yaml"),
        "services:\n  app:\n    image: busybox\n  worker:\n    image: busybox\n",
    )
    .unwrap();
}

/// Runs `script` as service `service` of `project` and waits until it exits.
async fn run_to_exit(engine: &Engine, image: &str, project: &str, service: &str, script: &str) {
    let spec = ContainerSpec {
        name: format!("{project}-{service}-1"),
        image: image.to_string(),
        cmd: Some(vec!["sh".into(), "-c".into(), script.into()]),
        labels: labels::container_labels(project, service, 1, false, None),
        ..Default::default()
    };
    let id = engine.create_container(&spec).await.expect("create");
    engine.start(&id).await.expect("start");
    assert_eq!(engine.wait(&id).await.expect("wait"), 0);
}

/// Every stdout line parsed as JSON; panics on any byte that is not.
fn json_lines(stdout: &[u8]) -> Vec<Value> {
    let text = std::str::from_utf8(stdout).expect("stdout is UTF-8");
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "stdout ends mid-object: {text:?}"
    );
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l:?}")))
        .collect()
}

fn field<'a>(object: &'a Value, name: &str) -> &'a str {
    object[name]
        .as_str()
        .unwrap_or_else(|| panic!("no string field {name:?} in {object}"))
}

#[tokio::test]
async fn stderr_goes_to_stderr_and_the_last_partial_lines_are_printed() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let image = busybox_image(&engine).await;
    let name = unique_project("logs-streams");
    let _guard = ProjectGuard::new(&engine, &name);
    run_to_exit(&engine, &image, &name, "app", BOTH_STREAMS).await;
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path(), &name);

    let out = runcli(dir.path(), &["logs", "app"]);
    assert_eq!(out.status.code(), Some(0), "{}", output_text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        ["app | out one", "app | out two", "app | out partial"],
        "stderr: {stderr}"
    );
    let from_stderr: Vec<&str> = stderr.lines().filter(|l| l.starts_with("app | ")).collect();
    assert_eq!(from_stderr, ["app | err one", "app | err partial"]);
}

#[tokio::test]
async fn json_lines_carry_time_service_container_stream_and_line() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let image = busybox_image(&engine).await;
    let name = unique_project("logs-json");
    let _guard = ProjectGuard::new(&engine, &name);
    run_to_exit(&engine, &image, &name, "app", BOTH_STREAMS).await;
    run_to_exit(&engine, &image, &name, "worker", "echo working").await;
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path(), &name);

    let out = runcli(dir.path(), &["--json", "logs"]);
    assert_eq!(out.status.code(), Some(0), "{}", output_text(&out));
    let objects = json_lines(&out.stdout);
    let mut seen: Vec<(String, String, String)> = objects
        .iter()
        .map(|o| {
            assert_eq!(
                o.as_object().map(|m| m.len()),
                Some(5),
                "exactly the five fields: {o}"
            );
            let time = field(o, "time");
            assert!(
                chrono::DateTime::parse_from_rfc3339(time).is_ok(),
                "time is RFC 3339: {time}"
            );
            let service = field(o, "service");
            assert_eq!(field(o, "container"), format!("{name}-{service}-1"));
            (
                service.to_string(),
                field(o, "stream").to_string(),
                field(o, "line").to_string(),
            )
        })
        .collect();
    seen.sort();
    let expected = [
        ("app", "stderr", "err one"),
        ("app", "stderr", "err partial"),
        ("app", "stdout", "out one"),
        ("app", "stdout", "out partial"),
        ("app", "stdout", "out two"),
        ("worker", "stdout", "working"),
    ]
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()));
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn a_stream_the_engine_refuses_exits_1_and_stdout_stays_json() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let image = busybox_image(&engine).await;
    let name = unique_project("logs-broken");
    let _guard = ProjectGuard::new(&engine, &name);
    run_to_exit(&engine, &image, &name, "app", "echo still here").await;
    // A container whose log driver keeps nothing: the engine answers its
    // logs request with an error. The engine client has no log-driver
    // option, so the docker CLI creates it.
    let mut create = std::process::Command::new("docker");
    create.args(["create", "--log-driver", "none", "--name"]);
    create.arg(format!("{name}-worker-1"));
    for (k, v) in labels::container_labels(&name, "worker", 1, false, None) {
        create.arg("--label").arg(format!("{k}={v}"));
    }
    create.args([image.as_str(), "true"]);
    let created = create.output().expect("run docker create");
    assert!(
        created.status.success(),
        "docker create: {}",
        output_text(&created)
    );
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path(), &name);

    let out = runcli(dir.path(), &["--json", "logs"]);
    assert_eq!(out.status.code(), Some(1), "{}", output_text(&out));
    let objects = json_lines(&out.stdout);
    let (error, lines) = objects.split_last().expect("at least the error object");
    assert!(
        field(error, "error").contains("worker"),
        "the error names the service: {error}"
    );
    assert_eq!(lines.len(), 1, "{objects:?}");
    assert_eq!(field(&lines[0], "line"), "still here");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("worker"), "{stderr}");

    let human = runcli(dir.path(), &["logs", "app"]);
    assert_eq!(human.status.code(), Some(0), "{}", output_text(&human));
}

#[tokio::test]
async fn an_unknown_service_exits_2_and_lists_the_known_ones() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let image = busybox_image(&engine).await;
    let name = unique_project("logs-unknown");
    let _guard = ProjectGuard::new(&engine, &name);
    run_to_exit(&engine, &image, &name, "extra", "echo hello").await;
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path(), &name);

    let out = runcli(dir.path(), &["logs", "nosuch"]);
    assert_eq!(out.status.code(), Some(2), "{}", output_text(&out));
    assert!(out.stdout.is_empty(), "{}", output_text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("nosuch"), "{stderr}");
    // The compose file's services and the running container's.
    assert!(stderr.contains("app, extra, worker"), "{stderr}");

    let json = runcli(dir.path(), &["--json", "logs", "app", "nosuch"]);
    assert_eq!(json.status.code(), Some(2), "{}", output_text(&json));
    let objects = json_lines(&json.stdout);
    assert_eq!(objects.len(), 1, "{objects:?}");
    assert!(field(&objects[0], "error").contains("nosuch"));

    // Known but not running: nothing to print, and that is no error.
    let idle = runcli(dir.path(), &["logs", "worker"]);
    assert_eq!(idle.status.code(), Some(0), "{}", output_text(&idle));
}

#[test]
fn an_engine_that_cannot_be_reached_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path(), &unique_project("logs-dead"));
    let socket = dir.path().join("no-engine.sock");
    let host = format!("unix://{}", socket.display());
    let out = runcli_env(dir.path(), &["logs"], &[("DOCKER_HOST", host.clone())]);
    assert_eq!(out.status.code(), Some(3), "{}", output_text(&out));
    assert!(out.stdout.is_empty(), "{}", output_text(&out));

    let json = runcli_env(dir.path(), &["--json", "logs"], &[("DOCKER_HOST", host)]);
    assert_eq!(json.status.code(), Some(3), "{}", output_text(&json));
    let objects = json_lines(&json.stdout);
    assert_eq!(objects.len(), 1, "{objects:?}");
    assert!(!field(&objects[0], "error").is_empty());
}
