//! What a pane that is not built yet shows: a plain statement, no mock-up.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::app::Pane;

pub fn draw(pane: Pane, frame: &mut Frame, area: Rect) {
    let text = format!(
        "The {} pane is not built yet.\n\nIts operations will appear here; until then use the Logs pane (l) \
         or the old menu's commands.",
        pane.title()
    );
    let block = Block::bordered().title(format!(" {} ", pane.title()));
    frame.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: true }).block(block),
        area,
    );
}
