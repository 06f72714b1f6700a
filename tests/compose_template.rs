//! The template's own compose pair, merged like
//! `docker compose -f docker-compose.yaml -f docker-compose.integration.yaml`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use runcli::project::compose::{
    ComposeProject, DependsCondition, Mount, NetworkSpec, PortSpec, load_compose,
};
use runcli::project::{Manifest, ManifestSource, Project};

const BASE: &str = "docker-compose.yaml";
const INTEGRATION: &str = "docker-compose.integration.yaml";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compose/template")
}

fn load(files: &[&str]) -> ComposeProject {
    let files: Vec<String> = files.iter().map(|f| f.to_string()).collect();
    let no_env = |_: &str| None;
    match load_compose(&root(), "model-server", &files, ".env", &no_env) {
        Ok(project) => project,
        Err(e) => panic!("template compose files do not load: {e}"),
    }
}

fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn port(published: u16, target: u16) -> PortSpec {
    PortSpec {
        host_ip: None,
        published: Some(published),
        target,
        protocol: "tcp".into(),
        host_mode: false,
    }
}

fn bind(source: &str, target: &str) -> Mount {
    Mount::Bind {
        source: root().join(source),
        target: target.into(),
        read_only: false,
    }
}

fn default_only() -> BTreeMap<String, Vec<String>> {
    BTreeMap::from([("default".to_string(), Vec::new())])
}

#[test]
fn services_of_both_files() {
    let p = load(&[BASE, INTEGRATION]);
    let names: Vec<&str> = p.services.keys().map(String::as_str).collect();
    assert_eq!(names, ["api", "chrome", "db", "host"]);
    assert_eq!(p.name, "model-server");
    assert_eq!(
        p.networks,
        BTreeMap::from([(
            "default".to_string(),
            NetworkSpec {
                name: "model-server_default".into(),
                driver: None,
                external: false,
                labels: BTreeMap::new(),
            }
        )])
    );
    assert!(p.volumes.is_empty());
}

#[test]
fn db_is_postgres_with_list_environment() {
    let p = load(&[BASE, INTEGRATION]);
    let db = &p.services["db"];
    assert_eq!(db.image.as_deref(), Some("postgres:latest"));
    assert_eq!(db.image_ref("model-server"), "postgres:latest");
    assert_eq!(db.build, None);
    assert_eq!(db.ports, vec![port(5432, 5432)]);
    assert_eq!(db.environment, env(&[("POSTGRES_PASSWORD", "docker")]));
    assert_eq!(db.networks, default_only());
    assert!(db.depends_on.is_empty());
    assert_eq!(db.replicas, 1);
}

#[test]
fn api_merges_environment_and_env_files() {
    let p = load(&[BASE, INTEGRATION]);
    let api = &p.services["api"];
    let build = api.build.as_ref().map(|b| {
        (
            b.context.clone(),
            b.dockerfile.as_str(),
            b.target.as_deref(),
            b.args.len(),
        )
    });
    assert_eq!(build, Some((root(), "Dockerfile-api", Some("api"), 0)));
    assert_eq!(api.image, None);
    assert_eq!(api.image_ref("model-server"), "model-server-api");
    // The second file names ./local.env again: read once.
    assert_eq!(api.env_files, vec![root().join("local.env")]);
    // env_file values first, the environment list on top, then the second file's additions.
    assert_eq!(
        api.environment,
        env(&[
            ("VERSION", "0.4.2"),
            ("OUT_BQ_DATASET", "lakehouse"),
            ("SECRET_KEY", "local only"),
            ("HOST", "0.0.0.0"),
            ("PORT", "5000"),
            ("ENV", "testing"),
            ("DEBUG", "True"),
            ("USE_HTTPS", "False"),
            ("CLIENT_SERVER_URL", "http://frontend:3000"),
            ("DATABASE_URL", "postgresql://postgres:docker@db:5432"),
            (
                "SQLALCHEMY_DATABASE_URI",
                "postgresql://postgres:docker@db:5432"
            ),
            ("WEBDRIVER_URL", "http://chrome:4444/wd/hub"),
        ])
    );
    assert_eq!(
        api.depends_on,
        BTreeMap::from([("db".to_string(), DependsCondition::ServiceStarted)])
    );
    assert_eq!(api.ports, vec![port(5000, 5000)]);
    assert_eq!(api.networks, default_only());
}

