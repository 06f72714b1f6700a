//! The compose spec's merge rules, observed on the specs runcli builds:
//! later files override single values, merge mappings, append lists,
//! de-duplicate ports and volumes, replace commands; `!reset`/`!override`.

use std::collections::BTreeMap;
use std::time::Duration;

use runcli::project::ProjectError;
use runcli::project::compose::{
    BuildSpec, ComposeProject, DependsCondition, Healthcheck, Mount, NetworkSpec, PortSpec,
    VolumeSpec, load_compose,
};

const BASE: &str = r#"version: "3.8"
services:
  web:
    image: app:1
    command: ["serve", "--port", "80"]
    entrypoint: /bin/sh -c
    environment:
      A: "1"
      B: 2
    labels: [team=web, tier=front]
    ports: ["8080:80", "127.0.0.1:9090:90/udp"]
    volumes:
      - ./src:/app
      - cache:/cache
    healthcheck:
      test: ["CMD", "true"]
      interval: 10s
      retries: 3
    depends_on: [db]
    build: ./web
    working_dir: /app
    user: "1000"
    hostname: web
    restart: "no"
    networks: [front]
    deploy:
      replicas: 1
      resources:
        limits: {cpus: "0.5", memory: 256m}
  db:
    image: postgres
    healthcheck:
      test: pg_isready -U postgres
networks:
  front:
    labels: [owner=web]
volumes:
  cache: {}
"#;

/// Lives in a subfolder: its relative paths still start at the first file's folder.
const OVERRIDE: &str = r#"services:
  web:
    image: app:2
    command: serve --debug "two words"
    environment:
      - B=3
      - C
    labels:
      tier: back
    ports: ["8080:80", {target: 443, published: 8443}]
    volumes:
      - ./src2:/app:ro
      - type: bind
        source: ~/logs
        target: /logs
        read_only: true
    healthcheck:
      test: ["CMD-SHELL", "curl -f localhost"]
      timeout: 1m30s
    depends_on:
      db:
        condition: service_healthy
    build:
      target: dev
      args: [VERSION=2, FROM_ENV, UNSET_ARG]
    networks:
      back:
        aliases: [web2, web2]
    deploy:
      resources:
        limits: {memory: 1gb}
networks:
  back:
    name: shared-back
    external: true
volumes:
  cache:
    name: my-cache
"#;

fn load(files: &[(&str, &str)]) -> (tempfile::TempDir, Result<ComposeProject, ProjectError>) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let names: Vec<String> = files.iter().map(|(n, _)| n.to_string()).collect();
    let env = |key: &str| match key {
        "C" => Some("from-env".to_string()),
        "HOME" => Some("/home/u".to_string()),
        "FROM_ENV" => Some("fe".to_string()),
        _ => None,
    };
    let result = load_compose(dir.path(), "demo", &names, ".env", &env);
    (dir, result)
}

