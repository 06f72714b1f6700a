//! Connecting: a live engine answers ping; a dead endpoint fails fast with a
//! message that names where runcli looked.

mod common;

use std::time::{Duration, Instant};

use runcli::engine::{Engine, EngineError, resolve_endpoint_with};

/// Connects to `host` (as DOCKER_HOST) and pings; either step may fail.
async fn connect_and_ping(host: &str) -> Result<(), EngineError> {
    let dir = tempfile::tempdir().expect("tempdir");
    let host = host.to_string();
    let env = move |key: &str| (key == "DOCKER_HOST").then(|| host.clone());
    let endpoint = resolve_endpoint_with(&env, dir.path())?;
    let engine = Engine::connect(&endpoint)?;
    engine.ping(Duration::from_secs(2)).await.map(|_| ())
}

#[tokio::test]
async fn ping_returns_the_engine_version() {
    let Some(engine) = common::docker_or_skip().await else {
        return;
    };
    let info = engine.ping(Duration::from_secs(3)).await.expect("ping");
    assert!(
        info.version
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit()),
        "version {:?}",
        info.version
    );
    assert!(
        info.api_version.starts_with("1."),
        "api {:?}",
        info.api_version
    );
    assert!(!info.os.is_empty() && !info.arch.is_empty());
}

#[tokio::test]
async fn missing_socket_is_unreachable_fast_and_named() {
    let started = Instant::now();
    let err = connect_and_ping("unix:///nonexistent.sock")
        .await
        .expect_err("nothing listens there");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(err.is_unreachable(), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("unix:///nonexistent.sock (from DOCKER_HOST)"),
        "{msg}"
    );
    assert!(msg.contains("Start the engine"), "{msg}");
}

#[tokio::test]
async fn refused_tcp_port_is_unreachable() {
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    let started = Instant::now();
    let err = connect_and_ping("tcp://127.0.0.1:1")
        .await
        .expect_err("nothing listens there");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(err.is_unreachable(), "{err:?}");
    assert!(err.to_string().contains("tcp://127.0.0.1:1"));
}

#[tokio::test]
async fn unknown_scheme_is_a_configuration_error() {
    let err = connect_and_ping("gopher://engine")
        .await
        .expect_err("no such transport");
    assert!(!err.is_unreachable());
    assert!(err.to_string().contains("gopher://engine"));
}
