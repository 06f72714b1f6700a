//! The Logs pane's list keys and its streams: which container (or all of
//! them combined) is followed, and picking a stream up again after it ended.

use super::effect::Effect;
use super::key::Key;
use super::log_buffer::LogLine;
use super::logs_pane::{ALL_CONTAINERS, ContainerRow, LogsFocus, combined_container};
use super::model::Model;
use super::prompt::PromptKind;
use super::update_env_logs;
use super::update_log_keys;

pub(super) fn on_list_key(model: &mut Model, key: Key) -> Vec<Effect> {
    let page = model.logs.view.rows.max(1);
    if let Some(env) = &model.logs.env {
        let at = env.selected;
        match key {
            Key::Char('j') | Key::Down => return update_env_logs::select(model, at + 1),
            Key::Char('k') | Key::Up => {
                return update_env_logs::select(model, at.saturating_sub(1));
            }
            _ => {}
        }
    }
    match key {
        Key::Char('j') | Key::Down => select(model, model.logs.selected.saturating_add(1)),
        Key::Char('k') | Key::Up => select(model, model.logs.selected.saturating_sub(1)),
        Key::Char('a') => toggle_combined(model),
        Key::Char('r') => update_env_logs::cycle(model),
        Key::Char(c @ ('/' | 'f')) if model.logs.has_rows() => {
            model.logs.focus = LogsFocus::Log;
            let kind = if c == '/' {
                PromptKind::Search
            } else {
                PromptKind::Filter
            };
            update_log_keys::open_prompt(model, super::log_panel::Panel::Logs, kind);
            Vec::new()
        }
        Key::Enter | Key::Tab | Key::BackTab => {
            if model.logs.has_rows() {
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

/// Selects row `index` (clamped) and follows its log if it changed.
pub(super) fn select(model: &mut Model, index: usize) -> Vec<Effect> {
    let last = model.logs.containers.len().saturating_sub(1);
    model.logs.selected = index.min(last);
    follow_selected(model)
}

/// Points the log view at the selected container (or all of them in the
/// combined view), stopping the old stream; in an environment, at its
/// services.
pub(super) fn follow_selected(model: &mut Model) -> Vec<Effect> {
    if model.logs.env.is_some() {
        return update_env_logs::follow(model);
    }
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
    model.logs.ended_streams.clear();
    model.logs.streams = ids;
    if !model.logs.containers.is_empty() {
        effects.push(Effect::FollowAll {
            containers: model
                .logs
                .containers
                .iter()
                .map(|c| (c.id.clone(), c.source(&model.logs.containers)))
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
    if id == ALL_CONTAINERS {
        return resume_combined(model);
    }
    if model.logs.ended.is_none() || !running {
        return Vec::new();
    }
    model.logs.ended = None;
    let last = model
        .logs
        .view
        .buffer
        .last()
        .and_then(|l| l.timestamp.clone());
    match last {
        Some(after) => vec![Effect::ResumeLogs {
            container_id: id,
            seen: shown_at(model, &after, None),
            after,
        }],
        None => vec![Effect::FollowLogs {
            container_id: id,
            tail: model.logs.view.buffer.max_lines(),
        }],
    }
}

/// How many of the newest lines (of `service` alone, when given) carry the
/// timestamp `at`: a resumed stream skips that many lines stamped `at`.
/// Docker stamps to the nanosecond, so mostly one; Podman stamps whole
/// seconds, so many lines share one.
fn shown_at(model: &Model, at: &str, service: Option<&str>) -> usize {
    model
        .logs
        .view
        .buffer
        .iter()
        .rev()
        .filter(|l| service.is_none() || l.origin.as_deref() == service)
        .take_while(|l| l.timestamp.as_deref() == Some(at))
        .count()
}

/// In the combined view, each container's stream that ended picks up after
/// the last line of its service, once the container runs again; streams
/// that go on are left alone, so no line already queued is shown twice.
fn resume_combined(model: &mut Model) -> Vec<Effect> {
    let newest = model
        .logs
        .view
        .buffer
        .last()
        .and_then(|l| l.timestamp.clone());
    let tail = model.logs.view.buffer.max_lines() / model.logs.containers.len().max(1);
    let mut effects = Vec::new();
    let mut waiting = Vec::new();
    for id in std::mem::take(&mut model.logs.ended_streams) {
        let Some(row) = model.logs.containers.iter().find(|c| c.id == id) else {
            continue;
        };
        if !row.running {
            waiting.push(id);
            continue;
        }
        let source = row.source(&model.logs.containers);
        let own = last_timestamp_of(model, &source);
        let seen = own
            .as_deref()
            .map_or(0, |at| shown_at(model, at, Some(&source)));
        effects.push(Effect::ResumeCombined {
            container_id: id,
            service: source,
            after: own.or_else(|| newest.clone()),
            seen,
            tail,
        });
    }
    model.logs.ended_streams = waiting;
    if model.logs.ended_streams.is_empty() {
        model.logs.ended = None;
    }
    effects
}

/// The timestamp of the newest line `service` put in the combined view.
fn last_timestamp_of(model: &Model, service: &str) -> Option<String> {
    model
        .logs
        .view
        .buffer
        .iter()
        .rev()
        .find(|l| l.origin.as_deref() == Some(service))
        .and_then(|l| l.timestamp.clone())
}

/// Lines of a stream the view shows are kept; others (a stream stopped a
/// moment ago) are dropped.
pub(super) fn on_lines(model: &mut Model, stream: &str, lines: Vec<LogLine>) -> Vec<Effect> {
    if shows(model, stream) {
        model.logs.view.append(lines);
    }
    Vec::new()
}

/// A stream the view shows ended: say why, and remember which container's
/// it was so it can be resumed.
pub(super) fn on_ended(model: &mut Model, stream: &str, reason: String) -> Vec<Effect> {
    if !shows(model, stream) {
        return Vec::new();
    }
    if let Some(id) = combined_container(stream)
        && !model.logs.ended_streams.iter().any(|e| e == id)
    {
        model.logs.ended_streams.push(id.to_string());
    }
    model.logs.ended = Some(reason);
    Vec::new()
}

/// True when `stream` feeds the view: the followed container's, or one of
/// the combined view's per-container streams.
fn shows(model: &Model, stream: &str) -> bool {
    let following = model.logs.following.as_deref();
    following == Some(stream)
        || (following == Some(ALL_CONTAINERS) && combined_container(stream).is_some())
}

/// A fresh container list: keep the selection on the same container.
pub(super) fn on_containers(model: &mut Model, rows: Vec<ContainerRow>) -> Vec<Effect> {
    let keep = model
        .logs
        .env
        .is_none()
        .then(|| model.logs.following.clone())
        .flatten();
    model.logs.containers = rows;
    model.logs.selected = keep
        .and_then(|id| model.logs.containers.iter().position(|c| c.id == id))
        .unwrap_or(
            model
                .logs
                .selected
                .min(model.logs.containers.len().saturating_sub(1)),
        );
    if model.logs.env.is_some() {
        // The pane shows an environment; the local list waits for `r`.
        return Vec::new();
    }
    if model.logs.containers.is_empty() {
        model.logs.focus = LogsFocus::List;
    }
    let mut effects = follow_selected(model);
    if effects.is_empty() {
        effects = resume_if_ended(model);
    }
    effects
}
