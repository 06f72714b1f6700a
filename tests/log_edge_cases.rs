//! Hostile log output on a real engine: invalid UTF-8, NUL bytes, `\r`
//! progress lines and a single 1 MiB line travel through the follow task,
//! `update()` and the Logs pane's drawing without a panic, and the screen
//! shows what a terminal would.

mod common;

use std::time::Duration;

use common::{ProjectGuard, busybox_image, docker_or_skip, pane_messages, unique_project};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use runcli::app::{ContainerRow, EngineStatus, Header, Key, Model, Msg, Pane, update};
use runcli::engine::{ContainerSpec, labels};
use runcli::ops::log_follow;

/// Printed by the container; every line ends with `done` last so the test
/// knows the stream is complete.
const SCRIPT: &str = r#"sleep 1
printf 'bad utf8 \377\376 here\n'
printf 'nul \000 byte\n'
printf 'progress 10%%\rprogress 50%%\rprogress 100%%\n'
printf 'crlf line\r\n'
head -c 1048576 /dev/zero | tr '\000' x; echo
echo done
sleep 30"#;

#[tokio::test]
async fn odd_bytes_reach_the_screen_as_a_terminal_would_show_them() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let image = busybox_image(&engine).await;
    let project = unique_project("edge");
    let _guard = ProjectGuard::new(&engine, &project);
    let spec = ContainerSpec {
        name: format!("{project}-odd-1"),
        image,
        cmd: Some(vec!["sh".into(), "-c".into(), SCRIPT.into()]),
        labels: labels::container_labels(&project, "odd", 1, false, None),
        ..Default::default()
    };
    let id = engine.create_container(&spec).await.expect("create");
    engine.start(&id).await.expect("start");

    let mut model = pane_model(&id);
    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    let task = tokio::spawn(log_follow::follow(
        engine.clone(),
        id.clone(),
        1000,
        tx,
        pane_messages(&id),
    ));
    let complete = tokio::time::timeout(Duration::from_secs(30), async {
        while !model.logs.view.buffer.iter().any(|l| l.text == "done") {
            let Some(msg) = rx.recv().await else { break };
            update(&mut model, msg);
        }
    })
    .await;
    task.abort();
    let texts: Vec<String> = model
        .logs
        .view
        .buffer
        .iter()
        .map(|l| l.text.clone())
        .collect();
    assert!(complete.is_ok(), "the stream never said done: {texts:?}");

    // Stored as received: bytes replaced only where they are no UTF-8.
    assert_eq!(texts[0], "bad utf8 \u{fffd}\u{fffd} here");
    assert_eq!(texts[1], "nul \0 byte");
    assert_eq!(texts[2], "progress 10%\rprogress 50%\rprogress 100%");
    assert_eq!(texts[3], "crlf line");
    assert_eq!(texts[4].len(), 1 << 20, "the 1 MiB line arrives whole");
    assert!(texts[4].bytes().all(|b| b == b'x'));
    assert_eq!(texts[5], "done");

    // Drawn as a terminal would: replacement marks, no NUL, the last
    // progress state, and the long line cut with a marker.
    let screen = draw(&model);
    assert!(
        screen.contains("bad utf8 \u{fffd}\u{fffd} here"),
        "{screen}"
    );
    assert!(screen.contains("nul  byte"), "{screen}");
    assert!(screen.contains("progress 100%"), "{screen}");
    assert!(!screen.contains("progress 10%"), "{screen}");
    assert!(!screen.contains('\0') && !screen.contains('\r'));
    model.logs.view.wrap = true;
    update(&mut model, Msg::Key(Key::Char('G')));
    let wrapped = draw(&model);
    assert!(wrapped.contains("done"), "{wrapped}");

    engine.stop(&id, 1).await.expect("stop");
    engine.remove(&id, false, false).await.expect("remove");
}

fn pane_model(id: &str) -> Model {
    let header = Header {
        project: "edge".into(),
        version: None,
        git: None,
        engine: EngineStatus::Online {
            endpoint: "unix:///var/run/docker.sock".into(),
            version: "test".into(),
            remote: false,
        },
    };
    let mut model = Model::new(header, 1000, 8 << 20);
    update(
        &mut model,
        Msg::Resize {
            width: 100,
            height: 20,
        },
    );
    model.pane = Pane::Logs;
    update(
        &mut model,
        Msg::Containers(vec![ContainerRow {
            id: id.to_string(),
            name: "edge-odd-1".into(),
            service: "odd".into(),
            state: "running".into(),
            running: true,
            published: Vec::new(),
        }]),
    );
    update(&mut model, Msg::Key(Key::Enter));
    model
}

/// The screen as text, one row per line.
fn draw(model: &Model) -> String {
    let mut terminal = Terminal::new(TestBackend::new(100, 20)).expect("terminal");
    terminal.draw(|f| runcli::ui::view(model, f)).expect("draw");
    let buffer = terminal.backend().buffer();
    let width = buffer.area.width as usize;
    buffer
        .content
        .chunks(width)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}
