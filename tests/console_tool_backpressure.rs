//! Tool output is never dropped under log load: a docs build printing
//! thousands of Sphinx warnings runs through the console's effect runner
//! while three services flood the same bounded channel with log lines, and
//! every warning reaches the model through `update()`, in order.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{ProjectGuard, busybox_image, docker_or_skip, unique_project};
use runcli::app::{Effect, EngineStatus, Header, Model, Msg, update};
use runcli::console::EffectRunner;
use runcli::ops::stack::ensure_services;
use runcli::project::{DiscoverOptions, discover};
use tokio::sync::{mpsc, watch};

const WARNINGS: usize = 3000;

/// The console's channel size (src/console/event_loop.rs).
const CHANNEL: usize = 1024;

fn manifest(name: &str) -> String {
    let build = format!(
        "mkdir -p docs/build/html; w=WARNING:; i=0; while [ $i -lt {WARNINGS} ]; do \
         echo \\\"/work/docs/source/p$i.rst:1: $w warning number $i\\\"; i=$((i+1)); done; \
         echo '<html/>' > docs/build/html/index.html; echo 'build succeeded, {WARNINGS} warnings.'"
    );
    format!(
        r#"[project]
name = "{name}"

[compose]
files = ["docker-compose.yaml"]

[docs]
service = "docs"
apidoc = ["true"]
build = ["sh", "-c", "{build}"]
index = "docs/build/html/index.html"
"#
    )
}

fn compose(image: &str) -> String {
    let flood = |n: &str| {
        format!(
            "  {n}:\n    image: {image}\n    command: [\"sh\", \"-c\", \"i=0; while :; do i=$$((i+1)); echo {n} line $$i of the flood; done\"]\n"
        )
    };
    format!(
        "services:\n{}{}{}  docs:\n    image: {image}\n    working_dir: /work\n    volumes:\n      - ./docs:/work/docs\n",
        flood("floodA"),
        flood("floodB"),
        flood("floodC"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sphinx_warnings_all_arrive_while_three_services_flood_the_log_channel() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let name = unique_project("backpressure");
    let _guard = ProjectGuard::new(&engine, &name);
    let image = busybox_image(&engine).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("docs/source")).unwrap();
    std::fs::write(dir.path().join("docker-compose.yaml"), compose(&image)).unwrap();
    std::fs::write(dir.path().join("runcli.toml"), manifest(&name)).unwrap();
    let project = discover(&DiscoverOptions {
        explicit: Some(dir.path().to_path_buf()),
        env_project: None,
        cwd: dir.path().to_path_buf(),
    })
    .unwrap();
    let compose = project.compose(None).unwrap();
    let floods: Vec<String> = ["floodA", "floodB", "floodC"].map(String::from).to_vec();
    ensure_services(&engine, &compose, &floods, false, &mut |_| {})
        .await
        .unwrap();
    let containers: Vec<(String, String)> = engine
        .project_containers(&name)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|c| Some((c.id, c.service?)))
        .collect();
    assert_eq!(containers.len(), 3, "{containers:?}");

    let (tx, mut rx) = mpsc::channel::<Msg>(CHANNEL);
    let (_engine_tx, engine_rx) = watch::channel(Some(engine.clone()));
    let mut runner = EffectRunner::new(engine_rx, Arc::new(project), tx.clone());
    let header = Header {
        project: name.clone(),
        version: None,
        git: None,
        engine: EngineStatus::Connecting {
            endpoint: "test".into(),
        },
    };
    let mut model = Model::new(header, 10_000, 8 << 20);
    runner.run(Effect::FollowAll {
        containers,
        tail: 100,
    });
    // The flood fills the channel before the build starts.
    let filled = tokio::time::timeout(Duration::from_secs(30), async {
        while tx.capacity() > 0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    assert!(filled.is_ok(), "the log streams never filled the channel");
    runner.run(Effect::BuildDocs { apidoc: false });
    // A console busy elsewhere: nothing is read for a while, so the build's
    // thousands of lines meet a full channel (try_send lost most of them).
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(tx.capacity(), 0, "the channel is full while the build runs");

    let mut applied = 0usize;
    let built = tokio::time::timeout(Duration::from_secs(180), async {
        while let Some(msg) = rx.recv().await {
            let done = matches!(msg, Msg::DocsBuilt(_));
            for effect in update(&mut model, msg) {
                runner.run(effect);
            }
            if done {
                return true;
            }
            applied += 1;
            // A console slower than the flood: the channel stays full.
            if applied.is_multiple_of(64) {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
        false
    })
    .await;
    runner.shutdown();
    assert_eq!(built, Ok(true), "the docs build never ended");
    let want: Vec<String> = (0..WARNINGS)
        .map(|i| format!("warning number {i}"))
        .collect();
    let warnings: Vec<String> = model
        .docs
        .progress
        .warnings
        .iter()
        .map(|w| w.message.clone())
        .collect();
    assert_eq!(warnings.len(), WARNINGS, "lost warnings");
    assert_eq!(warnings, want);
    assert!(
        matches!(&model.docs.outcome, Some(Ok(index)) if index.ends_with("index.html")),
        "{:?}",
        model.docs.outcome
    );
}
