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
    /// A boolean printed with `{{ x }}`: tera writes `true`/`false` where
    /// Jinja wrote `True`/`False`.
    PrintedBoolean {
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
            Warning::PrintedBoolean { variable, targets } => write!(
                f,
                "`{variable}` is a boolean in {}: it prints `true`/`false` where Jinja printed `True`/`False`; write `{{% if {variable} %}}True{{% else %}}False{{% endif %}}` to keep the old spelling",
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

/// Merges per-target warnings about one variable into one warning each.
pub(crate) fn merge_by_variable(warnings: Vec<Warning>) -> Vec<Warning> {
    fn parts(w: &mut Warning) -> Option<(bool, &String, &mut Vec<String>)> {
        match w {
            Warning::UnusedValue { variable, targets } => Some((true, variable, targets)),
            Warning::PrintedBoolean { variable, targets } => Some((false, variable, targets)),
            Warning::GitUnsafe { .. } | Warning::CodeNameWithoutEnvironment { .. } => None,
        }
    }
    let mut out: Vec<Warning> = Vec::new();
    for mut warning in warnings {
        if let Some((kind, variable, targets)) = parts(&mut warning) {
            let (kind, variable, targets) = (kind, variable.clone(), std::mem::take(targets));
            let existing = out
                .iter_mut()
                .find_map(|w| parts(w).filter(|(k, v, _)| *k == kind && **v == variable));
            match existing {
                Some((_, _, into)) => into.extend(targets),
                None => {
                    if let Some((_, _, slot)) = parts(&mut warning) {
                        *slot = targets;
                    }
                    out.push(warning);
                }
            }
            continue;
        }
        out.push(warning);
    }
    out
}
