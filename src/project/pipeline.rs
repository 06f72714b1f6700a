//! `[pipeline]`: the delivery graph, one `[pipeline.STEP]` table per step.
//! Each step is exactly one kind (a test tier, a build, a push, a deploy,
//! one of the project's commands, or a typed confirmation) and waits for
//! the steps named in `needs`, as Cloud Build's `waitFor` does. Steps keep
//! the file's order: it breaks ties when several steps could run next.
//!
//! Environment names (`push`, `deploy`, `confirm`, `against`) are plain
//! strings here: they are resolved when the pipeline runs, by whoever
//! supplies the push and deploy.

use serde::{Deserialize, Serialize};

use super::command::ProjectCommand;
use super::ordered::Ordered;
use super::tier::TestTier;

/// The variable a tier step's `against` sets by default: the template's
/// acceptance and smoke tests read the server's URL from it.
pub const DEFAULT_URL_VAR: &str = "SERVER_URL";

/// One `[pipeline.STEP]` table as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineStep {
    /// One line for `pipeline list`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Steps that must pass before this one starts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs: Vec<String>,
    /// Run this test tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// Build the deployable images (the [compose] files' services that build).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build: Option<bool>,
    /// Push the images for this environment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub push: Option<String>,
    /// Deploy to this environment (rolled back when it fails).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deploy: Option<String>,
    /// Run this `[commands]` entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// Ask for this environment's name to be confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm: Option<String>,
    /// Tier steps only: run the tier against this environment's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub against: Option<String>,
    /// Tier steps only: the variable that carries that URL (`SERVER_URL`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_var: Option<String>,
}

/// What a step does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StepKind {
    Tier {
        tier: String,
        /// The environment whose URL the tier runs against.
        against: Option<String>,
        url_var: String,
    },
    Build,
    Push {
        env: String,
    },
    Deploy {
        env: String,
    },
    Command {
        command: String,
    },
    Confirm {
        env: String,
    },
}

impl StepKind {
    /// The kind's key in runcli.toml.
    pub fn key(&self) -> &'static str {
        match self {
            StepKind::Tier { .. } => "tier",
            StepKind::Build => "build",
            StepKind::Push { .. } => "push",
            StepKind::Deploy { .. } => "deploy",
            StepKind::Command { .. } => "command",
            StepKind::Confirm { .. } => "confirm",
        }
    }

    /// The environment the step acts on or tests, if any.
    pub fn environment(&self) -> Option<&str> {
        match self {
            StepKind::Tier { against, .. } => against.as_deref(),
            StepKind::Push { env } | StepKind::Deploy { env } | StepKind::Confirm { env } => {
                Some(env)
            }
            StepKind::Build | StepKind::Command { .. } => None,
        }
    }

    /// `tier unit`, `deploy staging`: how lists and events name the kind.
    pub fn label(&self) -> String {
        match self {
            StepKind::Tier { tier, against, .. } => match against {
                Some(env) => format!("tier {tier} against {env}"),
                None => format!("tier {tier}"),
            },
            StepKind::Build => "build".into(),
            StepKind::Push { env } => format!("push {env}"),
            StepKind::Deploy { env } => format!("deploy {env}"),
            StepKind::Command { command } => format!("command {command}"),
            StepKind::Confirm { env } => format!("confirm {env}"),
        }
    }
}

impl PipelineStep {
    /// The kind keys this step sets (validation wants exactly one).
    pub fn kind_keys(&self) -> Vec<&'static str> {
        [
            ("tier", self.tier.is_some()),
            ("build", self.build == Some(true)),
            ("push", self.push.is_some()),
            ("deploy", self.deploy.is_some()),
            ("command", self.command.is_some()),
            ("confirm", self.confirm.is_some()),
        ]
        .into_iter()
        .filter_map(|(key, set)| set.then_some(key))
        .collect()
    }

    /// The step's kind; `None` unless exactly one kind key is set, which a
    /// validated manifest guarantees.
    pub fn kind(&self) -> Option<StepKind> {
        if self.kind_keys().len() != 1 {
            return None;
        }
        let env = |v: &Option<String>| v.clone();
        if let Some(tier) = &self.tier {
            return Some(StepKind::Tier {
                tier: tier.clone(),
                against: self.against.clone(),
                url_var: self
                    .url_var
                    .clone()
                    .unwrap_or_else(|| DEFAULT_URL_VAR.to_string()),
            });
        }
        if self.build == Some(true) {
            return Some(StepKind::Build);
        }
        if let Some(env) = env(&self.push) {
            return Some(StepKind::Push { env });
        }
        if let Some(env) = env(&self.deploy) {
            return Some(StepKind::Deploy { env });
        }
        if let Some(command) = env(&self.command) {
            return Some(StepKind::Command { command });
        }
        self.confirm.clone().map(|env| StepKind::Confirm { env })
    }
}

