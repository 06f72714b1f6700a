//! Stats against a real engine: a busy-looping container reports CPU use
//! and memory over one streaming request.

mod common;

use std::time::Duration;

use common::{ProjectGuard, busybox_image, docker_or_skip, unique_project};
use futures::StreamExt;
use runcli::engine::{ContainerSpec, StatsSample, labels};

#[tokio::test]
async fn busy_container_reports_cpu_and_memory() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let image = busybox_image(&engine).await;
    let project = unique_project("stats");
    let _guard = ProjectGuard::new(&engine, &project);
    let spec = ContainerSpec {
        name: format!("{project}-spin-1"),
        image,
        cmd: Some(vec!["sh".into(), "-c".into(), "while :; do :; done".into()]),
        labels: labels::container_labels(&project, "spin", 1, false, None),
        ..Default::default()
    };
    let id = engine.create_container(&spec).await.expect("create");
    engine.start(&id).await.expect("start");

    // The engine samples about once a second; the first has no previous reading.
    let samples: Vec<StatsSample> = tokio::time::timeout(
        Duration::from_secs(30),
        engine
            .stats(&id)
            .take(4)
            .map(|s| s.expect("stats sample"))
            .collect::<Vec<_>>(),
    )
    .await
    .expect("four samples within 30 s");
    assert_eq!(samples.len(), 4, "{samples:?}");
    let busy = &samples[1..];
    assert!(
        busy.iter().all(|s| s.cpu_percent > 0.0),
        "a spinning shell uses CPU: {samples:?}"
    );
    // One busy thread cannot use more than all the host's CPUs.
    let cpus = std::thread::available_parallelism().map_or(64, |n| n.get()) as f64;
    assert!(
        busy.iter().all(|s| s.cpu_percent <= cpus * 100.0 + 1.0),
        "{samples:?}"
    );
    assert!(samples.iter().all(|s| s.memory_bytes > 0), "{samples:?}");
    assert!(
        samples
            .iter()
            .all(|s| s.memory_limit_bytes >= s.memory_bytes),
        "{samples:?}"
    );

    engine.remove(&id, true, true).await.expect("remove");
    let after = tokio::time::timeout(Duration::from_secs(10), engine.stats(&id).next())
        .await
        .expect("an answer for a removed container");
    let err = after
        .expect("one item")
        .expect_err("a removed container has no stats");
    assert!(err.is_not_found(), "{err:?}");
}
