//! The `:` palette overlay: the query with its cursor, then the matching
//! entries best first, matched characters highlighted, the selected one
//! marked. Only the rows that fit are drawn, in a window that keeps the
//! selection in view.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::app::Palette;
use crate::app::palette::{Entry, Hit};

const WIDTH: u16 = 96;
/// Entry rows at most, so the pane stays visible around the palette.
const MAX_ROWS: u16 = 16;
const NAME_WIDTH: usize = 24;

pub fn draw(palette: &Palette, frame: &mut Frame) {
    let rows = MAX_ROWS.min(frame.area().height.saturating_sub(8)).max(1);
    let area = top_centre(frame.area(), WIDTH, rows + 4);
    let inner_width = usize::from(area.width.saturating_sub(2));
    let shown = usize::from(rows);
    let first = palette.selected.saturating_sub(shown.saturating_sub(1));
    let mut lines = vec![input_line(palette), Line::raw("─".repeat(inner_width))];
    if palette.hits.is_empty() {
        lines.push(Line::styled(
            "  nothing matches",
            Style::new().fg(Color::DarkGray),
        ));
    }
    for (i, hit) in palette.hits.iter().enumerate().skip(first).take(shown) {
        if let Some(entry) = palette.entries.get(hit.entry) {
            lines.push(entry_line(entry, hit, i == palette.selected, inner_width));
        }
    }
    let title = format!(
        " Palette: {} of {} · Enter runs · Esc closes ",
        palette.hits.len(),
        palette.entries.len()
    );
    let block = Block::bordered()
        .border_style(Style::new().fg(Color::Cyan))
        .title(title);
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn input_line(palette: &Palette) -> Line<'static> {
    let style = Style::new().fg(Color::Cyan);
    let input = &palette.input;
    let at = input.cursor_chars();
    let before: String = input.text().chars().take(at).collect();
    let under = input.text().chars().nth(at);
    let after: String = input.text().chars().skip(at + 1).collect();
    let cursor = match under {
        Some(c) => Span::styled(c.to_string(), style.add_modifier(Modifier::REVERSED)),
        None => Span::styled("█", style),
    };
    Line::from(vec![
        Span::styled(format!(":{before}"), style),
        cursor,
        Span::styled(after, style),
    ])
}

fn entry_line(entry: &Entry, hit: &Hit, selected: bool, width: usize) -> Line<'static> {
    let base = if selected {
        Style::new().add_modifier(Modifier::REVERSED)
    } else {
        Style::new()
    };
    let marked = base.fg(Color::Yellow).add_modifier(Modifier::BOLD);
    let mut spans = vec![
        Span::styled(if selected { "› " } else { "  " }, base),
        Span::styled(format!("{:<8}", entry.kind), base.fg(Color::DarkGray)),
    ];
    spans.extend(highlighted(&entry.name, &hit.name_chars, base, marked));
    let name_len = entry.name.chars().count();
    let key = entry
        .key
        .as_ref()
        .map(|k| format!(" [{k}]"))
        .unwrap_or_default();
    spans.push(Span::styled(key.clone(), base.fg(Color::Cyan)));
    let pad = NAME_WIDTH.saturating_sub(name_len + key.chars().count());
    spans.push(Span::styled(" ".repeat(pad + 1), base));
    let used = 10 + name_len + key.chars().count() + pad + 1;
    let room = width.saturating_sub(used);
    let description: String = entry.description.chars().take(room).collect();
    spans.extend(highlighted(
        &description,
        &hit.description_chars,
        base,
        marked,
    ));
    let filled: usize = spans.iter().map(|s| s.content.chars().count()).sum();
    if selected && filled < width {
        spans.push(Span::styled(" ".repeat(width - filled), base));
    }
    Line::from(spans)
}

/// `text` as spans, the characters at `marks` in `marked` style.
fn highlighted(text: &str, marks: &[usize], base: Style, marked: Style) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_marked = false;
    for (i, c) in text.chars().enumerate() {
        let is_marked = marks.contains(&i);
        if is_marked != run_marked && !run.is_empty() {
            let style = if run_marked { marked } else { base };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_marked = is_marked;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_marked { marked } else { base }));
    }
    spans
}

fn top_centre(area: Rect, width: u16, height: u16) -> Rect {
    let [_, row] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(height.min(area.height.saturating_sub(2))),
    ])
    .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}
