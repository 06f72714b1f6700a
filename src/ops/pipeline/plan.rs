//! Which steps a run takes, decided before anything runs (pure).
//!
//! - No `--to`: every step.
//! - `--to ENV`: the `deploy = "ENV"` step, every step it needs
//!   (transitively), and every step that needs it (transitively) whose
//!   own needs are all taken and that names no other environment (a push,
//!   deploy or confirm of another one, or a tier against another one). So
//!   `--to staging` runs the tests against staging and stops before the
//!   production confirmation; `--to production` runs the whole default graph.
//! - `--from STEP`: of those, STEP and the steps that need it
//!   (transitively); every other step is not run and counts as passed.
//!   This resumes a run after a fix without repeating what passed.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::project::{Ordered, PipelineStep, StepKind};

/// One step of the graph, resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanStep {
    pub step: String,
    #[serde(flatten)]
    pub kind: StepKind,
    pub needs: Vec<String>,
    /// False for a step this run leaves out (it counts as passed).
    pub run: bool,
}

/// Every step in the file's order, each marked run or left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub steps: Vec<PlanStep>,
}

impl Plan {
    /// The steps this run takes, in the file's order.
    pub fn selected(&self) -> impl Iterator<Item = &PlanStep> {
        self.steps.iter().filter(|s| s.run)
    }

    pub fn get(&self, name: &str) -> Option<&PlanStep> {
        self.steps.iter().find(|s| s.step == name)
    }
}

/// Why a selection cannot be made: the command line asks for something
/// the pipeline does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error(
        "runcli.toml has no [pipeline] steps; write [pipeline.STEP] tables (README, \"Pipeline\")"
    )]
    Empty,
    #[error("no step deploys to `{env}`; the pipeline deploys to: {}", list(.known))]
    NoDeploy { env: String, known: Vec<String> },
    #[error("no step `{step}` in [pipeline]; steps: {}", list(.known))]
    UnknownStep { step: String, known: Vec<String> },
    #[error("step `{step}` is not on the way to `{env}`; pick one of: {}", list(.taken))]
    FromOutside {
        step: String,
        env: String,
        taken: Vec<String>,
    },
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "(none)".into()
    } else {
        names.join(", ")
    }
}

/// The plan for `--to` and `--from`; `steps` must be a validated graph.
pub fn plan(
    steps: &Ordered<PipelineStep>,
    to: Option<&str>,
    from: Option<&str>,
) -> Result<Plan, PlanError> {
    if steps.is_empty() {
        return Err(PlanError::Empty);
    }
    let kinds: Vec<(&str, StepKind)> = steps
        .iter()
        .filter_map(|(name, step)| step.kind().map(|k| (name.as_str(), k)))
        .collect();
    let kind_of = |name: &str| kinds.iter().find(|(n, _)| *n == name).map(|(_, k)| k);
    let mut taken: BTreeSet<&str> = steps.keys().map(String::as_str).collect();
    if let Some(env) = to {
        let deploy = kinds
            .iter()
            .find(|(_, k)| matches!(k, StepKind::Deploy { env: e } if e == env))
            .map(|(n, _)| *n)
            .ok_or_else(|| PlanError::NoDeploy {
                env: env.to_string(),
                known: kinds
                    .iter()
                    .filter_map(|(_, k)| match k {
                        StepKind::Deploy { env } => Some(env.clone()),
                        _ => None,
                    })
                    .collect(),
            })?;
        let below = descendants(steps, deploy);
        let mut chosen = ancestors(steps, deploy);
        chosen.insert(deploy);
        for name in topological(steps) {
            if !below.contains(name) {
                continue;
            }
            let other_env = kind_of(name)
                .and_then(StepKind::environment)
                .is_some_and(|e| e != env);
            let needs_taken = steps[name]
                .needs
                .iter()
                .all(|n| chosen.contains(n.as_str()));
            if !other_env && needs_taken {
                chosen.insert(name);
            }
        }
        taken = chosen;
    }
    if let Some(start) = from {
        if !steps.contains_key(start) {
            return Err(PlanError::UnknownStep {
                step: start.to_string(),
                known: steps.keys().cloned().collect(),
            });
        }
        if !taken.contains(start) {
            return Err(PlanError::FromOutside {
                step: start.to_string(),
                env: to.unwrap_or_default().to_string(),
                taken: steps
                    .keys()
                    .filter(|n| taken.contains(n.as_str()))
                    .cloned()
                    .collect(),
            });
        }
        let mut from_on = descendants(steps, start);
        from_on.insert(start);
        taken.retain(|n| from_on.contains(n));
    }
    Ok(Plan {
        steps: kinds
            .into_iter()
            .map(|(name, kind)| PlanStep {
                step: name.to_string(),
                kind,
                needs: steps[name].needs.clone(),
                run: taken.contains(name),
            })
            .collect(),
    })
}

/// Every step `name` needs, directly or not.
fn ancestors<'a>(steps: &'a Ordered<PipelineStep>, name: &str) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&str> = steps
        .get(name)
        .map(|s| s.needs.iter().map(String::as_str).collect())
        .unwrap_or_default();
    while let Some(next) = todo.pop() {
        if let Some((key, step)) = steps.iter().find(|(k, _)| *k == next)
            && seen.insert(key.as_str())
        {
            todo.extend(step.needs.iter().map(String::as_str));
        }
    }
    seen
}

/// Every step that needs `name`, directly or not.
fn descendants<'a>(steps: &'a Ordered<PipelineStep>, name: &str) -> BTreeSet<&'a str> {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut grew = true;
    while grew {
        grew = false;
        for (key, step) in steps {
            if seen.contains(key.as_str()) {
                continue;
            }
            if step
                .needs
                .iter()
                .any(|n| n == name || seen.contains(n.as_str()))
            {
                seen.insert(key);
                grew = true;
            }
        }
    }
    seen
}

/// The order a one-at-a-time run takes: repeatedly the first step in the
/// file whose needs are all done. Steps caught in a cycle (validation
/// refuses those) are left out.
pub fn topological(steps: &Ordered<PipelineStep>) -> Vec<&str> {
    let mut done: Vec<&str> = Vec::new();
    while let Some((name, _)) = steps.iter().find(|(name, step)| {
        !done.contains(&name.as_str()) && step.needs.iter().all(|n| done.contains(&n.as_str()))
    }) {
        done.push(name);
    }
    done
}
