//! Keys of a focused log panel, and the prompt that search and filter use.

use super::effect::Effect;
use super::key::Key;
use super::log_query::{filter_regex, search_regex};
use super::log_view::LogView;
use super::logs_pane::LogsFocus;
use super::model::Model;
use super::prompt::{Prompt, PromptKind};

/// Keys of a focused log; `None` leaves the key to the pane and menu.
pub fn on_key(model: &mut Model, key: Key) -> Option<Vec<Effect>> {
    if matches!(key, Key::Esc | Key::Tab | Key::BackTab) {
        model.logs.focus = LogsFocus::List;
        return Some(Vec::new());
    }
    let page = model.logs.view.rows.max(1);
    let view = &mut model.logs.view;
    match key {
        Key::Char('k') | Key::Up => view.scroll_up(1),
        Key::Char('j') | Key::Down => view.scroll_down(1),
        Key::PageUp => view.scroll_up(page),
        Key::PageDown => view.scroll_down(page),
        Key::Home => view.to_top(),
        Key::Char('G') | Key::End => view.to_bottom(),
        Key::Char('n') => view.jump_match(false),
        Key::Char('N') => view.jump_match(true),
        Key::Char('/') => open_prompt(model, PromptKind::Search),
        Key::Char('f') => open_prompt(model, PromptKind::Filter),
        Key::Char('v') => {
            view.cycle_level();
            model.status = Some(format!("showing {}", view.level.label()));
        }
        Key::Char('t') => view.show_timestamps = !view.show_timestamps,
        Key::Char('c') => view.ansi = !view.ansi,
        Key::Char('W') => view.wrap = !view.wrap,
        Key::Char('w') => return Some(export(model)),
        Key::Char('M') => {
            model.mouse_captured = !model.mouse_captured;
            model.status = Some(if model.mouse_captured {
                "mouse captured: the wheel scrolls".to_string()
            } else {
                "mouse released: select text with it; M captures it again".to_string()
            });
            return Some(vec![Effect::SetMouseCapture(model.mouse_captured)]);
        }
        _ => return None,
    }
    Some(Vec::new())
}

pub fn open_prompt(model: &mut Model, kind: PromptKind) {
    let view = &model.logs.view;
    let text = match kind {
        PromptKind::Search => view.search().map(|s| s.text.clone()),
        PromptKind::Filter => view.filter_text().map(str::to_string),
        PromptKind::CommitMessage
        | PromptKind::TierArg
        | PromptKind::MigrationMessage
        | PromptKind::UpgradeRevision
        | PromptKind::DowngradeRevision => None,
    };
    model.prompt = Some(Prompt::new(kind, &text.unwrap_or_default()));
}

fn export(model: &mut Model) -> Vec<Effect> {
    let name = model.logs.panel_name();
    vec![Effect::ExportLog {
        name,
        lines: model.logs.view.shown_text(),
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
        Key::Esc => model.prompt = None,
        Key::Enter => {
            let kind = prompt.kind;
            let text = prompt.text().to_string();
            model.prompt = None;
            if kind == PromptKind::CommitMessage {
                super::update_git::on_message(model, text);
                return Vec::new();
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
            let view = &mut model.logs.view;
            model.status = commit(view, kind, text).err();
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
        | PromptKind::DowngradeRevision => {}
    }
    Ok(())
}
