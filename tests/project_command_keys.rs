//! A command's `key` must be one the console can run it with: a key that
//! navigates or answers everywhere, or a global action's key (pane
//! letters, `?`, `q`, `:`, as remapped), is an error at the key's place.

use runcli::project::{DiscoverOptions, discover};

fn load(keys: &str, key: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let toml = format!(
        "[project]\nname = \"keys\"\n\n{keys}\n[commands.hi]\nhost = true\ncommand = [\"true\"]\nkey = \"{key}\"\n"
    );
    std::fs::write(dir.path().join("runcli.toml"), toml).unwrap();
    discover(&DiscoverOptions {
        explicit: Some(dir.path().to_path_buf()),
        env_project: None,
        cwd: dir.path().to_path_buf(),
    })
    .map(|_| ())
    .map_err(|e| e.to_string())
}

#[test]
fn a_key_every_pane_keeps_is_refused_where_it_is_written() {
    let err = load("", "s").unwrap_err();
    assert!(
        err.contains("runcli.toml:8:7") && err.contains("`s` is the key of pane.server"),
        "{err}"
    );
    let err = load("", ":").unwrap_err();
    assert!(err.contains("palette"), "{err}");
    let err = load("", "j").unwrap_err();
    assert!(err.contains("navigates or answers"), "{err}");
    // A pane's own action may share it: the command runs on other panes.
    assert_eq!(load("", "p"), Ok(()));
    // The map as remapped: `s` is free once the Server pane moves off it.
    assert_eq!(load("[keys]\n\"pane.server\" = \"F2\"\n", "s"), Ok(()));
    let err = load("[keys]\nquit = \"Q\"\n", "Q").unwrap_err();
    assert!(err.contains("`Q` is the key of quit"), "{err}");
}
