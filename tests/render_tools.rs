//! The Migrations and Docs panes rendered from recorded tool output: the
//! history with head and current marked, and Sphinx's progress and warnings.

use std::path::Path;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use runcli::app::{
    Effect, EngineStatus, Header, Key, LogLine, MigrationAction, Model, Msg, update,
};
use runcli::parse::alembic::{parse_current, parse_history};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/parse");

fn fixture(path: &str) -> String {
    std::fs::read_to_string(Path::new(FIXTURES).join(path)).unwrap()
}

fn model(pane: char) -> Model {
    let header = Header {
        project: "demo".into(),
        version: Some("0.1.0".into()),
        git: None,
        engine: EngineStatus::Offline {
            endpoint: "unix:///x.sock".into(),
            reason: "test".into(),
        },
    };
    let mut m = Model::new(header, 1000, 1 << 20);
    update(
        &mut m,
        Msg::Resize {
            width: 110,
            height: 28,
        },
    );
    update(&mut m, Msg::Key(Key::Char(pane)));
    m
}

fn draw(m: &Model) -> String {
    let mut t = Terminal::new(TestBackend::new(110, 28)).unwrap();
    t.draw(|f| runcli::ui::view(m, f)).unwrap();
    format!("{}", t.backend())
}

#[test]
fn migrations_history_marks_head_and_current() {
    let mut m = model('m');
    assert_eq!(
        m.migrations.busy,
        Some(MigrationAction::Refresh),
        "entering the pane reads the history"
    );
    let current =
        parse_current(&fixture("alembic/flask_db_current_behind.txt")).map_err(|e| e.to_string());
    let history =
        parse_history(&fixture("alembic/flask_db_history.txt")).map_err(|e| e.to_string());
    assert!(current.is_ok() && history.is_ok());
    update(
        &mut m,
        Msg::Migrated {
            outcome: Ok("read".into()),
            current: Some(current),
            history: Some(history),
        },
    );
    let shown = draw(&m);
    insta::assert_snapshot!(shown);
    assert!(shown.contains("head"), "{shown}");
    assert!(shown.contains("current"), "{shown}");
}

#[test]
fn downgrade_asks_first_and_a_change_reads_the_history_again() {
    let mut m = model('m');
    update(
        &mut m,
        Msg::Migrated {
            outcome: Ok("read".into()),
            current: None,
            history: None,
        },
    );
    update(&mut m, Msg::Key(Key::Char('D')));
    assert!(
        type_text(&mut m, "").is_empty(),
        "an empty revision is one step back, and asks first"
    );
    assert!(m.migrations.confirm_downgrade);
    assert_eq!(m.status.as_deref(), Some("downgrade one revision? y / n"));
    for other in ['d', 'q', 'x', 'u'] {
        assert!(update(&mut m, Msg::Key(Key::Char(other))).is_empty());
        assert!(
            m.migrations.confirm_downgrade,
            "{other} leaves the question open"
        );
        assert_eq!(m.pane, runcli::app::Pane::Migrations);
        assert!(!m.quitting);
    }
    assert_eq!(
        update(&mut m, Msg::Key(Key::Char('y'))),
        vec![Effect::Migrate(MigrationAction::Downgrade {
            revision: None
        })]
    );
    let effects = update(
        &mut m,
        Msg::Migrated {
            outcome: Ok("done".into()),
            current: None,
            history: None,
        },
    );
    assert_eq!(effects, vec![Effect::Migrate(MigrationAction::Refresh)]);
}

#[test]
fn docs_progress_and_warnings() {
    let mut m = model('d');
    assert_eq!(
        update(&mut m, Msg::Key(Key::Enter)),
        vec![Effect::BuildDocs { apidoc: false }]
    );
    let output: Vec<LogLine> = fixture("sphinx/build_succeeded_with_warnings.txt")
        .lines()
        .map(LogLine::stdout)
        .collect();
    update(&mut m, Msg::DocsOutput(output));
    update(
        &mut m,
        Msg::DocsBuilt(Ok("docs/build/html/index.html".into())),
    );
    let shown = draw(&m);
    insta::assert_snapshot!(shown);
    assert!(
        m.docs.progress.percent == 100,
        "percent {}",
        m.docs.progress.percent
    );
    assert!(!m.docs.progress.warnings.is_empty());
    assert_eq!(
        update(&mut m, Msg::Key(Key::Char('o'))),
        vec![Effect::OpenPath("docs/build/html/index.html".into())]
    );
}

