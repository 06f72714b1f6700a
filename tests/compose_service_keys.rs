//! Every compose service key runcli accepts is read and reaches the
//! container spec; the combinations compose refuses are refused with the
//! key, the service and `file:line`; compose's service profiles decide
//! what starts.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use runcli::engine::{NetworkJoin, RestartPolicy};
use runcli::ops::stack::container::service_container;
use runcli::project::ProjectError;
use runcli::project::compose::{ComposeProject, load_compose};

fn load_env(
    yaml: &str,
    env: &[(&str, &str)],
) -> (tempfile::TempDir, Result<ComposeProject, ProjectError>) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    std::fs::write(dir.path().join("compose.yaml"), yaml).unwrap_or_else(|e| panic!("{e}"));
    let vars: BTreeMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let lookup = move |key: &str| vars.get(key).cloned();
    let result = load_compose(
        dir.path(),
        "demo",
        &["compose.yaml".into()],
        ".env",
        &lookup,
    );
    (dir, result)
}

fn load(yaml: &str) -> ComposeProject {
    let (_dir, result) = load_env(yaml, &[]);
    result.unwrap_or_else(|e| panic!("{e}"))
}

fn error(yaml: &str) -> (tempfile::TempDir, ProjectError) {
    let (dir, result) = load_env(yaml, &[]);
    match result {
        Ok(p) => panic!("expected an error, loaded {:?}", p.services.keys()),
        Err(e) => (dir, e),
    }
}

const EVERY_KEY: &str = r#"services:
  web:
    image: busybox
    hostname: webhost
    shm_size: 2gb
    init: true
    stop_signal: SIGINT
    stop_grace_period: 1m30s
    restart: on-failure:3
    extra_hosts:
      - "somehost:162.242.195.82"
      - "other=10.0.0.7"
    tmpfs:
      - /run:size=64m
      - /scratch
    expose: ["3000", "4000-4001/udp"]
    networks:
      front:
        aliases: [www]
      back: {}
    deploy:
      replicas: 2
      resources:
        limits: {cpus: '0.5', memory: 64m}
    healthcheck:
      test: ["CMD", "true"]
      start_period: 5s
      start_interval: 1s
networks:
  front: {}
  back: {}
"#;

#[test]
fn every_accepted_key_reaches_the_container_spec() {
    let compose = load(EVERY_KEY);
    let web = &compose.services["web"];
    assert_eq!(web.replicas, 2);
    let spec = service_container(&compose, web, web.container_name("demo", 2), false, 2);
    assert_eq!(spec.name, "demo-web-2");
    assert_eq!(spec.labels["com.docker.compose.container-number"], "2");
    assert_eq!(spec.hostname.as_deref(), Some("webhost"));
    assert_eq!(spec.shm_size, Some(2 << 30));
    assert_eq!(spec.nano_cpus, Some(500_000_000));
    assert_eq!(spec.memory, Some(64 << 20));
    assert_eq!(spec.init, Some(true));
    assert_eq!(spec.stop_signal.as_deref(), Some("SIGINT"));
    assert_eq!(spec.stop_timeout, Some(90));
    assert_eq!(
        spec.restart,
        RestartPolicy::OnFailure {
            max_retries: Some(3)
        }
    );
    assert_eq!(
        spec.extra_hosts,
        vec!["somehost:162.242.195.82", "other:10.0.0.7"]
    );
    assert_eq!(
        spec.tmpfs,
        BTreeMap::from([
            ("/run".to_string(), "size=64m".to_string()),
            ("/scratch".to_string(), String::new()),
        ])
    );
    assert_eq!(spec.expose, vec!["3000/tcp", "4000/udp", "4001/udp"]);
    // Compose joins networks by name: `back` first, then `front`.
    assert_eq!(spec.network.as_deref(), Some("demo_back"));
    assert_eq!(spec.network_aliases, vec!["web"]);
    assert_eq!(
        spec.extra_networks,
        vec![NetworkJoin {
            network: "demo_front".into(),
            aliases: vec!["web".into(), "www".into()],
        }]
    );
    let health = spec.healthcheck.unwrap_or_default();
    assert_eq!(health.start_period, Some(Duration::from_secs(5)));
    assert_eq!(health.start_interval, Some(Duration::from_secs(1)));
}

#[test]
fn a_one_off_answers_to_no_alias_and_never_restarts() {
    let compose = load(EVERY_KEY);
    let web = &compose.services["web"];
    let spec = service_container(&compose, web, "demo-web-run-1".into(), true, 1);
    assert!(spec.network_aliases.is_empty());
    assert!(spec.extra_networks.iter().all(|j| j.aliases.is_empty()));
    assert_eq!(spec.restart, RestartPolicy::No);
    assert!(spec.ports.is_empty());
}

