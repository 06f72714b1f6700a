//! From compose services to Swarm service specs, without an engine: the
//! names `docker stack deploy` gives, the update defaults (start-first only
//! behind a healthcheck), the compose file's own `deploy:` keys for Swarm,
//! secrets over the compose environment, and refused bind mounts.

use std::path::{Path, PathBuf};

use runcli::engine::{FailureAction, SwarmServiceSpec};
use runcli::ops::deploy::plan::{self, SpecInputs};
use runcli::project::compose::{ComposeProject, load_compose};

const COMPOSE: &str = r#"services:
  api:
    build: .
    environment:
      MODE: compose
      KEEP: yes
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/ping"]
      interval: 2s
    ports:
      - "5000:8080"
      - target: 9090
        published: 9090
        mode: host
    volumes:
      - data:/data
    deploy:
      replicas: 2
      resources:
        limits:
          cpus: "0.5"
          memory: 64m
      placement:
        constraints: ["node.role==worker"]
        preferences:
          - spread: node.id
  worker:
    image: busybox
    deploy:
      endpoint_mode: dnsrr
      update_config:
        parallelism: 2
        order: start-first
        failure_action: pause
        monitor: 30s
  tool:
    image: busybox
    volumes:
      - ./src:/src
volumes:
  data:
"#;

fn load(text: &str) -> (tempfile::TempDir, ComposeProject, Vec<PathBuf>) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("docker-compose.yaml"), text).expect("write compose");
    let no_env = |_: &str| None;
    let files = vec!["docker-compose.yaml".to_string()];
    let compose = match load_compose(dir.path(), "demo", &files, ".env", &no_env) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    let paths = vec![dir.path().join("docker-compose.yaml")];
    (dir, compose, paths)
}

/// The error loading `text` as the only compose file gives.
fn load_error(text: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("docker-compose.yaml"), text).expect("write");
    let no_env = |_: &str| None;
    match load_compose(
        dir.path(),
        "demo",
        &["docker-compose.yaml".into()],
        ".env",
        &no_env,
    ) {
        Ok(_) => panic!("loaded, but should not have:\n{text}"),
        Err(e) => e.to_string(),
    }
}

fn spec(compose: &ComposeProject, name: &str, secrets: &[(String, String)]) -> SwarmServiceSpec {
    let service = &compose.services[name];
    plan::service_spec(
        service,
        SpecInputs {
            stack: "model-staging",
            image: plan::registry_image("127.0.0.1:5000", &service.image_ref("demo"), "1.2.3"),
            secrets,
            version: "1.2.3",
        },
    )
}

#[test]
fn a_service_is_named_and_wired_as_docker_stack_deploy_does() {
    let (_dir, compose, _) = load(COMPOSE);
    let api = spec(&compose, "api", &[]);
    assert_eq!(api.name, "model-staging_api");
    assert_eq!(api.alias, "api");
    assert_eq!(api.network, "model-staging_default");
    assert_eq!(api.image, "127.0.0.1:5000/demo-api:1.2.3");
    assert_eq!(api.replicas, 2);
    assert_eq!(api.nano_cpus, Some(500_000_000));
    assert_eq!(api.memory, Some(64 * 1024 * 1024));
    assert_eq!(
        api.volumes,
        vec![("model-staging_data".to_string(), "/data".to_string(), false)]
    );
    let ports: Vec<(u16, Option<u16>, bool)> = api
        .ports
        .iter()
        .map(|p| (p.target, p.published, p.host_mode))
        .collect();
    assert_eq!(
        ports,
        vec![(8080, Some(5000), false), (9090, Some(9090), true)]
    );
    assert_eq!(api.constraints, vec!["node.role==worker".to_string()]);
    assert_eq!(api.spread, vec!["node.id".to_string()]);
    assert_eq!(
        api.labels.get("io.runcli.version").map(String::as_str),
        Some("1.2.3")
    );
}

