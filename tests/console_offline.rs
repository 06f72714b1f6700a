//! Panes never lock up: an action that needs the engine while none
//! answers (offline, or still connecting) ends at once with a message
//! that says so, through the real effect runner, and the pane is usable
//! again (the next key starts the action anew).

use std::sync::Arc;
use std::time::Duration;

use runcli::app::{Effect, EngineStatus, Header, Key, Model, Msg, Pane, update};
use runcli::console::EffectRunner;
use runcli::project::{DiscoverOptions, discover};
use tokio::sync::{mpsc, watch};

fn project(dir: &std::path::Path) -> runcli::project::Project {
    std::fs::write(
        dir.join("runcli.toml"),
        "[project]\nname = \"offline-panes\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("docker-compose.yaml"), "services: {}\n").unwrap();
    discover(&DiscoverOptions {
        explicit: Some(dir.to_path_buf()),
        env_project: None,
        cwd: dir.to_path_buf(),
    })
    .unwrap()
}

fn model() -> Model {
    let header = Header {
        project: "offline-panes".into(),
        version: None,
        git: None,
        engine: EngineStatus::Connecting {
            endpoint: "unix:///nowhere.sock".into(),
        },
    };
    Model::new(header, 1000, 1 << 20)
}

/// Presses `keys`, runs the effects through the runner and feeds what
/// comes back to `update()` until the runner goes quiet.
async fn press(
    m: &mut Model,
    runner: &mut EffectRunner,
    rx: &mut mpsc::Receiver<Msg>,
    keys: &[Key],
) -> Vec<Effect> {
    let mut all = Vec::new();
    for key in keys {
        for effect in update(m, Msg::Key(*key)) {
            all.push(effect.clone());
            runner.run(effect);
        }
    }
    while let Ok(Some(msg)) = tokio::time::timeout(Duration::from_millis(500), rx.recv()).await {
        update(m, msg);
    }
    all
}

#[tokio::test]
async fn actions_without_an_engine_say_so_and_leave_the_pane_usable() {
    let dir = tempfile::tempdir().unwrap();
    let (tx, mut rx) = mpsc::channel::<Msg>(1024);
    let (_engine_tx, engine_rx) = watch::channel(None);
    let mut runner = EffectRunner::new(engine_rx, Arc::new(project(dir.path())), tx);
    let mut m = model();

    // Migrations: upgrade asks the engine; the pane is free again after.
    press(&mut m, &mut runner, &mut rx, &[Key::Char('m')]).await;
    for _ in 0..2 {
        let effects = press(&mut m, &mut runner, &mut rx, &[Key::Char('u')]).await;
        assert!(
            effects.iter().any(|e| matches!(e, Effect::Migrate(_))),
            "u starts an upgrade each time: {effects:?}"
        );
        assert!(m.migrations.busy.is_none(), "the pane is not left busy");
        let status = m.status.clone().unwrap_or_default();
        assert!(status.contains("offline or still connecting"), "{status}");
    }

    // Docs: a build the same way.
    press(&mut m, &mut runner, &mut rx, &[Key::Char('d')]).await;
    for _ in 0..2 {
        let effects = press(&mut m, &mut runner, &mut rx, &[Key::Enter]).await;
        assert!(
            effects
                .iter()
                .any(|e| matches!(e, Effect::BuildDocs { .. })),
            "Enter builds each time: {effects:?}"
        );
        assert!(!m.docs.busy, "the Docs pane is not left busy");
    }
    assert_eq!(m.pane, Pane::Docs);
}
