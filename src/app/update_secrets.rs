//! update() for the Secrets pane.

use super::effect::Effect;
use super::key::Key;
use super::model::Model;
use super::secrets_pane::{SecretsFocus, SecretsSnapshot};

/// Keys of the Secrets pane; `None` leaves the key to the menu.
pub fn on_key(model: &mut Model, key: Key) -> Option<Vec<Effect>> {
    let pane = &mut model.secrets;
    match (pane.focus, key) {
        (_, Key::Tab | Key::BackTab) => {
            pane.focus = match pane.focus {
                SecretsFocus::Envs => SecretsFocus::Vars,
                SecretsFocus::Vars => SecretsFocus::Envs,
            };
        }
        (SecretsFocus::Vars, Key::Esc) => pane.focus = SecretsFocus::Envs,
        (SecretsFocus::Envs, Key::Char('j') | Key::Down) => select_env(model, 1),
        (SecretsFocus::Envs, Key::Char('k') | Key::Up) => select_env(model, -1),
        (SecretsFocus::Vars, Key::Char('j') | Key::Down) => select_row(model, 1),
        (SecretsFocus::Vars, Key::Char('k') | Key::Up) => select_row(model, -1),
        (SecretsFocus::Vars, Key::Char('r')) => {
            let selected = pane.selected();
            pane.revealed = if pane.revealed == selected {
                None
            } else {
                selected
            };
        }
        (_, Key::Enter) => {
            let env = pane.env().map(|e| e.name.clone())?;
            return Some(compile(model, Some(env)));
        }
        (_, Key::Char('a')) => return Some(compile(model, None)),
        (_, Key::Char('R')) => {
            pane.busy = true;
            return Some(vec![Effect::LoadSecrets]);
        }
        _ => return None,
    }
    Some(Vec::new())
}

fn compile(model: &mut Model, env: Option<String>) -> Vec<Effect> {
    if model.secrets.busy {
        return Vec::new();
    }
    model.secrets.busy = true;
    model.secrets.revealed = None;
    let what = env.as_deref().unwrap_or("every target").to_string();
    model.status = Some(format!("compiling {what}..."));
    vec![Effect::CompileSecrets { env }]
}

fn select_env(model: &mut Model, step: isize) {
    let pane = &mut model.secrets;
    let count = pane.snapshot.as_ref().map_or(0, |s| s.envs.len());
    pane.selected_env = step_index(pane.selected_env, step, count);
    pane.selected_row = 0;
    pane.revealed = None;
}

/// Selects environment `index` (the last when past the end), as a click on
/// its row does.
pub(super) fn select_env_at(model: &mut Model, index: usize) {
    let pane = &mut model.secrets;
    let count = pane.snapshot.as_ref().map_or(0, |s| s.envs.len());
    pane.focus = SecretsFocus::Envs;
    pane.selected_env = index.min(count.saturating_sub(1));
    pane.selected_row = 0;
    pane.revealed = None;
}

fn select_row(model: &mut Model, step: isize) {
    let pane = &mut model.secrets;
    let count = pane.rows().len();
    pane.selected_row = step_index(pane.selected_row, step, count);
    // Moving on hides a revealed value.
    pane.revealed = None;
}

fn step_index(current: usize, step: isize, count: usize) -> usize {
    if count == 0 {
        return 0;
    }
    current.saturating_add_signed(step).min(count - 1)
}

pub fn on_loaded(model: &mut Model, loaded: Result<SecretsSnapshot, String>) -> Vec<Effect> {
    let pane = &mut model.secrets;
    pane.busy = false;
    match loaded {
        Ok(snapshot) => {
            pane.selected_env = pane.selected_env.min(snapshot.envs.len().saturating_sub(1));
            pane.snapshot = Some(snapshot);
            pane.load_error = None;
            let rows = pane.rows().len();
            pane.selected_row = pane.selected_row.min(rows.saturating_sub(1));
        }
        Err(e) => {
            pane.snapshot = None;
            pane.load_error = Some(e);
        }
    }
    Vec::new()
}

pub fn on_compiled(model: &mut Model, result: Result<Vec<String>, String>) -> Vec<Effect> {
    model.status = Some(match result {
        Ok(files) if files.is_empty() => "nothing to compile".to_string(),
        Ok(files) => format!("compiled: {}", files.join(", ")),
        Err(e) => format!("compile failed: {e}"),
    });
    model.secrets.busy = true;
    vec![Effect::LoadSecrets]
}
