//! The `:` palette and the project's commands through update() alone: the
//! palette opens from any pane and filters, Enter runs what it selects
//! (a command's run effect, a profile's start, a tier's run, a pane
//! action), a command asks for its values and its y/n first, a command's
//! key runs it where no action takes the key, and a run's messages end in
//! its exit status.

use runcli::app::{
    CommandRow, Effect, EngineStatus, Header, Key, LogLine, Model, Msg, Pane, ProfileRow, Prompt,
    PromptKind, RunState, TierRow, update,
};

fn command(name: &str, key: Option<char>, args: &[&str], confirm: bool) -> CommandRow {
    CommandRow {
        name: name.into(),
        description: format!("the {name} command"),
        key,
        args: args.iter().map(|a| a.to_string()).collect(),
        confirm,
        place: "host".into(),
    }
}

fn model() -> Model {
    let header = Header {
        project: "demo".into(),
        version: None,
        git: None,
        engine: EngineStatus::Connecting {
            endpoint: "unix:///x.sock".into(),
        },
    };
    let mut m = Model::new(header, 1000, 1 << 20)
        .with_profiles(vec![ProfileRow {
            name: "local".into(),
            description: "debug API".into(),
            health: None,
            url: None,
            health_url: None,
        }])
        .with_tiers(vec![TierRow {
            name: "unit".into(),
            description: "unit tests".into(),
            args: Vec::new(),
        }])
        .with_commands(vec![
            command("hello", Some('h'), &[], false),
            command("where", None, &[], false),
            command("wipe", Some('W'), &[], true),
            command("greet", None, &["who", "times"], false),
            command("patchy", Some('p'), &[], false),
        ]);
    update(
        &mut m,
        Msg::Resize {
            width: 120,
            height: 40,
        },
    );
    m
}

fn keys(m: &mut Model, keys: &[Key]) -> Vec<Effect> {
    keys.iter().flat_map(|k| update(m, Msg::Key(*k))).collect()
}

fn typed(m: &mut Model, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| update(m, Msg::Key(Key::Char(c))))
        .collect()
}

fn run(name: &str, args: &[&str]) -> Effect {
    Effect::RunCommand {
        name: name.into(),
        args: args.iter().map(|a| a.to_string()).collect(),
    }
}

#[test]
fn colon_opens_the_palette_from_any_pane_and_esc_closes_it() {
    for pane in Pane::ALL {
        let mut m = model();
        m.pane = pane;
        keys(&mut m, &[Key::Char(':')]);
        assert!(m.palette.is_some(), "{pane:?}");
        // Letters are typed, not pane switches or quits.
        typed(&mut m, "qs");
        assert_eq!(m.pane, pane);
        assert!(!m.quitting);
        assert_eq!(m.palette.as_ref().map(|p| p.input.text()), Some("qs"));
        keys(&mut m, &[Key::Esc]);
        assert!(m.palette.is_none());
    }
}

#[test]
fn colon_in_a_text_prompt_is_typed() {
    let mut m = model();
    m.pane = Pane::Logs;
    m.prompt = Some(Prompt::new(PromptKind::Search, ""));
    keys(&mut m, &[Key::Char(':')]);
    assert!(m.palette.is_none());
    assert_eq!(m.prompt.as_ref().map(|p| p.text()), Some(":"));
}

#[test]
fn enter_on_a_matched_command_yields_its_run_and_opens_the_output() {
    let mut m = model();
    keys(&mut m, &[Key::Char(':')]);
    typed(&mut m, "whe");
    let effects = keys(&mut m, &[Key::Enter]);
    assert_eq!(effects, vec![run("where", &[])]);
    assert!(m.palette.is_none());
    assert!(m.commands.panel_open);
    assert_eq!(m.status.as_deref(), Some("where: running"));
    update(
        &mut m,
        Msg::CommandOutput {
            name: "where".into(),
            lines: vec![LogLine::stdout("/tmp/project")],
        },
    );
    update(
        &mut m,
        Msg::CommandDone {
            name: "where".into(),
            outcome: Ok(7),
            url: None,
        },
    );
    let finished = m.commands.run.as_ref().unwrap();
    assert_eq!(finished.state, RunState::Exited(7));
    assert_eq!(m.commands.output.shown_text(), vec!["/tmp/project"]);
    assert_eq!(m.status.as_deref(), Some("where: exited 7"));
    // Esc closes the output; the palette offers it again.
    keys(&mut m, &[Key::Esc]);
    assert!(!m.commands.panel_open);
    keys(&mut m, &[Key::Char(':')]);
    typed(&mut m, "output");
    keys(&mut m, &[Key::Enter]);
    assert!(m.commands.panel_open);
}

