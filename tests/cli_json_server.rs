//! `runcli doctor`, `server list`, `server up` and `server down` with
//! `--json` on a real engine: stdout is one JSON object per line with the
//! field names README "JSON output" gives; an unknown profile exits 2
//! naming the known ones, a dead engine socket exits 3, both ending with an
//! `{"error": ...}` object.

mod common;
mod json_support;

use std::net::TcpListener;
use std::path::Path;

use common::{
    ProjectGuard, busybox_image, docker_or_skip, output_text as text, runcli_env, unique_project,
    write_busybox_context,
};
use json_support::{assert_fields, json_lines, with};

const DEAD: &str = "unix:///nonexistent.sock";

/// tests/server_profile.rs's `web` behind a healthy `db`, plus a service
/// whose shell PID 1 ignores SIGTERM, so `down` has to kill it (the others
/// run under an init that passes the signal on).
fn manifest(name: &str, port: u16) -> String {
    format!(
        r#"[project]
name = "{name}"

[compose]
files = ["docker-compose.yaml"]

[profiles.web]
description = "busybox web behind a healthy db"
services = ["web", "stubborn"]
health = {{ url = "http://127.0.0.1:{port}/ping", timeout_secs = 60 }}

[tests]
all = ["unit"]

[tests.unit]
service = "web"
commands = [["true"]]
"#
    )
}

const COMPOSE: &str = r#"services:
  db:
    build: .
    init: true
    command: ["sh", "-c", "sleep 1; touch /ready; sleep 600"]
    healthcheck:
      test: ["CMD", "test", "-f", "/ready"]
      interval: 1s
      retries: 60
  web:
    build: .
    init: true
    command: ["sh", "-c", "mkdir -p /www && echo pong > /www/ping && exec httpd -f -p 8080 -h /www"]
    ports:
      - "${WEB_PORT}:8080"
    depends_on:
      db:
        condition: service_healthy
  stubborn:
    build: .
    command: ["sh", "-c", "sleep 600"]
    stop_grace_period: 1s
"#;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn write_project(dir: &Path, name: &str, port: u16, compose: &str) {
    write_busybox_context(dir, "");
    std::fs::write(dir.join("runcli.toml"), manifest(name, port)).unwrap();
    std::fs::write(dir.join("docker-compose.yaml"), compose).unwrap();
    git2::Repository::init(dir).unwrap();
}

#[tokio::test]
async fn server_list_up_down_and_doctor_print_json_only() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let name = unique_project("jsonserver");
    let mut guard = ProjectGuard::new(&engine, &name);
    for service in ["db", "web", "stubborn"] {
        guard.images.push(format!("{name}-{service}"));
    }
    busybox_image(&engine).await;
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    write_project(dir.path(), &name, port, COMPOSE);
    let env = [("WEB_PORT", port.to_string())];
    let run = |args: &[&str]| runcli_env(dir.path(), args, &env);

    let list = run(&["--json", "server", "list"]);
    assert_eq!(list.status.code(), Some(0), "{}", text(&list));
    let objects = json_lines(&list);
    let profile = with(&objects, "kind", "profile");
    assert_eq!(profile.len(), 1, "{objects:?}");
    assert_fields(profile[0], &["kind", "name", "description"]);
    let services = with(&objects, "kind", "service");
    assert_eq!(services.len(), 3, "{objects:?}");
    for s in &services {
        assert_fields(s, &["kind", "name", "source", "ports", "state"]);
        assert_eq!(s["state"], "absent");
    }
    assert!(with(&objects, "kind", "container").is_empty());

    let unknown = run(&["--json", "server", "up", "nope"]);
    assert_eq!(unknown.status.code(), Some(2), "{}", text(&unknown));
    let objects = json_lines(&unknown);
    let error = objects.last().unwrap()["error"].as_str().unwrap();
    assert!(error.contains("nope") && error.contains("web"), "{error}");

    let up = run(&["server", "up", "web", "--detach", "--json"]);
    assert_eq!(up.status.code(), Some(0), "{}", text(&up));
    let objects = json_lines(&up);
    assert!(
        !with(&objects, "event", "progress").is_empty(),
        "{objects:?}"
    );
    let health = with(&objects, "event", "health");
    assert_eq!(health.len(), 1, "{objects:?}");
    assert_eq!(health[0]["profile"], "web");
    assert_eq!(health[0]["healthy"], true);
    let last = objects.last().unwrap();
    assert_eq!(last["event"], "up", "{objects:?}");
    assert_fields(last, &["profile", "already_up", "url"]);
    assert_eq!(last["already_up"], false);

    let list = run(&["--json", "server", "list"]);
    let objects = json_lines(&list);
    let containers = with(&objects, "kind", "container");
    assert!(containers.len() >= 3, "{objects:?}");
    for c in &containers {
        assert_fields(
            c,
            &[
                "service", "name", "id", "badge", "running", "restarts", "oneoff",
            ],
        );
    }
    let web = containers.iter().find(|c| c["service"] == "web").unwrap();
    assert_eq!(web["running"], true);

    let doctor = run(&["--json", "doctor"]);
    assert_eq!(doctor.status.code(), Some(0), "{}", text(&doctor));
    let objects = json_lines(&doctor);
    let facts = &objects[0];
    assert_eq!(facts["kind"], "facts");
    assert_fields(
        facts,
        &["project", "root", "manifest", "version", "git", "engine"],
    );
    assert_eq!(facts["project"], name.as_str());
    assert_eq!(facts["engine"]["reachable"], true);
    let summary = objects.last().unwrap();
    assert_eq!(summary["kind"], "summary");
    assert_eq!(summary["problems"], 0);

    let down = run(&["--json", "server", "down"]);
    assert_eq!(down.status.code(), Some(0), "{}", text(&down));
    let objects = json_lines(&down);
    assert!(
        !with(&objects, "event", "progress").is_empty(),
        "{objects:?}"
    );
    let killed = with(&objects, "event", "killed");
    assert_eq!(
        killed.len(),
        1,
        "only stubborn ignores SIGTERM: {objects:?}"
    );
    assert_fields(
        killed[0],
        &["service", "container", "timeout_secs", "took_secs", "note"],
    );
    assert_eq!(killed[0]["service"], "stubborn");
    assert_eq!(killed[0]["timeout_secs"], 1);
    assert!(
        killed[0]["note"]
            .as_str()
            .is_some_and(|t| t.starts_with("stubborn ignored SIGTERM")),
        "{objects:?}"
    );
    let last = objects.last().unwrap();
    assert_eq!(last["event"], "down");
    assert!(
        last["removed"].as_array().is_some_and(|r| r.len() >= 3),
        "{last}"
    );
    drop(guard);
}

