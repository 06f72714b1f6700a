//! `runcli migrate` on a real engine with a busybox "migration tool" that
//! records the applied revision in a named volume: upgrade, downgrade and
//! current go through runcli, the recorded state matches, and the database
//! service is started and waited healthy first. The op the Migrations pane
//! runs reads and changes the same state.

mod common;

use common::{
    ProjectGuard, busybox_image, docker_or_skip, output_text as text, runcli, unique_project,
    write_busybox_context,
};
use runcli::ops::migrations::{self, MigrationOutcome};
use runcli::ops::tool_run::ToolEvent;
use runcli::project::{DiscoverOptions, MigrationOp, discover};

fn manifest(name: &str) -> String {
    format!(
        r#"[project]
name = "{name}"

[compose]
files = ["docker-compose.yaml"]

[migrations]
service = "api"
db_service = "db"

[migrations.commands]
current = ["sh", "-c", "cat /state/rev 2>/dev/null || true"]
history = ["sh", "-c", "echo 'r1 -> r2 (head), add users'; echo '<base> -> r1, initial'"]
upgrade = ["sh", "-c", "test -f /state/db-ready || exit 9; if [ \"$0\" = head ]; then echo r2 > /state/rev; else echo $0 > /state/rev; fi", "{{revision}}"]
downgrade = ["sh", "-c", "if [ \"$0\" = -1 ]; then echo r1 > /state/rev; else echo $0 > /state/rev; fi", "{{revision}}"]
new = ["sh", "-c", "echo new revision: $0", "{{message}}"]
"#
    )
}

/// `db` marks itself ready (in the shared volume) after a pause.
const COMPOSE: &str = r#"services:
  db:
    build: .
    command: ["sh", "-c", "sleep 2; touch /state/db-ready /ready; sleep 600"]
    healthcheck:
      test: ["CMD", "test", "-f", "/ready"]
      interval: 1s
      retries: 60
    volumes:
      - state:/state
  api:
    build: .
    command: ["sh", "-c", "sleep 600"]
    volumes:
      - state:/state
volumes:
  state:
"#;

#[tokio::test]
async fn upgrade_downgrade_and_current_match_the_recorded_state() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let name = unique_project("migrate");
    let mut guard = ProjectGuard::new(&engine, &name);
    guard.images.push(format!("{name}-db"));
    guard.images.push(format!("{name}-api"));
    busybox_image(&engine).await;
    let dir = tempfile::tempdir().unwrap();
    write_busybox_context(dir.path(), "");
    std::fs::write(dir.path().join("docker-compose.yaml"), COMPOSE).unwrap();
    std::fs::write(dir.path().join("runcli.toml"), manifest(&name)).unwrap();

    let base = runcli(dir.path(), &["migrate", "current"]);
    assert_eq!(base.status.code(), Some(0), "{}", text(&base));
    assert!(text(&base).contains("current: base"), "{}", text(&base));

    let up = runcli(dir.path(), &["migrate", "upgrade"]);
    assert_eq!(
        up.status.code(),
        Some(0),
        "db was healthy before the upgrade ran: {}",
        text(&up)
    );
    let current = runcli(dir.path(), &["migrate", "current"]);
    assert!(text(&current).contains("current: r2"), "{}", text(&current));

    let down = runcli(dir.path(), &["migrate", "downgrade"]);
    assert_eq!(down.status.code(), Some(0), "{}", text(&down));
    let current = runcli(dir.path(), &["migrate", "current"]);
    assert!(text(&current).contains("current: r1"), "{}", text(&current));

    let history = runcli(dir.path(), &["migrate", "history"]);
    assert!(
        text(&history).contains("2 revisions, head r2"),
        "{}",
        text(&history)
    );

    let to_rev = runcli(dir.path(), &["migrate", "upgrade", "r5"]);
    assert_eq!(to_rev.status.code(), Some(0), "{}", text(&to_rev));
    let current = runcli(dir.path(), &["migrate", "current"]);
    assert!(text(&current).contains("current: r5"), "{}", text(&current));

    // The op the Migrations pane runs, on the same project and state.
    let project = discover(&DiscoverOptions {
        explicit: Some(dir.path().to_path_buf()),
        env_project: None,
        cwd: dir.path().to_path_buf(),
    })
    .unwrap();
    let mut lines = Vec::new();
    let mut emit = |event: ToolEvent<'_>| {
        if let ToolEvent::Line(line) = event {
            lines.push(line.text.clone());
        }
    };
    let down = MigrationOp::Downgrade {
        revision: Some("r3".into()),
    };
    let applied = migrations::run(&engine, &project, &down, &mut emit).await;
    assert!(
        matches!(applied, Ok(MigrationOutcome::Applied { .. })),
        "{applied:?}"
    );
    let current = migrations::run(&engine, &project, &MigrationOp::Current, &mut emit).await;
    match current {
        Ok(MigrationOutcome::Current(c)) => assert_eq!(c.revisions, vec!["r3".to_string()]),
        other => panic!("{other:?}"),
    }
    assert!(lines.contains(&"r3".to_string()), "{lines:?}");
    let cli = runcli(dir.path(), &["migrate", "current"]);
    assert!(text(&cli).contains("current: r3"), "{}", text(&cli));

    let containers = engine.project_containers(&name).await.unwrap();
    assert!(
        containers.iter().all(|c| !c.oneoff),
        "one-offs are removed: {containers:?}"
    );
}