#[test]
fn container_name_names_the_container_and_refuses_replicas() {
    let compose = load("services:\n  db:\n    image: postgres\n    container_name: my-db\n");
    let db = &compose.services["db"];
    assert_eq!(db.container_name("demo", 1), "my-db");
    let (dir, err) = error(
        "services:\n  db:\n    image: postgres\n    container_name: my-db\n    deploy:\n      replicas: 2\n",
    );
    let text = err.to_string();
    let at = format!("{}:4:", dir.path().join("compose.yaml").display());
    assert!(text.starts_with(&at), "{text}");
    assert!(text.contains("service `db`"), "{text}");
    assert!(text.contains("container_name `my-db`"), "{text}");
    assert!(text.contains("replicas"), "{text}");
}

#[test]
fn malformed_values_name_key_service_and_line() {
    let cases = [
        ("    extra_hosts: [nohost]\n", "extra_hosts entry `nohost`"),
        ("    tmpfs: run\n", "tmpfs `run`"),
        ("    expose: [\"80/icmp\"]\n", "expose `80/icmp`"),
        ("    expose: [\"90-80\"]\n", "expose `90-80`"),
        ("    stop_grace_period: soon\n", "stop_grace_period"),
        ("    init: maybe\n", "`init` must be true or false"),
        ("    profiles: [\"-x\"]\n", "profile `-x`"),
    ];
    for (line, expected) in cases {
        let yaml = format!("services:\n  api:\n    image: x\n{line}");
        let (dir, err) = error(&yaml);
        let text = err.to_string();
        let at = format!("{}:4:", dir.path().join("compose.yaml").display());
        assert!(text.starts_with(&at), "{line}: {text}");
        assert!(text.contains("service `api`"), "{line}: {text}");
        assert!(text.contains(expected), "{line}: {text}");
    }
}

#[test]
fn keys_outside_the_subset_are_still_refused() {
    let (_dir, err) = error("services:\n  api:\n    image: x\n    stop_timeout: 3\n");
    assert!(
        matches!(&err, ProjectError::ComposeUnsupported { key, .. } if key == "stop_timeout"),
        "{err}"
    );
}

const PROFILED: &str = r#"services:
  api:
    image: x
    depends_on:
      chrome: {condition: service_started, required: false}
      db: {condition: service_started}
  db:
    image: y
  chrome:
    image: z
    profiles: [selenium]
  debug:
    image: w
    profiles: [debug]
    depends_on: [db]
  tool:
    image: v
    depends_on:
      debug: {condition: service_started}
      gone: {condition: service_started, required: false}
"#;

#[test]
fn profiles_decide_what_starts_as_compose_does() {
    let compose = load(PROFILED);
    assert_eq!(compose.enabled_services(), vec!["api", "db", "tool"]);
    // An optional dependency whose profile is off is left out...
    assert_eq!(
        compose.start_order(&["api".to_string()]).unwrap(),
        vec!["db", "api"]
    );
    // ...and comes once its profile is on.
    let (_dir, on) = load_env(PROFILED, &[("COMPOSE_PROFILES", "selenium, other")]);
    let on = on.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(on.enabled_services(), vec!["api", "chrome", "db", "tool"]);
    assert_eq!(
        on.start_order(&["api".to_string()]).unwrap(),
        vec!["chrome", "db", "api"]
    );
    // A required dependency whose profile is off is refused, with the way out.
    let err = compose
        .start_order(&["tool".to_string()])
        .expect_err("debug is off");
    let text = err.to_string();
    assert!(text.contains("`debug` is needed by `tool`"), "{text}");
    assert!(text.contains("COMPOSE_PROFILES=debug"), "{text}");
    // Named explicitly, a service runs whatever its profiles.
    assert_eq!(
        compose
            .start_order(&["debug".to_string(), "tool".to_string()])
            .unwrap(),
        vec!["db", "debug", "tool"]
    );
    // `required: false` lets a dependency that no file defines pass.
    assert!(!compose.services["tool"].depends_on.contains_key("gone"));
}

#[test]
fn a_missing_required_dependency_is_still_an_error() {
    let (_dir, err) = error("services:\n  api:\n    image: x\n    depends_on: [cache]\n");
    assert!(
        err.to_string().contains("depends_on names `cache`"),
        "{err}"
    );
}

#[test]
fn extra_hosts_and_tmpfs_merge_across_files_in_either_form() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let write = |name: &str, text: &str| {
        std::fs::write(dir.path().join(name), text).unwrap_or_else(|e| panic!("{e}"))
    };
    write(
        "a.yaml",
        "services:\n  api:\n    image: x\n    extra_hosts: {db.local: 10.0.0.5}\n    tmpfs: /run\n",
    );
    write(
        "b.yaml",
        "services:\n  api:\n    extra_hosts: [\"cache:10.0.0.6\"]\n    tmpfs: [\"/run:size=1m\", /tmp]\n",
    );
    let no_env = |_: &str| None;
    let files = ["a.yaml".to_string(), "b.yaml".to_string()];
    let compose = load_compose(Path::new(dir.path()), "demo", &files, ".env", &no_env)
        .unwrap_or_else(|e| panic!("{e}"));
    let api = &compose.services["api"];
    assert_eq!(api.extra_hosts, vec!["db.local:10.0.0.5", "cache:10.0.0.6"]);
    assert_eq!(api.tmpfs["/run"], "size=1m");
    assert_eq!(api.tmpfs["/tmp"], "");
}
