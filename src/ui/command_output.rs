//! The project command's output overlay: over the current pane's body, a
//! log panel whose title says which command ran and how it ended.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Clear;

use super::widgets::log_panel;
use crate::app::{CommandRun, LogView};

pub fn draw(run: &CommandRun, output: &LogView, frame: &mut Frame, area: Rect) {
    let keys = if run.is_running() {
        "c cancels · Esc hides"
    } else {
        "Esc closes"
    };
    let title = format!("Run: {} · {keys}", run.summary());
    frame.render_widget(Clear, area);
    log_panel::draw(output, &title, true, frame, area);
}