/// The first cycle of `needs` among the steps, as `[a, b, a]`; depth first
/// in the file's order, so the same file always names the same cycle.
pub fn find_cycle(steps: &Ordered<PipelineStep>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Visiting,
        Done,
    }
    fn visit<'a>(
        steps: &'a Ordered<PipelineStep>,
        name: &'a str,
        marks: &mut Vec<(&'a str, Mark)>,
        stack: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        match marks.iter().find(|(n, _)| *n == name).map(|(_, m)| *m) {
            Some(Mark::Done) => return None,
            Some(Mark::Visiting) => {
                let from = stack.iter().position(|s| *s == name).unwrap_or(0);
                let mut cycle: Vec<String> = stack[from..].iter().map(|s| s.to_string()).collect();
                cycle.push(name.to_string());
                return Some(cycle);
            }
            None => {}
        }
        marks.push((name, Mark::Visiting));
        stack.push(name);
        if let Some(step) = steps.get(name) {
            for need in &step.needs {
                if let Some(cycle) = visit(steps, need, marks, stack) {
                    return Some(cycle);
                }
            }
        }
        stack.pop();
        if let Some(entry) = marks.iter_mut().find(|(n, _)| *n == name) {
            entry.1 = Mark::Done;
        }
        None
    }
    let mut marks = Vec::new();
    steps.keys().find_map(|name| {
        let mut stack = Vec::new();
        visit(steps, name, &mut marks, &mut stack)
    })
}

/// The default graph, when every tier and command it names is in the
/// project's own `[tests]` and `[commands]`; else none, since a graph with
/// holes cannot run.
pub fn default_fitting(
    base: Ordered<PipelineStep>,
    tiers: &Ordered<TestTier>,
    commands: &Ordered<ProjectCommand>,
) -> Ordered<PipelineStep> {
    let fits = base.values().all(|s| {
        s.tier.as_ref().is_none_or(|t| tiers.contains_key(t))
            && s.command.as_ref().is_none_or(|c| commands.contains_key(c))
    });
    if fits { base } else { Ordered::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(src: &str) -> Ordered<PipelineStep> {
        match toml::from_str(src) {
            Ok(steps) => steps,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn a_step_has_one_kind_with_its_environment() {
        let s = steps(
            "[a]\ntier = \"acceptance\"\nagainst = \"staging\"\n[b]\ndeploy = \"prod\"\n\
             [c]\nbuild = false\n",
        );
        assert_eq!(
            s["a"].kind(),
            Some(StepKind::Tier {
                tier: "acceptance".into(),
                against: Some("staging".into()),
                url_var: DEFAULT_URL_VAR.into(),
            })
        );
        assert_eq!(
            s["b"].kind().as_ref().and_then(|k| k.environment()),
            Some("prod")
        );
        assert_eq!(s["c"].kind(), None, "build = false is no kind");
    }

    #[test]
    fn cycles_are_named_in_file_order() {
        let s = steps("[a]\n[b]\nneeds = [\"c\"]\n[c]\nneeds = [\"d\"]\n[d]\nneeds = [\"b\"]\n");
        assert_eq!(
            find_cycle(&s),
            Some(vec!["b".into(), "c".into(), "d".into(), "b".into()])
        );
        let s = steps("[a]\n[b]\nneeds = [\"a\"]\n[c]\nneeds = [\"a\", \"b\"]\n");
        assert_eq!(find_cycle(&s), None);
    }
}
