//! What runcli refuses in compose files, and how it says so: the key or
//! value, the service, and `file:line:col`.

use std::path::Path;

use runcli::project::ProjectError;
use runcli::project::compose::{ComposeProject, load_compose};

const BASE: &str = "services:\n  api:\n    image: busybox\n  db:\n    image: postgres\n";

/// Writes `files` (name, text) into a fresh folder and loads them in order.
fn load(files: &[(&str, &str)]) -> (tempfile::TempDir, Result<ComposeProject, ProjectError>) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let names: Vec<String> = files.iter().map(|(n, _)| n.to_string()).collect();
    let no_env = |_: &str| None;
    let result = load_compose(dir.path(), "demo", &names, ".env", &no_env);
    (dir, result)
}

fn error(files: &[(&str, &str)]) -> (tempfile::TempDir, ProjectError) {
    let (dir, result) = load(files);
    match result {
        Ok(p) => panic!("expected an error, loaded {:?}", p.services.keys()),
        Err(e) => (dir, e),
    }
}

fn at(dir: &Path, file: &str, line: usize, col: usize) -> String {
    format!("{}:{line}:{col}: ", dir.join(file).display())
}

#[test]
fn an_unsupported_service_key_names_key_service_and_file() {
    let over = "services:\n  api:\n    environment: [A=1]\n    privileged: true\n";
    let (dir, err) = error(&[("base.yaml", BASE), ("over.yaml", over)]);
    match &err {
        ProjectError::ComposeUnsupported {
            at, key, service, ..
        } => {
            assert_eq!(at.path, dir.path().join("over.yaml"));
            assert_eq!(at.pos.map(|p| (p.line, p.col)), Some((4, 5)));
            assert_eq!(key, "privileged");
            assert_eq!(service.as_deref(), Some("api"));
        }
        other => panic!("wrong error: {other}"),
    }
    let text = err.to_string();
    assert!(
        text.starts_with(&at(dir.path(), "over.yaml", 4, 5)),
        "{text}"
    );
    assert!(
        text.contains("service `api`: `privileged` is not supported"),
        "{text}"
    );
    assert!(text.contains("image, build, command"), "{text}");

    let cap = "services:\n  db:\n    image: postgres\n    cap_add:\n      - NET_ADMIN\n";
    let (dir, err) = error(&[("compose.yaml", cap)]);
    let text = err.to_string();
    assert!(
        text.starts_with(&at(dir.path(), "compose.yaml", 4, 5)),
        "{text}"
    );
    assert!(
        text.contains("service `db`: `cap_add` is not supported"),
        "{text}"
    );
}

#[test]
fn unsupported_keys_are_found_at_every_level() {
    let cases = [
        (
            "services:\n  a:\n    image: x\n    ports:\n      - target: 80\n        app_protocol: http\n",
            "ports[0].app_protocol",
            6,
        ),
        (
            "services:\n  a:\n    image: x\n    deploy:\n      resources:\n        reservations:\n          devices: [{capabilities: [gpu]}]\n",
            "deploy.resources.reservations.devices",
            7,
        ),
        (
            "services:\n  a:\n    image: x\n    healthcheck:\n      test: [CMD, 'true']\n      start_delay: 1s\n",
            "healthcheck.start_delay",
            6,
        ),
        (
            "services:\n  a:\n    image: x\n    networks:\n      front:\n        ipv4_address: 10.0.0.2\nnetworks:\n  front: {}\n",
            "networks.front.ipv4_address",
            6,
        ),
        (
            "services:\n  a:\n    image: x\n    build:\n      context: .\n      ssh: [default]\n",
            "build.ssh",
            6,
        ),
    ];
    for (yaml, key, line) in cases {
        let (_dir, err) = error(&[("compose.yaml", yaml)]);
        match &err {
            ProjectError::ComposeUnsupported {
                at,
                key: found,
                service,
                ..
            } => {
                assert_eq!(found, key);
                assert_eq!(service.as_deref(), Some("a"));
                assert_eq!(at.pos.map(|p| p.line), Some(line), "{err}");
            }
            other => panic!("{key}: wrong error: {other}"),
        }
    }
    let (_dir, err) = error(&[(
        "compose.yaml",
        "secrets:\n  token: {file: ./t}\nservices: {}\n",
    )]);
    assert!(
        matches!(&err, ProjectError::ComposeUnsupported { key, service: None, .. } if key == "secrets"),
        "{err}"
    );
    let (_dir, err) = error(&[(
        "compose.yaml",
        "volumes:\n  data:\n    driver_opts: {}\nservices: {}\n",
    )]);
    assert!(
        err.to_string()
            .contains("`volumes.data.driver_opts` is not supported"),
        "{err}"
    );
}

