//! `runcli server stop PROFILE` stops one profile: its serving step's
//! container and its own container are removed, the compose services it
//! brought up (the db) keep running, and another profile's containers are
//! not touched. An unknown profile is a usage error listing the known.

mod common;

use common::{
    BUSYBOX_TAG, ProjectGuard, busybox_image, docker_or_skip, output_text as text, runcli,
    unique_project,
};

/// `sh` as PID 1 ignores SIGTERM unless it traps it; this one stops at once.
const SLEEPER: &str = r#"["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]"#;

fn manifest(name: &str) -> String {
    format!(
        r#"[project]
name = "{name}"

[compose]
files = ["docker-compose.yaml"]

[profiles.local]
description = "db as a service, api served by a step, a box of its own"
services = ["db"]

[[profiles.local.steps]]
name = "serve"
service = "api"
command = {SLEEPER}
serve = true

[profiles.local.container]
image = "{BUSYBOX_TAG}"
command = {SLEEPER}

[profiles.other]
description = "another profile's box"

[profiles.other.container]
image = "{BUSYBOX_TAG}"
command = {SLEEPER}
"#
    )
}

#[tokio::test]
async fn stopping_a_profile_removes_its_containers_and_keeps_the_db() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let image = busybox_image(&engine).await;
    let name = unique_project("stopprof");
    let _guard = ProjectGuard::new(&engine, &name);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("runcli.toml"), manifest(&name)).unwrap();
    let sleeper = "[\"sh\", \"-c\", \"trap 'exit 0' TERM; sleep 600 & wait\"]";
    let compose = format!(
        "services:\n  db:\n    image: {image}\n    command: {sleeper}\n  api:\n    image: {image}\n    command: {sleeper}\n    depends_on: [db]\n"
    );
    std::fs::write(dir.path().join("docker-compose.yaml"), compose).unwrap();
    for profile in ["local", "other"] {
        let out = runcli(dir.path(), &["server", "up", profile, "--detach"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    }
    let serving = format!("{name}-api-local");
    let own = format!("{name}-local-1");
    let others = format!("{name}-other-1");
    let db = format!("{name}-db-1");
    let running = |list: &[runcli::engine::ContainerInfo], n: &str| {
        list.iter().any(|c| c.name == n && c.state.is_running())
    };
    let before = engine.project_containers(&name).await.unwrap();
    for n in [&serving, &own, &others, &db] {
        assert!(running(&before, n), "{n} should run: {before:?}");
    }

    let out = runcli(dir.path(), &["server", "stop", "local"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains(&serving) && said.contains(&own), "{said}");

    let after = engine.project_containers(&name).await.unwrap();
    let names: Vec<&str> = after.iter().map(|c| c.name.as_str()).collect();
    assert!(!names.contains(&serving.as_str()), "{names:?}");
    assert!(!names.contains(&own.as_str()), "{names:?}");
    assert!(running(&after, &db), "the db stays up: {names:?}");
    assert!(
        running(&after, &others),
        "other profiles stay up: {names:?}"
    );

    // Stopping it again finds nothing and says so; under --json stdout
    // carries the `stopped` object alone.
    let again = runcli(dir.path(), &["--json", "server", "stop", "local"]);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("nothing of local"), "{stderr}");
    let object: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(object["event"], "stopped");
    assert_eq!(object["profile"], "local");
    assert_eq!(object["removed"], serde_json::json!([]));

    let unknown = runcli(dir.path(), &["server", "stop", "nope"]);
    assert_eq!(unknown.status.code(), Some(2), "{}", text(&unknown));
    let said = text(&unknown);
    assert!(
        said.contains("nope") && said.contains("local, other"),
        "{said}"
    );
}
