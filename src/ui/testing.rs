//! The Testing pane: tiers and their history on the left; on the right the
//! results table with the selected test's failure, or the live output, or
//! for the load tier locust's charts.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Bar, BarChart, BarGroup, Block, Cell, List, ListItem, ListState, Row, Table, TableState,
};

use super::layout;
use super::load_charts;
use super::widgets::log_panel;
use crate::app::keymap::KeyMap;
use crate::app::{TestingFocus, TestingPane};
use crate::parse::junit::Status;

pub fn draw(pane: &TestingPane, keys: &KeyMap, frame: &mut Frame, area: Rect) {
    let areas = layout::testing(pane, area);
    draw_tiers(pane, frame, areas.tiers);
    draw_trend(pane, frame, areas.trend);
    if let Some(output) = areas.output {
        draw_output(pane, keys, frame, output);
    } else if let (Some(results), Some(traceback)) = (areas.results, areas.traceback) {
        draw_results(pane, frame, results);
        draw_detail(pane, frame, traceback);
    } else {
        load_charts::draw(
            pane.load.as_ref(),
            pane.load_table.as_ref(),
            frame,
            areas.right,
        );
    }
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

/// The selected test's failure, whole: the panel scrolls to any line of
/// a long traceback.
fn draw_detail(pane: &TestingPane, frame: &mut Frame, area: Rect) {
    let title = match pane.selected_case() {
        Some(case) if case.status == Status::Passed => "passed".to_string(),
        Some(_) => "failure (Tab: scroll, / search)".to_string(),
        None => "failure".to_string(),
    };
    let focused = pane.focus == TestingFocus::Traceback;
    log_panel::draw(&pane.traceback, &title, focused, frame, area);
}

/// Output of the run, with what is known of its outcome in the title.
/// The hints name the keys as `[keys]` puts them.
fn draw_output(pane: &TestingPane, keys: &KeyMap, frame: &mut Frame, area: Rect) {
    let title = match (&pane.running, &pane.result) {
        (Some(tier), _) => format!("{tier}: running ({} cancels)", keys.hint("testing.cancel")),
        (None, Some(result)) => {
            let verdict = if result.passed() { "passed" } else { "FAILED" };
            let note = result.report_note.as_deref().unwrap_or("");
            format!(
                "{}: {verdict}, exit {} · {note}",
                result.tier, result.exit_code
            )
        }
        (None, None) => format!(
            "output: pick a tier and press Enter or {}",
            keys.hint("testing.run")
        ),
    };
    let focused = pane.focus == TestingFocus::Output;
    log_panel::draw(&pane.output, &title, focused, frame, area);
}
