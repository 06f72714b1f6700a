//! Keys of a focused log panel, and the prompt that search and filter use.
//!
//! Every output panel takes the same keys. [`on_view_key`] applies them to
//! any [`LogView`]; [`on_panel_key`] does so for a panel of the model and
//! also opens the search and filter prompts on it and exports its lines.
//! A prompt is modal, so when it commits the focused panel is still the
//! one it was opened on.

use super::effect::Effect;
use super::key::Key;
use super::log_panel::Panel;
use super::log_query::{filter_regex, search_regex};
use super::log_view::LogView;
use super::model::Model;
use super::prompt::{Prompt, PromptKind};

/// What a log key asks of the panel's owner beyond changing the view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewKey {
    /// The view changed; nothing else to do.
    Done,
    /// Say this on the status line.
    Status(String),
    /// Open the search or filter prompt on this view.
    Prompt(PromptKind),
    /// Write the view's shown lines to a file.
    Export,
}

/// The log keys on one view: scrolling, paging, top / bottom (following
/// again), search matches, level and display toggles. `None` when `key`
/// is not a log key.
pub fn on_view_key(view: &mut LogView, key: Key) -> Option<ViewKey> {
    let page = view.rows.max(1);
    match key {
        Key::Char('k') | Key::Up => view.scroll_up(1),
        Key::Char('j') | Key::Down => view.scroll_down(1),
        Key::PageUp => view.scroll_up(page),
        Key::PageDown => view.scroll_down(page),
        Key::Home => view.to_top(),
        Key::Char('G') | Key::End => view.to_bottom(),
        Key::Char('n') => view.jump_match(false),
        Key::Char('N') => view.jump_match(true),
        Key::Char('/') => return Some(ViewKey::Prompt(PromptKind::Search)),
        Key::Char('f') => return Some(ViewKey::Prompt(PromptKind::Filter)),
        Key::Char('v') => {
            view.cycle_level();
            return Some(ViewKey::Status(format!("showing {}", view.level.label())));
        }
        Key::Char('t') => view.show_timestamps = !view.show_timestamps,
        Key::Char('c') => view.ansi = !view.ansi,
        Key::Char('W') => view.wrap = !view.wrap,
        Key::Char('w') => return Some(ViewKey::Export),
        _ => return None,
    }
    Some(ViewKey::Done)
}

/// Keys of the focused `panel`: Tab / Shift-Tab move the focus on, Esc
/// goes back to the pane's list, `M` releases the mouse, the rest are
/// [`on_view_key`]'s. `None` leaves the key to the pane and menu.
pub fn on_panel_key(model: &mut Model, panel: Panel, key: Key) -> Option<Vec<Effect>> {
    match key {
        Key::Tab | Key::BackTab => {
            model.cycle_focus(key == Key::BackTab);
            return Some(Vec::new());
        }
        Key::Esc => {
            model.focus_list();
            return Some(Vec::new());
        }
        Key::Char('M') => return Some(toggle_mouse(model)),
        _ => {}
    }
    match on_view_key(model.log_view_mut(panel), key)? {
        ViewKey::Done => {}
        ViewKey::Status(text) => model.status = Some(text),
        ViewKey::Prompt(kind) => open_prompt(model, panel, kind),
        ViewKey::Export => return Some(export(model, panel)),
    }
    Some(Vec::new())
}

fn toggle_mouse(model: &mut Model) -> Vec<Effect> {
    model.mouse_captured = !model.mouse_captured;
    model.status = Some(if model.mouse_captured {
        "mouse captured: the wheel scrolls".to_string()
    } else {
        format!(
            "mouse released: select text with it; {} captures it again",
            model.keys.hint("logs.mouse")
        )
    });
    vec![Effect::SetMouseCapture(model.mouse_captured)]
}

/// Opens the search or filter prompt on `panel`, holding its current text.
pub fn open_prompt(model: &mut Model, panel: Panel, kind: PromptKind) {
    let view = model.log_view(panel);
    let text = match kind {
        PromptKind::Search => view.search().map(|s| s.text.clone()),
        PromptKind::Filter => view.filter_text().map(str::to_string),
        PromptKind::CommitMessage
        | PromptKind::TierArg
        | PromptKind::MigrationMessage
        | PromptKind::UpgradeRevision
        | PromptKind::DowngradeRevision
        | PromptKind::ConfirmEnv => None,
        PromptKind::Palette | PromptKind::CommandArgs => None,
    };
    model.prompt = Some(Prompt::new(kind, &text.unwrap_or_default()));
}

