//! `update()`: the console's one state transition.

use super::effect::Effect;
use super::header::EngineStatus;
use super::key::Key;
use super::logs_pane::LogsFocus;
use super::model::{CHROME_ROWS, Model};
use super::msg::Msg;
use super::pane::Pane;
use super::update_env_logs;
use super::update_exec;
use super::update_git;
use super::update_log_keys;
use super::update_logs;
use super::update_secrets;
use super::update_server;
use super::update_testing;
use super::update_tools;

/// Applies one message to the model and returns the IO it calls for.
/// Pure: no IO, no awaiting, no clock.
pub fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => on_key(model, key),
        Msg::Wheel(delta) => {
            scroll_log(model, delta);
            Vec::new()
        }
        Msg::Resize { height, .. } => {
            let rows = height.saturating_sub(CHROME_ROWS).max(1);
            model.logs.view.set_rows(usize::from(rows));
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
    }
}

/// The current pane's own keys; `None` leaves the key to the menu.
fn pane_key(model: &mut Model, key: Key) -> Option<Vec<Effect>> {
    match model.pane {
        Pane::Logs if model.logs.focus == LogsFocus::Log => update_log_keys::on_key(model, key),
        Pane::Logs => None,
        Pane::Secrets => update_secrets::on_key(model, key),
        Pane::Server => update_server::on_key(model, key),
        Pane::Git => update_git::on_key(model, key),
        Pane::Testing => update_testing::on_key(model, key),
        Pane::Migrations => update_tools::on_migrations_key(model, key),
        Pane::Docs => update_tools::on_docs_key(model, key),
    }
}

/// Routes a key. The order is the promise the help overlay makes: Ctrl-C
/// always quits; an open prompt takes every other key; the help overlay is
/// modal; a `y/n` confirmation takes only `y`, `n` and Esc; then the key
/// map turns a remapped key into the key the handlers know (and makes a
/// moved action's old key inert); then the menu letters switch panes from
/// any pane, before any pane sees the key, so no pane action can hide them.
fn on_key(model: &mut Model, pressed: Key) -> Vec<Effect> {
    if pressed == Key::CtrlC {
        return quit(model);
    }
    if model.prompt.is_some() {
        return update_log_keys::on_prompt_key(model, pressed);
    }
    let key = model.keys.translate(model.pane, pressed);
    if model.help_open {
        if matches!(key, Some(Key::Char('?') | Key::Esc | Key::Char('q'))) {
            model.help_open = false;
        }
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
    if let Some(effects) = pane_key(model, key) {
        return effects;
    }
    if model.pane == Pane::Logs {
        return update_logs::on_list_key(model, key);
    }
    Vec::new()
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
        _ => false,
    }
}

fn switch_pane(model: &mut Model, pane: Pane) -> Vec<Effect> {
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
        _ => Vec::new(),
    };
    if model.server.stats_on {
        effects.push(update_server::watch_stats(model));
    }
    effects
}

fn quit(model: &mut Model) -> Vec<Effect> {
    model.quitting = true;
    vec![Effect::Quit]
}

fn scroll_log(model: &mut Model, delta: i32) {
    let lines = delta.unsigned_abs() as usize;
    if delta < 0 {
        model.logs.view.scroll_up(lines);
    } else {
        model.logs.view.scroll_down(lines);
    }
}