/// The project's checks need no engine: at a dead socket doctor still
/// prints each problem as an object, then the summary, then the error.
#[test]
fn doctor_problems_and_a_dead_engine_are_json() {
    let dir = tempfile::tempdir().unwrap();
    let name = unique_project("jsondoctor");
    write_project(
        dir.path(),
        &name,
        free_port(),
        "services:\n  web:\n    build: .\n    colour: red\n",
    );
    let out = runcli_env(
        dir.path(),
        &["doctor", "--json"],
        &[("DOCKER_HOST", DEAD.to_string())],
    );
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    let objects = json_lines(&out);
    assert_eq!(objects[0]["kind"], "facts");
    assert_eq!(objects[0]["engine"]["reachable"], false);
    let problems = with(&objects, "kind", "problem");
    let colour = problems
        .iter()
        .find(|p| p["message"].as_str().is_some_and(|m| m.contains("colour")))
        .unwrap_or_else(|| panic!("{objects:?}"));
    assert_fields(colour, &["file", "line", "col", "message", "fix"]);
    assert_eq!(colour["file"], "docker-compose.yaml");
    assert_eq!(colour["line"], 4);
    assert_eq!(colour["col"], 5);
    let summary = &objects[objects.len() - 2];
    assert_eq!(summary["kind"], "summary");
    assert_eq!(summary["problems"], problems.len());
    assert_eq!(summary["engine_reachable"], false);
    assert!(objects.last().unwrap()["error"].is_string(), "{objects:?}");
}

/// Without `--detach`, `server up --json` follows the logs as `logs --json`
/// objects until the profile's containers end, then takes it down.
#[tokio::test]
async fn server_up_in_the_foreground_streams_log_objects_then_goes_down() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let name = unique_project("jsonfore");
    let mut guard = ProjectGuard::new(&engine, &name);
    guard.images.push(format!("{name}-talker"));
    busybox_image(&engine).await;
    let dir = tempfile::tempdir().unwrap();
    write_busybox_context(dir.path(), "");
    let manifest = format!(
        "[project]\nname = \"{name}\"\n\n[compose]\nfiles = [\"docker-compose.yaml\"]\n\n\
         [profiles.talk]\ndescription = \"says hello and ends\"\nservices = [\"talker\"]\n"
    );
    std::fs::write(dir.path().join("runcli.toml"), manifest).unwrap();
    std::fs::write(
        dir.path().join("docker-compose.yaml"),
        "services:\n  talker:\n    build: .\n    command: [\"sh\", \"-c\", \"sleep 1; echo hello; echo oops >&2; sleep 2\"]\n",
    )
    .unwrap();
    let out = runcli_env(dir.path(), &["--json", "server", "up", "talk"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let objects = json_lines(&out);
    let up = objects
        .iter()
        .position(|o| o["event"] == "up")
        .unwrap_or_else(|| panic!("{objects:?}"));
    let logs: Vec<_> = objects
        .iter()
        .filter(|o| o.get("line").is_some() && o.get("event").is_none())
        .collect();
    for line in &logs {
        assert_fields(line, &["time", "service", "container", "stream", "line"]);
    }
    assert!(
        logs.iter()
            .any(|l| l["line"] == "hello" && l["stream"] == "stdout" && l["service"] == "talker"),
        "{objects:?}"
    );
    assert!(
        logs.iter()
            .any(|l| l["line"] == "oops" && l["stream"] == "stderr"),
        "{objects:?}"
    );
    let last = objects.last().unwrap();
    assert_eq!(last["event"], "down", "{objects:?}");
    assert!(objects.iter().skip(up).any(|o| o["line"] == "hello"));
    drop(guard);
}
