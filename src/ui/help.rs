//! The `?` overlay: every key of the current pane and the global ones.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::app::help::{KeyHelp, global_keys, pane_keys, panel_keys};
use crate::app::keymap::KeyMap;
use crate::app::{CommandRow, Pane};

/// Wide enough for the longest line of help on one row: a cut description
/// would hide the part of a key's meaning that matters.
const HELP_WIDTH: u16 = 98;

/// Draws `pane`'s keys and the global ones as `keys` puts them, then the
/// keys of the project's commands.
/// Taller than the screen, it shows `scroll` lines down and says how to
/// scroll in its title.
pub fn draw(pane: Pane, keys: &KeyMap, commands: &[CommandRow], scroll: usize, frame: &mut Frame) {
    let mut lines = vec![section(&format!("{} pane", pane.title()))];
    let own = pane_keys(pane, keys);
    if own.is_empty() {
        lines.push(Line::raw("  no keys of its own yet"));
    }
    lines.extend(own.iter().map(key_line));
    let panel = panel_keys(pane, keys);
    if !panel.is_empty() {
        lines.push(Line::raw(""));
        lines.push(section("Log panels (Tab to one; Esc leaves it)"));
        lines.extend(panel.iter().map(key_line));
    }
    lines.push(Line::raw(""));
    lines.push(section("Everywhere"));
    lines.extend(global_keys(keys).iter().map(key_line));
    let keyed: Vec<&CommandRow> = commands.iter().filter(|c| c.key.is_some()).collect();
    if !keyed.is_empty() {
        lines.push(Line::raw(""));
        lines.push(section(
            "The project's commands (where no pane key takes the key)",
        ));
        for c in keyed {
            let key = c.key.map(String::from).unwrap_or_default();
            lines.push(Line::from(vec![
                Span::styled(format!("  {key:<20}"), Style::new().fg(Color::Yellow)),
                Span::raw(format!("{}: {}", c.name, c.description)),
            ]));
        }
    }
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let area = centered(frame.area(), HELP_WIDTH, height);
    let help = keys
        .key_named("help")
        .map(|k| k.to_string())
        .unwrap_or_default();
    let shown = usize::from(area.height.saturating_sub(2));
    let last = lines.len().saturating_sub(shown);
    let scroll = scroll.min(last);
    let title = if last == 0 {
        format!(" Help: {help} or Esc to close ")
    } else {
        format!(
            " Help: {help} or Esc to close; j/k scroll (lines {}-{} of {}) ",
            scroll + 1,
            scroll + shown,
            lines.len()
        )
    };
    let block = Block::bordered().title(title);
    let offset = u16::try_from(scroll).unwrap_or(u16::MAX);
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((offset, 0)), area);
}

fn section(title: &str) -> Line<'static> {
    Line::from(Span::styled(
        title.to_string(),
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    ))
}

fn key_line((key, what): &KeyHelp) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("  {key:<20}"), Style::new().fg(Color::Yellow)),
        Span::raw(what.to_string()),
    ])
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}
