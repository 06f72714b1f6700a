//! The template's standard layout as data: the profiles and test tiers of
//! the embedded default manifest (assets/runcli.toml must say the same; a
//! test compares them).

use std::collections::BTreeMap;

use super::profile::{
    BuildSpec, ContainerSpec, DEFAULT_HEALTH_TIMEOUT_SECS, Health, Profile, RunStep,
    ServiceSelection,
};
use super::tier::{LocustSettings, SecretRef, TestTier, TestsSection};

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn health(url: &str) -> Option<Health> {
    Some(Health {
        url: url.into(),
        timeout_secs: DEFAULT_HEALTH_TIMEOUT_SECS,
    })
}

/// local, integration, frontend, notebook.
pub fn profiles() -> BTreeMap<String, Profile> {
    let debug_env = |extra: &[(&str, &str)]| {
        let mut e = env(&[("FLASK_DEBUG", "1")]);
        e.extend(env(extra));
        e
    };
    let local = Profile {
        description: "Flask debug server on :5001 against the compose database".into(),
        compose_files: Some(strings(&["docker-compose.yaml"])),
        down_first: true,
        services: ServiceSelection::Only(strings(&["db"])),
        steps: vec![
            RunStep {
                name: "migrate".into(),
                service: "api".into(),
                command: strings(&["flask", "db", "upgrade"]),
                env: debug_env(&[]),
                ports: Vec::new(),
                serve: false,
            },
            RunStep {
                name: "serve".into(),
                service: "api".into(),
                command: strings(&["flask", "run", "--host=0.0.0.0", "--port=5001"]),
                env: debug_env(&[
                    ("SERVER_NAME", "localhost:5001"),
                    ("CLIENT_HOST", "localhost"),
                    ("CLIENT_PORT", "5005"),
                    ("USE_HTTPS", "False"),
                ]),
                ports: strings(&["5001:5001"]),
                serve: true,
            },
        ],
        health: health("http://localhost:5001/ping"),
        ..Profile::default()
    };
    let integration = Profile {
        description: "API, database, Selenium Chrome and the test host on both compose files"
            .into(),
        down_first: true,
        secrets: Some("docker".into()),
        services: ServiceSelection::All,
        health: health("http://localhost:5000/ping"),
        ..Profile::default()
    };
    let frontend = Profile {
        description: "Frontend dev server on :3000 built from Dockerfile-frontend".into(),
        container: Some(ContainerSpec {
            image: "frontend".into(),
            build: Some(BuildSpec {
                context: ".".into(),
                dockerfile: "Dockerfile-frontend".into(),
                target: None,
            }),
            command: Vec::new(),
            env: BTreeMap::new(),
            ports: strings(&["3000:3000"]),
            binds: Vec::new(),
        }),
        health: health("http://localhost:3000/"),
        ..Profile::default()
    };
    let notebook = Profile {
        description: "Jupyter on :8888 built from Dockerfile-notebook".into(),
        container: Some(ContainerSpec {
            image: "notebooks".into(),
            build: Some(BuildSpec {
                context: ".".into(),
                dockerfile: "Dockerfile-notebook".into(),
                target: None,
            }),
            command: Vec::new(),
            env: BTreeMap::new(),
            ports: strings(&["8888:8888"]),
            binds: strings(&[
                "./data:/home/jovyan/data",
                "./notebooks:/home/jovyan/notebooks",
                "./data/models:/home/jovyan/models",
                "./integration.env:/home/jovyan/integration.env",
            ]),
        }),
        url_pattern: Some(r"https?://(?:127\.0\.0\.1|localhost):8888/\S*\?token=\w+".into()),
        ..Profile::default()
    };
    [
        ("local", local),
        ("integration", integration),
        ("frontend", frontend),
        ("notebook", notebook),
    ]
    .into_iter()
    .map(|(name, p)| (name.to_string(), p))
    .collect()
}

