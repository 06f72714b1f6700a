//! The Migrations and Docs panes: a tool run in a one-shot container, its
//! output, and what was parsed from it.

use crate::parse::alembic::{Current, History};
use crate::parse::sphinx::BuildProgress;

use super::log_view::LogView;

/// A migrations command the pane runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MigrationAction {
    /// `current` then `history`: what the pane shows.
    Refresh,
    Upgrade,
    Downgrade,
    New {
        message: String,
    },
}

impl MigrationAction {
    pub fn label(&self) -> String {
        match self {
            MigrationAction::Refresh => "read current and history".into(),
            MigrationAction::Upgrade => "upgrade to head".into(),
            MigrationAction::Downgrade => "downgrade one revision".into(),
            MigrationAction::New { message } => format!("new revision \"{message}\""),
        }
    }
}

/// State of the Migrations pane.
#[derive(Debug, Clone)]
pub struct MigrationsPane {
    pub current: Option<Result<Current, String>>,
    pub history: Option<Result<History, String>>,
    pub output: LogView,
    /// The action running now.
    pub busy: Option<MigrationAction>,
    /// A downgrade waiting for `y`.
    pub confirm_downgrade: bool,
    pub outcome: Option<Result<String, String>>,
}

impl Default for MigrationsPane {
    fn default() -> Self {
        MigrationsPane {
            current: None,
            history: None,
            output: LogView::new(5_000, 2 << 20),
            busy: None,
            confirm_downgrade: false,
            outcome: None,
        }
    }
}

/// State of the Docs pane.
#[derive(Debug, Clone)]
pub struct DocsPane {
    pub progress: BuildProgress,
    pub output: LogView,
    pub busy: bool,
    /// The built index.html, once a build succeeded.
    pub index: Option<String>,
    pub outcome: Option<Result<String, String>>,
    /// Index of the selected warning.
    pub selected_warning: usize,
}

impl Default for DocsPane {
    fn default() -> Self {
        DocsPane {
            progress: BuildProgress::new(),
            output: LogView::new(10_000, 4 << 20),
            busy: false,
            index: None,
            outcome: None,
            selected_warning: 0,
        }
    }
}
