//! On a real engine: the compose keys runcli accepts are applied to the
//! containers it creates, as `docker inspect` shows and as docker-compose
//! 1.29 applies them to the same file; a service whose config or image
//! changed is recreated on the next `server up` (and the progress says
//! why), an unchanged one is kept.

mod common;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use common::{
    ProjectGuard, busybox_image, docker_or_skip, output_text as text, runcli, unique_project,
    write_busybox_context,
};

fn manifest(name: &str) -> String {
    format!(
        "[project]\nname = \"{name}\"\n\n[compose]\nfiles = [\"docker-compose.yaml\"]\n\n\
         [profiles.stack]\ndescription = \"the services\"\nservices = [\"web\"]\n"
    )
}

fn applied(image: &str) -> String {
    format!(
        r#"services:
  web:
    image: {image}
    command: ["sh", "-c", "echo replica up; exec sleep 600"]
    hostname: webhost
    shm_size: 2gb
    init: true
    stop_signal: SIGINT
    stop_grace_period: 1m30s
    extra_hosts: ["somehost:162.242.195.82"]
    tmpfs: ["/run:size=64m", /scratch]
    expose: ["3000", "4000-4001/udp"]
    environment:
      GREETING: hello
    restart: always
    labels:
      team: models
    networks:
      front:
        aliases: [www]
      back: {{}}
    deploy:
      replicas: 2
      labels:
        tier: front
      resources:
        limits: {{cpus: '0.5', memory: 64m}}
        reservations: {{cpus: '0.25', memory: 16m}}
      restart_policy:
        condition: on-failure
        max_attempts: 4
networks:
  front: {{}}
  back: {{}}
"#
    )
}

/// `docker inspect NAME` as JSON (the engine's own view, not runcli's).
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

