//! Render snapshots of the console at 100x30 on ratatui's TestBackend,
//! plus cell-style checks where colour carries meaning.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use runcli::app::{
    ContainerRow, EngineStatus, GitSummary, Header, Key, LogLine, Model, Msg, Pane, update,
};

fn model(engine: EngineStatus) -> Model {
    let header = Header {
        project: "demo".to_string(),
        version: Some("0.1.0".to_string()),
        git: Some(GitSummary {
            branch: Some("main".to_string()),
            short_commit: Some("abc1234".to_string()),
            dirty: true,
        }),
        engine,
    };
    let mut m = Model::new(header, 1000, 1 << 20);
    update(
        &mut m,
        Msg::Resize {
            width: 100,
            height: 30,
        },
    );
    m.pane = Pane::Logs;
    m
}

fn online() -> EngineStatus {
    EngineStatus::Online {
        endpoint: "unix:///var/run/docker.sock".to_string(),
        version: "20.10.24".to_string(),
        remote: false,
    }
}

fn draw(m: &Model) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|f| runcli::ui::view(m, f)).unwrap();
    terminal
}

fn with_logs() -> Model {
    let mut m = model(online());
    update(
        &mut m,
        Msg::Containers(vec![
            ContainerRow {
                id: "a".into(),
                name: "demo-api-1".into(),
                service: "api".into(),
                state: "running".into(),
                running: true,
                published: Vec::new(),
            },
            ContainerRow {
                id: "b".into(),
                name: "demo-db-1".into(),
                service: "db".into(),
                state: "exited (1)".into(),
                running: false,
                published: Vec::new(),
            },
        ]),
    );
    let lines = (1..=40)
        .map(|i| LogLine::stdout(format!("\x1b[32mINFO\x1b[0m request {i} GET /ping 200")))
        .collect();
    update(
        &mut m,
        Msg::LogLines {
            container_id: "a".into(),
            lines,
        },
    );
    m
}

#[test]
fn main_screen() {
    let t = draw(&with_logs());
    insta::assert_snapshot!(t.backend());
}

#[test]
fn help_overlay() {
    let mut m = with_logs();
    update(&mut m, Msg::Key(Key::Char('?')));
    insta::assert_snapshot!(draw(&m).backend());
}

#[test]
fn offline_engine_is_shown_in_red_and_explained() {
    let m = model(EngineStatus::Offline {
        endpoint: "unix:///nonexistent.sock".into(),
        reason: "no such file".into(),
    });
    let t = draw(&m);
    let screen = format!("{}", t.backend());
    assert!(screen.contains("engine offline"), "{screen}");
    let buffer = t.backend().buffer();
    let x = (0..100)
        .find(|&x| {
            buffer[(x, 0)].symbol() == "e"
                && buffer[(x + 1, 0)].symbol() == "n"
                && buffer[(x + 7, 0)].symbol() == "o"
        })
        .unwrap();
    assert_eq!(buffer[(x, 0)].bg, Color::Red);
}

#[test]
fn remote_engine_is_marked() {
    let m = model(EngineStatus::Online {
        endpoint: "tcp://build-box:2376".into(),
        version: "27.0.1".into(),
        remote: true,
    });
    let screen = format!("{}", draw(&m).backend());
    assert!(screen.contains("REMOTE tcp://build-box:2376"), "{screen}");
}

#[test]
fn log_colours_are_rendered_not_printed() {
    let t = draw(&with_logs());
    let screen = format!("{}", t.backend());
    assert!(!screen.contains("[32m"), "escape codes leaked: {screen}");
    let buffer = t.backend().buffer();
    let (x, y) = (0..30u16)
        .flat_map(|y| (0..100u16).map(move |x| (x, y)))
        .find(|&(x, y)| buffer[(x, y)].symbol() == "I" && buffer[(x + 1, y)].symbol() == "N")
        .unwrap();
    assert_eq!(buffer[(x, y)].fg, Color::Green);
}
