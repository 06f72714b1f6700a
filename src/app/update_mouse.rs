//! update() for the mouse: a click switches pane, selects a row (with the
//! same effects as moving there with the keys) or focuses a log panel; the
//! wheel scrolls the panel under the pointer. The view works out what is
//! under the pointer (`ui::hit`); here only its meaning is applied.

use super::effect::Effect;
use super::log_panel::Panel;
use super::logs_pane::LogsFocus;
use super::model::Model;
use super::pane::Pane;
use super::server_pane::ServerFocus;
use super::target::{List, Target};
use super::testing_pane::TestingFocus;
use super::tools_pane::DocsFocus;
use super::update::{confirm_open, switch_pane};
use super::update_logs;
use super::update_secrets;

/// A left click. Ignored while a prompt, the help overlay or a question is
/// open: those take only keys, so a stray click cannot lose them.
pub fn on_click(model: &mut Model, target: Target) -> Vec<Effect> {
    if model.prompt.is_some() || model.help_open || confirm_open(model) {
        return Vec::new();
    }
    match target {
        Target::Tab(pane) => switch_pane(model, pane),
        Target::Panel(panel) => {
            model.focus_panel(panel);
            Vec::new()
        }
        Target::Row { list, index } => select_row(model, list, index),
    }
}

fn select_row(model: &mut Model, list: List, index: usize) -> Vec<Effect> {
    let last = |count: usize| index.min(count.saturating_sub(1));
    match (model.pane, list) {
        (Pane::Server, List::Profiles) => {
            model.server.focus = ServerFocus::Profiles;
            model.server.selected_profile = last(model.server.profiles.len());
        }
        (Pane::Server, List::Services) => {
            model.server.focus = ServerFocus::Services;
            model.logs.focus = LogsFocus::List;
            return update_logs::select(model, index);
        }
        (Pane::Logs, List::Containers) => {
            model.logs.focus = LogsFocus::List;
            return update_logs::select(model, index);
        }
        (Pane::Testing, List::Tiers) => {
            model.testing.focus = TestingFocus::Tiers;
            model.testing.selected_tier = last(model.testing.tiers.len());
        }
        (Pane::Testing, List::Results) => {
            model.testing.focus = TestingFocus::Results;
            model.testing.select_test(index);
        }
        (Pane::Docs, List::Warnings) => {
            model.docs.focus = DocsFocus::Warnings;
            model.docs.selected_warning = last(model.docs.progress.warnings.len());
        }
        (Pane::Pipeline, List::Steps) => {
            model.pipeline.focus = super::pipeline_pane::PipelineFocus::Steps;
            model.pipeline.select(index);
        }
        (Pane::Secrets, List::Environments) => update_secrets::select_env_at(model, index),
        _ => {}
    }
    Vec::new()
}

/// The wheel scrolls the panel under the pointer; elsewhere the focused
/// panel, or on the Logs pane its log, as before there were targets.
pub fn on_wheel(model: &mut Model, target: Option<Target>, delta: i32) {
    if model.help_open {
        return;
    }
    let panel = match target {
        Some(Target::Panel(panel)) => Some(panel),
        _ => model
            .focused_panel()
            .or((model.pane == Pane::Logs).then_some(Panel::Logs)),
    };
    let Some(panel) = panel else { return };
    let view = model.log_view_mut(panel);
    let lines = delta.unsigned_abs() as usize;
    if delta < 0 {
        view.scroll_up(lines);
    } else {
        view.scroll_down(lines);
    }
}