#[test]
fn updates_default_to_one_at_a_time_rolling_back_and_start_first_behind_a_healthcheck() {
    let (_dir, compose, _) = load(&COMPOSE.replace("    volumes:\n      - data:/data\n", ""));
    let api = spec(&compose, "api", &[]);
    assert_eq!(api.update.parallelism, 1);
    assert_eq!(api.update.failure_action, FailureAction::Rollback);
    assert!(api.update.start_first, "api has a healthcheck");
    assert!(api.rollback.start_first);
    let tool = spec(&compose, "tool", &[]);
    assert!(!tool.update.start_first, "no healthcheck: stop-first");
    assert_eq!(tool.update.failure_action, FailureAction::Rollback);
}

#[test]
fn a_service_on_a_named_volume_stops_first_even_behind_a_healthcheck() {
    let (_dir, compose, _) = load(COMPOSE);
    let api = spec(&compose, "api", &[]);
    assert!(api.healthcheck.is_some());
    assert!(
        !api.update.start_first && !api.rollback.start_first,
        "two tasks would share the data volume"
    );
}

#[test]
fn the_compose_files_update_config_overrides_the_defaults() {
    let (_dir, compose, _) = load(COMPOSE);
    let worker = spec(&compose, "worker", &[]);
    assert_eq!(worker.update.parallelism, 2);
    assert!(worker.update.start_first);
    assert_eq!(worker.update.failure_action, FailureAction::Pause);
    assert_eq!(worker.update.monitor, std::time::Duration::from_secs(30));
    assert_eq!(worker.rollback.parallelism, 1, "rollback_config is not set");
    assert!(worker.dnsrr, "endpoint_mode: dnsrr");
    assert!(!spec(&compose, "api", &[]).dnsrr);
}

#[test]
fn compiled_secrets_win_over_the_compose_environment() {
    let (_dir, compose, _) = load(COMPOSE);
    let secrets = vec![
        ("MODE".to_string(), "staging".to_string()),
        ("DB_PASSWORD".to_string(), "s3cret".to_string()),
    ];
    let api = spec(&compose, "api", &secrets);
    assert!(
        api.env.contains(&"MODE=staging".to_string()),
        "{:?}",
        api.env.len()
    );
    assert!(api.env.contains(&"KEEP=yes".to_string()));
    assert!(api.env.contains(&"DB_PASSWORD=s3cret".to_string()));
    assert!(!api.env.contains(&"MODE=compose".to_string()));
}

#[test]
fn a_bind_mount_is_refused_where_it_is_written() {
    let (_dir, compose, files) = load(COMPOSE);
    assert!(plan::refuse_binds(&compose.services["api"], &files, "staging").is_ok());
    let err = plan::refuse_binds(&compose.services["tool"], &files, "staging")
        .map_err(|e| e.to_string())
        .expect_err("./src is a bind mount");
    let volumes_line = COMPOSE
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == "volumes:")
        .map(|(i, _)| i + 1)
        .nth(1)
        .unwrap_or_default();
    let file = Path::new("docker-compose.yaml");
    assert!(
        err.contains(&format!("{}:{volumes_line}:", file.display())),
        "{err}"
    );
    assert!(err.contains("/src"), "{err}");
    assert!(err.contains("[environments.staging]"), "{err}");
}

#[test]
fn services_default_to_those_with_an_image_or_a_build() {
    let (_dir, compose, _) = load(COMPOSE);
    let all = plan::selected(&compose, None);
    assert_eq!(all, Ok(vec!["api".into(), "tool".into(), "worker".into()]));
    let unknown = plan::selected(&compose, Some(&vec!["nope".to_string()]));
    assert!(unknown.is_err_and(|e| e.contains("nope") && e.contains("api")));
}

#[test]
fn a_bad_update_order_is_located() {
    let text = COMPOSE.replace("order: start-first", "order: sideways");
    let err = load_error(&text);
    assert!(
        err.contains("sideways") && err.contains("start-first"),
        "{err}"
    );
    let line = text
        .lines()
        .position(|l| l.contains("sideways"))
        .unwrap_or_default()
        + 1;
    assert!(
        err.contains(&format!("docker-compose.yaml:{line}:")),
        "{err}"
    );
}

