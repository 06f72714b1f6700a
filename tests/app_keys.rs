//! The console's keys, checked against what `?` promises: pane letters
//! work from every pane, a question takes only `y`, `n` and Esc, a prompt
//! takes letters as text, and every key a pane acts on is in its help.

mod keys_support;

use keys_support::{all_keys, base, states};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use runcli::app::help::{global_keys, pane_keys, panel_keys};
use runcli::app::keymap::KeyMap;
use runcli::app::{Effect, GitStage, Key, LogsFocus, MigrationAction, Model, Msg, Pane, update};

/// Whether `key` did something: an effect, or any change to the model.
fn acts(model: &Model, key: Key) -> bool {
    let mut m = model.clone();
    let before = format!("{m:?}");
    let effects = update(&mut m, Msg::Key(key));
    !effects.is_empty() || format!("{m:?}") != before
}

/// The keys a help key column names. Names are split at spaces, `/` and
/// `,`; a lone `/` names the `/` key only at the start of the column; a
/// word in parentheses names a context, not a key. `j` / `k` stand for
/// Down / Up too, and Tab for Shift-Tab, as every list treats them alike.
fn named_keys(column: &str) -> Vec<Key> {
    if column.starts_with('(') {
        return Vec::new();
    }
    let mut keys = Vec::new();
    for (i, token) in column
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .enumerate()
    {
        let named: &[Key] = match token {
            "/" if i == 0 => &[Key::Char('/')],
            "/" => &[],
            "j" => &[Key::Char('j'), Key::Down],
            "k" => &[Key::Char('k'), Key::Up],
            "Tab" => &[Key::Tab, Key::BackTab],
            "Enter" => &[Key::Enter],
            "Esc" => &[Key::Esc],
            "PgUp" => &[Key::PageUp],
            "PgDn" => &[Key::PageDown],
            "Home" => &[Key::Home],
            "End" => &[Key::End],
            "Ctrl-C" => &[Key::CtrlC],
            _ => &[],
        };
        keys.extend_from_slice(named);
        let mut chars = token.chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && c != '/'
        {
            keys.push(Key::Char(c));
        }
    }
    keys
}

fn documented(pane: Pane) -> Vec<Key> {
    let map = KeyMap::default();
    pane_keys(pane, &map)
        .iter()
        .chain(&panel_keys(pane, &map))
        .chain(&global_keys(&map))
        .flat_map(|(column, _)| named_keys(column))
        .collect()
}

