//! Pulling against a real engine on a machine with no registry in reach: the
//! error says the registry could not be reached, names the image and says
//! what to do; `ensure_image` never asks a registry for an image it has.

mod common;

use common::{busybox_image, docker_or_skip};
use runcli::engine::{EngineError, PullProgress};

/// Nothing listens on port 1, so the engine's pull fails fast, every time.
const UNREACHABLE: &str = "127.0.0.1:1/nothing:latest";

fn assert_unreachable_message(err: &EngineError) {
    let msg = err.to_string();
    assert!(
        matches!(err, EngineError::Api { .. }),
        "not an engine API error: {err:?}"
    );
    assert!(!err.is_unreachable(), "the engine itself answered: {msg}");
    assert!(
        msg.contains("registry could not be reached"),
        "says what is wrong: {msg}"
    );
    assert!(msg.contains(UNREACHABLE), "names the image: {msg}");
    assert!(
        msg.contains("127.0.0.1:1"),
        "keeps the engine's reason: {msg}"
    );
    for fix in ["docker build", "docker load", "registry mirror"] {
        assert!(msg.contains(fix), "suggests `{fix}`: {msg}");
    }
}

#[tokio::test]
async fn pull_from_an_unreachable_registry_says_so_and_what_to_do() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let mut progress: Vec<PullProgress> = Vec::new();
    let err = engine
        .pull_image(UNREACHABLE, &mut |p| progress.push(p))
        .await
        .expect_err("no registry listens on 127.0.0.1:1");
    assert_unreachable_message(&err);
    assert!(
        progress.iter().all(|p| p.current.is_none()),
        "no layer was downloaded: {progress:?}"
    );
}

#[tokio::test]
async fn ensure_image_pulls_only_what_is_missing() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let present = busybox_image(&engine).await;
    let mut progress = Vec::new();
    // A pull would fail here (no registry), so success means none was tried.
    let pulled = engine
        .ensure_image(&present, &mut |p| progress.push(p))
        .await
        .expect("a present image needs no registry");
    assert!(!pulled);
    assert!(progress.is_empty(), "{progress:?}");

    assert!(
        !engine.image_exists(UNREACHABLE).await.expect("inspect"),
        "{UNREACHABLE} must not exist for this test"
    );
    let err = engine
        .ensure_image(UNREACHABLE, &mut |p| progress.push(p))
        .await
        .expect_err("a missing image is pulled, and the pull fails");
    assert_unreachable_message(&err);
}
