//! A profile's serving step and its own container follow the config-hash
//! rule of service containers: an edit of the step's env in runcli.toml (or
//! of the container's table, or a rebuilt image) recreates the container on
//! the next `server up` and says why; an unchanged one is kept, and so are
//! the profile's services, without its one-off steps running again.

mod common;

use std::path::Path;
use std::process::Command;

use common::{
    BUSYBOX_TAG, ProjectGuard, busybox_image, docker_or_skip, output_text as text, runcli,
    unique_project, write_busybox_context,
};
use serde_json::Value;

/// `sh` as PID 1 ignores SIGTERM unless it traps it; this one stops at once.
const SLEEPER: &str = r#"["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]"#;

fn serving_manifest(name: &str, greeting: &str) -> String {
    format!(
        r#"[project]
name = "{name}"

[compose]
files = ["docker-compose.yaml"]

[profiles.local]
description = "db as a service, api served by a step"
down_first = true
services = ["db"]

[[profiles.local.steps]]
name = "migrate"
service = "api"
command = ["sh", "-c", "echo migrated"]

[[profiles.local.steps]]
name = "serve"
service = "api"
command = {SLEEPER}
env = {{ GREETING = "{greeting}" }}
serve = true
"#
    )
}

fn container_manifest(name: &str, mode: &str) -> String {
    format!(
        r#"[project]
name = "{name}"

[compose]
files = ["docker-compose.yaml"]

[profiles.box]
description = "a container of its own"

[profiles.box.container]
image = "{BUSYBOX_TAG}"
command = {SLEEPER}
env = {{ MODE = "{mode}" }}
"#
    )
}

fn inspect(name: &str) -> Value {
    let out = Command::new("docker")
        .args(["inspect", name])
        .output()
        .expect("run docker inspect");
    assert!(
        out.status.success(),
        "docker inspect {name}: {}",
        text(&out)
    );
    let list: Value = serde_json::from_slice(&out.stdout).expect("inspect JSON");
    list[0].clone()
}

fn id_of(name: &str) -> String {
    inspect(name)["Id"].as_str().unwrap_or_default().to_string()
}

fn env_of(name: &str, key: &str) -> Option<String> {
    inspect(name)["Config"]["Env"]
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .find_map(|kv| kv.strip_prefix(&format!("{key}=")).map(str::to_string))
}

fn running(name: &str) -> bool {
    inspect(name)["State"]["Running"] == true
}

fn up(dir: &Path, profile: &str, args: &[&str]) -> String {
    let mut all = vec!["server", "up", profile, "--detach"];
    all.extend_from_slice(args);
    let out = runcli(dir, &all);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    text(&out)
}

#[tokio::test]
async fn an_edited_serving_step_is_recreated_and_an_unchanged_one_kept() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let image = busybox_image(&engine).await;
    let name = unique_project("serve-hash");
    let mut guard = ProjectGuard::new(&engine, &name);
    guard.images.push(format!("{name}-api"));
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_busybox_context(root, "");
    let compose = format!(
        "services:\n  db:\n    image: {image}\n    command: [\"sleep\", \"600\"]\n    init: true\n  \
         api:\n    build: .\n    depends_on: [db]\n"
    );
    std::fs::write(root.join("docker-compose.yaml"), compose).unwrap();
    let manifest = |greeting: &str| {
        std::fs::write(root.join("runcli.toml"), serving_manifest(&name, greeting)).unwrap();
    };
    let serving = format!("{name}-api-local");
    let db = format!("{name}-db-1");

    manifest("one");
    let first = up(root, "local", &[]);
    assert!(first.contains("migrate: done"), "{first}");
    assert!(first.contains("serve: serving in"), "{first}");
    assert_eq!(env_of(&serving, "GREETING").as_deref(), Some("one"));
    let (db_id, serving_id) = (id_of(&db), id_of(&serving));

    // The step's env changes in runcli.toml: the serving container is
    // recreated with the new value; the database, unchanged, is kept
    // (down_first has nothing else of the project to clear).
    manifest("two");
    let edited = up(root, "local", &[]);
    assert!(
        edited.contains("serve: recreating (config changed)"),
        "{edited}"
    );
    assert!(edited.contains("db: already running"), "{edited}");
    assert!(!edited.contains("already up"), "{edited}");
    assert_ne!(id_of(&serving), serving_id, "{edited}");
    assert_eq!(id_of(&db), db_id, "{edited}");
    assert_eq!(env_of(&serving, "GREETING").as_deref(), Some("two"));
    assert!(running(&serving));

    // Nothing changed: nothing is recreated and the steps do not run again.
    let serving_id = id_of(&serving);
    let same = up(root, "local", &[]);
    assert!(same.contains("already up"), "{same}");
    assert!(same.contains("serve: already running"), "{same}");
    assert!(!same.contains("recreating"), "{same}");
    assert!(!same.contains("migrate: running"), "{same}");
    assert_eq!(id_of(&serving), serving_id);

    // --no-recreate keeps it even after an edit.
    manifest("three");
    let kept = up(root, "local", &["--no-recreate"]);
    assert!(!kept.contains("recreating"), "{kept}");
    assert_eq!(id_of(&serving), serving_id);
    assert_eq!(env_of(&serving, "GREETING").as_deref(), Some("two"));

    // --build that makes a new image replaces it, saying so.
    write_busybox_context(root, "ENV BUILT=again\n");
    let rebuilt = up(root, "local", &["--build"]);
    assert!(
        rebuilt.contains("serve: recreating (image changed)"),
        "{rebuilt}"
    );
    assert_eq!(env_of(&serving, "BUILT").as_deref(), Some("again"));
    assert_eq!(env_of(&serving, "GREETING").as_deref(), Some("three"));
    assert_eq!(id_of(&db), db_id, "{rebuilt}");
}

#[tokio::test]
async fn a_profiles_own_container_is_recreated_on_edit_and_started_when_stopped() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    busybox_image(&engine).await;
    let name = unique_project("own-hash");
    let _guard = ProjectGuard::new(&engine, &name);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("docker-compose.yaml"), "services: {}\n").unwrap();
    let manifest = |mode: &str| {
        std::fs::write(root.join("runcli.toml"), container_manifest(&name, mode)).unwrap();
    };
    let own = format!("{name}-box-1");

    manifest("one");
    let first = up(root, "box", &[]);
    assert!(first.contains("box: creating"), "{first}");
    let id = id_of(&own);
    let same = up(root, "box", &[]);
    assert!(same.contains("already up"), "{same}");
    assert_eq!(id_of(&own), id);

    manifest("two");
    let edited = up(root, "box", &[]);
    assert!(
        edited.contains("box: recreating (config changed)"),
        "{edited}"
    );
    assert_ne!(id_of(&own), id);
    assert_eq!(env_of(&own, "MODE").as_deref(), Some("two"));

    // Stopped but unchanged: started again as it is, as compose does.
    let id = id_of(&own);
    engine.stop(&id, 5).await.unwrap();
    let again = up(root, "box", &[]);
    assert!(again.contains("box: starting"), "{again}");
    assert_eq!(id_of(&own), id);
    assert!(running(&own));
}
