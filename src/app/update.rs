//! `update()`: the console's one state transition.

use super::effect::Effect;
use super::header::EngineStatus;
use super::key::Key;
use super::model::{CHROME_ROWS, Model};
use super::msg::Msg;
use super::pane::Pane;
use super::update_commands;
use super::update_env_logs;
use super::update_exec;
use super::update_git;
use super::update_log_keys;
use super::update_logs;
use super::update_mouse;
use super::update_palette;
use super::update_pipeline;
use super::update_secrets;
use super::update_server;
use super::update_testing;
use super::update_tools;

/// Applies one message to the model and returns the IO it calls for.
/// Pure: no IO, no awaiting, no clock.
pub fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => on_key(model, key),
        Msg::Wheel { target, delta } => {
            update_mouse::on_wheel(model, target, delta);
            Vec::new()
        }
        Msg::Click(target) => update_mouse::on_click(model, target),
        Msg::PanelRows(rows) => {
            for (panel, rows) in rows {
                model.log_view_mut(panel).set_rows(rows);
            }
            Vec::new()
        }
        Msg::Resize { height, .. } => {
            model.screen_height = height;
            let rows = height.saturating_sub(CHROME_ROWS).max(1);
            model.logs.view.set_rows(usize::from(rows));
            model.commands.output.set_rows(usize::from(rows));
            Vec::new()
        }
        Msg::EngineOnline {
            endpoint,
            version,
            remote,
        } => {
            model.header.engine = EngineStatus::Online {
                endpoint,
                version,
                remote,
            };
            model.status = None;
            vec![Effect::RefreshContainers]
        }
        Msg::EngineOffline { endpoint, reason } => {
            model.status = Some(format!("engine offline: {reason}"));
            model.header.engine = EngineStatus::Offline { endpoint, reason };
            Vec::new()
        }
        Msg::ContainersChanged => vec![Effect::RefreshContainers],
        Msg::Containers(rows) => {
            let mut effects = update_logs::on_containers(model, rows);
            if model.server.stats_on {
                effects.push(update_server::watch_stats(model));
            }
            effects
        }
        Msg::LogLines {
            container_id,
            lines,
        } => update_logs::on_lines(model, &container_id, lines),
        Msg::LogEnded {
            container_id,
            reason,
        } => update_logs::on_ended(model, &container_id, reason),
        Msg::EnvServices { env, services } => update_env_logs::on_services(model, &env, services),
        Msg::Stats {
            container_id,
            cpu_percent,
            memory_bytes,
        } => update_server::on_stats(model, container_id, cpu_percent, memory_bytes),
        Msg::ServerProgress(line) => update_server::on_progress(model, line),
        Msg::ProfileHealth { profile, badge } => update_server::on_health(model, profile, badge),
        Msg::ProfileUrl { profile, url } => update_server::on_url(model, profile, url),
        Msg::ServerDone(result) => update_server::on_done(model, result),
        Msg::MigrationOutput(lines) => update_tools::on_migration_output(model, lines),
        Msg::Migrated {
            outcome,
            current,
            history,
        } => update_tools::on_migrated(model, outcome, current, history),
        Msg::DocsOutput(lines) => update_tools::on_docs_output(model, lines),
        Msg::DocsBuilt(outcome) => update_tools::on_docs_built(model, outcome),
        Msg::TierStarted(tier) => update_testing::on_started(model, tier),
        Msg::TierOutput(lines) => {
            model.testing.output.append(lines);
            Vec::new()
        }
        Msg::TierFinished(result) => update_testing::on_finished(model, result),
        Msg::TestsDone(outcome) => update_testing::on_done(model, outcome),
        Msg::TestHistory(history) => {
            model.testing.history = history;
            Vec::new()
        }
        Msg::LoadStats(history) => {
            model.testing.load = Some(history);
            Vec::new()
        }
        Msg::LoadTable(table) => {
            model.testing.load_table = Some(table);
            Vec::new()
        }
        Msg::Status(text) => {
            model.status = Some(text);
            Vec::new()
        }
        Msg::GitFacts(facts) => update_git::on_facts(model, facts),
        Msg::GitPlanned(plan) => update_git::on_planned(model, plan),
        Msg::GitApplied(result) => update_git::on_applied(model, result),
        Msg::Git(summary) => {
            model.header.git = summary;
            Vec::new()
        }
        Msg::SecretsLoaded(loaded) => update_secrets::on_loaded(model, loaded),
        Msg::SecretsCompiled(result) => update_secrets::on_compiled(model, result),
        Msg::Pipeline(update) => update_pipeline::on_update(model, update),
        Msg::CommandOutput { name, lines } => update_commands::on_output(model, &name, lines),
        Msg::CommandDone { name, outcome, url } => {
            update_commands::on_done(model, &name, outcome, url)
        }
    }
}

/// The focused log panel's keys, as the `logs.*` actions put them (the
/// log panel's keys are one set, wherever the panel is); `None` leaves the
/// key to the pane.
fn panel_key(model: &mut Model, pressed: Key) -> Option<Vec<Effect>> {
    let panel = model.focused_panel()?;
    let key = model.keys.translate(Pane::Logs, pressed)?;
    update_log_keys::on_panel_key(model, panel, key)
}

/// The current pane's own keys; `None` leaves the key to the menu.
pub(super) fn pane_key(model: &mut Model, key: Key) -> Option<Vec<Effect>> {
    match model.pane {
        Pane::Logs => None,
        Pane::Secrets => update_secrets::on_key(model, key),
        Pane::Server => update_server::on_key(model, key),
        Pane::Git => update_git::on_key(model, key),
        Pane::Testing => update_testing::on_key(model, key),
        Pane::Migrations => update_tools::on_migrations_key(model, key),
        Pane::Docs => update_tools::on_docs_key(model, key),
        Pane::Pipeline => update_pipeline::on_key(model, key),
    }
}

