//! Snapshots of the Logs pane pointed at an environment's stack: its
//! services with their task counts, the panel's lines prefixed
//! `SERVICE.SLOT@NODE`, a filter on one node, and what an unreachable
//! engine leaves in the list.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use runcli::app::{
    Effect, EngineStatus, Header, Key, LogLine, Model, Msg, Pane, ServiceRow, update,
};

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
    m.logs.environments = vec!["staging".into(), "down".into()];
    update(
        &mut m,
        Msg::Resize {
            width: 100,
            height: 16,
        },
    );
    m.pane = Pane::Logs;
    m
}

fn draw(m: &Model) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(100, 16)).unwrap();
    t.draw(|f| runcli::ui::view(m, f)).unwrap();
    t
}

fn service(name: &str, running: u64) -> ServiceRow {
    ServiceRow {
        name: name.into(),
        swarm_name: format!("model-staging_{name}"),
        running,
        desired: 2,
    }
}

/// `r`, the staging services, and a few lines from two nodes.
fn staging() -> Model {
    let mut m = model();
    update(&mut m, Msg::Key(Key::Char('r')));
    let services = Ok(vec![service("api", 2), service("worker", 1)]);
    let env = "staging".to_string();
    let effects = update(&mut m, Msg::EnvServices { env, services });
    let Some(Effect::FollowEnvLogs { stream, .. }) = effects.first() else {
        panic!("no stream followed: {effects:?}");
    };
    let lines = (1..=6)
        .map(|i| {
            let (slot, node) = if i % 2 == 0 {
                (2, "node-b")
            } else {
                (1, "node-a")
            };
            LogLine::stdout(format!(
                "api.{slot}@{node} | INFO request {i} GET /ping 200"
            ))
        })
        .collect();
    let container_id = stream.clone();
    update(
        &mut m,
        Msg::LogLines {
            container_id,
            lines,
        },
    );
    m
}

#[test]
fn services_and_lines_from_both_nodes() {
    let t = draw(&staging());
    let screen = format!("{}", t.backend());
    assert!(screen.contains("staging (r: next)"), "{screen}");
    assert!(screen.contains("worker 1/2 tasks"), "{screen}");
    assert!(screen.contains("api.1@node-a | INFO request 5"), "{screen}");
    assert!(screen.contains("api.2@node-b | INFO request 6"), "{screen}");
    // Snapshots do not show colour: a service short of tasks is yellow.
    let buffer = t.backend().buffer();
    assert_eq!(buffer[(1, 3)].symbol(), "●");
    assert_eq!(buffer[(1, 3)].fg, Color::Green);
    assert_eq!(buffer[(1, 4)].fg, Color::Yellow);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn a_filter_on_the_prefix_keeps_one_node() {
    let mut m = staging();
    update(&mut m, Msg::Key(Key::Char('f')));
    for c in "@node-b".chars() {
        update(&mut m, Msg::Key(Key::Char(c)));
    }
    update(&mut m, Msg::Key(Key::Enter));
    let t = draw(&m);
    let screen = format!("{}", t.backend());
    assert!(!screen.contains("node-a |"), "{screen}");
    assert_eq!(screen.matches("api.2@node-b |").count(), 3, "{screen}");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn an_unreachable_engine_is_named_in_the_list() {
    let mut m = staging();
    update(&mut m, Msg::Key(Key::Char('r')));
    let env = "down".to_string();
    let services = Err("down: cannot reach the Docker engine at tcp://10.0.0.9:2376".into());
    update(&mut m, Msg::EnvServices { env, services });
    let t = draw(&m);
    let screen = format!("{}", t.backend());
    assert!(screen.contains("down (r: next)"), "{screen}");
    assert!(
        !screen.contains("node-a"),
        "the old environment's lines stay: {screen}"
    );
    insta::assert_snapshot!(t.backend());
}
