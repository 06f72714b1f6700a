//! On a real engine: `server up` after `deploy.replicas` went down removes
//! the replicas above the count and says so, and does not then claim that
//! nothing changed; the next `up`, with nothing to do, does.

mod common;

use std::path::Path;

use common::{
    ProjectGuard, busybox_image, docker_or_skip, output_text as text, runcli, unique_project,
};

fn manifest(name: &str) -> String {
    format!(
        "[project]\nname = \"{name}\"\n\n[compose]\nfiles = [\"docker-compose.yaml\"]\n\n\
         [profiles.stack]\ndescription = \"the web service\"\nservices = [\"web\"]\n"
    )
}

/// `init: true` lets `sleep` end on the stop signal, so removing a
/// replica does not wait out the stop timeout.
fn write_compose(dir: &Path, image: &str, replicas: u32) {
    let yaml = format!(
        "services:\n  web:\n    image: {image}\n    command: [\"sleep\", \"600\"]\n    \
         init: true\n    deploy:\n      replicas: {replicas}\n"
    );
    std::fs::write(dir.join("docker-compose.yaml"), yaml).unwrap();
}

#[tokio::test]
async fn scaling_down_reports_the_removal_and_not_nothing_changed() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let image = busybox_image(&engine).await;
    let name = unique_project("scaledown");
    let _guard = ProjectGuard::new(&engine, &name);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("runcli.toml"), manifest(&name)).unwrap();
    write_compose(dir.path(), &image, 2);
    let up = || {
        let out = runcli(dir.path(), &["server", "up", "stack", "--detach"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        text(&out)
    };
    let web2 = format!("{name}-web-2");

    let first = up();
    assert!(first.contains("web-2: creating"), "{first}");
    assert!(!first.contains("nothing changed"), "{first}");

    write_compose(dir.path(), &image, 1);
    let scaled = up();
    assert!(
        scaled.contains(&format!("web: removing {web2} (scaled to 1)")),
        "{scaled}"
    );
    assert!(
        !scaled.contains("nothing changed"),
        "a removed replica is a change: {scaled}"
    );
    assert!(scaled.contains("stack is up"), "{scaled}");
    let left: Vec<String> = engine
        .project_containers(&name)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(left, vec![format!("{name}-web-1")], "{scaled}");

    let again = up();
    assert!(!again.contains("removing"), "{again}");
    assert!(
        again.contains("stack is already up; nothing changed"),
        "{again}"
    );
}
