//! Endpoint resolution, the docker CLI's order, against temp docker config folders.

use std::collections::HashMap;
use std::path::Path;

use runcli::engine::{DEFAULT_HOST, EndpointSource, EngineError, resolve_endpoint_with};
use sha2::{Digest, Sha256};

fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |key| map.get(key).cloned()
}

/// Writes a context the way `docker context create` stores it.
fn write_context(dir: &Path, name: &str, host: &str, skip_tls: bool) -> std::path::PathBuf {
    let id = hex::encode(Sha256::digest(name.as_bytes()));
    let meta = dir.join("contexts/meta").join(&id);
    std::fs::create_dir_all(&meta).expect("meta dir");
    let json = serde_json::json!({
        "Name": name,
        "Metadata": {},
        "Endpoints": { "docker": { "Host": host, "SkipTLSVerify": skip_tls } }
    });
    std::fs::write(meta.join("meta.json"), json.to_string()).expect("meta.json");
    dir.join("contexts/tls").join(&id).join("docker")
}

#[test]
fn docker_host_wins_over_everything() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_context(dir.path(), "remote", "tcp://10.0.0.1:2376", false);
    std::fs::write(
        dir.path().join("config.json"),
        r#"{"currentContext":"remote"}"#,
    )
    .expect("config");
    let env = env_of(&[
        ("DOCKER_HOST", "unix:///tmp/other.sock"),
        ("DOCKER_CONTEXT", "remote"),
    ]);
    let ep = resolve_endpoint_with(&env, dir.path()).expect("resolves");
    assert_eq!(ep.host, "unix:///tmp/other.sock");
    assert_eq!(ep.source, EndpointSource::DockerHostEnv);
    assert!(!ep.remote);
    assert_eq!(ep.describe(), "unix:///tmp/other.sock (from DOCKER_HOST)");
}

#[test]
fn nothing_configured_is_the_platform_default() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ep = resolve_endpoint_with(&env_of(&[]), dir.path()).expect("resolves");
    assert_eq!(ep.host, DEFAULT_HOST);
    assert_eq!(ep.source, EndpointSource::Default);
    assert!(ep.tls.is_none());
}

#[test]
fn current_context_from_config_json_reads_the_sha256_meta_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_context(dir.path(), "staging", "ssh://deploy@build-host", false);
    std::fs::write(
        dir.path().join("config.json"),
        r#"{"auths":{},"currentContext":"staging"}"#,
    )
    .expect("config");
    let ep = resolve_endpoint_with(&env_of(&[]), dir.path()).expect("resolves");
    assert_eq!(ep.host, "ssh://deploy@build-host");
    assert_eq!(
        ep.source,
        EndpointSource::Context {
            name: "staging".into()
        }
    );
    assert!(ep.remote);
    assert!(ep.describe().contains("docker context \"staging\""));
}

#[test]
fn docker_context_env_overrides_config_and_default_means_default() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_context(dir.path(), "staging", "tcp://10.1.1.1:2375", false);
    std::fs::write(
        dir.path().join("config.json"),
        r#"{"currentContext":"staging"}"#,
    )
    .expect("config");
    let ep = resolve_endpoint_with(&env_of(&[("DOCKER_CONTEXT", "default")]), dir.path())
        .expect("resolves");
    assert_eq!(ep.host, DEFAULT_HOST);
    let ep = resolve_endpoint_with(&env_of(&[]), dir.path()).expect("resolves");
    assert_eq!(ep.host, "tcp://10.1.1.1:2375");
    assert!(ep.tls.is_none(), "no TLS material stored for this context");
}

#[test]
fn context_tls_material_and_skip_verify() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tls_dir = write_context(dir.path(), "secure", "tcp://10.2.2.2:2376", true);
    std::fs::create_dir_all(&tls_dir).expect("tls dir");
    for f in ["ca.pem", "cert.pem", "key.pem"] {
        std::fs::write(tls_dir.join(f), "x").expect("pem");
    }
    let ep = resolve_endpoint_with(&env_of(&[("DOCKER_CONTEXT", "secure")]), dir.path())
        .expect("resolves");
    let tls = ep.tls.expect("tls paths");
    assert_eq!(tls.ca, tls_dir.join("ca.pem"));
    assert_eq!(tls.key, tls_dir.join("key.pem"));
    assert!(!tls.verify, "SkipTLSVerify turns verification off");
}

#[test]
fn tls_env_for_tcp_docker_host() {
    let dir = tempfile::tempdir().expect("tempdir");
    let env = env_of(&[
        ("DOCKER_HOST", "tcp://10.3.3.3:2376"),
        ("DOCKER_TLS_VERIFY", "1"),
        ("DOCKER_CERT_PATH", "/certs"),
    ]);
    let ep = resolve_endpoint_with(&env, dir.path()).expect("resolves");
    let tls = ep.tls.expect("tls");
    assert_eq!(tls.cert, Path::new("/certs/cert.pem"));
    assert!(tls.verify);
    let plain = resolve_endpoint_with(&env_of(&[("DOCKER_HOST", "tcp://h:2375")]), dir.path())
        .expect("resolves");
    assert!(plain.tls.is_none());
}

#[test]
fn missing_context_says_which_and_how_to_fix() {
    let dir = tempfile::tempdir().expect("tempdir");
    let err = resolve_endpoint_with(&env_of(&[("DOCKER_CONTEXT", "ghost")]), dir.path())
        .expect_err("no such context");
    assert!(matches!(err, EngineError::Config { .. }));
    let msg = err.to_string();
    assert!(msg.contains("\"ghost\""), "{msg}");
    assert!(msg.contains("docker context ls"), "{msg}");
}

#[test]
fn broken_config_json_is_reported_with_its_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("config.json"), "{ not json").expect("config");
    let err = resolve_endpoint_with(&env_of(&[]), dir.path()).expect_err("bad json");
    let msg = err.to_string();
    assert!(msg.contains("config.json"), "{msg}");
    assert!(msg.contains("line 1"), "{msg}");
}
