//! Takes a plan's steps one at a time: next is the first selected step in
//! the file's order whose needs have all passed (a step the plan leaves out
//! counts as passed). The first failure stops the run: what needs the
//! failed step is skipped, everything else not started is cancelled. A
//! failed deploy asks for its environment's rollback before the run ends.

use std::collections::BTreeSet;
use std::time::Instant;

use futures::future::BoxFuture;
use tokio_util::sync::CancellationToken;

use super::delivery::StepOut;
use super::{Outcome, PipelineEvent, Plan, StepReport, StepState};
use crate::project::StepKind;

/// Runs one step of a given kind; `Err` carries why it failed.
pub trait StepRunner: Send + Sync {
    fn run<'a>(
        &'a self,
        step: &'a str,
        kind: &'a StepKind,
        out: StepOut<'a>,
    ) -> BoxFuture<'a, Result<(), String>>;

    /// Rolls the environment back after its deploy failed.
    fn rollback<'a>(&'a self, env: &'a str, out: StepOut<'a>) -> BoxFuture<'a, Result<(), String>>;
}

/// Runs the plan's selected steps; reports through `events`. Cancelling
/// `cancel` starts no further step; the running one stops through its own
/// copy of the token (the [`StepRunner`] holds it) and counts as cancelled.
pub async fn run(
    plan: &Plan,
    runner: &dyn StepRunner,
    events: &mut (dyn FnMut(PipelineEvent) + Send),
    cancel: &CancellationToken,
) -> Outcome {
    events(PipelineEvent::Plan {
        steps: plan.steps.clone(),
    });
    let mut passed: BTreeSet<&str> = plan
        .steps
        .iter()
        .filter(|s| !s.run)
        .map(|s| s.step.as_str())
        .collect();
    let mut reports: Vec<StepReport> = Vec::new();
    let mut failed: Option<String> = None;
    loop {
        let decided = |name: &str, reports: &[StepReport]| reports.iter().any(|r| r.step == name);
        let next = plan.selected().find(|s| {
            !decided(&s.step, &reports) && s.needs.iter().all(|n| passed.contains(n.as_str()))
        });
        let Some(step) = next.filter(|_| failed.is_none() && !cancel.is_cancelled()) else {
            break;
        };
        events(PipelineEvent::Started {
            step: step.step.clone(),
            kind: step.kind.label(),
        });
        let started = Instant::now();
        let name = step.step.clone();
        let result = {
            let mut out = |line: String| {
                events(PipelineEvent::Output {
                    step: name.clone(),
                    line,
                })
            };
            // Not raced against `cancel`: the step sees the same token and
            // stops by itself, so a one-off container is removed, never
            // left behind by a dropped future.
            runner.run(&step.step, &step.kind, &mut out).await
        };
        let state = match &result {
            Ok(()) => StepState::Passed,
            Err(_) if cancel.is_cancelled() => StepState::Cancelled,
            Err(_) => StepState::Failed,
        };
        let duration_secs = started.elapsed().as_secs_f64();
        events(PipelineEvent::Finished {
            step: step.step.clone(),
            state,
            duration_secs,
            error: result.err(),
        });
        reports.push(StepReport {
            step: step.step.clone(),
            state,
            duration_secs,
        });
        match state {
            StepState::Passed => {
                passed.insert(&step.step);
            }
            StepState::Failed => {
                failed = Some(step.step.clone());
                if let StepKind::Deploy { env } = &step.kind {
                    roll_back(runner, &step.step, env, events).await;
                }
            }
            _ => {}
        }
    }
    stop_the_rest(plan, failed.as_deref(), &mut reports, events);
    Outcome { steps: reports }
}

async fn roll_back(
    runner: &dyn StepRunner,
    step: &str,
    env: &str,
    events: &mut (dyn FnMut(PipelineEvent) + Send),
) {
    events(PipelineEvent::RollingBack {
        step: step.to_string(),
        env: env.to_string(),
    });
    let result = {
        let mut out = |line: String| {
            events(PipelineEvent::Output {
                step: step.to_string(),
                line,
            })
        };
        runner.rollback(env, &mut out).await
    };
    events(PipelineEvent::RolledBack {
        step: step.to_string(),
        env: env.to_string(),
        ok: result.is_ok(),
        error: result.err(),
    });
}

/// Every selected step not decided yet: skipped when it needs the failed
/// step (directly or not), cancelled otherwise.
fn stop_the_rest(
    plan: &Plan,
    failed: Option<&str>,
    reports: &mut Vec<StepReport>,
    events: &mut (dyn FnMut(PipelineEvent) + Send),
) {
    let mut blocked: BTreeSet<String> = failed.map(str::to_string).into_iter().collect();
    let mut grew = true;
    while grew {
        grew = false;
        for step in &plan.steps {
            if !blocked.contains(&step.step) && step.needs.iter().any(|n| blocked.contains(n)) {
                blocked.insert(step.step.clone());
                grew = true;
            }
        }
    }
    for step in plan.selected() {
        if reports.iter().any(|r| r.step == step.step) {
            continue;
        }
        let (state, because) = match failed {
            Some(f) if blocked.contains(&step.step) => {
                (StepState::Skipped, format!("it needs `{f}`, which failed"))
            }
            Some(f) => (
                StepState::Cancelled,
                format!("the run stopped when `{f}` failed"),
            ),
            None => (StepState::Cancelled, "the run was cancelled".to_string()),
        };
        events(PipelineEvent::Stopped {
            step: step.step.clone(),
            state,
            because,
        });
        reports.push(StepReport {
            step: step.step.clone(),
            state,
            duration_secs: 0.0,
        });
    }
}
