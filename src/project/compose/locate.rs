//! Where a key is written across a set of compose files, for checks that
//! look at merged specs (which keep no positions) but must still point at a
//! `file:line:col`.

use std::path::Path;

use super::yaml;
use crate::project::error::Location;

/// Position of the key at `path` (`["services", "api", "build"]`) in the
/// last of `files` that writes it, since a later file overrides an earlier
/// one. Files that do not read or parse are passed over.
pub fn key_location(files: &[impl AsRef<Path>], path: &[&str]) -> Option<Location> {
    files.iter().rev().find_map(|file| {
        let file = file.as_ref();
        let text = std::fs::read_to_string(file).ok()?;
        let doc = yaml::parse(&text, file).ok()?;
        let (last, parents) = path.split_last()?;
        let mut node = &doc;
        for key in parents {
            node = node.get(key)?;
        }
        Some(node.entry(last)?.key_at.location())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_file_that_writes_the_key_wins() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.yaml");
        let b = dir.path().join("b.yaml");
        std::fs::write(&a, "services:\n  api:\n    build:\n      target: x\n").unwrap();
        std::fs::write(&b, "services:\n  api:\n    image: y\n  db:\n    build: .\n").unwrap();
        let found = key_location(&[&a, &b], &["services", "api", "build", "target"]).unwrap();
        assert_eq!(
            (found.path, found.pos.map(|p| p.line)),
            (a.clone(), Some(4))
        );
        let found = key_location(&[&a, &b], &["services", "db", "build"]).unwrap();
        assert_eq!((found.path, found.pos.map(|p| p.line)), (b, Some(5)));
        assert!(key_location(&[&a], &["services", "web"]).is_none());
    }
}
