//! `server up PROFILE --build --no-start` on a real engine: every image the
//! profile builds is rebuilt and nothing is created or started. And
//! `server list` shows the profiles in runcli.toml's order.

mod common;
mod json_support;

use common::{
    ProjectGuard, busybox_image, docker_or_skip, output_text as text, runcli, unique_project,
    write_busybox_context,
};
use json_support::{json_lines, with};

fn manifest(name: &str) -> String {
    format!(
        r#"[project]
name = "{name}"

[compose]
files = ["docker-compose.yaml"]

[profiles.zeta]
description = "web, its db, a step in tool and a container of its own"
services = ["web"]

[[profiles.zeta.steps]]
service = "tool"
command = ["true"]

[profiles.zeta.container]
image = "{name}-own"
build = {{ context = ".", dockerfile = "Dockerfile" }}

[profiles.alpha]
description = "second in the file"
services = ["db"]

[profiles.mid]
description = "third in the file"
services = ["db"]
"#
    )
}

fn compose(image: &str) -> String {
    format!(
        r#"services:
  db:
    image: {image}
    command: ["sh", "-c", "sleep 600"]
  web:
    build: .
    command: ["sh", "-c", "sleep 600"]
    depends_on: [db]
  tool:
    build: .
"#
    )
}

#[tokio::test]
async fn no_start_rebuilds_the_images_and_creates_nothing() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let image = busybox_image(&engine).await;
    let name = unique_project("nostart");
    let mut guard = ProjectGuard::new(&engine, &name);
    let built = [
        format!("{name}-web"),
        format!("{name}-tool"),
        format!("{name}-own"),
    ];
    guard.images.extend(built.iter().cloned());
    let dir = tempfile::tempdir().unwrap();
    write_busybox_context(dir.path(), "");
    std::fs::write(dir.path().join("runcli.toml"), manifest(&name)).unwrap();
    std::fs::write(dir.path().join("docker-compose.yaml"), compose(&image)).unwrap();

    let refused = runcli(dir.path(), &["server", "up", "zeta", "--no-start"]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(text(&refused).contains("--build"), "{}", text(&refused));

    let out = runcli(
        dir.path(),
        &["server", "up", "zeta", "--build", "--no-start"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let mut first_ids = Vec::new();
    for reference in &built {
        let id = engine.image_id(reference).await.unwrap();
        assert!(id.is_some(), "{reference} was built: {}", text(&out));
        first_ids.push(id);
    }
    assert!(text(&out).contains("nothing started"), "{}", text(&out));
    assert!(
        engine.project_containers(&name).await.unwrap().is_empty(),
        "no container is created"
    );
    assert!(
        engine.project_networks(&name).await.unwrap().is_empty(),
        "no network is created"
    );

    // A changed Dockerfile: the images exist, and are built again anyway.
    write_busybox_context(dir.path(), "ENV REBUILT=1\n");
    let again = runcli(
        dir.path(),
        &["--json", "server", "up", "zeta", "--build", "--no-start"],
    );
    assert_eq!(again.status.code(), Some(0), "{}", text(&again));
    let objects = json_lines(&again);
    let last = objects.last().unwrap();
    assert_eq!(last["event"], "built", "{objects:?}");
    assert_eq!(last["images"], serde_json::json!(built), "{objects:?}");
    for (reference, old) in built.iter().zip(&first_ids) {
        let id = engine.image_id(reference).await.unwrap();
        assert_ne!(&id, old, "{reference} was rebuilt");
    }
    assert!(engine.project_containers(&name).await.unwrap().is_empty());
}

#[tokio::test]
async fn server_list_shows_profiles_in_the_files_order() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let image = busybox_image(&engine).await;
    let name = unique_project("order");
    let _guard = ProjectGuard::new(&engine, &name);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("runcli.toml"), manifest(&name)).unwrap();
    std::fs::write(dir.path().join("docker-compose.yaml"), compose(&image)).unwrap();

    let json = runcli(dir.path(), &["--json", "server", "list"]);
    assert_eq!(json.status.code(), Some(0), "{}", text(&json));
    let objects = json_lines(&json);
    let names: Vec<&str> = with(&objects, "kind", "profile")
        .iter()
        .filter_map(|o| o["name"].as_str())
        .collect();
    assert_eq!(names, ["zeta", "alpha", "mid"], "{objects:?}");

    let plain = runcli(dir.path(), &["server", "list"]);
    assert_eq!(plain.status.code(), Some(0), "{}", text(&plain));
    let stdout = String::from_utf8_lossy(&plain.stdout);
    let first: Vec<&str> = stdout
        .lines()
        .take(3)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(first, ["zeta", "alpha", "mid"], "{stdout}");
}
