//! Compiling to disk: render everything, check every destination, then write.
//!
//! Nothing is written unless every output of the compile rendered, read back
//! cleanly and has a safe destination (inside the project, not a folder, not
//! committable by git unless `allow_tracked`). Each file is then replaced
//! atomically with a backup of the old one (see `write.rs`). If a later file
//! fails to write, the files already written stay written and the error says
//! which one failed.

use std::path::{Path, PathBuf};

use super::compiler::{Compiler, Rendered};
use super::error::{Result, SecretsError};
use super::git_guard;
use super::plan::{OutputKind, PlannedOutput};
use super::write::{WrittenFile, write_env_file};

impl Compiler {
    /// Writes every output of `env` (see `plan`).
    pub fn compile_env(&self, env: &str, allow_tracked: bool) -> Result<Vec<WrittenFile>> {
        let plan = self.plan(env)?;
        self.compile_plan(&plan, allow_tracked)
    }

    /// Writes every target to `<all_dir>/<target>.env`.
    pub fn compile_all(&self, allow_tracked: bool) -> Result<Vec<WrittenFile>> {
        self.compile_plan(&self.plan_all(), allow_tracked)
    }

    /// Writes one target to a path the user named explicitly; such a path
    /// may lie outside the project root. The git guard still applies.
    pub fn compile_target_to(
        &self,
        target: &str,
        path: &Path,
        allow_tracked: bool,
    ) -> Result<WrittenFile> {
        let output = PlannedOutput {
            target: target.to_string(),
            path: path.to_path_buf(),
            kind: OutputKind::Explicit,
        };
        let mut written = self.compile_plan(&[output], allow_tracked)?;
        written.pop().ok_or_else(|| SecretsError::UnsafePath {
            path: path.to_path_buf(),
            reason: "nothing was planned".to_string(),
        })
    }

    /// Renders, checks and writes a plan, in that order.
    pub fn compile_plan(
        &self,
        plan: &[PlannedOutput],
        allow_tracked: bool,
    ) -> Result<Vec<WrittenFile>> {
        let rendered: Vec<Rendered> = plan
            .iter()
            .map(|o| self.render(&o.target))
            .collect::<Result<_>>()?;
        let mut destinations: Vec<PathBuf> = Vec::with_capacity(plan.len());
        for output in plan {
            let abs = self.resolve(output)?;
            if abs.is_dir() {
                return Err(SecretsError::Write {
                    path: output.path.clone(),
                    source: std::io::Error::other("it is a folder; remove it or pick another path"),
                });
            }
            if let Some(i) = destinations.iter().position(|d| *d == abs) {
                return Err(SecretsError::UnsafePath {
                    path: output.path.clone(),
                    reason: format!(
                        "targets `{}` and `{}` both write it; give each its own path",
                        plan[i].target, output.target
                    ),
                });
            }
            git_guard::guard(self.root(), &abs, allow_tracked)?;
            destinations.push(abs);
        }
        let mut written = Vec::with_capacity(plan.len());
        for ((output, rendered), abs) in plan.iter().zip(&rendered).zip(destinations) {
            let (status, backup) = write_env_file(self.root(), &abs, &rendered.text)?;
            tracing::info!(target = %output.target, path = %abs.display(), ?status, "env file compiled");
            written.push(WrittenFile {
                target: output.target.clone(),
                path: abs,
                status,
                backup,
            });
        }
        Ok(written)
    }
}
