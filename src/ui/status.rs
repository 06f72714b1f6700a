//! The bottom line: a status message, or the engine's reason for being offline.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::widgets::Paragraph;

use crate::app::Model;

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let (text, style) = match &model.status {
        Some(message) => (message.as_str(), Style::new().fg(Color::Yellow)),
        None => ("", Style::new()),
    };
    frame.render_widget(Paragraph::new(format!(" {text}")).style(style), area);
}
