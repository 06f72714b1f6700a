//! Hints that name a key ("press M", "o opens it") name the key the
//! action is on now, so a `[keys]` remap moves them with the action.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use runcli::app::keymap::KeyMap;
use runcli::app::{EngineStatus, Header, Key, LogsFocus, Model, Msg, Pane, update};

fn model(remaps: &[(&str, &str)]) -> Model {
    let header = Header {
        project: "demo".into(),
        version: None,
        git: None,
        engine: EngineStatus::Connecting {
            endpoint: "unix:///x.sock".into(),
        },
    };
    let keys = KeyMap::with_remaps(remaps.iter().copied()).expect("remaps apply");
    let mut m = Model::new(header, 1000, 1 << 20).with_keys(keys);
    update(
        &mut m,
        Msg::Resize {
            width: 120,
            height: 40,
        },
    );
    m
}

fn screen(m: &Model) -> String {
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    t.draw(|f| runcli::ui::view(m, f)).unwrap();
    format!("{}", t.backend())
}

fn press(m: &mut Model, keys: &[Key]) {
    for key in keys {
        update(m, Msg::Key(*key));
    }
}

const REMAPS: &[(&str, &str)] = &[
    ("git.message", "Z"),
    ("migrations.reload", "X"),
    ("secrets.reload", "X"),
    ("docs.open", "O"),
    ("logs.mouse", "K"),
    ("testing.cancel", "ctrl-k"),
];

#[test]
fn the_git_message_hint_names_the_remapped_key() {
    for (remaps, key) in [(&[][..], "M"), (REMAPS, "Z")] {
        let mut m = model(remaps);
        press(&mut m, &[Key::Char('g'), Key::Char('p')]);
        if !matches!(&m.git.stage, runcli::app::GitStage::Composing(d) if d.commit) {
            press(&mut m, &[Key::Char('c')]);
        }
        let shown = screen(&m);
        assert!(shown.contains(&format!("(none: press {key})")), "{shown}");
        press(&mut m, &[Key::Enter]);
        assert_eq!(
            m.status.as_deref(),
            Some(format!("a commit needs a message: press {key}").as_str())
        );
    }
}

#[test]
fn reload_hints_of_migrations_and_secrets_name_the_remapped_key() {
    for (remaps, key) in [(&[][..], "R"), (REMAPS, "X")] {
        let mut m = model(remaps);
        m.pane = Pane::Migrations;
        let shown = screen(&m);
        assert!(
            shown.contains(&format!("press {key} to read the history")),
            "{shown}"
        );
        m.pane = Pane::Secrets;
        let shown = screen(&m);
        assert!(
            shown.contains(&format!("Press {key} to read the template")),
            "{shown}"
        );
    }
}

#[test]
fn status_hints_name_the_remapped_key() {
    for (remaps, open, mouse, cancel) in [(&[][..], "o", "M", "c"), (REMAPS, "O", "K", "Ctrl-K")] {
        let mut m = model(remaps);
        update(
            &mut m,
            Msg::DocsBuilt(Ok("docs/build/html/index.html".into())),
        );
        let status = m.status.clone().unwrap_or_default();
        assert!(status.contains(&format!("({open} opens it)")), "{status}");

        m.pane = Pane::Logs;
        m.logs.focus = LogsFocus::Log;
        press(&mut m, &[Key::parse(mouse).unwrap()]);
        let status = m.status.clone().unwrap_or_default();
        assert!(
            status.contains(&format!("{mouse} captures it again")),
            "{status}"
        );

        m.pane = Pane::Testing;
        m.testing.running = Some("unit".into());
        press(&mut m, &[Key::Char('A')]);
        let status = m.status.clone().unwrap_or_default();
        assert!(
            status.contains(&format!("({cancel} cancels it)")),
            "{status}"
        );
    }
}

#[test]
fn the_testing_output_hints_name_the_remapped_keys() {
    for (remaps, run, cancel) in [(&[][..], "r", "c"), (REMAPS, "Ctrl-R", "Ctrl-K")] {
        let mut remaps = remaps.to_vec();
        if !remaps.is_empty() {
            remaps.push(("testing.run", "ctrl-r"));
        }
        let mut m = model(&remaps).with_tiers(vec![runcli::app::TierRow {
            name: "unit".into(),
            description: "unit tests".into(),
            args: Vec::new(),
        }]);
        m.pane = Pane::Testing;
        let shown = screen(&m);
        assert!(
            shown.contains(&format!("pick a tier and press Enter or {run}")),
            "{shown}"
        );
        m.testing.running = Some("unit".into());
        let shown = screen(&m);
        assert!(
            shown.contains(&format!("unit: running ({cancel} cancels)")),
            "{shown}"
        );
    }
}
