//! The history file's entries: where the file is and what a bump appends.

use std::path::{Path, PathBuf};

/// The name a new history file gets.
pub const HISTORY_FILE: &str = "HISTORY.rst";

/// The history file at `root`: `HISTORY.rst` or `history.rst` (or any other
/// casing) when one exists, `HISTORY.rst` otherwise. The second value says
/// whether it exists.
pub fn locate(root: &Path) -> (PathBuf, bool) {
    let mut found: Vec<String> = std::fs::read_dir(root)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| name.eq_ignore_ascii_case(HISTORY_FILE))
        .collect();
    found.sort();
    let name = found
        .iter()
        .find(|n| *n == HISTORY_FILE)
        .or_else(|| found.first());
    match name {
        Some(name) => (root.join(name), true),
        None => (root.join(HISTORY_FILE), false),
    }
}

/// One entry: `X.Y.Z (YYYY-MM-DD)`, a `~` underline as long, then the
/// message as a bullet (continuation lines indented under it). Without a
/// message the entry is the title alone, for the user to fill in.
pub fn entry(version: &str, date: &str, message: Option<&str>) -> String {
    let title = format!("{version} ({date})");
    let mut text = format!("{title}\n{}\n", "~".repeat(title.chars().count()));
    if let Some(message) = message {
        text.push('\n');
        for (i, line) in message.trim().lines().enumerate() {
            let line = line.trim_end();
            match (i, line.is_empty()) {
                (0, _) => text.push_str(&format!("* {line}\n")),
                (_, true) => text.push('\n'),
                (_, false) => text.push_str(&format!("  {line}\n")),
            }
        }
    }
    text
}

/// The file's text with `entry` appended after a blank line, as rst needs
/// before a section title, in the file's line endings. A new file starts
/// with a `History` title.
pub fn append(existing: Option<&str>, entry: &str) -> String {
    let mut text = match existing {
        Some(text) => text.to_string(),
        None => "=======\nHistory\n=======\n".to_string(),
    };
    let crlf = text.contains("\r\n");
    let nl = if crlf { "\r\n" } else { "\n" };
    if !text.is_empty() {
        if !text.ends_with('\n') {
            text.push_str(nl);
        }
        if !text.ends_with("\n\n") && !text.ends_with("\n\r\n") {
            text.push_str(nl);
        }
    }
    match crlf {
        true => text.push_str(&entry.replace('\n', "\r\n")),
        false => text.push_str(entry),
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_format() {
        assert_eq!(
            entry("1.2.4", "2026-11-29", Some("Fix the thing")),
            "1.2.4 (2026-11-29)\n~~~~~~~~~~~~~~~~~~\n\n* Fix the thing\n"
        );
        assert_eq!(
            entry("1.10.0", "2026-01-02", None),
            "1.10.0 (2026-01-02)\n~~~~~~~~~~~~~~~~~~~\n"
        );
        assert_eq!(
            entry("1.0.1", "2026-01-02", Some("a\nb\n\nc")),
            "1.0.1 (2026-01-02)\n~~~~~~~~~~~~~~~~~~\n\n* a\n  b\n\n  c\n"
        );
    }

    #[test]
    fn append_keeps_one_blank_line_before_the_entry() {
        let e = "E\n";
        assert_eq!(append(Some("* x"), e), "* x\n\nE\n");
        assert_eq!(append(Some("* x\n"), e), "* x\n\nE\n");
        assert_eq!(append(Some("* x\n\n"), e), "* x\n\nE\n");
        assert_eq!(append(Some(""), e), "E\n");
        assert_eq!(append(None, e), "=======\nHistory\n=======\n\nE\n");
        assert_eq!(append(Some("* x\r\n"), "E\n~\n"), "* x\r\n\r\nE\r\n~\r\n");
    }

    #[test]
    fn locate_prefers_an_existing_file_in_any_case() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(locate(dir.path()), (dir.path().join("HISTORY.rst"), false));
        std::fs::write(dir.path().join("history.rst"), "").unwrap();
        assert_eq!(locate(dir.path()), (dir.path().join("history.rst"), true));
    }
}
