//! `[environments.NAME]` in runcli.toml: the issue's shape parses as
//! written, defaults stay absent, and mistakes point at file:line:col.

use std::path::Path;

use runcli::project::{Manifest, ProjectError};

const STAGING: &str = r#"[environments.staging]
engine = "ssh://deploy@staging-host"
stack = "model-staging"
compose_files = ["docker-compose.yaml"]
services = ["api"]
secrets = "staging"
registry = "registry.example:5000"
url = "https://api-staging.example"

[environments.production]
engine = "prod-context"
stack = "model"
registry = "registry.example:5000"
"#;

fn parse(src: &str) -> Result<Manifest, ProjectError> {
    Manifest::parse(src, Path::new("runcli.toml"))
}

/// 1-based `line:col` of the first occurrence of `needle`, computed here.
fn position_of(text: &str, needle: &str) -> String {
    for (i, line) in text.lines().enumerate() {
        if let Some(byte) = line.find(needle) {
            return format!("{}:{}", i + 1, line[..byte].chars().count() + 1);
        }
    }
    panic!("`{needle}` not in the text");
}

#[test]
fn the_issue_shape_parses_in_file_order() {
    let m = match parse(STAGING) {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    };
    let names: Vec<&String> = m.environments.keys().collect();
    assert_eq!(names, ["staging", "production"]);
    let staging = &m.environments["staging"];
    assert_eq!(staging.engine, "ssh://deploy@staging-host");
    assert_eq!(staging.stack, "model-staging");
    assert_eq!(
        staging.compose_files.as_deref(),
        Some(&["docker-compose.yaml".to_string()][..])
    );
    assert_eq!(staging.services.as_deref(), Some(&["api".to_string()][..]));
    assert_eq!(staging.secrets.as_deref(), Some("staging"));
    assert_eq!(staging.url.as_deref(), Some("https://api-staging.example"));
    let production = &m.environments["production"];
    assert_eq!(production.engine, "prod-context");
    assert!(production.compose_files.is_none() && production.services.is_none());
    assert!(production.secrets.is_none() && production.url.is_none());
}

#[test]
fn the_embedded_default_has_no_environments() {
    assert!(Manifest::default().environments.is_empty());
    let m = parse("");
    assert!(m.is_ok_and(|m| m.environments.is_empty()));
}

#[test]
fn an_unknown_key_is_located() {
    let src = STAGING.replace("url =", "uri =");
    let err = parse(&src).map(|_| ()).map_err(|e| e.to_string());
    let err = err.expect_err("uri is no key of an environment");
    assert!(err.contains("uri"), "{err}");
    assert!(
        err.starts_with(&format!("runcli.toml:{}", position_of(&src, "uri"))),
        "{err}"
    );
}

#[test]
fn a_missing_required_key_is_named() {
    let src = "[environments.staging]\nengine = \"tcp://h:2375\"\nstack = \"s\"\n";
    let err = parse(src).map(|_| ()).map_err(|e| e.to_string());
    let err = err.expect_err("registry is required");
    assert!(err.contains("registry"), "{err}");
    assert!(err.starts_with("runcli.toml:"), "{err}");
}

#[test]
fn bad_values_point_at_their_key() {
    let cases = [
        ("stack = \"model-staging\"", "stack = \"-bad\"", "stack"),
        (
            "secrets = \"staging\"",
            "secrets = \"nowhere\"",
            "no secrets environment `nowhere`",
        ),
        (
            "url = \"https://api-staging.example\"",
            "url = \"api-staging.example\"",
            "not a URL",
        ),
        (
            "registry = \"registry.example:5000\"\nurl",
            "registry = \"http://registry.example:5000\"\nurl",
            "has a scheme",
        ),
        ("services = [\"api\"]", "services = []", "no services"),
    ];
    for (from, to, says) in cases {
        let src = STAGING.replacen(from, to, 1);
        assert_ne!(src, STAGING, "{from} not replaced");
        let key = to.split(' ').next().unwrap_or_default();
        // Errors point at the value, as for the other sections.
        let value = to.split(" = ").nth(1).unwrap_or_default();
        let value = value.lines().next().unwrap_or_default();
        let err = parse(&src).map(|_| ()).map_err(|e| e.to_string());
        let err = err.expect_err(to);
        assert!(err.contains(says), "{to}: {err}");
        assert!(
            err.starts_with(&format!("runcli.toml:{}", position_of(&src, value))),
            "{to}: {err}"
        );
        assert!(
            err.contains(&format!("environments.staging.{key}")),
            "{err}"
        );
    }
}
