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
    /// To `revision`, or the manifest's default (head).
    Upgrade {
        revision: Option<String>,
    },
    /// To `revision`, or the manifest's default (one step back).
    Downgrade {
        revision: Option<String>,
    },
    New {
        message: String,
    },
}

impl MigrationAction {
    pub fn label(&self) -> String {
        match self {
            MigrationAction::Refresh => "read current and history".into(),
            MigrationAction::Upgrade { revision: None } => "upgrade to head".into(),
            MigrationAction::Upgrade { revision: Some(r) } => format!("upgrade to {r}"),
            MigrationAction::Downgrade { revision: None } => "downgrade one revision".into(),
            MigrationAction::Downgrade { revision: Some(r) } => format!("downgrade to {r}"),
            MigrationAction::New { message } => format!("new revision \"{message}\""),
        }
    }
}

/// Which part of the Migrations pane has focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MigrationsFocus {
    /// The revisions: the pane's own keys.
    #[default]
    History,
    /// The tool's output panel: the log keys.
    Output,
}

/// Which part of the Docs pane has focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocsFocus {
    #[default]
    Warnings,
    /// Sphinx's output panel: the log keys.
    Output,
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
    /// The revision of that downgrade; `None` is one step back.
    pub downgrade_to: Option<String>,
    pub outcome: Option<Result<String, String>>,
    pub focus: MigrationsFocus,
}

impl Default for MigrationsPane {
    fn default() -> Self {
        MigrationsPane {
            current: None,
            history: None,
            output: LogView::new(5_000, 2 << 20),
            busy: None,
            confirm_downgrade: false,
            downgrade_to: None,
            outcome: None,
            focus: MigrationsFocus::History,
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
    pub focus: DocsFocus,
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
            focus: DocsFocus::Warnings,
        }
    }
}
