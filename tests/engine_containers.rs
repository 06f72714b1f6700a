//! Containers against a real engine: logs arrive whole and in order over one
//! follow stream; a project's containers are found by label; exit codes and
//! states are reported; stop and remove leave nothing behind.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::{ProjectGuard, busybox_image, docker_or_skip, unique_project};
use futures::StreamExt;
use runcli::engine::{ContainerSpec, ContainerState, Engine, LogOptions, LogStream, labels};

/// A spec for `project`'s `service` #1 running `script` under busybox sh.
fn sh_spec(image: &str, project: &str, service: &str, script: &str) -> ContainerSpec {
    ContainerSpec {
        name: format!("{project}-{service}-1"),
        image: image.to_string(),
        cmd: Some(vec!["sh".into(), "-c".into(), script.into()]),
        labels: labels::container_labels(project, service, 1, false, None),
        ..Default::default()
    }
}

async fn collect_logs(engine: &Engine, id: &str, opts: LogOptions) -> (Vec<u8>, Vec<u8>) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let mut stream = Box::pin(engine.logs(id, opts));
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.expect("log chunk");
        match chunk.stream {
            LogStream::Stdout => out.extend_from_slice(&chunk.bytes),
            LogStream::Stderr => err.extend_from_slice(&chunk.bytes),
        }
    }
    (out, err)
}

#[tokio::test]
async fn follow_stream_delivers_1000_lines_in_order_then_cleanup_leaves_nothing() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let image = busybox_image(&engine).await;
    let project = unique_project("logs");
    let _guard = ProjectGuard::new(&engine, &project);

    let script = "i=1; while [ $i -le 1000 ]; do echo line $i; i=$((i+1)); done";
    let id = engine
        .create_container(&sh_spec(&image, &project, "printer", script))
        .await
        .expect("create");
    engine.start(&id).await.expect("start");

    let follow = LogOptions {
        follow: true,
        ..Default::default()
    };
    let (out, err) =
        tokio::time::timeout(Duration::from_secs(30), collect_logs(&engine, &id, follow))
            .await
            .expect("the follow stream ends when the container exits");
    assert!(err.is_empty(), "stderr: {}", String::from_utf8_lossy(&err));
    let text = String::from_utf8(out).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    let want: Vec<String> = (1..=1000).map(|i| format!("line {i}")).collect();
    assert_eq!(lines.len(), 1000);
    assert_eq!(lines, want);

    let listed = engine.project_containers(&project).await.expect("list");
    assert_eq!(listed.len(), 1, "{listed:?}");
    let c = &listed[0];
    assert_eq!(c.id, id);
    assert_eq!(c.service.as_deref(), Some("printer"));
    assert_eq!(c.project.as_deref(), Some(project.as_str()));
    assert_eq!(c.number, Some(1));
    assert!(!c.oneoff);
    assert_eq!(c.name, format!("{project}-printer-1"));

    engine.stop(&id, 1).await.expect("stop");
    engine.remove(&id, false, true).await.expect("remove");
    let left = engine.project_containers(&project).await.expect("list");
    assert!(left.is_empty(), "{left:?}");
}

#[tokio::test]
async fn tail_and_timestamps_limit_and_annotate_the_log() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let image = busybox_image(&engine).await;
    let project = unique_project("tail");
    let _guard = ProjectGuard::new(&engine, &project);

    // The pause keeps stderr last in the log: the engine copies stdout and
    // stderr from two pipes, so lines written together may land in any order.
    let script = "for i in 1 2 3 4 5; do echo out $i; done; sleep 1; echo oops >&2";
    let id = engine
        .create_container(&sh_spec(&image, &project, "tail", script))
        .await
        .expect("create");
    engine.start(&id).await.expect("start");
    assert_eq!(engine.wait(&id).await.expect("wait"), 0);

    let opts = LogOptions {
        tail: Some(3),
        timestamps: true,
        ..Default::default()
    };
    let mut stream = Box::pin(engine.logs(&id, opts));
    let mut seen = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.expect("chunk");
        let stamp = chunk.timestamp.clone().expect("timestamp asked for");
        assert!(stamp.contains('T') && stamp.len() >= 20, "{stamp}");
        seen.push((
            chunk.stream,
            String::from_utf8_lossy(&chunk.bytes).into_owned(),
        ));
    }
    let stdout: Vec<&str> = seen
        .iter()
        .filter(|(s, _)| *s == LogStream::Stdout)
        .map(|(_, t)| t.trim_end())
        .collect();
    assert_eq!(stdout, ["out 4", "out 5"]);
    assert!(
        seen.iter()
            .any(|(s, t)| *s == LogStream::Stderr && t.trim_end() == "oops")
    );
}

