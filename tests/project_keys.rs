//! runcli.toml's `[keys]`: the three ways TOML writes a pane's remap, and
//! errors that name the remap, its line and column, and what is wrong.

use std::path::Path;

use runcli::app::keymap::action;
use runcli::app::{Key, Pane};
use runcli::project::{Manifest, ProjectError};

fn parse(src: &str) -> Result<Manifest, ProjectError> {
    Manifest::parse(src, Path::new("runcli.toml"))
}

/// `line:col` of the first `needle` in `text`, counted here on its own.
fn position_of(text: &str, needle: &str) -> String {
    for (i, line) in text.lines().enumerate() {
        if let Some(byte) = line.find(needle) {
            return format!("{}:{}", i + 1, line[..byte].chars().count() + 1);
        }
    }
    panic!("`{needle}` not in the text");
}

fn error(src: &str) -> String {
    match parse(src) {
        Ok(m) => panic!("accepted: {:?}", m.keys),
        Err(e) => e.to_string(),
    }
}

#[test]
fn pane_tables_dotted_and_quoted_names_are_the_same_remap() {
    let forms = [
        "[keys.logs]\nsearch = \"ctrl-f\"\n",
        "[keys]\nlogs.search = \"ctrl-f\"\n",
        "[keys]\n\"logs.search\" = \"ctrl-f\"\n",
    ];
    let search = action("logs.search").expect("logs.search is an action");
    for src in forms {
        let manifest = parse(src).unwrap_or_else(|e| panic!("{src}: {e}"));
        let map = manifest.keys.keymap();
        assert_eq!(map.key_of(search), Key::Ctrl('f'), "{src}");
        assert_eq!(
            map.translate(Pane::Logs, Key::Ctrl('f')),
            Some(Key::Char('/'))
        );
    }
}

#[test]
fn global_remaps_and_a_swap_load_and_survive_serialization() {
    let src = "[keys]\nquit = \"Q\"\n\"pane.testing\" = \"F5\"\n[keys.logs]\nnext = \"N\"\nprevious = \"n\"\n";
    let manifest = parse(src).unwrap_or_else(|e| panic!("{e}"));
    let map = manifest.keys.keymap();
    let quit = action("quit").expect("quit");
    assert_eq!(map.key_of(quit), Key::Char('Q'));
    assert_eq!(map.translate(Pane::Git, Key::F(5)), Some(Key::Char('x')));
    assert_eq!(
        map.translate(Pane::Logs, Key::Char('n')),
        Some(Key::Char('N'))
    );
    assert_eq!(manifest.keys.remaps().len(), 4);

    let text = toml::to_string(&manifest).expect("serializes");
    let back = Manifest::parse(&text, Path::new("serialized.toml"));
    assert_eq!(back.ok(), Some(manifest));
    assert_eq!(parse("").map(|m| m.keys.is_empty()).ok(), Some(true));
}

#[test]
fn an_unknown_action_is_named_where_it_is_written() {
    let src = "[project]\nname = \"demo\"\n\n[keys.logs]\nserch = \"ctrl-f\"\n";
    let message = error(src);
    let at = format!(
        "runcli.toml:{}: keys.logs.serch: unknown action",
        position_of(src, "\"ctrl-f\"")
    );
    assert!(message.starts_with(&at), "{message}\nwanted {at}");
}

#[test]
fn a_bad_key_is_quoted() {
    let src = "[keys]\nhelp = \"hyper-h\"\n";
    let message = error(src);
    let at = format!(
        "runcli.toml:{}: keys.help: bad key \"hyper-h\"",
        position_of(src, "\"hyper-h\"")
    );
    assert!(message.starts_with(&at), "{message}");
    let fixed = error("[keys]\nquit = \"j\"\n");
    assert!(fixed.contains("keys.quit: key \"j\" is fixed"), "{fixed}");
    let number = error("[keys]\nquit = 5\n");
    assert!(
        number.contains("runcli.toml:2:8: keys.quit: a key is a string"),
        "{number}"
    );
}

#[test]
fn conflicts_name_both_actions() {
    let src = "[keys.logs]\nwrap = \"w\"\n";
    let message = error(src);
    assert!(
        message.starts_with(
            "runcli.toml:2:8: keys.logs.wrap: key \"w\" is already logs.write's, in the Logs pane"
        ),
        "{message}"
    );
    let shadow = error("[keys.server]\nclean = \"x\"\n");
    assert!(
        shadow.contains(
            "keys.server.clean: key \"x\" is already pane.testing's, which works in every pane"
        ),
        "{shadow}"
    );
    let letter = error("[keys]\n\"pane.git\" = \"T\"\n");
    assert!(
        letter.contains(
            "keys.pane.git: key \"T\" is already server.service-start's, in the Server pane"
        ),
        "{letter}"
    );
    // The same key in two panes is no conflict.
    assert!(parse("[keys.logs]\nwrap = \"u\"\n").is_ok());
}
