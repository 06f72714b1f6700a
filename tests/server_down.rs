//! `runcli server down` on a real engine: dependents stop before what they
//! depend on, `--timeout` is the grace period, and a service whose PID 1
//! ignores SIGTERM is named, with the usual cause and the fix.

mod common;

use common::{ProjectGuard, busybox_image, docker_or_skip, output_text, runcli, unique_project};
use runcli::engine::{ContainerSpec, labels};

/// PID 1 is a shell that ignores SIGTERM, as a `sh -c` server without `exec` does.
const DEAF: &str = "trap '' TERM; while :; do sleep 1; done";
/// PID 1 handles SIGTERM and exits.
const POLITE: &str = "trap 'exit 0' TERM; while :; do sleep 0.2; done";

const COMPOSE: &str = "services:
  db:
    image: busybox
  app:
    image: busybox
    depends_on: [db]
  web:
    image: busybox
    depends_on: [app]
  side:
    image: busybox
";

#[tokio::test]
async fn down_stops_a_chain_in_reverse_order_and_names_who_ignored_sigterm() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let image = busybox_image(&engine).await;
    let name = unique_project("down");
    let _guard = ProjectGuard::new(&engine, &name);
    for (service, script) in [("db", DEAF), ("app", DEAF), ("web", DEAF), ("side", POLITE)] {
        let spec = ContainerSpec {
            name: format!("{name}-{service}-1"),
            image: image.clone(),
            cmd: Some(vec!["sh".into(), "-c".into(), script.into()]),
            labels: labels::container_labels(&name, service, 1, false, None),
            ..Default::default()
        };
        let id = engine.create_container(&spec).await.expect("create");
        engine.start(&id).await.expect("start");
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("runcli.toml"),
        format!("[project]\nname = \"{name}\"\n\n[compose]\nfiles = [\"docker-compose.yaml\"]\n"),
    )
    .unwrap();
    std::fs::write(dir.path().join("docker-compose.yaml"), COMPOSE).unwrap();
    // Let the shells install their traps.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;

    let out = runcli(dir.path(), &["server", "down", "--timeout", "2"]);
    let text = output_text(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");

    let stopping = |service: &str| {
        let container = format!("{name}-{service}-1");
        text.lines()
            .position(|l| l.starts_with("stopping") && l.contains(&container))
            .unwrap_or_else(|| panic!("no stopping line for {service}: {text}"))
    };
    assert!(stopping("web") < stopping("app"), "{text}");
    assert!(stopping("app") < stopping("db"), "{text}");
    assert_eq!(
        stopping("side"),
        stopping("web"),
        "independent services stop together: {text}"
    );

    for service in ["db", "app", "web"] {
        let said = text
            .lines()
            .find(|l| l.starts_with(&format!("{service} ignored SIGTERM")))
            .unwrap_or_else(|| panic!("{service} not named: {text}"));
        assert!(said.contains("2 s grace period"), "{said}");
        assert!(
            said.contains("`exec`") && said.contains("`init: true`"),
            "{said}"
        );
    }
    assert!(!text.contains("side ignored"), "{text}");
    assert!(engine.project_containers(&name).await.unwrap().is_empty());
}