/// The check that keeps help honest: every key that changes the model or
/// asks for IO in a pane's state is named in that pane's `?` overlay (its
/// own keys and the global ones it shows under them).
#[test]
fn every_key_that_acts_is_in_its_panes_help() {
    let mut missing = Vec::new();
    let mut acting = 0;
    for (name, model) in states() {
        let help = documented(model.pane);
        for key in all_keys() {
            if acts(&model, key) {
                acting += 1;
                if !help.contains(&key) {
                    missing.push(format!("{name}: {key:?}"));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "keys that act but `?` does not list: {missing:#?}"
    );
    assert!(
        acting > 100,
        "only {acting} keys acted: the fixture is too thin"
    );
}

#[test]
fn the_help_parser_reads_the_columns_as_written() {
    assert_eq!(
        named_keys("/ then n / N"),
        vec![Key::Char('/'), Key::Char('n'), Key::Char('N')]
    );
    assert_eq!(named_keys("T  S  R").len(), 3);
    assert!(named_keys("(in a prompt)").is_empty());
    assert_eq!(
        named_keys("Home / End, G"),
        vec![Key::Home, Key::End, Key::Char('G')]
    );
}

#[test]
fn pane_letters_switch_from_every_pane_that_is_not_asking() {
    for (name, model) in states() {
        if name.ends_with("asking") {
            continue;
        }
        for pane in Pane::ALL {
            let mut m = model.clone();
            update(&mut m, Msg::Key(Key::Char(pane.key())));
            assert_eq!(m.pane, pane, "{} from {name}", pane.key());
        }
    }
}

#[test]
fn a_question_takes_only_y_n_and_esc() {
    for (name, model) in states() {
        if !name.ends_with("asking") {
            continue;
        }
        let before = format!("{model:?}");
        for key in all_keys() {
            if matches!(key, Key::Char('y') | Key::Char('n') | Key::Esc | Key::CtrlC) {
                continue;
            }
            let mut m = model.clone();
            let effects = update(&mut m, Msg::Key(key));
            assert!(effects.is_empty(), "{name}: {key:?} gave {effects:?}");
            assert_eq!(
                format!("{m:?}"),
                before,
                "{name}: {key:?} changed the model"
            );
        }
        for cancel in [Key::Char('n'), Key::Esc] {
            let mut m = model.clone();
            let effects = update(&mut m, Msg::Key(cancel));
            // A pipeline waits on the answer, so it hears the refusal too.
            let told = if model.pane == Pane::Pipeline {
                vec![Effect::AnswerPipeline(false)]
            } else {
                Vec::new()
            };
            assert_eq!(effects, told, "{name}");
            assert!(
                m.server.confirm.is_none()
                    && !m.migrations.confirm_downgrade
                    && m.git.stage == GitStage::Idle
                    && m.pipeline.ask.is_none(),
                "{name}: {cancel:?} closes the question"
            );
        }
        let mut m = model.clone();
        let effects = update(&mut m, Msg::Key(Key::Char('y')));
        assert_eq!(effects.len(), 1, "{name}: y goes ahead: {effects:?}");
    }
}

#[test]
fn a_prompt_takes_pane_letters_as_text_and_edits_at_the_cursor() {
    let mut m = base();
    m.pane = Pane::Migrations;
    update(&mut m, Msg::Key(Key::Char('U')));
    for c in "dead beef".chars() {
        update(&mut m, Msg::Key(Key::Char(c)));
    }
    assert_eq!(m.pane, Pane::Migrations, "d, e, b typed, not switched");
    update(&mut m, Msg::Key(Key::CtrlW));
    for key in [Key::CtrlA, Key::Right, Key::Right] {
        update(&mut m, Msg::Key(key));
    }
    update(&mut m, Msg::Key(Key::Char('x')));
    update(&mut m, Msg::Key(Key::End));
    update(&mut m, Msg::Key(Key::Char('1')));
    let effects = update(&mut m, Msg::Key(Key::Enter));
    assert_eq!(
        effects,
        vec![Effect::Migrate(MigrationAction::Upgrade {
            revision: Some("dexad 1".into())
        })]
    );

    update(
        &mut m,
        Msg::Migrated {
            outcome: Ok("done".into()),
            current: None,
            history: None,
        },
    );
    m.migrations.busy = None;
    update(&mut m, Msg::Key(Key::Char('n')));
    for c in "stray".chars() {
        update(&mut m, Msg::Key(Key::Char(c)));
    }
    update(&mut m, Msg::Key(Key::CtrlU));
    for c in "add users".chars() {
        update(&mut m, Msg::Key(Key::Char(c)));
    }
    assert_eq!(m.prompt.as_ref().map(|p| p.text()), Some("add users"));
    assert_eq!(
        update(&mut m, Msg::Key(Key::Enter)),
        vec![Effect::Migrate(MigrationAction::New {
            message: "add users".into()
        })]
    );
}

#[test]
fn the_prompt_draws_its_cursor_where_it_is() {
    let mut m = base();
    m.pane = Pane::Logs;
    m.logs.focus = LogsFocus::Log;
    update(&mut m, Msg::Key(Key::Char('/')));
    for c in "GET".chars() {
        update(&mut m, Msg::Key(Key::Char(c)));
    }
    update(&mut m, Msg::Key(Key::Left));
    let mut t = Terminal::new(TestBackend::new(100, 30)).unwrap();
    t.draw(|f| runcli::ui::view(&m, f)).unwrap();
    let buffer = t.backend().buffer();
    let cursor: Vec<(u16, String)> = (0..100u16)
        .filter(|&x| {
            buffer[(x, 29)]
                .modifier
                .contains(ratatui::style::Modifier::REVERSED)
        })
        .map(|x| (x, buffer[(x, 29)].symbol().to_string()))
        .collect();
    assert_eq!(cursor.len(), 1, "one cursor cell: {cursor:?}");
    assert_eq!(cursor[0].1, "T", "the cursor is on the last letter");
    assert_eq!(buffer[(cursor[0].0 - 1, 29)].symbol(), "E");
}

/// The `?` overlay of each pane, as a person sees it.
#[test]
fn help_overlay_of_each_pane() {
    for pane in Pane::ALL {
        let mut m = base();
        m.pane = pane;
        update(&mut m, Msg::Key(Key::Char('?')));
        assert!(m.help_open);
        let mut t = Terminal::new(TestBackend::new(100, 34)).unwrap();
        update(
            &mut m,
            Msg::Resize {
                width: 100,
                height: 34,
            },
        );
        t.draw(|f| runcli::ui::view(&m, f)).unwrap();
        let screen = format!("{}", t.backend());
        // Taller than the screen, help scrolls: every key is on one of
        // its pages.
        let mut pages = screen.clone();
        for _ in 0..10 {
            update(&mut m, Msg::Key(Key::PageDown));
            t.draw(|f| runcli::ui::view(&m, f)).unwrap();
            pages.push_str(&format!("{}", t.backend()));
        }
        for (column, _) in pane_keys(pane, &m.keys)
            .into_iter()
            .chain(panel_keys(pane, &m.keys))
            .chain(global_keys(&m.keys))
        {
            assert!(pages.contains(&column), "{pane:?} help lacks {column}");
        }
        insta::assert_snapshot!(format!("help_{}", pane.title().to_lowercase()), screen);
        update(&mut m, Msg::Key(Key::Esc));
        assert!(!m.help_open);
        assert_eq!(m.help_scroll, 0, "help opens at its top next time");
    }
}

/// A `[keys]` remap moves an action: the new key does what the old one
/// did, the old one does nothing, and `?` shows the new key.
#[test]
fn a_remap_changes_dispatch_and_help_together() {
    let map = KeyMap::with_remaps([
        ("logs.search", "ctrl-f"),
        ("pane.testing", "X"),
        ("help", "F1"),
    ]);
    let map = map.expect("valid remaps");
    let mut m = base().with_keys(map);
    m.pane = Pane::Logs;
    m.logs.focus = LogsFocus::Log;

    let mut old = m.clone();
    update(&mut old, Msg::Key(Key::Char('/')));
    assert!(old.prompt.is_none(), "`/` no longer searches");
    assert_eq!(format!("{old:?}"), format!("{m:?}"), "`/` does nothing");
    let mut new = m.clone();
    update(&mut new, Msg::Key(Key::Ctrl('f')));
    assert!(new.prompt.is_some(), "Ctrl-F opens the search prompt");

    let mut old = m.clone();
    update(&mut old, Msg::Key(Key::Char('x')));
    assert_eq!(old.pane, Pane::Logs, "x no longer switches");
    update(&mut old, Msg::Key(Key::Char('X')));
    assert_eq!(old.pane, Pane::Testing, "X switches to Testing");

    let columns = |pane: Pane| -> Vec<String> {
        pane_keys(pane, &m.keys)
            .into_iter()
            .chain(global_keys(&m.keys))
            .map(|(column, _)| column)
            .collect()
    };
    let logs = columns(Pane::Logs);
    assert!(
        logs.iter().any(|c| c.starts_with("Ctrl-F then n / N")),
        "{logs:?}"
    );
    assert!(!logs.iter().any(|c| c.starts_with("/ then")), "{logs:?}");
    assert!(
        logs.iter().any(|c| c.starts_with("s X m e d g l")),
        "{logs:?}"
    );

    let mut old = m.clone();
    update(&mut old, Msg::Key(Key::Char('?')));
    assert!(!old.help_open, "? no longer opens help");
    update(&mut m, Msg::Key(Key::F(1)));
    assert!(m.help_open, "F1 opens help");
    let mut t = Terminal::new(TestBackend::new(100, 34)).unwrap();
    t.draw(|f| runcli::ui::view(&m, f)).unwrap();
    let screen = format!("{}", t.backend());
    assert!(screen.contains("Ctrl-F then n / N"), "{screen}");
    assert!(
        screen.contains(" X Testing "),
        "the menu bar shows X: {screen}"
    );
}

/// `help::line_count` is what the overlay draws: on a screen tall enough
/// for all of it, the box is that many lines plus its two borders, and it
/// does not offer to scroll.
#[test]
fn help_line_count_matches_the_overlay() {
    for pane in Pane::ALL {
        let mut m = base();
        m.pane = pane;
        update(&mut m, Msg::Key(Key::Char('?')));
        let mut t = Terminal::new(TestBackend::new(100, 120)).unwrap();
        t.draw(|f| runcli::ui::view(&m, f)).unwrap();
        let screen = format!("{}", t.backend());
        let lines: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
        let top = screen.lines().position(|l| l.contains("Help:")).unwrap();
        let title = lines[top].iter().collect::<String>();
        let corner = title[..title.find("Help:").unwrap()].chars().count()
            - title[..title.find("Help:").unwrap()]
                .chars()
                .rev()
                .position(|c| c == '┌')
                .unwrap()
            - 1;
        let bottom = (top + 1..lines.len())
            .find(|&y| lines[y].get(corner) == Some(&'└'))
            .unwrap();
        let keyed = m.commands.rows.iter().filter(|c| c.key.is_some()).count();
        assert_eq!(
            bottom - top - 1,
            runcli::app::help::line_count(pane, &m.keys, keyed),
            "{pane:?}"
        );
        assert!(!screen.contains("j/k scroll"), "{pane:?}");
    }
}
