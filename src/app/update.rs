//! `update()`: the console's one state transition.

use super::effect::Effect;
use super::header::EngineStatus;
use super::key::Key;
use super::logs_pane::{ALL_CONTAINERS, ContainerRow, LogsFocus};
use super::model::{CHROME_ROWS, Model};
use super::msg::Msg;
use super::pane::Pane;
use super::prompt::PromptKind;
use super::update_git;
use super::update_log_keys;
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
            let mut effects = on_containers(model, rows);
            if model.server.stats_on {
                effects.push(update_server::watch_stats(model));
            }
            effects
        }
        Msg::LogLines {
            container_id,
            lines,
        } => {
            if model.logs.following.as_deref() == Some(container_id.as_str()) {
                model.logs.view.append(lines);
            }
            Vec::new()
        }
        Msg::LogEnded {
            container_id,
            reason,
        } => {
            if model.logs.following.as_deref() == Some(container_id.as_str()) {
                model.logs.ended = Some(reason);
            }
            Vec::new()
        }
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

fn on_key(model: &mut Model, key: Key) -> Vec<Effect> {
    if key == Key::CtrlC {
        return quit(model);
    }
    if model.prompt.is_some() {
        return update_log_keys::on_prompt_key(model, key);
    }
    if model.help_open {
        if matches!(key, Key::Char('?') | Key::Esc | Key::Char('q')) {
            model.help_open = false;
        }
        return Vec::new();
    }
    if let Some(effects) = pane_key(model, key) {
        return effects;
    }
    match key {
        Key::Char('q') => quit(model),
        Key::Char('?') => {
            model.help_open = true;
            Vec::new()
        }
        Key::Char(c) if Pane::from_key(c).is_some() => {
            if let Some(pane) = Pane::from_key(c) {
                model.pane = pane;
            }
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
        _ if model.pane == Pane::Logs => on_list_key(model, key),
        _ => Vec::new(),
    }
}

fn quit(model: &mut Model) -> Vec<Effect> {
    model.quitting = true;
    vec![Effect::Quit]
}

pub(super) fn on_list_key(model: &mut Model, key: Key) -> Vec<Effect> {
    let page = model.logs.view.rows.max(1);
    match key {
        Key::Char('j') | Key::Down => select(model, model.logs.selected.saturating_add(1)),
        Key::Char('k') | Key::Up => select(model, model.logs.selected.saturating_sub(1)),
        Key::Char('a') => toggle_combined(model),
        Key::Char(c @ ('/' | 'f')) if !model.logs.containers.is_empty() => {
            model.logs.focus = LogsFocus::Log;
            let kind = if c == '/' {
                PromptKind::Search
            } else {
                PromptKind::Filter
            };
            update_log_keys::open_prompt(model, kind);
            Vec::new()
        }
        Key::Enter | Key::Tab | Key::BackTab => {
            if !model.logs.containers.is_empty() {
                model.logs.focus = LogsFocus::Log;
            }
            Vec::new()
        }
        Key::PageUp => {
            model.logs.view.scroll_up(page);
            Vec::new()
        }
        Key::PageDown => {
            model.logs.view.scroll_down(page);
            Vec::new()
        }
        Key::Home => {
            model.logs.view.to_top();
            Vec::new()
        }
        Key::Char('G') | Key::End => {
            model.logs.view.to_bottom();
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn scroll_log(model: &mut Model, delta: i32) {
    let lines = delta.unsigned_abs() as usize;
    if delta < 0 {
        model.logs.view.scroll_up(lines);
    } else {
        model.logs.view.scroll_down(lines);
    }
}

/// Selects row `index` (clamped) and follows its log if it changed.
fn select(model: &mut Model, index: usize) -> Vec<Effect> {
    let last = model.logs.containers.len().saturating_sub(1);
    model.logs.selected = index.min(last);
    follow_selected(model)
}

/// Points the log view at the selected container (or all of them in the
/// combined view), stopping the old stream.
fn follow_selected(model: &mut Model) -> Vec<Effect> {
    if model.logs.combined {
        return follow_all(model);
    }
    let wanted = model.logs.selected_container().map(|c| c.id.clone());
    if wanted == model.logs.following {
        return Vec::new();
    }
    let mut effects = Vec::new();
    if let Some(old) = model.logs.following.take() {
        effects.push(Effect::StopLogs { container_id: old });
    }
    model.logs.view.clear();
    model.logs.ended = None;
    if let Some(id) = wanted {
        effects.push(Effect::FollowLogs {
            container_id: id.clone(),
            tail: model.logs.view.buffer.max_lines(),
        });
        model.logs.following = Some(id);
    }
    effects
}

/// Follows every container in one panel; restarts the streams when the set
/// of containers changed.
fn follow_all(model: &mut Model) -> Vec<Effect> {
    let ids: Vec<String> = model.logs.containers.iter().map(|c| c.id.clone()).collect();
    if model.logs.following.as_deref() == Some(ALL_CONTAINERS) && model.logs.streams == ids {
        return Vec::new();
    }
    let mut effects = Vec::new();
    if let Some(old) = model.logs.following.take() {
        effects.push(Effect::StopLogs { container_id: old });
    }
    model.logs.view.clear();
    model.logs.ended = None;
    model.logs.streams = ids;
    if !model.logs.containers.is_empty() {
        effects.push(Effect::FollowAll {
            containers: model
                .logs
                .containers
                .iter()
                .map(|c| (c.id.clone(), c.service.clone()))
                .collect(),
            tail: model.logs.view.buffer.max_lines(),
        });
        model.logs.following = Some(ALL_CONTAINERS.to_string());
    }
    effects
}

/// `a`: switches between one container's log and all of them combined.
fn toggle_combined(model: &mut Model) -> Vec<Effect> {
    model.logs.combined = !model.logs.combined;
    model.logs.streams.clear();
    follow_selected(model)
}

/// A stream that ended while its container still runs (the engine went
/// away and came back, or the container restarted) picks up after the last
/// line it showed, so nothing is shown twice or skipped.
fn resume_if_ended(model: &mut Model) -> Vec<Effect> {
    let Some(id) = model.logs.following.clone() else {
        return Vec::new();
    };
    let running = model
        .logs
        .containers
        .iter()
        .any(|c| c.id == id && c.running);
    if model.logs.ended.is_none() || !running || id == ALL_CONTAINERS {
        return Vec::new();
    }
    model.logs.ended = None;
    let buffer = &model.logs.view.buffer;
    let last = buffer.last().and_then(|l| l.timestamp.clone());
    match last {
        Some(after) => vec![Effect::ResumeLogs {
            container_id: id,
            seen: (0..buffer.len())
                .rev()
                .map_while(|i| buffer.get(i))
                .take_while(|l| l.timestamp.as_deref() == Some(after.as_str()))
                .count(),
            after,
        }],
        None => vec![Effect::FollowLogs {
            container_id: id,
            tail: model.logs.view.buffer.max_lines(),
        }],
    }
}

/// A fresh container list: keep the selection on the same container.
fn on_containers(model: &mut Model, rows: Vec<ContainerRow>) -> Vec<Effect> {
    let keep = model.logs.following.clone();
    model.logs.containers = rows;
    model.logs.selected = keep
        .and_then(|id| model.logs.containers.iter().position(|c| c.id == id))
        .unwrap_or(
            model
                .logs
                .selected
                .min(model.logs.containers.len().saturating_sub(1)),
        );
    if model.logs.containers.is_empty() {
        model.logs.focus = LogsFocus::List;
    }
    let mut effects = follow_selected(model);
    if effects.is_empty() {
        effects = resume_if_ended(model);
    }
    effects
}
