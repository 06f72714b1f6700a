//! `${VAR}` interpolation in every form compose has, from the process
//! environment (here a closure) over the project's `.env`.

use std::collections::BTreeMap;
use std::path::Path;

use runcli::project::ProjectError;
use runcli::project::compose::interpolate::substitute;
use runcli::project::compose::{ComposeProject, Mount, PortSpec, load_compose};

fn load(
    dir: &Path,
    yaml: &str,
    dotenv: Option<&str>,
    env: &[(&str, &str)],
) -> Result<ComposeProject, ProjectError> {
    let write = |name: &str, text: &str| {
        std::fs::write(dir.join(name), text).unwrap_or_else(|e| panic!("write {name}: {e}"))
    };
    write("compose.yaml", yaml);
    if let Some(text) = dotenv {
        write(".env", text);
    }
    let vars: BTreeMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let lookup = move |key: &str| vars.get(key).cloned();
    load_compose(dir, "demo", &["compose.yaml".to_string()], ".env", &lookup)
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"))
}

fn ok(result: Result<ComposeProject, ProjectError>) -> ComposeProject {
    result.unwrap_or_else(|e| panic!("{e}"))
}

const EVERY_FORM: &str = r#"services:
  app:
    image: "busybox:${TAG:-latest}"
    environment:
      BRACED: ${NAME}
      PLAIN: $NAME
      PREFIXED: pre-${NAME}-post
      DEFAULT_UNSET: ${MISSING:-fallback}
      DEFAULT_EMPTY: ${EMPTY:-fallback}
      DASH_UNSET: ${MISSING-fallback}
      DASH_EMPTY: ${EMPTY-fallback}
      REQUIRED_SET: ${NAME:?must be set}
      REQUIRED_EMPTY_OK: ${EMPTY?must exist}
      ALT_SET: ${NAME:+alt}
      ALT_UNSET: ${MISSING:+alt}
      NESTED: ${MISSING:-${NAME}-x}
      ESCAPED: $$NAME and $${NAME}
      UNSET: ${MISSING}
      $NAME: keys are not interpolated
"#;

#[test]
fn every_form() {
    let dir = tempdir();
    let p = ok(load(
        dir.path(),
        EVERY_FORM,
        None,
        &[("NAME", "world"), ("EMPTY", "")],
    ));
    let app = &p.services["app"];
    assert_eq!(app.image.as_deref(), Some("busybox:latest"));
    let get = |k: &str| app.environment.get(k).map(String::as_str);
    assert_eq!(get("BRACED"), Some("world"));
    assert_eq!(get("PLAIN"), Some("world"));
    assert_eq!(get("PREFIXED"), Some("pre-world-post"));
    assert_eq!(get("DEFAULT_UNSET"), Some("fallback"));
    assert_eq!(get("DEFAULT_EMPTY"), Some("fallback"));
    assert_eq!(get("DASH_UNSET"), Some("fallback"));
    assert_eq!(get("DASH_EMPTY"), Some(""));
    assert_eq!(get("REQUIRED_SET"), Some("world"));
    assert_eq!(get("REQUIRED_EMPTY_OK"), Some(""));
    assert_eq!(get("ALT_SET"), Some("alt"));
    assert_eq!(get("ALT_UNSET"), Some(""));
    assert_eq!(get("NESTED"), Some("world-x"));
    assert_eq!(get("ESCAPED"), Some("$NAME and ${NAME}"));
    assert_eq!(get("UNSET"), Some(""));
    assert_eq!(get("$NAME"), Some("keys are not interpolated"));
}

#[test]
fn environment_wins_over_dotenv() {
    let dir = tempdir();
    let yaml = "services:\n  app:\n    image: busybox:${TAG}\n    environment:\n      - NAME=${NAME}\n      - TAG\n      - FROM_SHELL\n      - NOWHERE\n";
    let dotenv = "NAME=from-dotenv\nTAG=1.0\n";
    let p = ok(load(
        dir.path(),
        yaml,
        Some(dotenv),
        &[("NAME", "from-env"), ("FROM_SHELL", "shell")],
    ));
    let app = &p.services["app"];
    assert_eq!(app.image.as_deref(), Some("busybox:1.0"));
    let expected: BTreeMap<String, String> = [
        ("NAME", "from-env"),
        ("TAG", "1.0"),
        ("FROM_SHELL", "shell"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    // A bare KEY takes its value from the environment or .env; unset, it is left out.
    assert_eq!(app.environment, expected);
}

#[test]
fn typed_values_are_read_after_interpolation() {
    let dir = tempdir();
    let yaml = "services:\n  app:\n    image: busybox\n    ports: [\"${API_PORT:-5000}:5000\"]\n    volumes: [\"${DATA:-./data}:/data:${MODE:-ro}\"]\n    deploy:\n      replicas: ${REPLICAS:-2}\n";
    let p = ok(load(dir.path(), yaml, None, &[("API_PORT", "5001")]));
    let app = &p.services["app"];
    assert_eq!(
        app.ports,
        vec![PortSpec {
            host_ip: None,
            published: Some(5001),
            target: 5000,
            protocol: "tcp".into(),
            host_mode: false,
        }]
    );
    assert_eq!(
        app.volumes,
        vec![Mount::Bind {
            source: dir.path().join("data"),
            target: "/data".into(),
            read_only: true
        }]
    );
    assert_eq!(app.replicas, 2);
}

#[test]
fn required_variables_fail_with_their_message_and_position() {
    let dir = tempdir();
    let yaml = "services:\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD:?set it in .env}\n";
    let err = load(dir.path(), yaml, None, &[]).err();
    let text = err.as_ref().map(ToString::to_string).unwrap_or_default();
    assert!(text.contains("compose.yaml:5:26: "), "{text}");
    assert!(text.contains("service `db`"), "{text}");
    assert!(
        text.contains("required variable DB_PASSWORD is missing a value: set it in .env"),
        "{text}"
    );
    // `:?` refuses an empty value too; `?` only an unset one.
    let empty = load(dir.path(), yaml, None, &[("DB_PASSWORD", "")]);
    assert!(empty.is_err());
    let plain =
        "services:\n  db:\n    image: postgres\n    environment:\n      A: ${DB_PASSWORD?needed}\n";
    assert!(load(dir.path(), plain, None, &[("DB_PASSWORD", "")]).is_ok());
    let unset = load(dir.path(), plain, None, &[]).err();
    let text = unset.map(|e| e.to_string()).unwrap_or_default();
    assert!(
        text.contains("required variable DB_PASSWORD is missing a value: needed"),
        "{text}"
    );
}

#[test]
fn malformed_templates_are_errors() {
    let env = |k: &str| (k == "A").then(|| "a".to_string());
    for bad in [
        "${}", "${A", "x ${A:-b", "${A:}", "${-x}", "${A!b}", "cost $ 5", "$1", "a$",
    ] {
        assert!(substitute(bad, &env).is_err(), "{bad} was accepted");
    }
    assert_eq!(substitute("$A$$", &env), Ok("a$".to_string()));
    assert_eq!(substitute("${A}${A}", &env), Ok("aa".to_string()));
    assert_eq!(substitute("${B:-${C:-${A}}}", &env), Ok("a".to_string()));
    assert_eq!(substitute("${B:-x$$y}", &env), Ok("x$y".to_string()));
    let dir = tempdir();
    let yaml = "services:\n  app:\n    image: \"busybox:${}\"\n";
    let text = load(dir.path(), yaml, None, &[])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        text.contains("compose.yaml:3:12: service `app`: invalid interpolation"),
        "{text}"
    );
}
