//! update() for the Migrations and Docs panes.

use crate::parse::alembic::{Current, History};

use super::effect::Effect;
use super::key::Key;
use super::log_buffer::LogLine;
use super::model::Model;
use super::prompt::{Prompt, PromptKind};
use super::tools_pane::{DocsPane, MigrationAction};

/// Keys of the Migrations pane; `None` leaves the key to the menu. `d` is
/// the Docs pane's letter, so a downgrade is the capital `D`: it asks for a
/// revision (empty: one step back, as `runcli migrate downgrade` without
/// REV), then for `y`. `U` asks for the revision to upgrade to the same way.
pub fn on_migrations_key(model: &mut Model, key: Key) -> Option<Vec<Effect>> {
    if model.migrations.confirm_downgrade {
        return Some(on_confirm_downgrade(model, key));
    }
    let effects = match key {
        Key::Tab | Key::BackTab => {
            model.cycle_focus(key == Key::BackTab);
            Vec::new()
        }
        Key::Char('u') => migrate(model, MigrationAction::Upgrade { revision: None }),
        Key::Char('n') => open_prompt(model, PromptKind::MigrationMessage),
        Key::Char('U') => open_prompt(model, PromptKind::UpgradeRevision),
        Key::Char('D') => open_prompt(model, PromptKind::DowngradeRevision),
        Key::Char('R') => migrate(model, MigrationAction::Refresh),
        _ => return None,
    };
    Some(effects)
}

/// `y` downgrades, `n` or Esc cancels, any other key leaves the question open.
fn on_confirm_downgrade(model: &mut Model, key: Key) -> Vec<Effect> {
    if !matches!(key, Key::Char('y') | Key::Char('n') | Key::Esc) {
        return Vec::new();
    }
    model.migrations.confirm_downgrade = false;
    let revision = model.migrations.downgrade_to.take();
    if key == Key::Char('y') {
        return migrate(model, MigrationAction::Downgrade { revision });
    }
    model.status = Some("downgrade cancelled".to_string());
    Vec::new()
}

fn open_prompt(model: &mut Model, kind: PromptKind) -> Vec<Effect> {
    model.prompt = Some(Prompt::new(kind, ""));
    Vec::new()
}

/// A downgrade loses data, so it waits for `y`, whichever way it was asked.
fn ask_downgrade(model: &mut Model, revision: Option<String>) -> Vec<Effect> {
    let question = MigrationAction::Downgrade {
        revision: revision.clone(),
    }
    .label();
    model.migrations.confirm_downgrade = true;
    model.migrations.downgrade_to = revision;
    model.status = Some(format!("{question}? y / n"));
    Vec::new()
}

/// The message typed for a new revision.
pub fn on_migration_message(model: &mut Model, text: String) -> Vec<Effect> {
    let message = text.trim().to_string();
    if message.is_empty() {
        model.status = Some("a new revision needs a message".to_string());
        return Vec::new();
    }
    migrate(model, MigrationAction::New { message })
}

/// The revision typed after `U` or `D`; empty means the manifest's default,
/// as a missing REV does for `runcli migrate`.
pub fn on_migration_revision(model: &mut Model, kind: PromptKind, text: String) -> Vec<Effect> {
    let revision = Some(text.trim().to_string()).filter(|r| !r.is_empty());
    if kind == PromptKind::DowngradeRevision {
        return ask_downgrade(model, revision);
    }
    migrate(model, MigrationAction::Upgrade { revision })
}

pub fn migrate(model: &mut Model, action: MigrationAction) -> Vec<Effect> {
    if let Some(running) = &model.migrations.busy {
        model.status = Some(format!("wait: {} is running", running.label()));
        return Vec::new();
    }
    if action != MigrationAction::Refresh {
        model.migrations.output.clear();
    }
    model.migrations.busy = Some(action.clone());
    vec![Effect::Migrate(action)]
}

pub fn on_migration_output(model: &mut Model, lines: Vec<LogLine>) -> Vec<Effect> {
    model.migrations.output.append(lines);
    Vec::new()
}

/// An action ended; a change is followed by reading current and history.
pub fn on_migrated(
    model: &mut Model,
    outcome: Result<String, String>,
    current: Option<Result<Current, String>>,
    history: Option<Result<History, String>>,
) -> Vec<Effect> {
    let action = model.migrations.busy.take();
    if current.is_some() {
        model.migrations.current = current;
    }
    if history.is_some() {
        model.migrations.history = history;
    }
    let changed = matches!(
        action,
        Some(
            MigrationAction::Upgrade { .. }
                | MigrationAction::Downgrade { .. }
                | MigrationAction::New { .. }
        )
    );
    if let Some(action) = &action
        && *action != MigrationAction::Refresh
    {
        model.status = Some(match &outcome {
            Ok(done) => format!("{}: {done}", action.label()),
            Err(e) => format!("{} failed: {e}", action.label()),
        });
        model.migrations.outcome = Some(outcome.clone());
    }
    if changed && outcome.is_ok() {
        return migrate(model, MigrationAction::Refresh);
    }
    Vec::new()
}

/// Keys of the Docs pane; `None` leaves the key to the menu. Enter and `b`
/// build the html from the sources as they are; `a` runs sphinx-apidoc
/// first, which rewrites the API stubs (`runcli docs build --apidoc`).
pub fn on_docs_key(model: &mut Model, key: Key) -> Option<Vec<Effect>> {
    if matches!(key, Key::Tab | Key::BackTab) {
        model.cycle_focus(key == Key::BackTab);
        return Some(Vec::new());
    }
    let pane = &mut model.docs;
    let effects = match key {
        Key::Enter | Key::Char('b') => build_docs(pane, false),
        Key::Char('a') => build_docs(pane, true),
        Key::Char('o') => match &pane.index {
            Some(index) => vec![Effect::OpenPath(index.clone())],
            None => {
                model.status = Some("no built docs yet: press Enter to build".to_string());
                Vec::new()
            }
        },
        Key::Char('j') | Key::Down => {
            let count = pane.progress.warnings.len();
            pane.selected_warning = (pane.selected_warning + 1).min(count.saturating_sub(1));
            Vec::new()
        }
        Key::Char('k') | Key::Up => {
            pane.selected_warning = pane.selected_warning.saturating_sub(1);
            Vec::new()
        }
        _ => return None,
    };
    Some(effects)
}

fn build_docs(pane: &mut DocsPane, apidoc: bool) -> Vec<Effect> {
    if pane.busy {
        return Vec::new();
    }
    *pane = DocsPane {
        busy: true,
        focus: pane.focus,
        ..Default::default()
    };
    vec![Effect::BuildDocs { apidoc }]
}

pub fn on_docs_output(model: &mut Model, lines: Vec<LogLine>) -> Vec<Effect> {
    for line in &lines {
        model.docs.progress.push_line(&line.text);
    }
    model.docs.output.append(lines);
    Vec::new()
}

pub fn on_docs_built(model: &mut Model, outcome: Result<String, String>) -> Vec<Effect> {
    model.docs.busy = false;
    if let Ok(index) = &outcome {
        model.docs.index = Some(index.clone());
    }
    model.status = Some(match &outcome {
        Ok(index) => format!(
            "docs built: {index} ({} opens it)",
            model.keys.hint("docs.open")
        ),
        Err(e) => format!("docs build failed: {e}"),
    });
    model.docs.outcome = Some(outcome);
    Vec::new()
}
