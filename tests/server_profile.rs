//! `runcli server up / list / down` and `runcli logs` on a real engine: a
//! `db` with a healthcheck and a named volume, and a `web` that waits for it
//! to be healthy and serves /ping with busybox httpd on a published port.

mod common;

use std::net::TcpListener;

use common::{
    ProjectGuard, busybox_image, docker_or_skip, output_text as text, runcli_env, unique_project,
    write_busybox_context,
};

fn manifest(name: &str, port: u16) -> String {
    format!(
        r#"[project]
name = "{name}"

[compose]
files = ["docker-compose.yaml"]

[profiles.web]
description = "busybox web behind a healthy db"
services = ["web"]
health = {{ url = "http://127.0.0.1:{port}/ping", timeout_secs = 60 }}

[profiles.broken]
description = "a step that fails"
services = ["db"]

[[profiles.broken.steps]]
name = "migrate"
service = "db"
command = ["sh", "-c", "echo no database here; exit 3"]
"#
    )
}

const COMPOSE: &str = r#"services:
  db:
    build: .
    command: ["sh", "-c", "echo db starting; sleep 2; touch /ready; echo db ready; sleep 600"]
    healthcheck:
      test: ["CMD", "test", "-f", "/ready"]
      interval: 1s
      retries: 60
    volumes:
      - dbdata:/data
  web:
    build: .
    command: ["sh", "-c", "mkdir -p /www && echo pong > /www/ping && echo web serving && httpd -f -v -p 8080 -h /www"]
    ports:
      - "${WEB_PORT}:8080"
    depends_on:
      db:
        condition: service_healthy
volumes:
  dbdata:
"#;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn get(port: u16) -> Option<u16> {
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build();
    let agent = ureq::Agent::new_with_config(config);
    agent
        .get(format!("http://127.0.0.1:{port}/ping"))
        .call()
        .ok()
        .map(|r| r.status().as_u16())
}

#[tokio::test]
async fn up_waits_for_health_then_down_keeps_volumes_unless_asked() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let name = unique_project("server");
    let mut guard = ProjectGuard::new(&engine, &name);
    guard.images.push(format!("{name}-db"));
    guard.images.push(format!("{name}-web"));
    busybox_image(&engine).await;
    let dir = tempfile::tempdir().unwrap();
    write_busybox_context(dir.path(), "");
    let port = free_port();
    std::fs::write(dir.path().join("runcli.toml"), manifest(&name, port)).unwrap();
    std::fs::write(dir.path().join("docker-compose.yaml"), COMPOSE).unwrap();

    let up = runcli_env(
        dir.path(),
        &["server", "up", "web", "--detach"],
        &[("WEB_PORT", port.to_string())],
    );
    assert_eq!(up.status.code(), Some(0), "{}", text(&up));
    assert_eq!(get(port), Some(200), "/ping answers as soon as up returns");
    let shown = text(&up);
    let waited = shown.find("db: waiting").expect("web waited for db");
    let created = shown.find("web: creating").expect("web was created");
    assert!(
        waited < created,
        "db was healthy before web started: {shown}"
    );

    let logs = runcli_env(
        dir.path(),
        &["logs", "db", "web"],
        &[("WEB_PORT", port.to_string())],
    );
    let logs_text = text(&logs);
    assert!(logs_text.contains("db  | db ready"), "{logs_text}");
    assert!(logs_text.contains("web | web serving"), "{logs_text}");

    let list = runcli_env(
        dir.path(),
        &["server", "list"],
        &[("WEB_PORT", port.to_string())],
    );
    let list_text = text(&list);
    assert!(list_text.contains("healthy"), "{list_text}");
    assert!(list_text.contains("running"), "{list_text}");

    let again = runcli_env(
        dir.path(),
        &["server", "up", "web", "--detach"],
        &[("WEB_PORT", port.to_string())],
    );
    assert_eq!(again.status.code(), Some(0), "{}", text(&again));
    assert!(text(&again).contains("already up"), "{}", text(&again));

    let broken = runcli_env(
        dir.path(),
        &["server", "up", "broken", "--detach"],
        &[("WEB_PORT", port.to_string())],
    );
    assert_eq!(broken.status.code(), Some(1), "{}", text(&broken));
    assert!(
        text(&broken).contains("step `migrate`"),
        "{}",
        text(&broken)
    );

    let down = runcli_env(
        dir.path(),
        &["server", "down"],
        &[("WEB_PORT", port.to_string())],
    );
    assert_eq!(down.status.code(), Some(0), "{}", text(&down));
    assert!(engine.project_containers(&name).await.unwrap().is_empty());
    assert!(engine.project_networks(&name).await.unwrap().is_empty());
    let volumes = engine.project_volumes(&name).await.unwrap();
    assert_eq!(
        volumes.len(),
        1,
        "the named volume is the user's data: {volumes:?}"
    );

    let down = runcli_env(
        dir.path(),
        &["server", "down", "--volumes"],
        &[("WEB_PORT", port.to_string())],
    );
    assert_eq!(down.status.code(), Some(0), "{}", text(&down));
    assert!(engine.project_volumes(&name).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_foreign_container_holding_a_name_is_reported_and_kept() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let image = busybox_image(&engine).await;
    let name = unique_project("foreign");
    let mut guard = ProjectGuard::new(&engine, &name);
    guard.images.push(format!("{name}-db"));
    let foreign = runcli::engine::ContainerSpec {
        name: format!("{name}-db-1"),
        image,
        cmd: Some(vec!["sleep".into(), "60".into()]),
        ..Default::default()
    };
    let id = engine.create_container(&foreign).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    write_busybox_context(dir.path(), "");
    std::fs::write(dir.path().join("runcli.toml"), manifest(&name, 1)).unwrap();
    std::fs::write(dir.path().join("docker-compose.yaml"), COMPOSE).unwrap();
    let up = runcli_env(
        dir.path(),
        &["server", "up", "broken", "--detach"],
        &[("WEB_PORT", "1".to_string())],
    );
    assert_eq!(up.status.code(), Some(1), "{}", text(&up));
    assert!(text(&up).contains("not this project's"), "{}", text(&up));
    assert!(
        engine.inspect_state(&id).await.is_ok(),
        "the foreign container is untouched"
    );
    engine.remove(&id, true, false).await.unwrap();
}
