//! Folds the lines of one sphinx-build (and sphinx-apidoc) run into what
//! the Docs pane shows: how far along, the warnings, how it ended.

use serde::Serialize;

use super::{Finished, Level, SphinxLine, Warning, classify};

/// Reading sources counts for the first half of the overall percentage,
/// writing output for the second.
const READING: &str = "reading sources";
const WRITING: &str = "writing output";

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BuildProgress {
    /// Overall 0..=100; never goes back.
    pub percent: u8,
    /// Phase of the last progress or step line.
    pub phase: Option<String>,
    /// Document or module of the last progress line.
    pub item: Option<String>,
    pub warnings: Vec<Warning>,
    /// Files sphinx-apidoc created.
    pub created: Vec<String>,
    pub finished: Option<Finished>,
    /// Why the build stopped early, when it did.
    pub aborted: Option<String>,
    #[serde(skip)]
    reason_pending: bool,
}

impl BuildProgress {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds a chunk of output: every line, and every `\r` redraw in it.
    pub fn push_text(&mut self, text: &str) {
        for line in text.split(['\n', '\r']) {
            self.push(&classify(line), line);
        }
    }

    /// Feeds one line; returns how it was classified.
    pub fn push_line(&mut self, line: &str) -> SphinxLine {
        let kind = classify(line);
        self.push(&kind, line);
        kind
    }

    /// Feeds a line already classified (`raw` is the line itself).
    pub fn push(&mut self, kind: &SphinxLine, raw: &str) {
        if self.reason_pending {
            match kind {
                SphinxLine::Other if !raw.trim().is_empty() => {
                    self.aborted = Some(raw.trim().to_string());
                    self.reason_pending = false;
                    return;
                }
                SphinxLine::Other => return,
                _ => self.reason_pending = false,
            }
        }
        match kind {
            SphinxLine::Progress {
                phase,
                percent,
                item,
            } => {
                let overall = match phase.as_str() {
                    READING => Some(percent / 2),
                    WRITING => Some(50 + percent / 2),
                    _ => None,
                };
                if let Some(overall) = overall {
                    self.percent = self.percent.max(overall);
                }
                self.phase = Some(phase.clone());
                self.item = Some(item.clone());
            }
            SphinxLine::Step { phase, .. } => {
                if phase == WRITING {
                    self.percent = self.percent.max(50);
                }
                self.phase = Some(phase.clone());
            }
            SphinxLine::Warning(warning) => self.warnings.push(warning.clone()),
            SphinxLine::Finished(finished) => {
                self.finished = Some(*finished);
                self.percent = 100;
            }
            SphinxLine::Created { file } => self.created.push(file.clone()),
            SphinxLine::Aborted { reason } => {
                self.reason_pending = reason.is_empty();
                self.aborted = Some(reason.clone());
            }
            SphinxLine::Kept { .. } | SphinxLine::Other => {}
        }
    }

    /// The build ended, well or not.
    pub fn is_done(&self) -> bool {
        self.finished.is_some() || self.aborted.is_some()
    }

    /// `Some(true)` once it succeeded, `Some(false)` once it failed.
    pub fn ok(&self) -> Option<bool> {
        if self.aborted.is_some() {
            return Some(false);
        }
        self.finished.map(|f| f.ok)
    }

    /// Warnings of level ERROR or CRITICAL.
    pub fn errors(&self) -> usize {
        self.warnings
            .iter()
            .filter(|w| w.level >= Level::Error)
            .count()
    }
}
