//! A profile whose `serve` step keeps a container running can be brought
//! up again: while it runs it is "already up", `--force-recreate` replaces
//! its container, and one that exited is replaced instead of blocking the
//! name.

mod common;

use common::{
    ProjectGuard, busybox_image, docker_or_skip, output_text as text, runcli, unique_project,
};

fn manifest(name: &str) -> String {
    format!(
        r#"[project]
name = "{name}"

[compose]
files = ["docker-compose.yaml"]

[profiles.local]
description = "api served by a step"
services = []

[[profiles.local.steps]]
name = "serve"
service = "api"
command = ["sh", "-c", "echo serving; exec sleep 600"]
serve = true
"#
    )
}

#[tokio::test]
async fn a_serving_profile_comes_up_again_after_exit_and_on_force() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let image = busybox_image(&engine).await;
    let name = unique_project("serve");
    let _guard = ProjectGuard::new(&engine, &name);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("runcli.toml"), manifest(&name)).unwrap();
    let compose = format!("services:\n  api:\n    image: {image}\n    init: true\n");
    std::fs::write(dir.path().join("docker-compose.yaml"), compose).unwrap();
    let up = |args: &[&str]| {
        let mut all = vec!["server", "up", "local", "--detach"];
        all.extend_from_slice(args);
        let out = runcli(dir.path(), &all);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        text(&out)
    };
    let serving = |containers: &[runcli::engine::ContainerInfo]| {
        containers
            .iter()
            .find(|c| c.name == format!("{name}-api-local"))
            .cloned()
            .expect("the serving container")
    };

    let first = up(&[]);
    assert!(first.contains("serve: serving in"), "{first}");
    let before = serving(&engine.project_containers(&name).await.unwrap());
    assert!(up(&[]).contains("already up"));

    let forced = up(&["--force-recreate"]);
    assert!(forced.contains("serve: serving in"), "{forced}");
    let after = serving(&engine.project_containers(&name).await.unwrap());
    assert_ne!(before.id, after.id, "{forced}");
    assert!(after.state.is_running());

    engine.stop(&after.id, 1).await.unwrap();
    let again = up(&[]);
    assert!(again.contains("serve: serving in"), "{again}");
    let last = serving(&engine.project_containers(&name).await.unwrap());
    assert_ne!(last.id, after.id);
    assert!(last.state.is_running());
}
