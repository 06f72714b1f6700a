//! `runcli secrets check`: everything a compile would verify, writing nothing.

use std::path::PathBuf;

use super::compiler::Compiler;
use super::error::SecretsError;
use super::git_guard::{self, GitState};
use super::plan::{OutputKind, PlannedOutput};
use super::report::{CheckReport, Warning, merge_by_variable};

impl Compiler {
    /// Validates the template, every target and every output path; writes
    /// nothing.
    pub fn check(&self) -> CheckReport {
        let mut report = CheckReport::default();
        for (env, outputs) in &self.config().environments {
            for output in &outputs.outputs {
                if self.values().get(&output.target).is_none() {
                    report.errors.push(SecretsError::MissingTarget {
                        env: env.clone(),
                        target: output.target.clone(),
                        values: self.values_path().to_path_buf(),
                    });
                }
            }
        }
        let mut warnings = Vec::new();
        for (target, info) in self.values().targets().iter().zip(self.targets()) {
            match self.render(target.name()) {
                Ok(rendered) => {
                    warnings.extend(rendered.warnings);
                    report.checked_targets.push(rendered.target);
                }
                Err(e) => report.errors.push(e),
            }
            if let (Some(_), Some(env)) = (&info.code_name, &info.env)
                && !self.config().environments.contains_key(env)
            {
                warnings.push(Warning::CodeNameWithoutEnvironment {
                    target: info.name.clone(),
                    env: env.clone(),
                });
            }
        }
        self.check_paths(&mut report, &mut warnings);
        report.warnings = merge_by_variable(warnings);
        report
    }

    fn check_paths(&self, report: &mut CheckReport, warnings: &mut Vec<Warning>) {
        let mut outputs: Vec<PlannedOutput> = self
            .environments()
            .iter()
            .filter_map(|env| self.plan(env).ok())
            .flatten()
            .collect();
        // One `--all` output stands for the folder.
        outputs.extend(self.plan_all().into_iter().take(1));
        let mut seen: Vec<PathBuf> = Vec::new();
        for output in outputs {
            if seen.contains(&output.path) {
                continue;
            }
            seen.push(output.path.clone());
            let abs = match self.resolve(&output) {
                Ok(abs) => abs,
                Err(e) => {
                    report.errors.push(e);
                    continue;
                }
            };
            let shown = if output.kind == OutputKind::All {
                PathBuf::from(&self.config().all_dir)
            } else {
                output.path.clone()
            };
            match git_guard::state(self.root(), &abs) {
                Ok(GitState::Tracked(_)) => warnings.push(Warning::GitUnsafe {
                    path: shown,
                    tracked: true,
                }),
                Ok(GitState::NotIgnored(_)) => warnings.push(Warning::GitUnsafe {
                    path: shown,
                    tracked: false,
                }),
                Ok(GitState::Unguarded | GitState::Ignored) => {}
                Err(e) => report.errors.push(e),
            }
        }
    }
}
