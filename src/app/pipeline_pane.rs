//! The Pipeline pane: the `[pipeline]` graph as a list in the file's
//! order, each step with its kind, its needs, its state and duration, and
//! the selected step's output in a log panel.
//!
//! Each step keeps its own output ([`LogView`]), so selecting a step shows
//! what it printed, during the run and after. The pane as a whole stays
//! within the manifest's log caps: each step gets an equal share of them
//! (at least [`MIN_STEP_LINES`] lines and [`MIN_STEP_BYTES`] bytes).

use super::log_buffer::LogLine;
use super::log_view::LogView;
use crate::ops::pipeline::{PipelineEvent, PlanStep};
use crate::project::StepKind;

pub use crate::ops::pipeline::StepState;

/// The fewest lines one step's output keeps, however many steps share the caps.
pub const MIN_STEP_LINES: usize = 1000;
/// The fewest bytes one step's output keeps.
pub const MIN_STEP_BYTES: usize = 1 << 20;

/// One step of the graph as the pane shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct StepRow {
    pub name: String,
    /// `tier unit`, `deploy staging`.
    pub kind: String,
    pub needs: Vec<String>,
    /// The longest chain of needs below the step: the graph's indentation.
    pub depth: usize,
    /// The environment a deploy step ships to (the `t` targets).
    pub deploys: Option<String>,
    /// False when the current run leaves the step out.
    pub in_run: bool,
    pub state: StepState,
    /// Seconds the step took, once it ended.
    pub duration_secs: Option<f64>,
    /// Seconds it has run so far, while it runs.
    pub elapsed_secs: Option<u64>,
    /// Why it failed, or why it did not run.
    pub note: Option<String>,
}

/// Which part of the pane takes j/k.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PipelineFocus {
    Steps,
    Output,
}

/// A confirm step waiting for the user. Production is confirmed by typing
/// its name (a prompt); any other environment by `y`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    pub step: String,
    pub env: String,
}

impl Ask {
    /// Whether the environment's name must be typed rather than `y` pressed.
    pub fn typed(&self) -> bool {
        self.env == "production"
    }
}

/// What the pipeline task tells the pane.
#[derive(Debug, Clone, PartialEq)]
pub enum PipelineUpdate {
    /// An event of the run, as `runcli pipeline run --json` prints it.
    Event(PipelineEvent),
    /// The running step has run `secs` seconds (sent once a second).
    Tick { step: String, secs: u64 },
    /// A confirm step waits for an answer.
    Confirm { step: String, env: String },
    /// The run ended: its summary, or why it could not start.
    Done(Result<String, String>),
}

/// State of the Pipeline pane.
#[derive(Debug, Clone)]
pub struct PipelinePane {
    pub steps: Vec<StepRow>,
    outputs: Vec<LogView>,
    /// Shown when the pipeline has no steps.
    empty: LogView,
    pub selected: usize,
    pub focus: PipelineFocus,
    pub running: bool,
    /// The environment a run goes to (`--to`); `None` runs every step.
    pub target: Option<String>,
    pub ask: Option<Ask>,
    /// How the last run ended.
    pub summary: Option<String>,
    /// Ticks seen while running; turns the running step's spinner.
    pub spin: usize,
    caps: (usize, usize),
}

impl PipelinePane {
    /// An empty pane whose steps will share `max_lines` and `max_bytes`.
    pub fn new(max_lines: usize, max_bytes: usize) -> PipelinePane {
        PipelinePane {
            steps: Vec::new(),
            outputs: Vec::new(),
            empty: LogView::new(1, 1024),
            selected: 0,
            focus: PipelineFocus::Steps,
            running: false,
            target: None,
            ask: None,
            summary: None,
            spin: 0,
            caps: (max_lines, max_bytes),
        }
    }

    /// The graph's steps in the file's order, all pending.
    pub fn set_steps(&mut self, plan: &[PlanStep]) {
        let count = plan.len().max(1);
        let lines = (self.caps.0 / count).max(MIN_STEP_LINES);
        let bytes = (self.caps.1 / count).max(MIN_STEP_BYTES);
        let mut rows: Vec<StepRow> = Vec::with_capacity(plan.len());
        for step in plan {
            let depth = step
                .needs
                .iter()
                .filter_map(|n| rows.iter().find(|r| &r.name == n))
                .map(|r| r.depth + 1)
                .max()
                .unwrap_or(0);
            rows.push(StepRow {
                name: step.step.clone(),
                kind: step.kind.label(),
                needs: step.needs.clone(),
                depth,
                deploys: match &step.kind {
                    StepKind::Deploy { env } => Some(env.clone()),
                    _ => None,
                },
                in_run: step.run,
                state: StepState::Pending,
                duration_secs: None,
                elapsed_secs: None,
                note: None,
            });
        }
        self.outputs = rows.iter().map(|_| LogView::new(lines, bytes)).collect();
        self.steps = rows;
        self.selected = self.selected.min(self.steps.len().saturating_sub(1));
    }

    /// The environments some step deploys to, in the file's order.
    pub fn targets(&self) -> Vec<String> {
        self.steps
            .iter()
            .filter_map(|s| s.deploys.clone())
            .collect()
    }

    pub fn selected_step(&self) -> Option<&StepRow> {
        self.steps.get(self.selected)
    }

    pub fn index_of(&self, step: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.name == step)
    }

    /// The selected step's output.
    pub fn output(&self) -> &LogView {
        self.outputs.get(self.selected).unwrap_or(&self.empty)
    }

    pub fn output_mut(&mut self) -> &mut LogView {
        self.outputs
            .get_mut(self.selected)
            .unwrap_or(&mut self.empty)
    }

    /// Appends a line to `step`'s output.
    pub fn push_line(&mut self, step: &str, line: LogLine) {
        if let Some(view) = self.index_of(step).and_then(|i| self.outputs.get_mut(i)) {
            view.append(vec![line]);
        }
    }

    /// Selects step `index`; the new view keeps the panel's row count.
    pub fn select(&mut self, index: usize) {
        let index = index.min(self.steps.len().saturating_sub(1));
        let rows = self.output().rows;
        self.selected = index;
        self.output_mut().set_rows(rows);
    }

    /// A fresh run: every step pending, every output empty.
    pub fn reset(&mut self) {
        for (row, view) in self.steps.iter_mut().zip(&mut self.outputs) {
            row.state = StepState::Pending;
            row.duration_secs = None;
            row.elapsed_secs = None;
            row.note = None;
            row.in_run = true;
            view.clear();
        }
        self.summary = None;
        self.ask = None;
        self.spin = 0;
    }

    pub fn row_mut(&mut self, step: &str) -> Option<&mut StepRow> {
        self.steps.iter_mut().find(|s| s.name == step)
    }
}
