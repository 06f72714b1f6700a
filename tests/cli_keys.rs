//! `runcli keys` on the real binary: one line per action with the
//! effective key, `--json` objects, and a bad `[keys]` as a located
//! configuration error (exit 2).

mod common;
mod json_support;

use common::{output_text as text, runcli};
use json_support::{assert_fields, json_lines, with};
use runcli::app::keymap::ACTIONS;

fn project(manifest: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("runcli.toml"), manifest).expect("write runcli.toml");
    dir
}

const REMAPS: &str =
    "[project]\nname = \"keys-demo\"\n\n[keys]\nquit = \"Q\"\n\n[keys.logs]\nsearch = \"ctrl-f\"\n";

#[test]
fn keys_prints_every_action_with_its_effective_key() {
    let dir = project(REMAPS);
    let out = runcli(dir.path(), &["keys"]);
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<Vec<&str>> = stdout
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(lines.len(), ACTIONS.len(), "{stdout}");
    let find = |action: &str| {
        lines
            .iter()
            .find(|cells| cells.get(1) == Some(&action))
            .unwrap_or_else(|| panic!("{action} missing:\n{stdout}"))
            .clone()
    };
    assert_eq!(find("quit")[..3], ["global", "quit", "Q"]);
    assert_eq!(find("logs.search")[..3], ["logs", "logs.search", "Ctrl-F"]);
    assert!(find("logs.search").join(" ").ends_with("(default /)"));
    assert_eq!(find("pane.server")[..3], ["global", "pane.server", "s"]);
    assert_eq!(find("git.push")[..3], ["git", "git.push", "P"]);
}

#[test]
fn keys_json_is_one_object_per_action() {
    let dir = project(REMAPS);
    let out = runcli(dir.path(), &["--json", "keys"]);
    assert!(out.status.success(), "{}", text(&out));
    let objects = json_lines(&out);
    assert_eq!(objects.len(), ACTIONS.len());
    for object in &objects {
        assert_fields(object, &["pane", "action", "key", "default", "description"]);
    }
    let search = with(&objects, "action", "logs.search");
    assert_eq!(search.len(), 1);
    assert_eq!(search[0]["key"], "Ctrl-F");
    assert_eq!(search[0]["default"], "/");
    assert_eq!(search[0]["pane"], "logs");
    let help = with(&objects, "action", "help");
    assert_eq!(help[0]["key"], help[0]["default"]);
}

#[test]
fn a_bad_keys_table_is_a_located_configuration_error() {
    let dir = project("[keys.server]\nclean = \"x\"\n");
    let out = runcli(dir.path(), &["keys"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("runcli.toml:2:9: keys.server.clean: key \"x\" is already pane.testing's"),
        "{stderr}"
    );
}
