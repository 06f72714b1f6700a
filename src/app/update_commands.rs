//! update() for the project's own commands: a command's key, its `args`
//! prompt, its y/n question, the output overlay's keys, and the messages
//! of a run. Running goes through `Effect::RunCommand`, which the console
//! hands to the same op `runcli run` uses.

use super::actions::{Scope, is_fixed};
use super::command_run::{CommandRow, CommandRun, Pending, RunState};
use super::effect::Effect;
use super::key::Key;
use super::log_buffer::LogLine;
use super::log_panel::Panel;
use super::model::Model;
use super::pane::Pane;
use super::prompt::{Prompt, PromptKind};
use super::update_log_keys;

/// A command's `key`: runs it when no action of this pane or of every
/// pane is on that key (those keep it) and it is no navigation key.
pub fn on_key(model: &mut Model, pressed: Key) -> Option<Vec<Effect>> {
    let Key::Char(c) = pressed else {
        return None;
    };
    if is_fixed(pressed) {
        return None;
    }
    let here = Scope::Pane(model.pane);
    let taken = model
        .keys
        .entries()
        .any(|(action, key)| key == pressed && action.scope.meets(here));
    if taken {
        return None;
    }
    let name = model.commands.on_key(c)?.name.clone();
    Some(start(model, &name))
}

/// Starts command `name` the way the user asked for it (key or palette):
/// its values first when it takes some, then its question when it asks.
pub fn start(model: &mut Model, name: &str) -> Vec<Effect> {
    let Some(row) = model.commands.row(name).cloned() else {
        model.status = Some(format!("no command {name}"));
        return Vec::new();
    };
    if let Some(run) = model.commands.run.as_ref().filter(|r| r.is_running()) {
        model.status = Some(format!("wait: {} is running", run.name));
        return Vec::new();
    }
    if !row.args.is_empty() {
        model.commands.pending = Some(Pending::Args {
            name: row.name.clone(),
        });
        model.prompt = Some(Prompt::new(PromptKind::CommandArgs, ""));
        model.status = Some(format!("{}: give {}", row.name, arg_names(&row)));
        return Vec::new();
    }
    ask_or_run(model, &row, Vec::new())
}

fn arg_names(row: &CommandRow) -> String {
    let names: Vec<String> = row.args.iter().map(|a| format!("<{a}>")).collect();
    names.join(" ")
}

/// The values typed at the prompt, split as a shell splits words.
pub fn on_args(model: &mut Model, text: String) -> Vec<Effect> {
    let Some(Pending::Args { name }) = model.commands.pending.take() else {
        return Vec::new();
    };
    let Some(row) = model.commands.row(&name).cloned() else {
        return Vec::new();
    };
    let values = match shell_words::split(&text) {
        Ok(values) => values,
        Err(e) => {
            model.status = Some(format!("{name}: {e}"));
            return Vec::new();
        }
    };
    if values.len() != row.args.len() {
        model.status = Some(format!(
            "{name} takes {} value(s): {}; {} given",
            row.args.len(),
            arg_names(&row),
            values.len()
        ));
        return Vec::new();
    }
    ask_or_run(model, &row, values)
}

fn ask_or_run(model: &mut Model, row: &CommandRow, args: Vec<String>) -> Vec<Effect> {
    if row.confirm {
        model.status = Some(format!("run {}? {} y / n", row.name, row.description));
        model.commands.pending = Some(Pending::Confirm {
            name: row.name.clone(),
            args,
        });
        return Vec::new();
    }
    run(model, row.name.clone(), args)
}

fn run(model: &mut Model, name: String, args: Vec<String>) -> Vec<Effect> {
    model.commands.start(&name);
    model.status = model.commands.run.as_ref().map(CommandRun::summary);
    vec![Effect::RunCommand { name, args }]
}

/// Whether a command waits for its `y/n`.
pub fn confirming(model: &Model) -> bool {
    matches!(model.commands.pending, Some(Pending::Confirm { .. }))
}

/// The answer to a command's question: only `y`, `n` and Esc count.
pub fn on_confirm(model: &mut Model, key: Key) -> Vec<Effect> {
    if !matches!(key, Key::Char('y' | 'n') | Key::Esc) {
        return Vec::new();
    }
    let Some(Pending::Confirm { name, args }) = model.commands.pending.take() else {
        return Vec::new();
    };
    if key == Key::Char('y') {
        return run(model, name, args);
    }
    model.status = Some(format!("{name}: cancelled"));
    Vec::new()
}

/// Keys while the output overlay is up: the log panel's keys (as remapped
/// for log panels), `c` cancels a running command, Esc closes the overlay
/// (the run goes on). Other keys do nothing, as under the help overlay.
pub fn on_panel_key(model: &mut Model, pressed: Key) -> Vec<Effect> {
    let running = model.commands.run.as_ref().filter(|r| r.is_running());
    match pressed {
        Key::Esc => {
            model.commands.panel_open = false;
            return Vec::new();
        }
        Key::Char('c') if running.is_some() => {
            let name = running.map(|r| r.name.clone()).unwrap_or_default();
            model.status = Some(format!("{name}: cancelling..."));
            return vec![Effect::CancelCommand];
        }
        Key::Tab | Key::BackTab => return Vec::new(),
        _ => {}
    }
    let Some(key) = model.keys.translate(Pane::Logs, pressed) else {
        return Vec::new();
    };
    update_log_keys::on_panel_key(model, Panel::CommandOutput, key).unwrap_or_default()
}

pub fn on_output(model: &mut Model, name: &str, lines: Vec<LogLine>) -> Vec<Effect> {
    model.commands.append(name, lines);
    Vec::new()
}

/// The end of a run: its exit status in the panel's title and the status
/// bar; a profile command with `open_url` opens its URL, as `runcli run`
/// does.
pub fn on_done(
    model: &mut Model,
    name: &str,
    outcome: Result<i64, String>,
    url: Option<String>,
) -> Vec<Effect> {
    let Some(run) = model.commands.run.as_mut().filter(|r| r.name == name) else {
        return Vec::new();
    };
    run.state = match outcome {
        Ok(code) => RunState::Exited(code),
        Err(reason) => RunState::Failed(reason),
    };
    model.status = Some(run.summary());
    match url {
        Some(url) if run.state == RunState::Exited(0) => vec![Effect::OpenUrl(url)],
        _ => Vec::new(),
    }
}