#[test]
fn ctrl_n_and_ctrl_p_move_the_selection() {
    let mut m = model();
    keys(&mut m, &[Key::Char(':'), Key::Ctrl('n'), Key::Down]);
    assert_eq!(m.palette.as_ref().map(|p| p.selected), Some(2));
    keys(&mut m, &[Key::Ctrl('p')]);
    let effects = keys(&mut m, &[Key::Enter]);
    // The second entry in manifest order.
    assert_eq!(effects, vec![run("where", &[])]);
}

#[test]
fn a_confirm_command_asks_and_only_y_n_esc_answer() {
    let mut m = model();
    keys(&mut m, &[Key::Char(':')]);
    typed(&mut m, "wipe");
    assert!(keys(&mut m, &[Key::Enter]).is_empty());
    assert!(m.status.as_deref().unwrap_or("").contains("y / n"));
    // Other keys are swallowed, no pane switch, no quit.
    assert!(keys(&mut m, &[Key::Char('q'), Key::Char('x'), Key::Enter]).is_empty());
    assert!(!m.quitting);
    assert_eq!(m.pane, Pane::Server);
    assert_eq!(keys(&mut m, &[Key::Char('y')]), vec![run("wipe", &[])]);

    let mut m = model();
    keys(&mut m, &[Key::Char('W')]);
    assert!(keys(&mut m, &[Key::Esc]).is_empty());
    assert_eq!(m.status.as_deref(), Some("wipe: cancelled"));
    assert!(m.commands.run.is_none());
    assert!(
        keys(&mut m, &[Key::Char('y')]).is_empty(),
        "nothing left to answer"
    );
}

#[test]
fn a_command_with_args_asks_for_them_at_a_prompt() {
    let mut m = model();
    keys(&mut m, &[Key::Char(':')]);
    typed(&mut m, "greet");
    assert!(keys(&mut m, &[Key::Enter]).is_empty());
    assert!(m.prompt.is_some());
    assert_eq!(m.status.as_deref(), Some("greet: give <who> <times>"));
    typed(&mut m, "'a b' 3");
    let effects = keys(&mut m, &[Key::Enter]);
    assert_eq!(effects, vec![run("greet", &["a b", "3"])]);

    // A wrong count runs nothing and says what it takes.
    let mut m = model();
    keys(&mut m, &[Key::Char(':')]);
    typed(&mut m, "greet");
    keys(&mut m, &[Key::Enter]);
    typed(&mut m, "one");
    assert!(keys(&mut m, &[Key::Enter]).is_empty());
    assert!(
        m.status
            .as_deref()
            .unwrap_or("")
            .contains("takes 2 value(s)")
    );
}

#[test]
fn a_commands_key_runs_it_where_no_action_takes_the_key() {
    let mut m = model();
    assert_eq!(keys(&mut m, &[Key::Char('h')]), vec![run("hello", &[])]);
    // A second run waits for the first.
    assert!(keys(&mut m, &[Key::Esc, Key::Char('h')]).is_empty());
    assert_eq!(m.status.as_deref(), Some("wait: hello is running"));
    update(
        &mut m,
        Msg::CommandDone {
            name: "hello".into(),
            outcome: Err("failed to start: no engine".into()),
            url: None,
        },
    );
    assert_eq!(
        m.status.as_deref(),
        Some("hello: failed to start: no engine")
    );
    keys(&mut m, &[Key::Esc]);

    // `p` is git.patch on the Git pane, and the command's elsewhere.
    m.pane = Pane::Git;
    assert!(!keys(&mut m, &[Key::Char('p')]).contains(&run("patchy", &[])));
    let mut m = model();
    m.pane = Pane::Docs;
    assert_eq!(keys(&mut m, &[Key::Char('p')]), vec![run("patchy", &[])]);
}