#[test]
fn extension_keys_are_allowed_anywhere() {
    let yaml = r#"version: "3.8"
x-common: &common
  image: busybox
  restart: unless-stopped
services:
  a:
    <<: *common
    x-note: kept for docker compose only
    ports:
      - target: 80
        published: 8080
        x-comment: long syntax
    networks:
      front:
        x-where: here
networks:
  front:
    x-team: web
"#;
    let (_dir, result) = load(&[("compose.yaml", yaml)]);
    let p = result.unwrap_or_else(|e| panic!("{e}"));
    let a = &p.services["a"];
    assert_eq!(a.image.as_deref(), Some("busybox"));
    assert_eq!(a.restart.as_deref(), Some("unless-stopped"));
    assert_eq!(
        a.ports.first().map(|p| (p.published, p.target)),
        Some((Some(8080), 80))
    );
    assert!(a.networks.contains_key("front"));
}

#[test]
fn yaml_syntax_errors_name_file_line_and_column() {
    let bad =
        "services:\n  api:\n    image: busybox\n    command: [sh, -c\n  db:\n    image: postgres\n";
    let (dir, err) = error(&[("compose.yaml", BASE), ("broken.yaml", bad)]);
    assert!(matches!(err, ProjectError::ComposeSyntax { .. }), "{err}");
    let text = err.to_string();
    let prefix = format!("{}:", dir.path().join("broken.yaml").display());
    assert!(text.starts_with(&prefix), "{text}");
    let pos: Vec<usize> = text[prefix.len()..]
        .split(':')
        .take(2)
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    assert_eq!(pos.len(), 2, "{text}");
    assert!(pos[0] >= 4 && pos[0] <= 5, "{text}");

    let tabs = "services:\n\tapi:\n    image: busybox\n";
    let (dir, err) = error(&[("compose.yaml", tabs)]);
    assert!(
        err.to_string()
            .starts_with(&at(dir.path(), "compose.yaml", 2, 2)),
        "{err}"
    );

    let dup = "services:\n  api:\n    image: a\n    image: b\n";
    let (dir, err) = error(&[("compose.yaml", dup)]);
    assert!(
        err.to_string()
            .starts_with(&at(dir.path(), "compose.yaml", 4, 5)),
        "{err}"
    );
}

#[test]
fn references_must_exist() {
    let deps =
        "services:\n  api:\n    image: x\n    depends_on: [db, cache]\n  db:\n    image: y\n";
    let (dir, err) = error(&[("compose.yaml", deps)]);
    let text = err.to_string();
    assert!(
        text.starts_with(&at(dir.path(), "compose.yaml", 4, 22)),
        "{text}"
    );
    assert!(
        text.contains("service `api`: depends_on names `cache`"),
        "{text}"
    );

    let net = "services:\n  api:\n    image: x\n    networks: [default, backend]\n";
    let (dir, err) = error(&[("compose.yaml", net)]);
    let text = err.to_string();
    assert!(
        text.starts_with(&at(dir.path(), "compose.yaml", 4, 25)),
        "{text}"
    );
    assert!(
        text.contains("service `api`: network `backend` is not declared"),
        "{text}"
    );

    let vol =
        "services:\n  db:\n    image: x\n    volumes:\n      - pgdata:/var/lib/postgresql/data\n";
    let (dir, err) = error(&[("compose.yaml", vol)]);
    let text = err.to_string();
    assert!(
        text.starts_with(&at(dir.path(), "compose.yaml", 5, 9)),
        "{text}"
    );
    assert!(
        text.contains("service `db`: named volume `pgdata` is not declared"),
        "{text}"
    );
}

