//! The menu bar: the old menu's keys, the current pane highlighted.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::Pane;
use crate::app::keymap::KeyMap;

/// Each pane's tab as drawn, in order, with the gap after it: the hit
/// test measures the same text.
pub fn tabs(keys: &KeyMap) -> Vec<(Pane, String)> {
    Pane::ALL
        .into_iter()
        .map(|pane| (pane, format!(" {} {} ", keys.pane_key(pane), pane.title())))
        .collect()
}

/// Columns between two tabs.
pub const TAB_GAP: u16 = 1;

/// Draws the pane letters (and help, quit) as `keys` puts them.
pub fn draw(current: Pane, keys: &KeyMap, frame: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    for (pane, text) in tabs(keys) {
        let style = if pane == current {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        spans.push(Span::styled(text, style));
        spans.push(Span::raw(" ".repeat(usize::from(TAB_GAP))));
    }
    let named = |name: &str| {
        keys.key_named(name)
            .map(|k| k.to_string())
            .unwrap_or_default()
    };
    spans.push(Span::styled(
        format!(" {} help  {} quit", named("help"), named("quit")),
        Style::new().fg(Color::DarkGray),
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
