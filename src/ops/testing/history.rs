//! The run history: one JSON object a line in
//! `data/reports/runcli-history.jsonl`, appended after every tier run.
//! `HistoryEntry` lives here, with the file it is read from and written
//! to, so `ops` needs nothing from `app`.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;

/// Where the history lives, relative to the project root.
pub const HISTORY_FILE: &str = "data/reports/runcli-history.jsonl";

/// One line of data/reports/runcli-history.jsonl.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HistoryEntry {
    pub tier: String,
    /// Unix seconds.
    pub start: i64,
    pub duration_secs: f64,
    pub passed: usize,
    pub failed: usize,
    pub errored: usize,
    pub skipped: usize,
    pub exit_code: i64,
    pub commit: Option<String>,
}

/// Appends one run. The folder is created when missing.
pub fn append(root: &Path, entry: &HistoryEntry) -> std::io::Result<()> {
    let path = root.join(HISTORY_FILE);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut line = serde_json::to_string(entry).map_err(std::io::Error::other)?;
    line.push('\n');
    let mut file = OpenOptions::new().create(true).append(true).open(&path)?;
    file.write_all(line.as_bytes())
}

/// Every run recorded, oldest first. A line that does not parse (a run
/// cut off mid-write, a hand edit) is skipped rather than failing the pane.
pub fn read(root: &Path) -> Vec<HistoryEntry> {
    let Ok(text) = std::fs::read_to_string(root.join(HISTORY_FILE)) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(tier: &str, failed: usize) -> HistoryEntry {
        HistoryEntry {
            tier: tier.into(),
            start: 1_700_000_000,
            duration_secs: 1.5,
            passed: 3,
            failed,
            errored: 0,
            skipped: 1,
            exit_code: i64::from(failed > 0),
            commit: Some("abc1234".into()),
        }
    }

    #[test]
    fn appends_and_reads_back_skipping_broken_lines() {
        let dir = tempfile::tempdir().unwrap();
        append(dir.path(), &entry("unit", 0)).unwrap();
        let path = dir.path().join(HISTORY_FILE);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("{\"tier\": \"cut off\n");
        std::fs::write(&path, text).unwrap();
        append(dir.path(), &entry("integration", 2)).unwrap();
        let runs = read(dir.path());
        assert_eq!(runs, vec![entry("unit", 0), entry("integration", 2)]);
    }
}
