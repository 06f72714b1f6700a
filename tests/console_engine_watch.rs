//! The console's engine watcher against a real engine behind a unix socket
//! the test controls: offline while nothing listens, online once the
//! engine is reachable, offline again soon after it goes away, and back.
//! Unix only: the proxy in front of the engine is a unix socket.
#![cfg(unix)]

mod common;

use std::path::Path;
use std::time::Duration;

use runcli::app::Msg;
use runcli::console::engine_watch;
use runcli::engine::{Endpoint, EndpointSource};
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;

/// Forwards every connection on `path` to the real engine socket until aborted.
async fn proxy(listener: UnixListener, engine_socket: String) {
    let mut connections = JoinSet::new();
    while let Ok((mut client, _)) = listener.accept().await {
        let target = engine_socket.clone();
        connections.spawn(async move {
            if let Ok(mut engine) = UnixStream::connect(&target).await {
                let _ = tokio::io::copy_bidirectional(&mut client, &mut engine).await;
            }
        });
    }
}

async fn next_state(rx: &mut mpsc::Receiver<Msg>, within: Duration) -> Msg {
    tokio::time::timeout(within, async {
        loop {
            match rx.recv().await {
                Some(msg @ (Msg::EngineOnline { .. } | Msg::EngineOffline { .. })) => return msg,
                Some(_) => continue,
                None => panic!("watcher ended"),
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("no engine state change within {within:?}"))
}

#[tokio::test]
async fn watcher_goes_offline_and_reconnects() {
    let Some(engine) = common::docker_or_skip().await else {
        return;
    };
    let real = engine.endpoint().host.clone();
    let Some(real_socket) = real.strip_prefix("unix://").map(str::to_string) else {
        eprintln!("the engine is not on a unix socket ({real}); this test needs one");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sock = dir.path().join("engine.sock");
    let endpoint = Endpoint::new(
        format!("unix://{}", sock.display()),
        EndpointSource::DockerHostEnv,
        None,
    );
    let (tx, mut rx) = mpsc::channel(64);
    let (engine_tx, engine_rx) = watch::channel(None);
    let watcher = tokio::spawn(engine_watch::watch(
        endpoint,
        "rt-watch".into(),
        tx,
        engine_tx,
    ));

    let first = next_state(&mut rx, Duration::from_secs(3)).await;
    assert!(
        matches!(first, Msg::EngineOffline { ref endpoint, .. } if endpoint.contains("engine.sock")),
        "{first:?}"
    );
    assert!(engine_rx.borrow().is_none());

    let listener = bind(&sock);
    let server = tokio::spawn(proxy(listener, real_socket.clone()));
    let online = next_state(&mut rx, Duration::from_secs(6)).await;
    assert!(matches!(online, Msg::EngineOnline { .. }), "{online:?}");
    assert!(engine_rx.borrow().is_some(), "the live client is published");

    // The engine goes away: the open events stream breaks at once.
    server.abort();
    let _ = server.await;
    std::fs::remove_file(&sock).unwrap();
    let started = std::time::Instant::now();
    let offline = next_state(&mut rx, Duration::from_secs(3)).await;
    assert!(matches!(offline, Msg::EngineOffline { .. }), "{offline:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "offline after {:?}",
        started.elapsed()
    );

    let server = tokio::spawn(proxy(bind(&sock), real_socket));
    let again = next_state(&mut rx, Duration::from_secs(6)).await;
    assert!(matches!(again, Msg::EngineOnline { .. }), "{again:?}");
    server.abort();
    watcher.abort();
}

fn bind(path: &Path) -> UnixListener {
    UnixListener::bind(path).expect("bind the proxy socket")
}