/// `w`: the panel's shown lines, named after what they are the log of.
fn export(model: &mut Model, panel: Panel) -> Vec<Effect> {
    let name = match panel {
        Panel::Logs => Some(model.logs.panel_name()),
        Panel::TestOutput => model
            .testing
            .running
            .clone()
            .or_else(|| model.testing.result.as_ref().map(|r| r.tier.clone()))
            .map(|tier| format!("test-{tier}")),
        Panel::Traceback => model
            .testing
            .selected_case()
            .map(|c| format!("traceback-{}", c.full_name())),
        Panel::PipelineOutput => model
            .pipeline
            .selected_step()
            .map(|s| format!("pipeline-{}", s.name)),
        Panel::CommandOutput => model
            .commands
            .run
            .as_ref()
            .map(|r| format!("command-{}", r.name)),
        Panel::Activity | Panel::MigrationOutput | Panel::SphinxOutput => None,
    };
    let name = name.unwrap_or_else(|| panel.slug().to_string());
    // A test's name holds `::` and `/`; the file name keeps it readable.
    let name = name
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '.' | '_' | '-' => c,
            _ => '-',
        })
        .collect();
    vec![Effect::ExportLog {
        name,
        lines: model.log_view(panel).shown_text(),
    }]
}

/// Keys while a prompt is open: typing at the cursor, the editing keys of
/// a shell line, Enter commits, Esc cancels. Every other key is ignored, so
/// a letter typed into a prompt never switches pane or quits.
pub fn on_prompt_key(model: &mut Model, key: Key) -> Vec<Effect> {
    let Some(prompt) = &mut model.prompt else {
        return Vec::new();
    };
    match key {
        Key::Char(c) => prompt.insert(c),
        Key::Backspace => prompt.backspace(),
        Key::CtrlU => prompt.clear_to_start(),
        Key::CtrlW => prompt.delete_word(),
        Key::CtrlA | Key::Home => prompt.home(),
        Key::CtrlE | Key::End => prompt.end(),
        Key::Left => prompt.left(),
        Key::Right => prompt.right(),
        Key::Esc => {
            let kind = prompt.kind;
            model.prompt = None;
            if kind == PromptKind::ConfirmEnv {
                return super::update_pipeline::on_typed(model, None);
            }
        }
        Key::Enter => {
            let kind = prompt.kind;
            let text = prompt.text().to_string();
            model.prompt = None;
            if kind == PromptKind::CommitMessage {
                super::update_git::on_message(model, text);
                return Vec::new();
            }
            if kind == PromptKind::ConfirmEnv {
                return super::update_pipeline::on_typed(model, Some(text));
            }
            if kind == PromptKind::CommandArgs {
                return super::update_commands::on_args(model, text);
            }
            if kind == PromptKind::TierArg {
                return super::update_testing::on_arg(model, text);
            }
            if kind == PromptKind::MigrationMessage {
                return super::update_tools::on_migration_message(model, text);
            }
            if matches!(
                kind,
                PromptKind::UpgradeRevision | PromptKind::DowngradeRevision
            ) {
                return super::update_tools::on_migration_revision(model, kind, text);
            }
            let panel = model
                .focused_panel()
                .unwrap_or(super::log_panel::Panel::Logs);
            model.status = commit(model.log_view_mut(panel), kind, text).err();
        }
        _ => {}
    }
    Vec::new()
}

/// Applies a prompt's text to the view; an empty text clears.
fn commit(view: &mut LogView, kind: PromptKind, text: String) -> Result<(), String> {
    match kind {
        PromptKind::Search if text.is_empty() => view.set_search(None),
        PromptKind::Search => {
            let regex = search_regex(&text)?;
            view.set_search(Some((text, regex)));
            view.jump_match(false);
        }
        PromptKind::Filter if text.is_empty() => view.set_filter(None),
        PromptKind::Filter => {
            let regex = filter_regex(&text)?;
            view.set_filter(Some((text, regex)));
        }
        PromptKind::CommitMessage
        | PromptKind::TierArg
        | PromptKind::MigrationMessage
        | PromptKind::UpgradeRevision
        | PromptKind::DowngradeRevision
        | PromptKind::ConfirmEnv => {}
        PromptKind::Palette | PromptKind::CommandArgs => {}
    }
    Ok(())
}