#[test]
fn a_dependency_cycle_is_named() {
    let a = "services:\n  api:\n    image: x\n    depends_on: [db]\n  db:\n    image: y\n";
    let b = "services:\n  db:\n    depends_on: [migrate]\n  migrate:\n    image: z\n    depends_on:\n      api: {condition: service_healthy}\n";
    let (dir, err) = error(&[("a.yaml", a), ("b.yaml", b)]);
    match &err {
        ProjectError::ComposeCycle { at, cycle } => {
            assert_eq!(cycle, &["api", "db", "migrate", "api"]);
            assert_eq!(
                at.as_ref().map(|l| l.path.clone()),
                Some(dir.path().join("a.yaml"))
            );
        }
        other => panic!("wrong error: {other}"),
    }
    assert!(
        err.to_string().contains("api -> db -> migrate -> api"),
        "{err}"
    );

    let own = "services:\n  a:\n    image: x\n    depends_on: [a]\n";
    let (_dir, err) = error(&[("compose.yaml", own)]);
    assert!(
        matches!(&err, ProjectError::ComposeCycle { cycle, .. } if cycle == &["a", "a"]),
        "{err}"
    );
}

#[test]
fn unusable_values_are_refused_with_a_fix() {
    let cases = [
        (
            "    env_file: [./missing.env]\n",
            "missing.env does not exist",
        ),
        (
            "    volumes: [/data]\n",
            "anonymous volume at `/data` is not supported",
        ),
        ("    volumes: [./x:/data:cached]\n", "mount option `cached`"),
        (
            "    volumes: [{type: tmpfs, target: /t}]\n",
            "volume type `tmpfs`",
        ),
        ("    ports: [\"80:http\"]\n", "`http` is not a port number"),
        (
            "    healthcheck: {test: [pg_isready]}\n",
            "starts with CMD, CMD-SHELL or NONE",
        ),
        (
            "    healthcheck: {test: x, interval: 10}\n",
            "`10` is not a duration",
        ),
        ("    shm_size: 2 gigs\n", "is not a size"),
        ("    restart: sometimes\n", "restart `sometimes`"),
        (
            "    depends_on: {db: {condition: ready}}\n",
            "condition `ready`",
        ),
        ("    command: \"sh -c 'unclosed\"\n", "`command`"),
        (
            "    deploy: {resources: {limits: {cpus: none}}}\n",
            "`cpus` must be a positive number",
        ),
    ];
    for (line, expected) in cases {
        let yaml = format!("services:\n  api:\n    image: x\n{line}  db:\n    image: y\n");
        let (dir, err) = error(&[("compose.yaml", yaml.as_str())]);
        let text = err.to_string();
        assert!(text.contains(expected), "{line}: {text}");
        let line4 = format!("{}:4:", dir.path().join("compose.yaml").display());
        assert!(text.starts_with(&line4), "{text}");
        assert!(text.contains("service `api`"), "{text}");
    }
    let none = "services:\n  api:\n    environment: [A=1]\n";
    let (_dir, err) = error(&[("compose.yaml", none)]);
    assert!(
        err.to_string().contains("neither `image` nor `build`"),
        "{err}"
    );
    let optional = "services:\n  api:\n    image: x\n    env_file:\n      - path: ./missing.env\n        required: false\n";
    let (_dir, result) = load(&[("compose.yaml", optional)]);
    assert_eq!(
        result.map(|p| p.services["api"].env_files.len()).ok(),
        Some(0)
    );
}

#[test]
fn a_missing_compose_file_is_named() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let no_env = |_: &str| None;
    let files = vec!["docker-compose.yaml".to_string()];
    let err = load_compose(dir.path(), "demo", &files, ".env", &no_env).err();
    let text = err.map(|e| e.to_string()).unwrap_or_default();
    assert!(text.contains("cannot read compose file"), "{text}");
    assert!(text.contains("docker-compose.yaml"), "{text}");
}
