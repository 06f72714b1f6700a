//! Every output panel of the console is one log panel: a [`LogView`] drawn
//! by `ui::widgets::log_panel` and driven by the keys of
//! `update_log_keys`. This file names the panels, finds a panel's view in
//! the model and says which panel has focus, so the keys, the prompts
//! (search, filter) and export (`w`) always act on the focused one.
//!
//! A pane that owns a new output panel adds a [`Panel`] variant, returns
//! its view from [`Model::log_view_mut`], reports it from
//! [`Model::focused_panel`] while it has focus, and hands keys to
//! `update_log_keys::on_panel_key` (or, for a view outside the model's
//! panes, to `update_log_keys::on_view_key`).

use super::log_view::LogView;
use super::logs_pane::LogsFocus;
use super::model::Model;
use super::pane::Pane;
use super::pipeline_pane::PipelineFocus;
use super::server_pane::ServerFocus;
use super::testing_pane::TestingFocus;
use super::tools_pane::{DocsFocus, MigrationsFocus};

/// One log panel of the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Panel {
    /// The followed container's log: the Logs pane's panel, and the Server
    /// pane's serving log (one stream serves both).
    Logs,
    /// The Server pane's operation progress.
    Activity,
    /// The running (or last) test tier's output.
    TestOutput,
    /// The selected test's failure: message and full traceback.
    Traceback,
    /// The migrations tool's output.
    MigrationOutput,
    /// Sphinx's output.
    SphinxOutput,
    /// The selected pipeline step's output.
    PipelineOutput,
    /// The last project command's output (the overlay over any pane).
    CommandOutput,
}

impl Panel {
    /// A file-name friendly name, for `w` when the panel has no better one.
    pub fn slug(self) -> &'static str {
        match self {
            Panel::Logs => "log",
            Panel::Activity => "server-activity",
            Panel::TestOutput => "test-output",
            Panel::Traceback => "traceback",
            Panel::MigrationOutput => "migrations",
            Panel::SphinxOutput => "sphinx",
            Panel::PipelineOutput => "pipeline",
            Panel::CommandOutput => "command-output",
        }
    }
}

impl Model {
    pub fn log_view(&self, panel: Panel) -> &LogView {
        match panel {
            Panel::Logs => &self.logs.view,
            Panel::Activity => &self.server.activity,
            Panel::TestOutput => &self.testing.output,
            Panel::Traceback => &self.testing.traceback,
            Panel::MigrationOutput => &self.migrations.output,
            Panel::SphinxOutput => &self.docs.output,
            Panel::PipelineOutput => self.pipeline.output(),
            Panel::CommandOutput => &self.commands.output,
        }
    }

    pub fn log_view_mut(&mut self, panel: Panel) -> &mut LogView {
        match panel {
            Panel::Logs => &mut self.logs.view,
            Panel::Activity => &mut self.server.activity,
            Panel::TestOutput => &mut self.testing.output,
            Panel::Traceback => &mut self.testing.traceback,
            Panel::MigrationOutput => &mut self.migrations.output,
            Panel::SphinxOutput => &mut self.docs.output,
            Panel::PipelineOutput => self.pipeline.output_mut(),
            Panel::CommandOutput => &mut self.commands.output,
        }
    }

    /// The panel of the current pane that has focus (and so takes the log
    /// keys), if one has.
    pub fn focused_panel(&self) -> Option<Panel> {
        if self.commands.panel_open {
            return Some(Panel::CommandOutput);
        }
        match self.pane {
            Pane::Logs => (self.logs.focus == LogsFocus::Log).then_some(Panel::Logs),
            Pane::Server => match self.server.focus {
                ServerFocus::Activity => Some(Panel::Activity),
                ServerFocus::Log => Some(Panel::Logs),
                ServerFocus::Profiles | ServerFocus::Services => None,
            },
            Pane::Testing => match self.testing.focus {
                TestingFocus::Output => Some(Panel::TestOutput),
                TestingFocus::Traceback => Some(Panel::Traceback),
                TestingFocus::Tiers | TestingFocus::Results => None,
            },
            Pane::Migrations => {
                (self.migrations.focus == MigrationsFocus::Output).then_some(Panel::MigrationOutput)
            }
            Pane::Docs => (self.docs.focus == DocsFocus::Output).then_some(Panel::SphinxOutput),
            Pane::Pipeline => {
                (self.pipeline.focus == PipelineFocus::Output).then_some(Panel::PipelineOutput)
            }
            Pane::Secrets | Pane::Git => None,
        }
    }

    /// Gives `panel` the focus of the current pane; false when the pane
    /// does not show it.
    pub fn focus_panel(&mut self, panel: Panel) -> bool {
        match (self.pane, panel) {
            (Pane::Logs, Panel::Logs) => self.logs.focus = LogsFocus::Log,
            (Pane::Server, Panel::Logs) => self.server.focus = ServerFocus::Log,
            (Pane::Server, Panel::Activity) => self.server.focus = ServerFocus::Activity,
            (Pane::Testing, Panel::TestOutput) => self.testing.focus = TestingFocus::Output,
            (Pane::Testing, Panel::Traceback) => self.testing.focus = TestingFocus::Traceback,
            (Pane::Migrations, Panel::MigrationOutput) => {
                self.migrations.focus = MigrationsFocus::Output;
            }
            (Pane::Docs, Panel::SphinxOutput) => self.docs.focus = DocsFocus::Output,
            (Pane::Pipeline, Panel::PipelineOutput) => {
                self.pipeline.focus = PipelineFocus::Output;
            }
            (_, Panel::CommandOutput) if self.commands.run.is_some() => {
                self.commands.panel_open = true;
            }
            _ => return false,
        }
        true
    }
}

/// The next focus in `ring` after `current` (before it when `back`); the
/// first when `current` is not in the ring. Tab and Shift-Tab use it.
pub fn cycle<T: Copy + PartialEq>(ring: &[T], current: T, back: bool) -> Option<T> {
    let count = ring.len();
    let at = ring.iter().position(|f| *f == current);
    let next = match (at, back) {
        (None, _) => 0,
        (Some(i), false) => (i + 1) % count.max(1),
        (Some(i), true) => (i + count.max(1) - 1) % count.max(1),
    };
    ring.get(next).copied()
}