fn ok(files: &[(&str, &str)]) -> (tempfile::TempDir, ComposeProject) {
    let (dir, result) = load(files);
    (dir, result.unwrap_or_else(|e| panic!("{e}")))
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn words(list: &[&str]) -> Option<Vec<String>> {
    Some(list.iter().map(|w| w.to_string()).collect())
}

fn port(ip: Option<&str>, published: u16, target: u16, protocol: &str) -> PortSpec {
    PortSpec {
        host_ip: ip.map(str::to_string),
        published: Some(published),
        target,
        protocol: protocol.into(),
        host_mode: false,
    }
}

#[test]
fn later_files_override_merge_and_append() {
    let (dir, p) = ok(&[("compose.yaml", BASE), ("overrides/dev.yaml", OVERRIDE)]);
    let root = dir.path();
    let web = &p.services["web"];
    assert_eq!(web.image.as_deref(), Some("app:2"));
    assert_eq!(web.image_ref("demo"), "app:2");
    assert_eq!(web.command, words(&["serve", "--debug", "two words"]));
    assert_eq!(web.entrypoint, words(&["/bin/sh", "-c"]));
    assert_eq!(
        web.environment,
        map(&[("A", "1"), ("B", "3"), ("C", "from-env")])
    );
    assert_eq!(web.labels, map(&[("team", "web"), ("tier", "back")]));
    assert_eq!(
        web.ports,
        vec![
            port(None, 8080, 80, "tcp"),
            port(Some("127.0.0.1"), 9090, 90, "udp"),
            port(None, 8443, 443, "tcp"),
        ]
    );
    assert_eq!(
        web.volumes,
        vec![
            Mount::Bind {
                source: root.join("src2"),
                target: "/app".into(),
                read_only: true
            },
            Mount::Volume {
                name: "cache".into(),
                target: "/cache".into(),
                read_only: false
            },
            Mount::Bind {
                source: "/home/u/logs".into(),
                target: "/logs".into(),
                read_only: true
            },
        ]
    );
    assert_eq!(
        web.healthcheck,
        Some(Healthcheck {
            test: vec!["CMD-SHELL".into(), "curl -f localhost".into()],
            interval: Some(Duration::from_secs(10)),
            timeout: Some(Duration::from_secs(90)),
            retries: Some(3),
            start_period: None,
            start_interval: None,
        })
    );
    assert_eq!(
        web.depends_on,
        BTreeMap::from([("db".to_string(), DependsCondition::ServiceHealthy)])
    );
    assert_eq!(
        web.build,
        Some(BuildSpec {
            context: root.join("web"),
            dockerfile: "Dockerfile".into(),
            target: Some("dev".into()),
            args: map(&[("VERSION", "2"), ("FROM_ENV", "fe")]),
        })
    );
    assert_eq!(web.working_dir.as_deref(), Some("/app"));
    assert_eq!(web.user.as_deref(), Some("1000"));
    assert_eq!(web.hostname.as_deref(), Some("web"));
    assert_eq!(web.restart.as_deref(), Some("no"));
    assert_eq!(
        web.networks,
        BTreeMap::from([
            ("back".to_string(), vec!["web2".to_string()]),
            ("front".to_string(), Vec::new()),
        ])
    );
    assert_eq!(web.replicas, 1);
    assert_eq!(web.cpus, Some(0.5));
    assert_eq!(web.memory, Some(1024 * 1024 * 1024));
}

#[test]
fn top_level_networks_and_volumes_get_their_engine_names() {
    let (_dir, p) = ok(&[("compose.yaml", BASE), ("overrides/dev.yaml", OVERRIDE)]);
    let network = |name: &str, external: bool, labels: &[(&str, &str)]| NetworkSpec {
        name: name.into(),
        driver: None,
        external,
        labels: map(labels),
    };
    assert_eq!(
        p.networks,
        BTreeMap::from([
            ("back".to_string(), network("shared-back", true, &[])),
            // db has no networks key, so it joins the project's default network.
            ("default".to_string(), network("demo_default", false, &[])),
            (
                "front".to_string(),
                network("demo_front", false, &[("owner", "web")])
            ),
        ])
    );
    assert_eq!(
        p.volumes,
        BTreeMap::from([(
            "cache".to_string(),
            VolumeSpec {
                name: "my-cache".into(),
                driver: None,
                external: false,
                labels: BTreeMap::new(),
            }
        )])
    );
    assert_eq!(p.network_name("front"), "demo_front");
    assert_eq!(p.volume_name("cache"), "my-cache");
    let db = &p.services["db"];
    assert_eq!(
        db.networks,
        BTreeMap::from([("default".to_string(), Vec::new())])
    );
    assert_eq!(
        db.healthcheck.as_ref().map(|h| h.test.clone()),
        words(&["CMD-SHELL", "pg_isready -U postgres"])
    );
}

#[test]
fn reset_and_override_tags_remove_and_replace() {
    let reset = r#"services:
  web:
    ports: !reset []
    environment:
      A: !reset null
    volumes: !override
      - ./other:/other
    healthcheck:
      disable: true
"#;
    let (dir, p) = ok(&[("compose.yaml", BASE), ("reset.yaml", reset)]);
    let web = &p.services["web"];
    assert!(web.ports.is_empty());
    assert_eq!(web.environment, map(&[("B", "2")]));
    assert_eq!(
        web.volumes,
        vec![Mount::Bind {
            source: dir.path().join("other"),
            target: "/other".into(),
            read_only: false
        }]
    );
    assert_eq!(
        web.healthcheck.as_ref().map(|h| h.test.clone()),
        words(&["NONE"])
    );
}

#[test]
fn a_bare_key_in_a_later_file_unsets_a_value_the_environment_lacks() {
    let later = "services:\n  web:\n    environment: [A]\n";
    let (_dir, p) = ok(&[("compose.yaml", BASE), ("later.yaml", later)]);
    assert_eq!(p.services["web"].environment, map(&[("B", "2")]));
}
