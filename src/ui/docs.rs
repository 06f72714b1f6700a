//! The Docs pane: Sphinx's progress as a bar, its warnings with file and
//! line, the built index.html, and the raw output.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Gauge, List, ListItem, ListState, Paragraph};

use super::widgets::log_panel;
use crate::app::{DocsFocus, DocsPane};

pub fn draw(pane: &DocsPane, frame: &mut Frame, area: Rect) {
    let [gauge_area, about_area, warnings_area, output_area] = super::layout::docs(area);
    let progress = &pane.progress;
    let phase = progress
        .phase
        .clone()
        .unwrap_or_else(|| "not built yet".to_string());
    let label = match &progress.item {
        Some(item) => format!("{}% {phase} {item}", progress.percent),
        None => format!("{}% {phase}", progress.percent),
    };
    let colour = match (&pane.outcome, pane.busy) {
        (Some(Err(_)), _) => Color::Red,
        (_, true) => Color::Cyan,
        _ => Color::Green,
    };
    let gauge = Gauge::default()
        .block(
            Block::bordered().title(" Sphinx: Enter build · a apidoc+build · o open index.html "),
        )
        .gauge_style(Style::new().fg(colour))
        .percent(u16::from(progress.percent.min(100)))
        .label(label);
    frame.render_widget(gauge, gauge_area);
    let about = match (&pane.outcome, &pane.index) {
        (Some(Err(e)), _) => Line::styled(e.clone(), Style::new().fg(Color::Red)),
        (_, Some(index)) => Line::styled(format!("built {index}"), Style::new().fg(Color::Green)),
        _ if pane.busy => Line::raw("building in the docs service..."),
        _ => Line::raw("sphinx-build -M html (a: sphinx-apidoc first), in a one-shot container"),
    };
    frame.render_widget(Paragraph::new(about).block(Block::bordered()), about_area);
    let items: Vec<ListItem> = progress
        .warnings
        .iter()
        .map(|w| {
            let at = match (&w.file, w.line) {
                (Some(f), Some(l)) => format!("{f}:{l}: "),
                (Some(f), None) => format!("{f}: "),
                _ => String::new(),
            };
            ListItem::new(format!("{at}{}", w.message))
        })
        .collect();
    let title = format!(" {} warnings ", progress.warnings.len());
    let list = List::new(items)
        .block(
            Block::bordered()
                .border_style(Style::new().fg(border(pane.focus == DocsFocus::Warnings)))
                .title(title),
        )
        .highlight_style(Style::new().add_modifier(Modifier::REVERSED));
    let mut state = ListState::default()
        .with_selected((!progress.warnings.is_empty()).then_some(pane.selected_warning));
    frame.render_stateful_widget(list, warnings_area, &mut state);
    let focused = pane.focus == DocsFocus::Output;
    log_panel::draw(&pane.output, "sphinx output", focused, frame, output_area);
}

fn border(focused: bool) -> Color {
    if focused {
        Color::Cyan
    } else {
        Color::DarkGray
    }
}
