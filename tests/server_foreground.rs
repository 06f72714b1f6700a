//! `runcli server up PROFILE` without `--detach`: it streams the services'
//! logs with a service prefix until Ctrl-C, then takes down what it started.

mod common;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{ProjectGuard, busybox_image, docker_or_skip, unique_project, write_busybox_context};

const COMPOSE: &str = r#"services:
  web:
    build: .
    command: ["sh", "-c", "mkdir -p /www && echo pong > /www/ping && echo web serving && httpd -f -v -p 8080 -h /www"]
    ports:
      - "${WEB_PORT}:8080"
"#;

#[tokio::test]
async fn foreground_up_streams_logs_and_ctrl_c_takes_it_down() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let name = unique_project("fg");
    let mut guard = ProjectGuard::new(&engine, &name);
    guard.images.push(format!("{name}-web"));
    busybox_image(&engine).await;
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    write_busybox_context(dir.path(), "");
    std::fs::write(dir.path().join("docker-compose.yaml"), COMPOSE).unwrap();
    std::fs::write(
        dir.path().join("runcli.toml"),
        format!(
            "[project]\nname = \"{name}\"\n\n[compose]\nfiles = [\"docker-compose.yaml\"]\n\n\
             [profiles.web]\nservices = [\"web\"]\nhealth = {{ url = \"http://127.0.0.1:{port}/ping\", timeout_secs = 60 }}\n"
        ),
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_runcli"))
        .arg("--project")
        .arg(dir.path())
        .args(["server", "up", "web"])
        .env("WEB_PORT", port.to_string())
        .env_remove("RUNCLI_PROJECT")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut seen = Vec::new();
    let prefixed = loop {
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) if line.starts_with("web | web serving") => break true,
            Ok(line) => seen.push(line),
            Err(_) => break false,
        }
    };
    assert!(prefixed, "no prefixed log line; saw: {seen:#?}");
    assert!(!engine.project_containers(&name).await.unwrap().is_empty());
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(
        engine.project_containers(&name).await.unwrap().is_empty(),
        "Ctrl-C took down what up started"
    );
}
