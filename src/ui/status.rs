//! The bottom line: a status message, an open prompt with its cursor, or
//! the engine's reason for being offline.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{Model, Prompt};

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let line = match (&model.prompt, &model.status) {
        (Some(prompt), _) => prompt_line(prompt),
        (None, Some(message)) => {
            Line::styled(format!(" {message}"), Style::new().fg(Color::Yellow))
        }
        (None, None) => Line::raw(""),
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// The prompt's text with the cursor drawn as a reversed cell where it is
/// (a block after the end), so editing in the middle shows where keys go.
fn prompt_line(prompt: &Prompt) -> Line<'static> {
    let style = Style::new().fg(Color::Cyan);
    let text = prompt.text();
    let at = prompt.cursor_chars();
    let before: String = text.chars().take(at).collect();
    let under = text.chars().nth(at);
    let after: String = text.chars().skip(at + 1).collect();
    let cursor = match under {
        Some(c) => Span::styled(c.to_string(), style.add_modifier(Modifier::REVERSED)),
        None => Span::styled("█", style),
    };
    Line::from(vec![
        Span::styled(format!(" {}{before}", prompt.kind.label()), style),
        cursor,
        Span::styled(after, style),
    ])
}