const SWARM_KEYS: &str = r#"services:
  api:
    image: busybox
    hostname: api-host
    labels:
      team: models
    deploy:
      labels:
        tier: front
      resources:
        reservations:
          cpus: "0.25"
          memory: 16m
      restart_policy:
        condition: on-failure
        delay: 2s
        max_attempts: 5
        window: 30s
      update_config:
        max_failure_ratio: 0.5
  worker:
    image: busybox
    restart: unless-stopped
    deploy:
      mode: global
  once:
    image: busybox
    restart: on-failure:3
  never:
    image: busybox
    restart: "no"
"#;

#[test]
fn labels_go_where_docker_stack_deploy_puts_them() {
    let (_dir, compose, _) = load(SWARM_KEYS);
    let api = spec(&compose, "api", &[]);
    assert_eq!(api.labels.get("tier").map(String::as_str), Some("front"));
    assert!(!api.labels.contains_key("team"), "{:?}", api.labels);
    assert_eq!(
        api.container_labels.get("team").map(String::as_str),
        Some("models")
    );
    assert_eq!(api.hostname.as_deref(), Some("api-host"));
}

#[test]
fn reservations_restart_policy_and_failure_ratio_reach_the_spec() {
    let (_dir, compose, _) = load(SWARM_KEYS);
    let api = spec(&compose, "api", &[]);
    assert_eq!(api.reserve_nano_cpus, Some(250_000_000));
    assert_eq!(api.reserve_memory, Some(16 * 1024 * 1024));
    let restart = api.restart.expect("restart_policy");
    assert_eq!(restart.condition.as_deref(), Some("on-failure"));
    assert_eq!(restart.max_attempts, Some(5));
    assert_eq!(restart.delay, Some(std::time::Duration::from_secs(2)));
    assert_eq!(restart.window, Some(std::time::Duration::from_secs(30)));
    assert_eq!(api.update.max_failure_ratio, 0.5);
    assert_eq!(api.rollback.max_failure_ratio, 0.0);
    // Locally, as docker-compose 1.29: the policy becomes the container's.
    assert_eq!(
        compose.services["api"].restart.as_deref(),
        Some("on-failure:5")
    );
    assert_eq!(compose.services["api"].memory_reservation, Some(16 << 20));
}

#[test]
fn restart_means_for_swarm_what_the_docker_cli_makes_of_it() {
    let (_dir, compose, _) = load(SWARM_KEYS);
    let condition = |name: &str| {
        spec(&compose, name, &[])
            .restart
            .map(|r| (r.condition, r.max_attempts))
    };
    assert_eq!(condition("worker"), Some((Some("any".into()), None)));
    assert_eq!(
        condition("once"),
        Some((Some("on-failure".into()), Some(3)))
    );
    assert_eq!(condition("never"), None, "`no` leaves Swarm's default");
    assert!(spec(&compose, "worker", &[]).global);
    assert!(!spec(&compose, "api", &[]).global);
}

#[test]
fn bad_swarm_keys_are_located() {
    for (from, to, says) in [
        (
            "mode: global",
            "mode: everywhere",
            "use replicated or global",
        ),
        (
            "condition: on-failure",
            "condition: sometimes",
            "none, on-failure or any",
        ),
        (
            "max_failure_ratio: 0.5",
            "max_failure_ratio: 2",
            "fraction from 0 to 1",
        ),
    ] {
        let text = SWARM_KEYS.replace(from, to);
        let err = load_error(&text);
        let line = text
            .lines()
            .position(|l| l.contains(to))
            .unwrap_or_default()
            + 1;
        assert!(err.contains(says), "{to}: {err}");
        assert!(
            err.contains(&format!("docker-compose.yaml:{line}:")),
            "{to}: {err}"
        );
    }
}

#[test]
fn built_images_take_the_version_and_named_ones_keep_their_tag() {
    let text = "services:\n  api:\n    build: .\n  db:\n    image: postgres:15\n  cache:\n    image: localhost:5000/team/redis\n";
    let (_dir, compose, _) = load(text);
    let tag = |name: &str| {
        let service = &compose.services[name];
        plan::push_tag(service, &service.image_ref("demo"), "1.2.3").to_string()
    };
    assert_eq!(tag("api"), "1.2.3");
    assert_eq!(
        tag("db"),
        "15",
        "an app deploy must not restart the database"
    );
    assert_eq!(tag("cache"), "latest");
}
