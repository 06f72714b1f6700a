//! The Logs pane: the project's containers on the left, the selected
//! container's live log on the right.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};

use super::widgets::log_panel;
use crate::app::{LogsFocus, LogsPane};

pub fn draw(pane: &LogsPane, engine_online: bool, frame: &mut Frame, area: Rect) {
    let [list_area, log_area] = super::layout::logs(area);
    draw_list(pane, engine_online, frame, list_area);
    let title = match (pane.combined, pane.selected_container(), &pane.ended) {
        (true, _, _) => "all services (a: one at a time)".to_string(),
        (false, Some(c), Some(reason)) => format!("{} ({reason})", c.name),
        (false, Some(c), None) => c.name.clone(),
        (false, None, _) => "log".to_string(),
    };
    log_panel::draw(
        &pane.view,
        &title,
        pane.focus == LogsFocus::Log,
        frame,
        log_area,
    );
}

fn draw_list(pane: &LogsPane, engine_online: bool, frame: &mut Frame, area: Rect) {
    let focused = pane.focus == LogsFocus::List;
    let border = if focused {
        Color::Cyan
    } else {
        Color::DarkGray
    };
    let block = Block::bordered()
        .border_style(Style::new().fg(border))
        .title(" Containers ");
    if pane.containers.is_empty() {
        let text = if engine_online {
            "No containers of this project.\n\nStart a profile in the Server pane (s) or with `runcli server up`."
        } else {
            "The engine is offline; the list comes back when it does."
        };
        frame.render_widget(
            Paragraph::new(text).wrap(Wrap { trim: true }).block(block),
            area,
        );
        return;
    }
    let items: Vec<ListItem> = pane
        .containers
        .iter()
        .map(|c| {
            let colour = if c.running { Color::Green } else { Color::Red };
            ListItem::new(Line::from(vec![
                Span::styled("● ", Style::new().fg(colour)),
                Span::raw(c.source(&pane.containers)),
                Span::styled(format!(" {}", c.state), Style::new().fg(Color::DarkGray)),
            ]))
        })
        .collect();
    let list = List::new(items)
        .block(block)
        .highlight_style(Style::new().add_modifier(Modifier::REVERSED));
    let mut state = ListState::default().with_selected(Some(pane.selected));
    frame.render_stateful_widget(list, area, &mut state);
}
