//! Snapshots of a log panel following, paused, searching and filtered, and
//! the styles that carry meaning (highlighted matches).

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use runcli::app::{ContainerRow, EngineStatus, Header, Key, LogLine, Model, Msg, Pane, update};

fn model() -> Model {
    let header = Header {
        project: "demo".into(),
        version: Some("0.1.0".into()),
        git: None,
        engine: EngineStatus::Online {
            endpoint: "unix:///var/run/docker.sock".into(),
            version: "20.10.24".into(),
            remote: false,
        },
    };
    let mut m = Model::new(header, 1000, 1 << 20);
    update(
        &mut m,
        Msg::Resize {
            width: 100,
            height: 20,
        },
    );
    m.pane = Pane::Logs;
    update(
        &mut m,
        Msg::Containers(vec![ContainerRow {
            id: "a".into(),
            name: "demo-api-1".into(),
            service: "api".into(),
            state: "running".into(),
            running: true,
            published: Vec::new(),
        }]),
    );
    let lines = (1..=60)
        .map(|i| {
            let level = match i % 10 {
                3 => "WARNING",
                7 => "ERROR",
                _ => "INFO",
            };
            LogLine::stdout(format!("{level} request {i} GET /ping 200"))
        })
        .collect();
    update(
        &mut m,
        Msg::LogLines {
            container_id: "a".into(),
            lines,
        },
    );
    update(&mut m, Msg::Key(Key::Enter));
    m
}

fn keys(m: &mut Model, text: &str) {
    for c in text.chars() {
        update(m, Msg::Key(Key::Char(c)));
    }
}

fn draw(m: &Model) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(100, 20)).unwrap();
    t.draw(|f| runcli::ui::view(m, f)).unwrap();
    t
}

#[test]
fn following() {
    insta::assert_snapshot!(draw(&model()).backend());
}

#[test]
fn paused() {
    let mut m = model();
    keys(&mut m, "kkkkk");
    update(
        &mut m,
        Msg::LogLines {
            container_id: "a".into(),
            lines: vec![LogLine::stdout("newer")],
        },
    );
    let t = draw(&m);
    let screen = format!("{}", t.backend());
    assert!(screen.contains("paused, 6 newer"), "{screen}");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn searching_highlights_and_counts() {
    let mut m = model();
    keys(&mut m, "/request 5");
    let typing = format!("{}", draw(&m).backend());
    assert!(
        typing.contains("/request 5█"),
        "the prompt shows what is typed: {typing}"
    );
    update(&mut m, Msg::Key(Key::Enter));
    let t = draw(&m);
    let screen = format!("{}", t.backend());
    // "request 5" and "request 50".."request 59": 11 matches, the newest current.
    assert!(screen.contains("\"request 5\" 11/11"), "{screen}");
    let buffer = t.backend().buffer();
    let highlighted = (0..20u16)
        .flat_map(|y| (0..100u16).map(move |x| (x, y)))
        .filter(|&(x, y)| buffer[(x, y)].bg == Color::Yellow || buffer[(x, y)].bg == Color::Magenta)
        .count();
    assert!(
        highlighted >= "request 5".len() * 2,
        "matches are marked: {highlighted} cells"
    );
    insta::assert_snapshot!(t.backend());
}

#[test]
fn filtered_by_regex_and_level() {
    let mut m = model();
    keys(&mut m, "f");
    keys(&mut m, "request [1-2][0-9] ");
    update(&mut m, Msg::Key(Key::Enter));
    keys(&mut m, "v");
    let t = draw(&m);
    let screen = format!("{}", t.backend());
    assert!(screen.contains("WARNING request 13"), "{screen}");
    assert!(screen.contains("ERROR request 27"), "{screen}");
    assert!(!screen.contains("INFO"), "{screen}");
    insta::assert_snapshot!(t.backend());
}
