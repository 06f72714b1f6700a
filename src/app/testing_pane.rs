//! The Testing pane: the manifest's tiers, the running tier's output, the
//! parsed results of its JUnit report, the run history and, for the load
//! tier, locust's live numbers.

use crate::parse::junit::{Status, TestCase};
use crate::parse::locust::{History as LoadHistory, StatsTable};

use super::log_buffer::LogLine;
use super::log_view::LogView;

/// Made by the tier-run operation; re-exported so
/// `app::testing_pane::{HistoryEntry, TierResult}` keep naming them.
pub use crate::ops::testing::{HistoryEntry, TierResult};

/// One tier of the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierRow {
    pub name: String,
    pub description: String,
    /// Values the user gives (`module` takes a path).
    pub args: Vec<String>,
}

/// How the results table is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// Failures and errors first, then skips, then passes.
    Status,
    Name,
    /// Slowest first.
    Duration,
}

impl SortKey {
    pub fn next(self) -> SortKey {
        match self {
            SortKey::Status => SortKey::Name,
            SortKey::Name => SortKey::Duration,
            SortKey::Duration => SortKey::Status,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Status => "status",
            SortKey::Name => "name",
            SortKey::Duration => "duration",
        }
    }
}

/// Which list or log panel takes j/k.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestingFocus {
    Tiers,
    Results,
    /// The run's output (shown while no results are).
    Output,
    /// The selected test's failure and traceback.
    Traceback,
}

/// State of the Testing pane.
#[derive(Debug, Clone)]
pub struct TestingPane {
    pub tiers: Vec<TierRow>,
    pub selected_tier: usize,
    pub focus: TestingFocus,
    /// The tier running now (`all` runs them in turn).
    pub running: Option<String>,
    /// Output of the current or last run.
    pub output: LogView,
    /// The selected test's name, place, message and whole traceback,
    /// refilled whenever the selection changes.
    pub traceback: LogView,
    pub result: Option<TierResult>,
    pub sort: SortKey,
    pub selected_test: usize,
    /// Recent runs, oldest first.
    pub history: Vec<HistoryEntry>,
    /// Locust's history while the load tier runs, and its final table.
    pub load: Option<LoadHistory>,
    pub load_table: Option<StatsTable>,
}

impl TestingPane {
    pub fn new(tiers: Vec<TierRow>) -> TestingPane {
        TestingPane {
            tiers,
            selected_tier: 0,
            focus: TestingFocus::Tiers,
            running: None,
            output: LogView::new(20_000, 8 << 20),
            traceback: LogView::new(TRACEBACK_LINES, 4 << 20),
            result: None,
            sort: SortKey::Status,
            selected_test: 0,
            history: Vec::new(),
            load: None,
            load_table: None,
        }
    }

    pub fn selected(&self) -> Option<&TierRow> {
        self.tiers.get(self.selected_tier)
    }

    /// The report's test cases in the chosen order.
    pub fn sorted_cases(&self) -> Vec<&TestCase> {
        let Some(report) = self.result.as_ref().and_then(|r| r.report.as_ref()) else {
            return Vec::new();
        };
        let mut cases: Vec<&TestCase> = report.cases().collect();
        match self.sort {
            SortKey::Status => cases.sort_by_key(|c| status_rank(c.status)),
            SortKey::Name => cases.sort_by_key(|c| c.full_name()),
            SortKey::Duration => cases.sort_by(|a, b| b.duration.total_cmp(&a.duration)),
        }
        cases
    }

    pub fn selected_case(&self) -> Option<&TestCase> {
        self.sorted_cases().get(self.selected_test).copied()
    }

    /// Whether the right side shows the results table and the traceback
    /// (else the run's output, or locust's charts).
    pub fn shows_results(&self) -> bool {
        self.load.is_none() && self.load_table.is_none() && self.has_cases()
    }

    /// Whether the right side shows the run's output panel.
    pub fn shows_output(&self) -> bool {
        self.load.is_none() && self.load_table.is_none() && !self.has_cases()
    }

    /// Whether the last report has a test case (without sorting them: the
    /// layout asks on every frame).
    fn has_cases(&self) -> bool {
        self.result
            .as_ref()
            .and_then(|r| r.report.as_ref())
            .is_some_and(|r| r.cases().next().is_some())
    }

    /// Selects result `index` (clamped) and fills the traceback panel
    /// with that test, from its first line.
    pub fn select_test(&mut self, index: usize) {
        let count = self.sorted_cases().len();
        self.selected_test = index.min(count.saturating_sub(1));
        let lines = self.selected_case().map(case_lines).unwrap_or_default();
        self.traceback.clear();
        self.traceback.append(lines);
        self.traceback.to_top();
    }

    /// The last `n` runs of `tier`, oldest first.
    pub fn recent(&self, tier: &str, n: usize) -> Vec<&HistoryEntry> {
        let runs: Vec<&HistoryEntry> = self.history.iter().filter(|h| h.tier == tier).collect();
        runs[runs.len().saturating_sub(n)..].to_vec()
    }
}

/// Most lines a traceback panel holds; far more than any traceback, so
/// none is cut.
const TRACEBACK_LINES: usize = 50_000;

/// A test case as the traceback panel reads it: name, place, message,
/// then every line of the details.
fn case_lines(case: &TestCase) -> Vec<LogLine> {
    let mut lines = vec![case.full_name()];
    if let (Some(file), line) = (&case.file, case.line) {
        let at = line.map_or_else(String::new, |l| format!(":{l}"));
        lines.push(format!("{file}{at}"));
    }
    if let Some(message) = &case.message {
        lines.extend(message.lines().map(str::to_string));
    }
    if let Some(details) = &case.details {
        lines.push(String::new());
        lines.extend(details.lines().map(str::to_string));
    }
    if case.status == Status::Passed && lines.len() == 1 {
        lines.push("passed".to_string());
    }
    lines.into_iter().map(LogLine::stdout).collect()
}

fn status_rank(status: Status) -> u8 {
    match status {
        Status::Failed => 0,
        Status::Errored => 1,
        Status::Skipped => 2,
        Status::Passed => 3,
    }
}
