//! The Testing pane: tiers and their history on the left; on the right the
//! results table with the selected test's failure, or the live output, or
//! for the load tier locust's charts.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Bar, BarChart, BarGroup, Block, Cell, List, ListItem, ListState, Paragraph, Row, Table,
    TableState, Wrap,
};

use super::load_charts;
use super::widgets::log_panel;
use crate::app::{TestingFocus, TestingPane};
use crate::parse::junit::Status;

pub fn draw(pane: &TestingPane, frame: &mut Frame, area: Rect) {
    let [left, right] =
        Layout::horizontal([Constraint::Length(34), Constraint::Min(30)]).areas(area);
    let [tiers_area, trend_area] =
        Layout::vertical([Constraint::Min(6), Constraint::Length(9)]).areas(left);
    draw_tiers(pane, frame, tiers_area);
    draw_trend(pane, frame, trend_area);
    if pane.load.is_some() || pane.load_table.is_some() {
        load_charts::draw(pane.load.as_ref(), pane.load_table.as_ref(), frame, right);
        return;
    }
    let has_cases = !pane.sorted_cases().is_empty();
    if !has_cases {
        draw_output(pane, frame, right);
        return;
    }
    let [table_area, detail_area] =
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(right);
    draw_results(pane, frame, table_area);
    draw_detail(pane, frame, detail_area);
}

fn block(title: String, focused: bool) -> Block<'static> {
    let colour = if focused {
        Color::Cyan
    } else {
        Color::DarkGray
    };
    Block::bordered()
        .border_style(Style::new().fg(colour))
        .title(title)
}

fn draw_tiers(pane: &TestingPane, frame: &mut Frame, area: Rect) {
    let items: Vec<ListItem> = pane
        .tiers
        .iter()
        .map(|tier| {
            let last = pane.recent(&tier.name, 1).first().copied();
            let badge = match last {
                Some(run) if run.exit_code == 0 => Span::styled(
                    format!("✓ {} passed", run.passed),
                    Style::new().fg(Color::Green),
                ),
                Some(run) => Span::styled(
                    format!("✗ {} failed", run.failed + run.errored),
                    Style::new().fg(Color::Red),
                ),
                None => Span::raw(""),
            };
            let running = pane.running.as_deref() == Some(tier.name.as_str());
            let name = if running {
                Span::styled(format!("{:<12}", tier.name), Style::new().fg(Color::Yellow))
            } else {
                Span::raw(format!("{:<12}", tier.name))
            };
            ListItem::new(Line::from(vec![name, badge]))
        })
        .collect();
    let keys = Line::from(" Enter run · A all · c cancel ").right_aligned();
    let list = List::new(items)
        .block(block(" Tiers ".to_string(), pane.focus == TestingFocus::Tiers).title_bottom(keys))
        .highlight_style(Style::new().add_modifier(Modifier::REVERSED));
    let mut state = ListState::default().with_selected(Some(pane.selected_tier));
    frame.render_stateful_widget(list, area, &mut state);
}

/// Durations of the selected tier's recent runs; red bars failed.
fn draw_trend(pane: &TestingPane, frame: &mut Frame, area: Rect) {
    let Some(tier) = pane.selected() else {
        return;
    };
    let runs = pane.recent(
        &tier.name,
        usize::from(area.width.saturating_sub(2) / 3).max(1),
    );
    let bars: Vec<Bar> = runs
        .iter()
        .map(|run| {
            let colour = if run.exit_code == 0 {
                Color::Green
            } else {
                Color::Red
            };
            Bar::default()
                .value((run.duration_secs.max(0.0) * 10.0).round() as u64)
                .text_value(String::new())
                .style(Style::new().fg(colour))
        })
        .collect();
    let chart = BarChart::default()
        .block(Block::bordered().title(format!(" {} runs: duration ", tier.name)))
        .data(BarGroup::default().bars(&bars))
        .bar_width(2)
        .bar_gap(1);
    frame.render_widget(chart, area);
}

fn draw_results(pane: &TestingPane, frame: &mut Frame, area: Rect) {
    let cases = pane.sorted_cases();
    let rows: Vec<Row> = cases
        .iter()
        .map(|case| {
            let (mark, colour) = match case.status {
                Status::Passed => ("pass", Color::Green),
                Status::Failed => ("FAIL", Color::Red),
                Status::Errored => ("ERROR", Color::Red),
                Status::Skipped => ("skip", Color::Yellow),
            };
            Row::new(vec![
                Cell::from(Span::styled(mark, Style::new().fg(colour))),
                Cell::from(case.full_name()),
                Cell::from(format!("{:.2}s", case.duration)),
            ])
        })
        .collect();
    let counts = pane.result.as_ref().map(|r| r.counts()).unwrap_or_default();
    let title = format!(
        " {} passed, {} failed, {} errors, {} skipped · o sort: {} ",
        counts.passed,
        counts.failed,
        counts.errored,
        counts.skipped,
        pane.sort.label()
    );
    let table = Table::new(
        rows,
        [
            Constraint::Length(6),
            Constraint::Min(20),
            Constraint::Length(9),
        ],
    )
    .header(Row::new(["", "test", "time"]).style(Style::new().add_modifier(Modifier::BOLD)))
    .block(block(title, pane.focus == TestingFocus::Results))
    .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED));
    let mut state = TableState::default().with_selected(Some(pane.selected_test));
    frame.render_stateful_widget(table, area, &mut state);
}

fn draw_detail(pane: &TestingPane, frame: &mut Frame, area: Rect) {
    let Some(case) = pane.selected_case() else {
        return;
    };
    let mut lines = vec![Line::styled(
        case.full_name(),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    if let (Some(file), line) = (&case.file, case.line) {
        let at = line.map_or_else(String::new, |l| format!(":{l}"));
        lines.push(Line::styled(
            format!("{file}{at}"),
            Style::new().fg(Color::DarkGray),
        ));
    }
    if let Some(message) = &case.message {
        lines.push(Line::styled(message.clone(), Style::new().fg(Color::Red)));
    }
    if let Some(details) = &case.details {
        lines.push(Line::raw(""));
        lines.extend(details.lines().map(|l| Line::raw(l.to_string())));
    }
    if case.status == Status::Passed && lines.len() == 1 {
        lines.push(Line::styled("passed", Style::new().fg(Color::Green)));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" failure ")),
        area,
    );
}

/// Output of the run, with what is known of its outcome in the title.
fn draw_output(pane: &TestingPane, frame: &mut Frame, area: Rect) {
    let title = match (&pane.running, &pane.result) {
        (Some(tier), _) => format!("{tier}: running (c cancels)"),
        (None, Some(result)) => {
            let verdict = if result.passed() { "passed" } else { "FAILED" };
            let note = result.report_note.as_deref().unwrap_or("");
            format!(
                "{}: {verdict}, exit {} · {note}",
                result.tier, result.exit_code
            )
        }
        (None, None) => "output: pick a tier and press Enter".to_string(),
    };
    log_panel::draw(&pane.output, &title, false, frame, area);
}
