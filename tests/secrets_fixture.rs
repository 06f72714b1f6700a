//! The template's env file logic, in tera syntax, compiled for every
//! environment and client code name, byte for byte against expected files
//! written from Jinja's semantics.

mod secrets_support;

use std::path::PathBuf;

use runcli::secrets::{OutputKind, Warning};
use secrets_support::{compiler, expected, files, fixture_project, read};

const ENVS: [&str; 5] = ["local", "docker", "develop", "staging", "prod"];

#[test]
fn every_environment_compiles_to_the_expected_files() {
    let dir = fixture_project();
    let compiler = compiler(dir.path());
    for env in ENVS {
        let written = compiler
            .compile_env(env, false)
            .unwrap_or_else(|e| panic!("{env}: {e}"));
        assert_eq!(
            read(dir.path(), "integration.env"),
            expected(&format!("api-{env}")),
            "{env}"
        );
        assert_eq!(
            read(dir.path(), "client/.env.local"),
            expected(&format!("frontend-{env}")),
            "{env}"
        );
        let targets: Vec<&str> = written.iter().map(|w| w.target.as_str()).collect();
        let code_names = match env {
            "staging" => vec!["frontend-staging-otter"],
            "prod" => vec!["frontend-prod-heron"],
            _ => vec![],
        };
        let mut want = vec![format!("api-{env}"), format!("frontend-{env}")];
        want.extend(code_names.iter().map(|s| s.to_string()));
        assert_eq!(targets, want, "{env}");
    }
}

#[test]
fn client_code_names_compile_to_their_own_files() {
    let dir = fixture_project();
    let compiler = compiler(dir.path());
    compiler.compile_env("staging", false).unwrap();
    compiler.compile_env("prod", false).unwrap();
    assert_eq!(
        read(dir.path(), "client/.env.otter.local"),
        expected("frontend-staging-otter")
    );
    assert_eq!(
        read(dir.path(), "client/.env.heron.local"),
        expected("frontend-prod-heron")
    );
    // The environment's own frontend file is the prod one, untouched by code names.
    assert_eq!(
        read(dir.path(), "client/.env.local"),
        expected("frontend-prod")
    );
}

#[test]
fn compile_all_writes_every_target_under_the_build_folder() {
    let dir = fixture_project();
    let compiler = compiler(dir.path());
    let written = compiler.compile_all(false).unwrap();
    let names = compiler.values().names();
    assert_eq!(written.len(), 12);
    assert_eq!(names.len(), 12);
    for name in &names {
        assert_eq!(
            read(dir.path(), &format!("secrets/build/{name}.env")),
            expected(name)
        );
    }
}

#[test]
fn check_validates_everything_and_writes_nothing() {
    let dir = fixture_project();
    let before = files(dir.path());
    let report = compiler(dir.path()).check();
    assert!(report.is_ok(), "{:?}", report.errors);
    assert_eq!(report.checked_targets.len(), 12);
    assert_eq!(files(dir.path()), before);
    let unused: Vec<(&str, usize)> = report
        .warnings
        .iter()
        .filter_map(|w| match w {
            Warning::UnusedValue { variable, targets } => Some((variable.as_str(), targets.len())),
            _ => None,
        })
        .collect();
    // The api entries carry flags the template does not read; `client` is
    // runcli's, not the template's.
    assert_eq!(
        unused,
        [("debug_mode", 5), ("is_local", 5), ("use_https", 5)]
    );
}

#[test]
fn plans_list_configured_outputs_then_code_names() {
    let dir = fixture_project();
    let compiler = compiler(dir.path());
    let plan: Vec<(String, PathBuf, OutputKind)> = compiler
        .plan("staging")
        .unwrap()
        .into_iter()
        .map(|p| (p.target, p.path, p.kind))
        .collect();
    assert_eq!(
        plan,
        [
            (
                "api-staging".into(),
                "integration.env".into(),
                OutputKind::Configured
            ),
            (
                "frontend-staging".into(),
                "client/.env.local".into(),
                OutputKind::Configured
            ),
            (
                "frontend-staging-otter".into(),
                "client/.env.otter.local".into(),
                OutputKind::CodeName
            ),
        ]
    );
    assert_eq!(compiler.plan("local").unwrap().len(), 2);
    assert!(compiler.plan("qa").is_err());
    assert_eq!(compiler.environments(), ENVS);
}

#[test]
fn targets_show_code_names_with_their_clients() {
    let dir = fixture_project();
    let targets = compiler(dir.path()).targets();
    let otter = targets
        .iter()
        .find(|t| t.name == "frontend-staging-otter")
        .unwrap();
    assert_eq!(otter.code_name.as_deref(), Some("otter"));
    assert_eq!(otter.client.as_deref(), Some("Acme"));
    assert_eq!(otter.env.as_deref(), Some("staging"));
    let api = targets.iter().find(|t| t.name == "api-prod").unwrap();
    assert_eq!((api.app.as_str(), api.code_name.as_deref()), ("api", None));
}

#[test]
fn rendered_values_equal_the_values_file() {
    let dir = fixture_project();
    let compiler = compiler(dir.path());
    let values: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "secret--template-values.env")).unwrap();
    for target in ["api-develop", "api-staging", "api-prod"] {
        let rendered = compiler.render(target).unwrap();
        let url = rendered
            .vars
            .iter()
            .find(|(k, _)| k == "DATABASE_URL")
            .unwrap();
        assert_eq!(
            Some(url.1.as_str()),
            values[target]["database_url"].as_str(),
            "{target}"
        );
        let version = rendered.vars.iter().find(|(k, _)| k == "VERSION").unwrap();
        assert_eq!(version.1, "1.4.2");
    }
}
