//! A bordered log panel. It draws only the rows that fit, so its cost
//! depends on the panel's size, never on how many lines are buffered.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use super::log_text::render_line;
use crate::app::LogView;

/// Draws `view` inside a block titled `title`; `focused` brightens the border.
pub fn draw(view: &LogView, title: &str, focused: bool, frame: &mut Frame, area: Rect) {
    let rows = usize::from(area.height.saturating_sub(2));
    let (_, end) = view.visible_range();
    let start = end.saturating_sub(rows);
    let lines: Vec<Line> = view
        .buffer
        .range(start, end)
        .map(|l| render_line(&l.text))
        .collect();
    let mode = if view.follow {
        "follow".to_string()
    } else {
        format!("paused, {} newer lines; G to follow", view.back)
    };
    let border = if focused {
        Color::Cyan
    } else {
        Color::DarkGray
    };
    let block = Block::bordered()
        .border_style(Style::new().fg(border))
        .title(format!(" {title} "))
        .title_bottom(
            Line::from(format!(" {} lines · {mode} ", view.buffer.len())).right_aligned(),
        );
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