/// The fields the compose keys set, with network names made relative to
/// their project and engine-chosen aliases (the short id) left out.
fn applied_fields(c: &Value, project_prefix: &str) -> Value {
    let id = c["Id"].as_str().unwrap_or_default();
    let mut networks = serde_json::Map::new();
    for (net, settings) in c["NetworkSettings"]["Networks"]
        .as_object()
        .cloned()
        .unwrap_or_default()
    {
        let mut aliases: Vec<String> = settings["Aliases"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter_map(|a| a.as_str().map(str::to_string))
            .filter(|a| !id.starts_with(a.as_str()))
            .collect();
        aliases.sort();
        let key = net.trim_start_matches(project_prefix).to_string();
        networks.insert(key, serde_json::json!(aliases));
    }
    let host = &c["HostConfig"];
    let config = &c["Config"];
    serde_json::json!({
        "ShmSize": host["ShmSize"],
        "NanoCpus": host["NanoCpus"],
        "Memory": host["Memory"],
        "MemoryReservation": host["MemoryReservation"],
        "RestartPolicy": host["RestartPolicy"],
        "team": config["Labels"]["team"],
        "tier": config["Labels"]["tier"],
        "Init": host["Init"],
        "Tmpfs": host["Tmpfs"],
        "ExtraHosts": host["ExtraHosts"],
        "Hostname": config["Hostname"],
        "StopSignal": config["StopSignal"],
        "StopTimeout": config["StopTimeout"],
        "ExposedPorts": config["ExposedPorts"],
        "GREETING": env_value(c, "GREETING"),
        "Networks": networks,
    })
}

fn env_value(c: &Value, key: &str) -> Option<String> {
    c["Config"]["Env"]
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .find_map(|kv| kv.strip_prefix(&format!("{key}=")).map(str::to_string))
}

fn label(c: &Value, key: &str) -> String {
    c["Config"]["Labels"][key]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn has_compose() -> bool {
    let found = Command::new("docker-compose")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    let required = std::env::var("RUNCLI_REQUIRE_DOCKER").is_ok_and(|v| v == "1");
    assert!(
        found || !required,
        "RUNCLI_REQUIRE_DOCKER=1 but docker-compose (1.29, Debian's) is missing: apt-get install docker-compose"
    );
    if !found {
        eprintln!(
            "!!!!!!!! SKIPPED the docker-compose comparison: docker-compose is not installed"
        );
    }
    found
}

#[tokio::test]
async fn accepted_keys_are_applied_as_docker_compose_applies_them() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let image = busybox_image(&engine).await;
    let name = unique_project("apply");
    let _guard = ProjectGuard::new(&engine, &name);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("runcli.toml"), manifest(&name)).unwrap();
    std::fs::write(dir.path().join("docker-compose.yaml"), applied(&image)).unwrap();

    let up = runcli(dir.path(), &["server", "up", "stack", "--detach"]);
    assert_eq!(up.status.code(), Some(0), "{}", text(&up));
    let shown = text(&up);
    assert!(shown.contains("web-1: creating"), "{shown}");
    assert!(shown.contains("web-2: creating"), "{shown}");

    let prefix = format!("{name}_");
    let mut ours = Vec::new();
    for number in ["1", "2"] {
        let c = inspect(&format!("{name}-web-{number}"));
        assert_eq!(label(&c, "com.docker.compose.container-number"), number);
        assert_eq!(label(&c, "com.docker.compose.service"), "web");
        assert_eq!(label(&c, "com.docker.compose.config-hash").len(), 64);
        let fields = applied_fields(&c, &prefix);
        assert_eq!(fields["ShmSize"], 2_i64 << 30, "{fields}");
        assert_eq!(fields["Hostname"], "webhost", "{fields}");
        assert_eq!(fields["Memory"], 64_i64 << 20, "{fields}");
        // docker-compose 1.29: reservations.memory is a soft limit,
        // restart_policy wins over restart, deploy.labels stay off.
        assert_eq!(fields["MemoryReservation"], 16_i64 << 20, "{fields}");
        assert_eq!(
            fields["RestartPolicy"],
            serde_json::json!({"Name": "on-failure", "MaximumRetryCount": 4}),
            "{fields}"
        );
        assert_eq!(fields["team"], "models", "{fields}");
        assert!(fields["tier"].is_null(), "{fields}");
        assert_eq!(fields["NanoCpus"], 500_000_000, "{fields}");
        assert_eq!(fields["Init"], true, "{fields}");
        assert_eq!(fields["StopSignal"], "SIGINT", "{fields}");
        assert_eq!(fields["StopTimeout"], 90, "{fields}");
        assert_eq!(fields["Tmpfs"]["/run"], "size=64m", "{fields}");
        assert_eq!(
            fields["ExtraHosts"],
            serde_json::json!(["somehost:162.242.195.82"])
        );
        for port in ["3000/tcp", "4000/udp", "4001/udp"] {
            assert!(fields["ExposedPorts"].get(port).is_some(), "{fields}");
        }
        let nets = &fields["Networks"];
        assert_eq!(nets.as_object().map(|m| m.len()), Some(2), "{fields}");
        let front: Vec<&str> = nets["front"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        assert!(front.contains(&"www") && front.contains(&"web"), "{fields}");
        let back: Vec<&str> = nets["back"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        assert!(back.contains(&"web") && !back.contains(&"www"), "{fields}");
        ours.push(fields);
    }

    // Each replica's log has its own prefix, as compose's `web-1 |`.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let logs = text(&runcli(dir.path(), &["logs", "web"]));
        if logs.contains("web-1 | replica up") && logs.contains("web-2 | replica up") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no per-replica prefix: {logs}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }

    if !has_compose() {
        return;
    }
    let reference = format!("{name}-dc");
    let _dc_guard = ProjectGuard::new(&engine, &reference);
    let dc = Command::new("docker-compose")
        .current_dir(dir.path())
        .args(["-p", &reference, "-f", "docker-compose.yaml", "up", "-d"])
        .output()
        .expect("run docker-compose");
    assert!(dc.status.success(), "docker-compose up: {}", text(&dc));
    for (i, number) in ["1", "2"].iter().enumerate() {
        let theirs = inspect(&format!("{reference}_web_{number}"));
        let theirs = applied_fields(&theirs, &format!("{reference}_"));
        assert_eq!(
            ours[i], theirs,
            "runcli's replica {number} differs from docker-compose's"
        );
    }
    let down = Command::new("docker-compose")
        .current_dir(dir.path())
        .args(["-p", &reference, "-f", "docker-compose.yaml", "down"])
        .output()
        .expect("run docker-compose down");
    assert!(
        down.status.success(),
        "docker-compose down: {}",
        text(&down)
    );
}

/// `init: true` lets `sleep` end on the stop signal, so a recreate does
/// not wait out the stop timeout.
const CHANGING: &str = r#"services:
  db:
    image: IMAGE
    command: ["sleep", "600"]
    init: true
  api:
    build: .
    command: ["sleep", "600"]
    init: true
    env_file: [./api.env]
    environment:
      GREETING: hello
    depends_on: [db]
    deploy:
      replicas: 2
"#;

fn write_changing(dir: &Path, image: &str, greeting: &str, replicas: u32) {
    let yaml = CHANGING
        .replace("IMAGE", image)
        .replace("GREETING: hello", &format!("GREETING: {greeting}"))
        .replace("replicas: 2", &format!("replicas: {replicas}"));
    std::fs::write(dir.join("docker-compose.yaml"), yaml).unwrap();
}

/// With `down_first`, as the template's integration profile has: the down
/// is skipped when only this profile's services run, so they can be kept.
fn changing_manifest(name: &str) -> String {
    format!(
        "[project]\nname = \"{name}\"\n\n[compose]\nfiles = [\"docker-compose.yaml\"]\n\n\
         [profiles.api]\ndescription = \"api and db\"\nservices = [\"api\"]\ndown_first = true\n"
    )
}

fn id_of(name: &str) -> String {
    inspect(name)["Id"].as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn a_changed_service_is_recreated_and_an_unchanged_one_kept() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let image = busybox_image(&engine).await;
    let name = unique_project("recreate");
    let mut guard = ProjectGuard::new(&engine, &name);
    guard.images.push(format!("{name}-api"));
    let dir = tempfile::tempdir().unwrap();
    write_busybox_context(dir.path(), "");
    std::fs::write(dir.path().join("runcli.toml"), changing_manifest(&name)).unwrap();
    std::fs::write(dir.path().join("api.env"), "MODE=one\n").unwrap();
    write_changing(dir.path(), &image, "hello", 2);
    let up = |args: &[&str]| {
        let mut all = vec!["server", "up", "api", "--detach"];
        all.extend_from_slice(args);
        let out = runcli(dir.path(), &all);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        text(&out)
    };
    let api1 = format!("{name}-api-1");
    let api2 = format!("{name}-api-2");
    let db = format!("{name}-db-1");

    let first = up(&[]);
    assert!(first.contains("api-2: creating"), "{first}");
    let (db_id, api_id) = (id_of(&db), id_of(&api1));

    // The compose file's environment changes: both replicas are recreated
    // with the new value, the dependency is kept.
    write_changing(dir.path(), &image, "bonjour", 2);
    let edited = up(&[]);
    assert!(
        edited.contains("api-1: recreating (config changed)"),
        "{edited}"
    );
    assert!(
        edited.contains("api-2: recreating (config changed)"),
        "{edited}"
    );
    assert!(edited.contains("db: already running"), "{edited}");
    assert!(
        edited.find("db: already running") < edited.find("api-1: recreating"),
        "the dependency is seen to first: {edited}"
    );
    assert_ne!(id_of(&api1), api_id, "{edited}");
    assert_eq!(id_of(&db), db_id, "{edited}");
    let after = inspect(&api1);
    assert_eq!(env_value(&after, "GREETING").as_deref(), Some("bonjour"));
    assert_eq!(env_value(&after, "MODE").as_deref(), Some("one"));
    assert_eq!(after["State"]["Running"], true);

    // Nothing changed: nothing is recreated.
    let api_id = id_of(&api1);
    let same = up(&[]);
    assert!(!same.contains("recreating"), "{same}");
    assert!(same.contains("api-1: already running"), "{same}");
    assert!(same.contains("already up"), "{same}");
    assert_eq!(id_of(&api1), api_id);

    // The env file is part of the config.
    std::fs::write(dir.path().join("api.env"), "MODE=two\n").unwrap();
    let no = up(&["--no-recreate"]);
    assert!(!no.contains("recreating"), "--no-recreate keeps it: {no}");
    assert_eq!(id_of(&api1), api_id);
    let env_edit = up(&[]);
    assert!(
        env_edit.contains("api-1: recreating (config changed)"),
        "{env_edit}"
    );
    assert_eq!(env_value(&inspect(&api1), "MODE").as_deref(), Some("two"));

    // A rebuild that makes a new image recreates with the reason.
    write_busybox_context(dir.path(), "ENV BUILT=again\n");
    let rebuilt = up(&["--build"]);
    assert!(
        rebuilt.contains("api-1: recreating (image changed)"),
        "{rebuilt}"
    );
    assert!(rebuilt.contains("db: already running"), "{rebuilt}");
    assert_eq!(
        env_value(&inspect(&api1), "BUILT").as_deref(),
        Some("again")
    );

    let forced = up(&["--force-recreate"]);
    assert!(forced.contains("db: recreating (forced)"), "{forced}");
    assert!(forced.contains("api-1: recreating (forced)"), "{forced}");

    // Scaled down: the replica above the count goes.
    write_changing(dir.path(), &image, "bonjour", 1);
    let scaled = up(&[]);
    assert!(scaled.contains(&format!("removing {api2}")), "{scaled}");
    let left: Vec<String> = engine
        .project_containers(&name)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(left, vec![api1.clone(), db.clone()], "{scaled}");
}
