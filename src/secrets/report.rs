//! Findings of `check` and `render` that do not stop a compile.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use super::error::SecretsError;

/// Something worth fixing that does not stop a compile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// Targets define a variable the template never reads.
    UnusedValue {
        variable: String,
        targets: Vec<String>,
    },
    /// A printed value runs straight into template text (`VERSION=1.2.3#
    /// comment`, `VERSION=1.2.3NEXT=`), usually a line joined by `{%-`;
    /// dotenv reads that text as part of the value. The output is what
    /// Jinja2 renders all the same.
    ValueRunsOn {
        variable: String,
        into: String,
        targets: Vec<String>,
    },
    /// Compiling would refuse this output (without `--allow-tracked`).
    GitUnsafe { path: PathBuf, tracked: bool },
    /// A code-name target whose environment runcli.toml does not define.
    CodeNameWithoutEnvironment { target: String, env: String },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::UnusedValue { variable, targets } => write!(
                f,
                "`{variable}` is set in {} but the template never uses it; remove it or use it",
                targets.join(", ")
            ),
            Warning::ValueRunsOn {
                variable,
                into,
                targets,
            } => write!(
                f,
                "the value of `{variable}` runs into `{into}` in {}, so dotenv reads that text as part of the value (a `{{%-` joined the lines?); add a newline or a space before it if that is not meant",
                targets.join(", ")
            ),
            Warning::GitUnsafe {
                path,
                tracked: true,
            } => write!(
                f,
                "{} is tracked by git; compile will refuse it until you run `git rm --cached {}` and add it to .gitignore",
                path.display(),
                path.display()
            ),
            Warning::GitUnsafe {
                path,
                tracked: false,
            } => write!(
                f,
                "{} is not ignored by git; compile will refuse it until you add `{}` to .gitignore",
                path.display(),
                path.display()
            ),
            Warning::CodeNameWithoutEnvironment { target, env } => write!(
                f,
                "target `{target}` belongs to environment `{env}`, which runcli.toml does not define; it compiles only with --all"
            ),
        }
    }
}

/// Result of `Compiler::check`: nothing was written.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub errors: Vec<SecretsError>,
    pub warnings: Vec<Warning>,
    /// Targets that rendered and read back cleanly.
    pub checked_targets: Vec<String>,
}

impl CheckReport {
    /// True when no error was found (warnings allowed).
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Merges per-target warnings that say the same thing into one warning
/// listing every target.
pub(crate) fn merge_by_variable(warnings: Vec<Warning>) -> Vec<Warning> {
    /// The warning without its targets, and its targets.
    fn split(w: &mut Warning) -> Option<(Warning, &mut Vec<String>)> {
        match w {
            Warning::UnusedValue { variable, targets } => Some((
                Warning::UnusedValue {
                    variable: variable.clone(),
                    targets: Vec::new(),
                },
                targets,
            )),
            Warning::ValueRunsOn {
                variable,
                into,
                targets,
            } => Some((
                Warning::ValueRunsOn {
                    variable: variable.clone(),
                    into: into.clone(),
                    targets: Vec::new(),
                },
                targets,
            )),
            Warning::GitUnsafe { .. } | Warning::CodeNameWithoutEnvironment { .. } => None,
        }
    }
    let mut out: Vec<Warning> = Vec::new();
    for mut warning in warnings {
        let Some((key, targets)) = split(&mut warning) else {
            out.push(warning);
            continue;
        };
        let targets = std::mem::take(targets);
        let existing = out
            .iter_mut()
            .filter_map(|w| split(w))
            .find(|(k, _)| *k == key);
        match existing {
            Some((_, into)) => into.extend(targets),
            None => {
                if let Some((_, slot)) = split(&mut warning) {
                    *slot = targets;
                }
                out.push(warning);
            }
        }
    }
    out
}
