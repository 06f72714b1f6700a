//! `runcli server up PROFILE` without `--detach`: it streams the services'
//! logs with a service prefix until Ctrl-C, then takes down what it started:
//! gracefully on the first Ctrl-C, killing what still runs on a second.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use common::{
    BUSYBOX_TAG, ProjectGuard, busybox_image, docker_or_skip, unique_project, write_busybox_context,
};
use futures::StreamExt;
use runcli::engine::Engine;

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

/// A service whose PID 1 ignores SIGTERM: only a kill stops it.
const STUBBORN: &str = r#"services:
  stubborn:
    image: IMAGE
    command: ["sh", "-c", "trap '' TERM; echo ready; while :; do sleep 1; done"]
"#;

/// A service that exits 0 as soon as it gets SIGTERM (`wait` is
/// interrupted by the trap, a foreground `sleep` would not be).
const PROMPT: &str = r#"services:
  prompt:
    image: IMAGE
    command: ["sh", "-c", "trap 'exit 0' TERM; echo ready; while :; do sleep 1 & wait $$!; done"]
"#;

/// A foreground `server up` of a project whose one profile `all` starts
/// `compose` (with IMAGE replaced by the test image).
struct Foreground {
    child: Child,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
}

impl Foreground {
    fn start(dir: &Path, name: &str, compose: &str) -> Foreground {
        std::fs::write(
            dir.join("docker-compose.yaml"),
            compose.replace("IMAGE", BUSYBOX_TAG),
        )
        .unwrap();
        std::fs::write(
            dir.join("runcli.toml"),
            format!(
                "[project]\nname = \"{name}\"\n\n[compose]\nfiles = [\"docker-compose.yaml\"]\n\n\
                 [profiles.all]\nservices = \"all\"\n"
            ),
        )
        .unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_runcli"))
            .arg("--project")
            .arg(dir)
            .args(["server", "up", "all"])
            .env_remove("RUNCLI_PROJECT")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = lines(child.stdout.take().unwrap());
        let stderr = lines(child.stderr.take().unwrap());
        Foreground {
            child,
            stdout,
            stderr,
        }
    }

    fn interrupt(&self) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
        assert!(sent.success());
    }

    /// The exit code, once the process has exited (at most `limit` later).
    fn exit_within(&mut self, limit: Duration) -> Option<i32> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            if start.elapsed() > limit {
                let _ = self.child.kill();
                panic!("runcli still runs {limit:?} later");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Lines of a child's output, read on a thread of their own.
fn lines(pipe: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    rx
}

/// Waits for a line for which `want` holds; panics with what came instead.
fn wait_line(rx: &Receiver<String>, what: &str, want: impl Fn(&str) -> bool) -> String {
    let mut seen = Vec::new();
    loop {
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) if want(&line) => return line,
            Ok(line) => seen.push(line),
            Err(_) => panic!("no {what}; saw: {seen:#?}"),
        }
    }
}

/// Collects the project's container events (action, exit code) from now on.
fn record_events(engine: &Engine, project: &str) -> Receiver<(String, Option<i64>)> {
    let (tx, rx) = channel();
    let mut events = Box::pin(engine.project_events(project));
    tokio::spawn(async move {
        while let Some(Ok(event)) = events.next().await {
            if tx.send((event.action, event.exit_code)).is_err() {
                break;
            }
        }
    });
    rx
}

/// The exit codes of the `die` events received so far (waiting up to 5 s
/// for the first).
fn die_codes(rx: &Receiver<(String, Option<i64>)>) -> Vec<Option<i64>> {
    let mut codes = Vec::new();
    let mut wait = Duration::from_secs(5);
    while let Ok((action, code)) = rx.recv_timeout(wait) {
        if action == "die" {
            codes.push(code);
            wait = Duration::from_millis(300);
        }
    }
    codes
}

