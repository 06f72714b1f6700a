//! The Logs pane's stream on a real engine: a labelled container prints
//! 1,000 numbered lines; the follow task's messages, fed through update(),
//! leave all of them in the pane's buffer in order; stopping and removing
//! the container leaves nothing of the project behind.

mod common;

use std::time::Duration;

use common::{ProjectGuard, busybox_image, docker_or_skip, pane_messages, unique_project};
use runcli::app::{ContainerRow, EngineStatus, Header, Model, Msg, update};
use runcli::engine::{ContainerSpec, labels};
use runcli::ops::log_follow::{self, LogEvent};

#[tokio::test]
async fn logs_pane_receives_every_line_in_order() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let image = busybox_image(&engine).await;
    let project = unique_project("pane");
    let _guard = ProjectGuard::new(&engine, &project);

    // Sleep first so the pane attaches while the container is running.
    let script = "sleep 1; i=1; while [ $i -le 1000 ]; do echo line $i; i=$((i+1)); done; sleep 30";
    let spec = ContainerSpec {
        name: format!("{project}-printer-1"),
        image,
        cmd: Some(vec!["sh".into(), "-c".into(), script.into()]),
        labels: labels::container_labels(&project, "printer", 1, false, None),
        ..Default::default()
    };
    let id = engine.create_container(&spec).await.expect("create");
    engine.start(&id).await.expect("start");

    let header = Header {
        project: project.clone(),
        version: None,
        git: None,
        engine: EngineStatus::Connecting {
            endpoint: engine.endpoint().describe(),
        },
    };
    let mut model = Model::new(header, 10_000, 1 << 20);
    let listed = engine.project_containers(&project).await.expect("list");
    let rows: Vec<ContainerRow> = listed
        .into_iter()
        .map(|c| ContainerRow {
            id: c.id,
            name: c.name,
            service: c.service.unwrap_or_default(),
            state: "running".into(),
            running: true,
            published: Vec::new(),
        })
        .collect();
    let effects = update(&mut model, Msg::Containers(rows));
    assert_eq!(model.logs.following.as_deref(), Some(id.as_str()));
    assert_eq!(effects.len(), 1, "one stream is started: {effects:?}");

    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    let task = tokio::spawn(log_follow::follow(
        engine.clone(),
        id.clone(),
        10_000,
        tx,
        pane_messages(&id),
    ));
    let received = tokio::time::timeout(Duration::from_secs(30), async {
        while model.logs.view.buffer.len() < 1000 {
            let Some(msg) = rx.recv().await else { break };
            update(&mut model, msg);
        }
    })
    .await;
    assert!(
        received.is_ok(),
        "only {} lines arrived",
        model.logs.view.buffer.len()
    );
    task.abort();

    let got: Vec<String> = model
        .logs
        .view
        .buffer
        .iter()
        .map(|l| l.text.clone())
        .collect();
    let want: Vec<String> = (1..=1000).map(|i| format!("line {i}")).collect();
    assert_eq!(got, want);

    engine.stop(&id, 1).await.expect("stop");
    engine.remove(&id, false, false).await.expect("remove");
    assert!(
        engine
            .project_containers(&project)
            .await
            .expect("list")
            .is_empty()
    );
}

/// A stream cut off mid-way and resumed from the last timestamp it saw
/// delivers every line exactly once (the engine's `since` has second
/// precision, and Podman's timestamps too; the resumed stream drops what
/// was already shown).
#[tokio::test]
async fn resumed_stream_has_no_duplicated_and_no_missing_lines() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let image = busybox_image(&engine).await;
    let project = unique_project("resume");
    let _guard = ProjectGuard::new(&engine, &project);
    let script =
        "i=1; while [ $i -le 400 ]; do echo line $i; i=$((i+1)); usleep 5000; done; sleep 30";
    let spec = ContainerSpec {
        name: format!("{project}-printer-1"),
        image,
        cmd: Some(vec!["sh".into(), "-c".into(), script.into()]),
        labels: labels::container_labels(&project, "printer", 1, false, None),
        ..Default::default()
    };
    let id = engine.create_container(&spec).await.expect("create");
    engine.start(&id).await.expect("start");

    let mut seen: Vec<runcli::app::LogLine> = Vec::new();
    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    let first = tokio::spawn(log_follow::follow(
        engine.clone(),
        id.clone(),
        1000,
        tx,
        |e| e,
    ));
    while seen.len() < 100 {
        match rx.recv().await {
            Some(LogEvent::Lines(lines)) => seen.extend(lines),
            other => panic!("stream ended early: {other:?}"),
        }
    }
    first.abort();
    let _ = first.await;
    drop(rx);

    let after = seen
        .last()
        .and_then(|l| l.timestamp.clone())
        .expect("timestamps are asked for");
    let same = seen
        .iter()
        .rev()
        .take_while(|l| l.timestamp.as_ref() == Some(&after))
        .count();
    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    let second = tokio::spawn(log_follow::follow_from(
        engine.clone(),
        id.clone(),
        log_follow::LogStart::After {
            timestamp: after,
            seen: same,
        },
        tx,
        |e| e,
    ));
    let done = tokio::time::timeout(Duration::from_secs(30), async {
        while seen.last().map(|l| l.text.as_str()) != Some("line 400") {
            match rx.recv().await {
                Some(LogEvent::Lines(lines)) => seen.extend(lines),
                _ => break,
            }
        }
    })
    .await;
    second.abort();
    assert!(done.is_ok(), "resumed stream stalled at {:?}", seen.last());
    let got: Vec<String> = seen.into_iter().map(|l| l.text).collect();
    let want: Vec<String> = (1..=400).map(|i| format!("line {i}")).collect();
    assert_eq!(got, want);
}
