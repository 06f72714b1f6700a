//! A bordered log panel. It draws only the rows that fit, so its cost
//! depends on the panel's size, never on how many lines are buffered.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::log_text::{LineStyle, render_line};
use crate::app::LogView;
use crate::app::log_query::LevelFilter;

/// Draws `view` inside a block titled `title`; `focused` brightens the border.
pub fn draw(view: &LogView, title: &str, focused: bool, frame: &mut Frame, area: Rect) {
    let rows = usize::from(area.height.saturating_sub(2));
    let width = usize::from(area.width.saturating_sub(2)).max(1);
    let (_, end) = view.visible_range();
    let highlight = view.search().map(|s| &s.regex);
    let mut lines: Vec<Line> = Vec::with_capacity(rows);
    let mut used_rows = 0;
    let mut index = end;
    // Newest visible line first, until the panel is full.
    while index > 0 && used_rows < rows {
        index -= 1;
        let Some(log_line) = view.shown_line(index) else {
            break;
        };
        let style = LineStyle {
            ansi: view.ansi,
            highlight: highlight.filter(|r| r.is_match(&log_line.text)),
            current: view.is_current_match(index),
        };
        let mut line = render_line(&log_line.text, style);
        if let Some(origin) = &log_line.origin {
            line.spans.insert(
                0,
                Span::styled(
                    format!("{origin:>10} │ "),
                    Style::new().fg(service_colour(origin)),
                ),
            );
        }
        if view.show_timestamps
            && let Some(ts) = &log_line.timestamp
        {
            line.spans.insert(
                0,
                Span::styled(format!("{ts} "), Style::new().fg(Color::DarkGray)),
            );
        }
        used_rows += if view.wrap {
            line.width().div_ceil(width).max(1)
        } else {
            1
        };
        lines.push(line);
    }
    lines.reverse();
    let overflow = u16::try_from(used_rows.saturating_sub(rows)).unwrap_or(u16::MAX);
    let border = if focused {
        Color::Cyan
    } else {
        Color::DarkGray
    };
    let block = Block::bordered()
        .border_style(Style::new().fg(border))
        .title(format!(" {title} "))
        .title_bottom(Line::from(footer(view)).right_aligned());
    let mut paragraph = Paragraph::new(lines).block(block);
    if view.wrap {
        paragraph = paragraph.wrap(Wrap { trim: false }).scroll((overflow, 0));
    }
    frame.render_widget(paragraph, area);
}

/// A stable colour per service name, so each service's prefix keeps its
/// colour across redraws and sessions.
pub fn service_colour(name: &str) -> Color {
    const PALETTE: [Color; 6] = [
        Color::Cyan,
        Color::Magenta,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::LightRed,
    ];
    let hash = name.bytes().fold(0usize, |h, b| {
        h.wrapping_mul(31).wrapping_add(usize::from(b))
    });
    PALETTE[hash % PALETTE.len()]
}

/// "N lines · filter · match 3/17 · follow" for the bottom border; a
/// paused view says which lines it shows, so a scrolled panel tells
/// where in its text it is.
fn footer(view: &LogView) -> String {
    let mut parts = vec![format!("{} lines", view.len())];
    if let Some(filter) = view.filter_text() {
        parts.push(format!("filter /{filter}/"));
    }
    if view.level != LevelFilter::All {
        parts.push(view.level.label().to_string());
    }
    if let (Some(search), Some((current, total))) = (view.search(), view.match_counter()) {
        parts.push(format!("\"{}\" {current}/{total}", search.text));
    }
    if view.follow {
        parts.push("follow".to_string());
    } else {
        let (start, end) = view.visible_range();
        let first = if end == 0 { 0 } else { start + 1 };
        parts.push(format!(
            "{first}-{end} shown, paused, {} newer; End follows",
            view.back
        ));
    }
    format!(" {} ", parts.join(" · "))
}
