//! Image builds against a real engine: the context honours .dockerignore,
//! build args reach the Dockerfile, and a failing step is reported as such.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::{ProjectGuard, busybox_image, docker_or_skip, unique_project};
use futures::StreamExt;
use runcli::engine::{BuildRequest, ContainerSpec, Engine, EngineError, LogOptions, labels};

/// Runs `script` in a container of `image` and returns its stdout.
async fn run_sh(engine: &Engine, project: &str, image: &str, script: &str) -> String {
    let spec = ContainerSpec {
        name: format!("{project}-probe-1"),
        image: image.to_string(),
        cmd: Some(vec!["sh".into(), "-c".into(), script.into()]),
        labels: labels::container_labels(project, "probe", 1, true, None),
        ..Default::default()
    };
    let id = engine.create_container(&spec).await.expect("create");
    engine.start(&id).await.expect("start");
    let code = tokio::time::timeout(Duration::from_secs(20), engine.wait(&id))
        .await
        .expect("probe finishes")
        .expect("wait");
    let mut out = Vec::new();
    let mut logs = Box::pin(engine.logs(&id, LogOptions::default()));
    while let Some(chunk) = logs.next().await {
        out.extend_from_slice(&chunk.expect("chunk").bytes);
    }
    engine.remove(&id, true, false).await.expect("remove probe");
    assert_eq!(code, 0, "probe failed: {}", String::from_utf8_lossy(&out));
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn build_honours_dockerignore_and_build_args() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let base = busybox_image(&engine).await;
    let project = unique_project("build");
    let mut guard = ProjectGuard::new(&engine, &project);
    let tag = format!("{project}-app:latest");
    guard.images.push(tag.clone());

    let dir = tempfile::tempdir().expect("tempdir");
    let ctx = dir.path();
    std::fs::write(
        ctx.join("Dockerfile"),
        format!(
            "FROM {base}\nARG GREETING=unset\nCOPY . /ctx/\nRUN echo \"$GREETING\" > /greeting\n"
        ),
    )
    .expect("Dockerfile");
    std::fs::write(
        ctx.join(".dockerignore"),
        "secret.env\ncache\n*.log\n!keep.log\n",
    )
    .expect(".dockerignore");
    std::fs::write(ctx.join("app.py"), "print('hi')\n").expect("app.py");
    std::fs::write(ctx.join("secret.env"), "TOKEN=do-not-ship\n").expect("secret");
    std::fs::write(ctx.join("drop.log"), "x").expect("log");
    std::fs::write(ctx.join("keep.log"), "kept").expect("log");
    std::fs::create_dir_all(ctx.join("cache/deep")).expect("cache");
    std::fs::write(ctx.join("cache/deep/blob"), "x").expect("blob");

    let req = BuildRequest {
        context_dir: ctx.to_path_buf(),
        dockerfile: "Dockerfile".into(),
        tag: tag.clone(),
        args: BTreeMap::from([("GREETING".to_string(), "from-build-arg".to_string())]),
        ..Default::default()
    };
    let mut progress = Vec::new();
    engine
        .build_image(&req, &mut |line| progress.push(line))
        .await
        .unwrap_or_else(|e| panic!("build failed: {e}"));
    assert!(
        progress
            .iter()
            .any(|l| l.to_ascii_lowercase().starts_with("step 1/")),
        "{progress:?}"
    );
    assert!(engine.image_exists(&tag).await.expect("inspect"));

    let listing = run_sh(&engine, &project, &tag, "ls -A /ctx; cat /greeting").await;
    let names: Vec<&str> = listing.lines().collect();
    for present in [
        "Dockerfile",
        ".dockerignore",
        "app.py",
        "keep.log",
        "from-build-arg",
    ] {
        assert!(names.contains(&present), "{present} missing: {names:?}");
    }
    for absent in ["secret.env", "cache", "drop.log"] {
        assert!(!names.contains(&absent), "{absent} was sent: {names:?}");
    }
}

#[tokio::test]
async fn failing_step_is_a_build_error_with_the_engine_message() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let base = busybox_image(&engine).await;
    let project = unique_project("buildfail");
    let mut guard = ProjectGuard::new(&engine, &project);
    let tag = format!("{project}-broken:latest");
    guard.images.push(tag.clone());

    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("Dockerfile"),
        format!("FROM {base}\nRUN echo about to fail && exit 7\n"),
    )
    .expect("Dockerfile");
    let req = BuildRequest {
        context_dir: dir.path().to_path_buf(),
        dockerfile: "Dockerfile".into(),
        tag: tag.clone(),
        ..Default::default()
    };
    let mut progress = Vec::new();
    let err = engine
        .build_image(&req, &mut |line| progress.push(line))
        .await
        .expect_err("the RUN step fails");
    let EngineError::Build { message, .. } = &err else {
        panic!("not a build error: {err:?}");
    };
    // Docker: "returned a non-zero code: 7"; Podman: "exit status 7".
    assert!(
        message.contains("non-zero code: 7") || message.contains("exit status 7"),
        "{message}"
    );
    assert!(
        message.to_ascii_lowercase().contains("step 2/2"),
        "{message}"
    );
    assert!(
        progress.iter().any(|l| l == "about to fail"),
        "{progress:?}"
    );
    assert!(!engine.image_exists(&tag).await.expect("inspect"));
}

#[tokio::test]
async fn missing_context_or_dockerfile_fails_before_any_request() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let req = BuildRequest {
        context_dir: dir.path().to_path_buf(),
        dockerfile: "Dockerfile.prod".into(),
        tag: "runcli-never-built:latest".into(),
        ..Default::default()
    };
    let err = engine
        .build_image(&req, &mut |_| {})
        .await
        .expect_err("no Dockerfile");
    assert!(matches!(err, EngineError::Context { .. }), "{err:?}");
    assert!(err.to_string().contains("Dockerfile.prod"));
}
