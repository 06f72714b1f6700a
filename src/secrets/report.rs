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

/// Merges per-target unused-value warnings into one per variable.
pub(crate) fn merge_unused(warnings: Vec<Warning>) -> Vec<Warning> {
    let mut out: Vec<Warning> = Vec::new();
    for warning in warnings {
        if let Warning::UnusedValue { variable, targets } = &warning
            && let Some(Warning::UnusedValue { targets: into, .. }) = out
                .iter_mut()
                .find(|w| matches!(w, Warning::UnusedValue { variable: v, .. } if v == variable))
        {
            into.extend(targets.iter().cloned());
            continue;
        }
        out.push(warning);
    }
    out
}