fn pytest_tier(description: &str, folder: &str, report: &str, needs: &[&str]) -> TestTier {
    TestTier {
        description: description.into(),
        service: "host".into(),
        commands: vec![strings(&[
            "python",
            "-m",
            "pytest",
            folder,
            "--junitxml={report}",
        ])],
        args: Vec::new(),
        needs: strings(needs),
        env: BTreeMap::new(),
        env_from_secrets: BTreeMap::new(),
        report: Some(report.into()),
        compose_files: None,
        locust: None,
    }
}

fn server_url_from(target: &str) -> BTreeMap<String, SecretRef> {
    BTreeMap::from([(
        "SERVER_URL".to_string(),
        SecretRef {
            target: target.into(),
            key: "api_host".into(),
        },
    )])
}

/// unit, integration, acceptance, smoke, load, safety, module.
pub fn tests() -> TestsSection {
    let unit = pytest_tier(
        "Unit tests",
        "tests/unit_tests",
        "data/reports/unit.xml",
        &[],
    );
    let integration = pytest_tier(
        "Integration tests against the API, database and Chrome",
        "tests/integration_tests",
        "data/reports/integration.xml",
        &["db", "api", "chrome"],
    );
    let acceptance = TestTier {
        env_from_secrets: server_url_from("api-staging"),
        ..pytest_tier(
            "Acceptance tests against the staging API",
            "tests/acceptance_tests",
            "data/reports/acceptance.xml",
            &[],
        )
    };
    let smoke = TestTier {
        env_from_secrets: server_url_from("frontend-prod"),
        ..pytest_tier(
            "Smoke tests against the production API",
            "tests/smoke_tests",
            "data/reports/smoke.xml",
            &[],
        )
    };
    let module = TestTier {
        args: strings(&["path"]),
        commands: vec![strings(&[
            "python",
            "-m",
            "pytest",
            "{path}",
            "--junitxml={report}",
        ])],
        ..pytest_tier(
            "One test module or folder: runcli test run module PATH",
            "",
            "data/reports/module.xml",
            &[],
        )
    };
    let load = TestTier {
        description: "Headless locust load test against the API".into(),
        service: "host".into(),
        commands: vec![strings(&[
            "locust",
            "-f",
            "tests/locustfile.py",
            "--headless",
            "--host",
            "http://api:5000",
            "--users",
            "{users}",
            "--spawn-rate",
            "{spawn_rate}",
            "--run-time",
            "{run_time}",
            "--csv",
            "{csv}",
        ])],
        args: Vec::new(),
        needs: strings(&["api"]),
        env: BTreeMap::new(),
        env_from_secrets: BTreeMap::new(),
        report: None,
        compose_files: None,
        locust: Some(LocustSettings {
            users: 10,
            spawn_rate: 2,
            run_time: "1m".into(),
            csv: "data/reports/load".into(),
        }),
    };
    let safety_check = |requirements: &str| {
        strings(&[
            "python",
            "-m",
            "safety",
            "check",
            "-r",
            requirements,
            "--full-report",
        ])
    };
    let safety = TestTier {
        description: "Known vulnerabilities in the api and core requirements".into(),
        service: "host".into(),
        commands: vec![
            safety_check("api/requirements.txt"),
            safety_check("core/requirements.txt"),
        ],
        args: Vec::new(),
        needs: Vec::new(),
        env: BTreeMap::new(),
        env_from_secrets: BTreeMap::new(),
        report: None,
        compose_files: None,
        locust: None,
    };
    let tiers = [
        ("unit", unit),
        ("integration", integration),
        ("acceptance", acceptance),
        ("smoke", smoke),
        ("load", load),
        ("safety", safety),
        ("module", module),
    ]
    .into_iter()
    .map(|(name, t)| (name.to_string(), t))
    .collect();
    TestsSection {
        all: strings(&["unit", "integration", "acceptance", "smoke"]),
        tiers,
    }
}
