//! The bottom line: a status message, or the engine's reason for being offline.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::widgets::Paragraph;

use crate::app::Model;

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let (text, style) = match (&model.prompt, &model.status) {
        (Some(prompt), _) => (
            format!(" {}{}█", prompt.kind.label(), prompt.text),
            Style::new().fg(Color::Cyan),
        ),
        (None, Some(message)) => (format!(" {message}"), Style::new().fg(Color::Yellow)),
        (None, None) => (String::new(), Style::new()),
    };
    frame.render_widget(Paragraph::new(text).style(style), area);
}
