//! Helpers the fuzz targets share: the compose loader reads files, so its
//! targets write their input into a fresh folder first.

use std::path::Path;

use runcli::project::ProjectError;
use runcli::project::compose::{ComposeProject, load_compose};

/// Variables every compose target sees, so `${VAR}` forms take both the
/// set and the unset branches.
pub fn env(key: &str) -> Option<String> {
    match key {
        "HOME" => Some("/home/fuzz".into()),
        "A" => Some("1".into()),
        "EMPTY" => Some(String::new()),
        "SPACED" => Some("a b $c".into()),
        _ => None,
    }
}

/// Writes `files` (name, bytes) under a new temporary folder and loads them
/// as compose files, in order, with `.env` as the interpolation file.
/// `None` when the scratch folder cannot be made (not the parser's fault).
pub fn load(files: &[(&str, &[u8])]) -> Option<Result<ComposeProject, ProjectError>> {
    let dir = tempfile::tempdir().ok()?;
    for (name, bytes) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).ok()?;
        }
        std::fs::write(&path, bytes).ok()?;
    }
    let names: Vec<String> = files
        .iter()
        .map(|(n, _)| n.to_string())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    Some(load_compose(dir.path(), "fuzz", &names, ".env", &env))
}

/// Renders an error the way the user sees it: formatting must not panic
/// either, and a message always names where it points.
pub fn show(error: &dyn std::fmt::Display) {
    let text = error.to_string();
    assert!(!text.is_empty(), "an error with no message");
}

/// A path the parsers only use to name the input in messages.
pub fn named(name: &str) -> &Path {
    Path::new(name)
}