fn type_text(m: &mut Model, text: &str) -> Vec<Effect> {
    for c in text.chars() {
        update(m, Msg::Key(Key::Char(c)));
    }
    update(m, Msg::Key(Key::Enter))
}

fn pane_help(pane: runcli::app::Pane) -> Vec<String> {
    let map = runcli::app::keymap::KeyMap::default();
    runcli::app::help::pane_keys(pane, &map)
        .into_iter()
        .map(|(key, _)| key)
        .collect()
}

#[test]
fn docs_build_runs_apidoc_only_on_a() {
    let mut m = model('d');
    assert_eq!(
        update(&mut m, Msg::Key(Key::Char('a'))),
        vec![Effect::BuildDocs { apidoc: true }]
    );
    assert!(
        update(&mut m, Msg::Key(Key::Char('b'))).is_empty(),
        "a second build waits for the first"
    );
    update(
        &mut m,
        Msg::DocsBuilt(Err("Sphinx reports the build failed: x".into())),
    );
    assert!(!m.docs.busy);
    assert_eq!(
        update(&mut m, Msg::Key(Key::Char('b'))),
        vec![Effect::BuildDocs { apidoc: false }]
    );
    let keys = pane_help(runcli::app::Pane::Docs);
    assert!(
        keys.iter().any(|k| k == "a") && keys.iter().any(|k| k == "Enter / b"),
        "{keys:?}"
    );
}

#[test]
fn upgrade_and_downgrade_to_a_typed_revision() {
    let mut m = model('m');
    // Ends the running action and the read that follows a change.
    let settle = |m: &mut Model| {
        while m.migrations.busy.is_some() {
            update(
                m,
                Msg::Migrated {
                    outcome: Ok("done".into()),
                    current: None,
                    history: None,
                },
            );
        }
    };
    settle(&mut m);
    assert!(update(&mut m, Msg::Key(Key::Char('U'))).is_empty());
    assert_eq!(
        type_text(&mut m, "a1b2c3"),
        vec![Effect::Migrate(MigrationAction::Upgrade {
            revision: Some("a1b2c3".into())
        })]
    );
    settle(&mut m);

    // An empty revision is the manifest's default, as for `migrate upgrade`.
    update(&mut m, Msg::Key(Key::Char('U')));
    assert_eq!(
        type_text(&mut m, "  "),
        vec![Effect::Migrate(MigrationAction::Upgrade { revision: None })]
    );
    settle(&mut m);

    // A typed downgrade still asks first, and names the revision.
    update(&mut m, Msg::Key(Key::Char('D')));
    assert!(type_text(&mut m, "base").is_empty());
    assert!(m.migrations.confirm_downgrade);
    assert_eq!(m.status.as_deref(), Some("downgrade to base? y / n"));
    assert!(draw(&m).contains("downgrade to base? y: yes"));
    assert_eq!(
        update(&mut m, Msg::Key(Key::Char('y'))),
        vec![Effect::Migrate(MigrationAction::Downgrade {
            revision: Some("base".into())
        })]
    );
    settle(&mut m);

    update(&mut m, Msg::Key(Key::Char('D')));
    type_text(&mut m, "-2");
    assert!(update(&mut m, Msg::Key(Key::Char('n'))).is_empty());
    assert_eq!(m.status.as_deref(), Some("downgrade cancelled"));
    assert_eq!(m.migrations.downgrade_to, None);

    let keys = pane_help(runcli::app::Pane::Migrations);
    assert!(
        keys.iter().any(|k| k == "U") && keys.iter().any(|k| k == "D"),
        "{keys:?}"
    );
}