#[tokio::test]
async fn exit_code_state_and_env_are_reported() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let image = busybox_image(&engine).await;
    let project = unique_project("exit");
    let _guard = ProjectGuard::new(&engine, &project);

    let mut spec = sh_spec(&image, &project, "job", "echo \"$GREETING\"; exit 3");
    spec.env = BTreeMap::from([("GREETING".to_string(), "hello runcli".to_string())]);
    spec.labels = labels::container_labels(&project, "job", 1, true, Some("tests"));
    let id = engine.create_container(&spec).await.expect("create");
    let created = engine.inspect_state(&id).await.expect("inspect");
    assert_eq!(created.state, ContainerState::Created);

    engine.start(&id).await.expect("start");
    assert_eq!(engine.wait(&id).await.expect("wait"), 3);
    let status = engine.inspect_state(&id).await.expect("inspect");
    assert_eq!(status.state, ContainerState::Exited(3));
    assert_eq!(status.health, None);

    let listed = engine.project_containers(&project).await.expect("list");
    assert_eq!(
        listed[0].state,
        ContainerState::Exited(3),
        "from the list status"
    );
    assert!(listed[0].oneoff);
    let (out, _) = collect_logs(&engine, &id, LogOptions::default()).await;
    assert_eq!(String::from_utf8_lossy(&out), "hello runcli\n");

    let missing = engine.inspect_state("runcli-no-such-container").await;
    assert!(missing.is_err_and(|e| e.is_not_found()));
}

#[tokio::test]
async fn networks_and_volumes_are_found_by_project_label() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let project = unique_project("net");
    let _guard = ProjectGuard::new(&engine, &project);

    let net_name = format!("{project}_default");
    let net_labels = labels::network_labels(&project, "default");
    let id = engine
        .create_network(&net_name, &net_labels)
        .await
        .expect("create network");
    let again = engine
        .create_network(&net_name, &net_labels)
        .await
        .expect("idempotent");
    assert_eq!(id, again, "an existing network of the project is reused");
    let other = labels::network_labels("someone-else", "default");
    let clash = engine.create_network(&net_name, &other).await;
    assert!(
        clash.is_err(),
        "another project's network is not taken over"
    );

    let vol_name = format!("{project}_data");
    engine
        .create_volume(&vol_name, &labels::volume_labels(&project, "data"))
        .await
        .expect("create volume");

    let nets = engine.project_networks(&project).await.expect("networks");
    assert_eq!(nets.len(), 1);
    assert_eq!(nets[0].name, net_name);
    assert_eq!(nets[0].compose_name.as_deref(), Some("default"));
    let vols = engine.project_volumes(&project).await.expect("volumes");
    assert_eq!(vols.len(), 1);
    assert_eq!(vols[0].compose_name.as_deref(), Some("data"));

    engine
        .remove_network(&net_name)
        .await
        .expect("remove network");
    engine
        .remove_volume(&vol_name)
        .await
        .expect("remove volume");
    assert!(
        engine
            .project_networks(&project)
            .await
            .expect("networks")
            .is_empty()
    );
    assert!(
        engine
            .project_volumes(&project)
            .await
            .expect("volumes")
            .is_empty()
    );
}