#[test]
fn profiles_tiers_and_pane_actions_run_as_their_own_keys_do() {
    let mut m = model();
    m.pane = Pane::Docs;
    keys(&mut m, &[Key::Char(':')]);
    typed(&mut m, "local");
    let effects = keys(&mut m, &[Key::Enter]);
    assert_eq!(m.pane, Pane::Server);
    assert!(
        effects.contains(&Effect::ServerUp {
            profile: "local".into(),
            build: false
        }),
        "{effects:?}"
    );

    let mut m = model();
    keys(&mut m, &[Key::Char(':')]);
    typed(&mut m, "unit");
    let effects = keys(&mut m, &[Key::Enter]);
    assert_eq!(m.pane, Pane::Testing);
    assert!(
        effects.contains(&Effect::RunTier {
            tier: "unit".into(),
            args: Vec::new()
        }),
        "{effects:?}"
    );

    let mut m = model();
    keys(&mut m, &[Key::Char(':')]);
    typed(&mut m, "docs.build");
    let effects = keys(&mut m, &[Key::Enter]);
    assert_eq!(m.pane, Pane::Docs);
    assert!(
        effects.contains(&Effect::BuildDocs { apidoc: false }),
        "{effects:?}"
    );
}

#[test]
fn the_palette_key_is_remappable() {
    let keymap = runcli::app::keymap::KeyMap::with_remaps([("palette", "ctrl-k")]).unwrap();
    let mut m = model().with_keys(keymap);
    keys(&mut m, &[Key::Char(':')]);
    assert!(m.palette.is_none(), "the old key is inert");
    keys(&mut m, &[Key::Ctrl('k')]);
    assert!(m.palette.is_some());
}

#[test]
fn the_output_overlay_scrolls_cancels_and_closes() {
    let mut m = hello_printed(100);
    keys(&mut m, &[Key::PageUp]);
    assert!(!m.commands.output.follow);
    // Modal: pane letters do nothing while it is up.
    keys(&mut m, &[Key::Char('x')]);
    assert_eq!(m.pane, Pane::Server);
    assert_eq!(keys(&mut m, &[Key::Char('c')]), vec![Effect::CancelCommand]);
    keys(&mut m, &[Key::Esc]);
    assert!(!m.commands.panel_open);
}

/// The command's output is a log panel like every other: search, filter
/// and export act on it while the overlay is up.
#[test]
fn the_output_overlay_searches_filters_and_exports_like_every_log_panel() {
    let mut m = hello_printed(50);
    keys(&mut m, &[Key::Char('f')]);
    keys(&mut m, &"line 4".chars().map(Key::Char).collect::<Vec<_>>());
    keys(&mut m, &[Key::Enter]);
    assert_eq!(m.commands.output.len(), 11, "line 4 and line 40-49");
    let effects = keys(&mut m, &[Key::Char('w')]);
    match effects.as_slice() {
        [Effect::ExportLog { name, lines }] => {
            assert_eq!(name, "command-hello");
            assert_eq!(lines.len(), 11);
        }
        other => panic!("expected one export, got {other:?}"),
    }
}

/// A model where `hello` ran from its key and printed `lines` lines.
fn hello_printed(lines: usize) -> Model {
    let mut m = model();
    keys(&mut m, &[Key::Char('h')]);
    let lines = (0..lines)
        .map(|i| LogLine::stdout(format!("line {i}")))
        .collect();
    update(
        &mut m,
        Msg::CommandOutput {
            name: "hello".into(),
            lines,
        },
    );
    m
}
