//! The delivery pipeline: a plan of which steps to take ([`plan`]), a
//! runner that takes them in order of `needs` ([`runner`]), and the steps
//! themselves ([`steps`]): tiers, builds, commands and confirmations run
//! here, pushes, deploys and rollbacks through a [`Delivery`] the caller
//! supplies, so this module needs nothing from the deploy op.
//!
//! Steps run one at a time: the machine's engine is shared by every step,
//! and a graph of ten steps gains little from running two builds at once.
//! The first failure stops the run, as Cloud Build stops a build: the
//! steps that need the failed one are `skipped`, every other step not yet
//! started is `cancelled`. A failed deploy rolls its environment back.

pub mod delivery;
pub mod plan;
pub mod runner;
pub mod steps;
mod swarm_delivery;

use serde::Serialize;

pub use delivery::{Delivery, StepOut, project_delivery};
pub use plan::{Plan, PlanError, PlanStep, plan};
pub use runner::{StepRunner, run};
pub use steps::ProjectSteps;
pub use swarm_delivery::SwarmDelivery;

/// Where a step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    Pending,
    Running,
    Passed,
    Failed,
    /// Not run because a step it needs failed.
    Skipped,
    /// Not run (or stopped) because the run stopped.
    Cancelled,
}

/// What a run reports, in order. Under `--json` each is one line,
/// `{"event": "started", ...}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum PipelineEvent {
    /// The whole graph, each step marked run or left out.
    Plan {
        steps: Vec<PlanStep>,
    },
    Started {
        step: String,
        kind: String,
    },
    /// A line of a step's output.
    Output {
        step: String,
        line: String,
    },
    /// A step that ran ended.
    Finished {
        step: String,
        state: StepState,
        duration_secs: f64,
        error: Option<String>,
    },
    /// A step that will not run in this run.
    Stopped {
        step: String,
        state: StepState,
        because: String,
    },
    /// A failed deploy's environment is being rolled back.
    RollingBack {
        step: String,
        env: String,
    },
    RolledBack {
        step: String,
        env: String,
        ok: bool,
        error: Option<String>,
    },
}

/// How one step of the run ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepReport {
    pub step: String,
    pub state: StepState,
    pub duration_secs: f64,
}

/// Every selected step's end state, in the order they were decided.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub steps: Vec<StepReport>,
}

impl Outcome {
    /// True when every selected step passed.
    pub fn passed(&self) -> bool {
        self.steps.iter().all(|s| s.state == StepState::Passed)
    }

    pub fn count(&self, state: StepState) -> usize {
        self.steps.iter().filter(|s| s.state == state).count()
    }
}