/// Routes a key. The order is the promise the help overlay makes: Ctrl-C
/// always quits; an open prompt takes every other key, and so does the
/// palette; a `y/n` confirmation takes only `y`, `n` and Esc; the help
/// overlay is modal; then the key map turns a remapped key into the key
/// the handlers know (and makes a moved action's old key inert); the
/// palette key opens the palette, even over the command output overlay,
/// which is modal otherwise; then the menu letters switch panes from any
/// pane, before any pane sees the key, so no pane action can hide them; a
/// project command's key runs it when no action here is on that key.
fn on_key(model: &mut Model, pressed: Key) -> Vec<Effect> {
    if pressed == Key::CtrlC {
        return quit(model);
    }
    if model.prompt.is_some() {
        return update_log_keys::on_prompt_key(model, pressed);
    }
    if model.palette.is_some() {
        return update_palette::on_key(model, pressed);
    }
    if update_commands::confirming(model) {
        return update_commands::on_confirm(model, pressed);
    }
    let key = model.keys.translate(model.pane, pressed);
    if model.help_open {
        scroll_help(model, key);
        return Vec::new();
    }
    if confirm_open(model) {
        if matches!(pressed, Key::Char('y') | Key::Char('n') | Key::Esc) {
            return pane_key(model, pressed).unwrap_or_default();
        }
        return Vec::new();
    }
    let Some(key) = key else {
        return Vec::new();
    };
    if key == Key::Char(':') {
        return update_palette::open(model);
    }
    if model.commands.panel_open {
        return update_commands::on_panel_key(model, pressed);
    }
    if let Key::Char(c) = key
        && let Some(pane) = Pane::from_key(c)
    {
        return switch_pane(model, pane);
    }
    match key {
        Key::Char('q') => return quit(model),
        Key::Char('?') => {
            model.help_open = true;
            return Vec::new();
        }
        Key::Char('E')
            if model.pane == Pane::Server
                || (model.pane == Pane::Logs && model.logs.env.is_none()) =>
        {
            return update_exec::shell(model);
        }
        _ => {}
    }
    if let Some(effects) = panel_key(model, pressed) {
        return effects;
    }
    if let Some(effects) = update_commands::on_key(model, pressed) {
        return effects;
    }
    if let Some(effects) = pane_key(model, key) {
        return effects;
    }
    if model.pane == Pane::Logs {
        return update_logs::on_list_key(model, key);
    }
    Vec::new()
}

/// Keys while help is open: close it, or scroll it when it is taller than
/// the screen (as the overlay is drawn: its lines plus two borders).
fn scroll_help(model: &mut Model, key: Option<Key>) {
    let keyed = model
        .commands
        .rows
        .iter()
        .filter(|c| c.key.is_some())
        .count();
    let lines = super::help::line_count(model.pane, &model.keys, keyed);
    let shown = usize::from(model.screen_height.saturating_sub(2)).max(1);
    let last = lines.saturating_sub(shown);
    let page = shown.saturating_sub(1).max(1);
    let scroll = &mut model.help_scroll;
    match key {
        Some(Key::Char('?') | Key::Esc | Key::Char('q')) => {
            model.help_open = false;
            *scroll = 0;
            return;
        }
        Some(Key::Char('j') | Key::Down) => *scroll += 1,
        Some(Key::Char('k') | Key::Up) => *scroll = scroll.saturating_sub(1),
        Some(Key::PageDown | Key::Char(' ')) => *scroll += page,
        Some(Key::PageUp) => *scroll = scroll.saturating_sub(page),
        Some(Key::Home) => *scroll = 0,
        Some(Key::End | Key::Char('G')) => *scroll = last,
        _ => {}
    }
    *scroll = (*scroll).min(last);
}

/// Whether the current pane waits for a `y/n` answer. Scoped to the pane
/// shown: a Git plan that arrives while another pane is up asks when the
/// Git pane is back, and does not hold the other pane's keys meanwhile.
pub fn confirm_open(model: &Model) -> bool {
    match model.pane {
        Pane::Server => model.server.confirm.is_some(),
        Pane::Migrations => model.migrations.confirm_downgrade,
        Pane::Git => matches!(
            model.git.stage,
            super::git_pane::GitStage::Confirming { .. }
        ),
        Pane::Pipeline => model.pipeline.ask.as_ref().is_some_and(|a| !a.typed()),
        _ => false,
    }
}

pub(super) fn switch_pane(model: &mut Model, pane: Pane) -> Vec<Effect> {
    model.pane = pane;
    let mut effects = match model.pane {
        Pane::Logs | Pane::Server => vec![Effect::RefreshContainers],
        Pane::Git => vec![Effect::RefreshGit],
        Pane::Testing => vec![Effect::LoadTestHistory],
        Pane::Migrations if model.migrations.history.is_none() => {
            update_tools::migrate(model, crate::app::MigrationAction::Refresh)
        }
        Pane::Secrets => {
            model.secrets.busy = true;
            vec![Effect::LoadSecrets]
        }
        Pane::Pipeline => {
            update_pipeline::open_typed(model);
            Vec::new()
        }
        _ => Vec::new(),
    };
    if model.server.stats_on {
        effects.push(update_server::watch_stats(model));
    }
    effects
}

pub(super) fn quit(model: &mut Model) -> Vec<Effect> {
    model.quitting = true;
    vec![Effect::Quit]
}