#[test]
fn api_binds_folders_and_single_files_by_absolute_path() {
    let p = load(&[BASE, INTEGRATION]);
    assert_eq!(
        p.services["api"].volumes,
        vec![
            bind("api", "/srv/api"),
            bind("migrations", "/srv/migrations"),
            bind("tests", "/srv/tests"),
            bind("data/test_assets", "/srv/data/test_assets"),
            bind("data/test_gallery", "/srv/data/test_gallery"),
            bind("backend.py", "/srv/backend.py"),
            bind("config.py", "/srv/config.py"),
            bind("config.json", "/srv/config.json"),
        ]
    );
}

#[test]
fn chrome_has_shared_memory_and_replicas() {
    let p = load(&[BASE, INTEGRATION]);
    let chrome = &p.services["chrome"];
    assert_eq!(
        chrome.image.as_deref(),
        Some("selenium/standalone-chrome:4.7.2-20221219")
    );
    assert_eq!(chrome.shm_size, Some(2 * 1024 * 1024 * 1024));
    assert_eq!(chrome.replicas, 1);
    assert_eq!(chrome.ports, vec![port(4444, 4444)]);
    assert_eq!(
        chrome.environment,
        env(&[
            ("SE_NODE_MAX_SESSIONS", "2"),
            ("SE_NODE_OVERRIDE_MAX_SESSIONS", "true")
        ])
    );
}

#[test]
fn host_builds_the_host_stage_and_waits_for_api_and_chrome() {
    let p = load(&[BASE, INTEGRATION]);
    let host = &p.services["host"];
    assert_eq!(
        host.build.as_ref().and_then(|b| b.target.as_deref()),
        Some("host")
    );
    assert_eq!(host.image_ref("model-server"), "model-server-host");
    assert_eq!(
        host.depends_on,
        BTreeMap::from([
            ("api".to_string(), DependsCondition::ServiceStarted),
            ("chrome".to_string(), DependsCondition::ServiceStarted),
        ])
    );
    assert_eq!(
        host.environment.get("PORT").map(String::as_str),
        Some("5011")
    );
    assert_eq!(
        host.environment.get("SERVER_URL").map(String::as_str),
        Some("http://api:5000")
    );
    assert_eq!(
        host.environment.get("VERSION").map(String::as_str),
        Some("0.4.2")
    );
    assert_eq!(host.volumes.len(), 11);
    assert_eq!(host.volumes.first(), Some(&bind("api", "/srv/api")));
    assert_eq!(host.volumes.get(4), Some(&bind("data", "/srv/data")));
    assert_eq!(
        host.volumes.last(),
        Some(&bind("config.json", "/srv/config.json"))
    );
    assert_eq!(host.ports, vec![port(5011, 5011)]);
}

#[test]
fn start_order_puts_dependencies_first() {
    let p = load(&[BASE, INTEGRATION]);
    let order = p.start_order(&["host".to_string()]);
    assert_eq!(
        order.ok(),
        Some(vec![
            "db".into(),
            "api".into(),
            "chrome".into(),
            "host".into()
        ])
    );
    let api_only = p.start_order(&["api".to_string()]);
    assert_eq!(api_only.ok(), Some(vec!["db".into(), "api".into()]));
    let unknown = p.start_order(&["frontend".to_string()]);
    let message = unknown.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("no service `frontend`"), "{message}");
}

#[test]
fn the_first_file_alone_is_the_local_profile() {
    let p = load(&[BASE]);
    let names: Vec<&str> = p.services.keys().map(String::as_str).collect();
    assert_eq!(names, ["api", "db"]);
    assert!(!p.services["api"].environment.contains_key("WEBDRIVER_URL"));
    assert_eq!(p.services["api"].env_files, vec![root().join("local.env")]);
}

#[test]
fn a_project_reads_the_compose_files_of_its_manifest() {
    let manifest = Manifest::default();
    let source = ManifestSource::File(root().join("runcli.toml"));
    let project = Project::new(root(), manifest, source).unwrap_or_else(|e| panic!("{e}"));
    let Some(local) = project.manifest.profiles.get("local") else {
        panic!("the default manifest has no local profile");
    };
    let p = project
        .profile_compose(local)
        .unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = p.services.keys().map(String::as_str).collect();
    assert_eq!(names, ["api", "db"]);
    assert_eq!(p.name, "template");
    let all = project.compose(None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(all.services.len(), 4);
    assert_eq!(all.network_name("default"), "template_default");
    assert_eq!(
        project.compose_paths(None),
        vec![root().join(BASE), root().join(INTEGRATION)]
    );
}
