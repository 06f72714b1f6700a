//! `runcli server list` on a service with `deploy.replicas: 2`: each
//! replica's container is labelled with its number (`web-1`, `web-2`), as
//! compose names them and as their log lines are tagged; a service with one
//! container keeps its plain name.

mod common;

use common::{
    ProjectGuard, busybox_image, docker_or_skip, output_text as text, runcli, unique_project,
};

#[tokio::test]
async fn server_list_labels_each_replica_with_its_number() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let image = busybox_image(&engine).await;
    let name = unique_project("replicas");
    let _guard = ProjectGuard::new(&engine, &name);
    let dir = tempfile::tempdir().unwrap();
    let manifest = format!(
        "[project]\nname = \"{name}\"\n\n[compose]\nfiles = [\"docker-compose.yaml\"]\n\n\
         [profiles.stack]\ndescription = \"web twice and a cache\"\nservices = \"all\"\n"
    );
    std::fs::write(dir.path().join("runcli.toml"), manifest).unwrap();
    let compose = format!(
        "services:\n  web:\n    image: {image}\n    command: [\"sleep\", \"600\"]\n    init: true\n    \
         deploy:\n      replicas: 2\n  cache:\n    image: {image}\n    command: [\"sleep\", \"600\"]\n    \
         init: true\n"
    );
    std::fs::write(dir.path().join("docker-compose.yaml"), compose).unwrap();
    let up = runcli(dir.path(), &["server", "up", "stack", "--detach"]);
    assert_eq!(up.status.code(), Some(0), "{}", text(&up));

    let out = runcli(dir.path(), &["server", "list"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let (services, containers) = stdout
        .split_once("\ncontainers\n")
        .unwrap_or_else(|| panic!("no containers section: {stdout}"));
    let row = |section: &str, label: &str| -> Vec<String> {
        section
            .lines()
            .find(|l| l.split_whitespace().next() == Some(label))
            .unwrap_or_else(|| panic!("no row {label}: {stdout}"))
            .split_whitespace()
            .map(String::from)
            .collect()
    };
    assert!(
        row(services, "web").join(" ").ends_with("2/2 running"),
        "{stdout}"
    );
    assert_eq!(row(containers, "web-1")[1], format!("{name}-web-1"));
    assert_eq!(row(containers, "web-2")[1], format!("{name}-web-2"));
    assert_eq!(row(containers, "cache")[1], format!("{name}-cache-1"));
    let labels: Vec<&str> = containers
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(labels, ["cache", "web-1", "web-2"], "{stdout}");
}
