//! The Pipeline pane: the graph as a table (each step indented one column
//! per step in the longest chain of steps it needs, its needs named beside it, its state
//! coloured, its duration), and under it the selected step's output.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row, Table, TableState};

use super::layout;
use super::widgets::log_panel;
use crate::app::{PipelineFocus, PipelinePane, StepRow, StepState};

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn draw(pane: &PipelinePane, frame: &mut Frame, area: Rect) {
    let [steps, output] = layout::pipeline(pane, area);
    draw_steps(pane, frame, steps);
    draw_output(pane, frame, output);
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

/// The state's mark, word and colour; a step the run leaves out is dim.
fn state_cell(pane: &PipelinePane, row: &StepRow) -> Span<'static> {
    if !row.in_run {
        return Span::styled("  left out", Style::new().fg(Color::DarkGray));
    }
    let (text, colour) = match row.state {
        StepState::Pending => ("· pending".to_string(), Color::DarkGray),
        StepState::Running => {
            let spin = SPINNER[pane.spin % SPINNER.len()];
            (format!("{spin} running"), Color::Yellow)
        }
        StepState::Passed => ("✓ passed".to_string(), Color::Green),
        StepState::Failed => ("✗ FAILED".to_string(), Color::Red),
        StepState::Skipped => ("- skipped".to_string(), Color::Magenta),
        StepState::Cancelled => ("■ cancelled".to_string(), Color::Blue),
    };
    Span::styled(text, Style::new().fg(colour))
}

/// `12.3s` once ended, the whole seconds so far while running.
fn duration(row: &StepRow) -> String {
    match (row.duration_secs, row.elapsed_secs) {
        (Some(secs), _) => format!("{secs:.1}s"),
        (None, Some(secs)) => format!("{secs}s"),
        (None, None) => String::new(),
    }
}

fn draw_steps(pane: &PipelinePane, frame: &mut Frame, area: Rect) {
    let rows: Vec<Row> = pane
        .steps
        .iter()
        .map(|row| {
            let branch = if row.depth == 0 { "" } else { "└ " };
            let name = format!(
                "{}{branch}{}",
                " ".repeat(row.depth.saturating_sub(1)),
                row.name
            );
            let needs = if row.needs.is_empty() {
                String::new()
            } else {
                format!("needs {}", row.needs.join(", "))
            };
            let dim = if row.in_run {
                Style::new()
            } else {
                Style::new().fg(Color::DarkGray)
            };
            Row::new(vec![
                Cell::from(state_cell(pane, row)),
                Cell::from(name),
                Cell::from(row.kind.clone()),
                Cell::from(needs),
                Cell::from(Line::from(duration(row)).right_aligned()),
            ])
            .style(dim)
        })
        .collect();
    let target = match &pane.target {
        Some(env) => format!("to {env}"),
        None => "every step".to_string(),
    };
    let title = format!(" Pipeline · {target} ");
    let keys = Line::from(" Enter run · f from here · t target · c cancel ").right_aligned();
    let table = Table::new(
        rows,
        [
            Constraint::Length(12),
            Constraint::Length(30),
            Constraint::Length(32),
            Constraint::Min(16),
            Constraint::Length(8),
        ],
    )
    .header(
        Row::new(["state", "step", "kind", "needs", "time"])
            .style(Style::new().add_modifier(Modifier::BOLD)),
    )
    .block(block(title, pane.focus == PipelineFocus::Steps).title_bottom(keys))
    .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED));
    let mut state = TableState::default().with_selected(Some(pane.selected));
    frame.render_stateful_widget(table, area, &mut state);
}

/// The selected step's output, its outcome in the title.
fn draw_output(pane: &PipelinePane, frame: &mut Frame, area: Rect) {
    let title = match pane.selected_step() {
        None => "output: runcli.toml has no [pipeline] steps".to_string(),
        Some(row) => match (&row.note, row.state) {
            (Some(note), _) => format!("{}: {note}", row.name),
            (None, StepState::Running) => format!("{}: running (c cancels)", row.name),
            (None, StepState::Passed) => format!("{}: passed", row.name),
            (None, StepState::Pending) if !pane.running => {
                format!("{}: Enter runs the pipeline", row.name)
            }
            (None, _) => row.name.clone(),
        },
    };
    let focused = pane.focus == PipelineFocus::Output;
    log_panel::draw(pane.output(), &title, focused, frame, area);
}