async fn assert_nothing_left(engine: &Engine, name: &str) {
    let containers = engine.project_containers(name).await.unwrap();
    assert!(containers.is_empty(), "containers left: {containers:#?}");
    let networks = engine.project_networks(name).await.unwrap();
    assert!(
        networks.is_empty(),
        "networks left: {:?}",
        networks.iter().map(|n| &n.name).collect::<Vec<_>>()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_ctrl_c_kills_a_service_ignoring_sigterm_and_still_removes_it() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let name = unique_project("fgkill");
    let _guard = ProjectGuard::new(&engine, &name);
    busybox_image(&engine).await;
    let dir = tempfile::tempdir().unwrap();
    let mut up = Foreground::start(dir.path(), &name, STUBBORN);
    wait_line(&up.stdout, "log line", |l| {
        l.starts_with("stubborn | ready")
    });
    let events = record_events(&engine, &name);

    up.interrupt();
    let stopping = wait_line(&up.stderr, "stopping line", |l| l.contains("Gracefully"));
    assert!(stopping.contains("Ctrl+C again to force"), "{stopping}");
    // The graceful stop has begun: its SIGTERM is ignored, the grace
    // period is 10 s.
    wait_line(&up.stdout, "stopping step", |l| l.starts_with("stopping "));
    let second = Instant::now();
    up.interrupt();
    wait_line(&up.stderr, "killing line", |l| l.contains("Killing"));
    assert_eq!(up.exit_within(Duration::from_secs(30)), Some(0));
    // Loose: a kill, not the end of the 10 s grace period.
    assert!(
        second.elapsed() < Duration::from_secs(8),
        "exit took {:?} after the second Ctrl-C",
        second.elapsed()
    );
    assert_eq!(die_codes(&events), vec![Some(137)], "killed, once");
    assert_nothing_left(&engine, &name).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_ctrl_c_stops_prompt_services_gracefully_and_leaves_nothing() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let name = unique_project("fgstop");
    let _guard = ProjectGuard::new(&engine, &name);
    busybox_image(&engine).await;
    let dir = tempfile::tempdir().unwrap();
    let mut up = Foreground::start(dir.path(), &name, PROMPT);
    wait_line(&up.stdout, "log line", |l| l.starts_with("prompt | ready"));
    let events = record_events(&engine, &name);

    up.interrupt();
    wait_line(&up.stderr, "stopping line", |l| l.contains("Gracefully"));
    assert_eq!(up.exit_within(Duration::from_secs(30)), Some(0));
    assert_eq!(die_codes(&events), vec![Some(0)], "stopped by its SIGTERM");
    assert_nothing_left(&engine, &name).await;
}

/// A service that never turns healthy and one that waits for it: `up`
/// stays in its start-up until interrupted.
const NEVER_HEALTHY: &str = r#"services:
  sick:
    image: IMAGE
    command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait $$!; done"]
    healthcheck:
      test: ["CMD", "false"]
      interval: 1s
      retries: 300
  waiting:
    image: IMAGE
    command: ["sh", "-c", "sleep 300"]
    depends_on:
      sick:
        condition: service_healthy
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_while_the_profile_comes_up_takes_down_what_was_started() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let name = unique_project("fgstart");
    let _guard = ProjectGuard::new(&engine, &name);
    busybox_image(&engine).await;
    let dir = tempfile::tempdir().unwrap();
    let mut up = Foreground::start(dir.path(), &name, NEVER_HEALTHY);
    wait_line(&up.stdout, "the first container", |l| {
        l.starts_with("sick: creating")
    });
    // `up` now waits for `sick` to be healthy, which it never is.
    let started = std::time::Instant::now();
    while engine.project_containers(&name).await.unwrap().is_empty() {
        assert!(started.elapsed() < Duration::from_secs(10), "no container");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    up.interrupt();
    wait_line(&up.stderr, "stopping line", |l| l.contains("Gracefully"));
    assert_eq!(up.exit_within(Duration::from_secs(30)), Some(0));
    assert_nothing_left(&engine, &name).await;
}
