//! Which list or log panel of a pane has focus. Tab and Shift-Tab walk a
//! pane's ring (its lists, then its log panels, as drawn left to right and
//! top to bottom); Esc in a log panel goes back to the pane's first list,
//! where the pane's own keys are.

use super::log_panel::cycle;
use super::logs_pane::LogsFocus;
use super::model::Model;
use super::pane::Pane;
use super::pipeline_pane::PipelineFocus;
use super::server_pane::ServerFocus;
use super::testing_pane::TestingFocus;
use super::tools_pane::{DocsFocus, MigrationsFocus};

const SERVER_RING: [ServerFocus; 4] = [
    ServerFocus::Profiles,
    ServerFocus::Services,
    ServerFocus::Activity,
    ServerFocus::Log,
];

impl Model {
    /// Tab (`back`: Shift-Tab): the next list or panel of the pane.
    pub fn cycle_focus(&mut self, back: bool) {
        match self.pane {
            Pane::Server => {
                self.server.focus =
                    cycle(&SERVER_RING, self.server.focus, back).unwrap_or(ServerFocus::Profiles);
            }
            Pane::Testing => {
                let ring = testing_ring(&self.testing);
                self.testing.focus =
                    cycle(&ring, self.testing.focus, back).unwrap_or(TestingFocus::Tiers);
            }
            Pane::Migrations => {
                self.migrations.focus = match self.migrations.focus {
                    MigrationsFocus::History => MigrationsFocus::Output,
                    MigrationsFocus::Output => MigrationsFocus::History,
                };
            }
            Pane::Docs => {
                self.docs.focus = match self.docs.focus {
                    DocsFocus::Warnings => DocsFocus::Output,
                    DocsFocus::Output => DocsFocus::Warnings,
                };
            }
            Pane::Logs => {
                self.logs.focus = match self.logs.focus {
                    LogsFocus::Log => LogsFocus::List,
                    LogsFocus::List if self.logs.containers.is_empty() => LogsFocus::List,
                    LogsFocus::List => LogsFocus::Log,
                };
            }
            Pane::Pipeline => {
                self.pipeline.focus = match self.pipeline.focus {
                    PipelineFocus::Steps => PipelineFocus::Output,
                    PipelineFocus::Output => PipelineFocus::Steps,
                };
            }
            Pane::Secrets | Pane::Git => {}
        }
    }

    /// Esc in a log panel: back to the pane's first list.
    pub fn focus_list(&mut self) {
        match self.pane {
            Pane::Server => self.server.focus = ServerFocus::Profiles,
            Pane::Testing => self.testing.focus = TestingFocus::Tiers,
            Pane::Migrations => self.migrations.focus = MigrationsFocus::History,
            Pane::Docs => self.docs.focus = DocsFocus::Warnings,
            Pane::Logs => self.logs.focus = LogsFocus::List,
            Pane::Pipeline => self.pipeline.focus = PipelineFocus::Steps,
            Pane::Secrets | Pane::Git => {}
        }
    }
}

/// The Testing pane's ring: tiers, then the results and the traceback
/// when a report is shown, else the output panel (none beside locust's
/// charts).
fn testing_ring(pane: &super::testing_pane::TestingPane) -> Vec<TestingFocus> {
    let mut ring = vec![TestingFocus::Tiers, TestingFocus::Results];
    if pane.shows_results() {
        ring.push(TestingFocus::Traceback);
    } else if pane.shows_output() {
        ring = vec![TestingFocus::Tiers, TestingFocus::Output];
    }
    ring
}
