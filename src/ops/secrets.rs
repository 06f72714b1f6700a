//! The secrets operations both faces share: building the compiler for a
//! project, the Secrets pane's snapshot, and compiling.

use crate::app::{EnvSecrets, SecretsSnapshot};
use crate::project::{Project, ProjectError};
use crate::secrets::{Compiler, SecretsError};

/// Why the compiler could not be built.
#[derive(Debug, thiserror::Error)]
pub enum CompilerError {
    #[error(transparent)]
    Project(#[from] ProjectError),
    #[error(transparent)]
    Secrets(#[from] SecretsError),
}

/// The compiler for `project`'s inputs, with `version` from its config.json.
pub fn compiler(project: &Project) -> Result<Compiler, CompilerError> {
    let version = project.read_version()?;
    Ok(Compiler::new(
        &project.root,
        &project.manifest.secrets,
        version,
    )?)
}

/// Everything the Secrets pane shows. Blocking: reads files and git.
pub fn snapshot(project: &Project) -> Result<SecretsSnapshot, String> {
    let compiler = compiler(project).map_err(|e| e.to_string())?;
    let report = compiler.check();
    let envs = compiler
        .environments()
        .into_iter()
        .map(|name| match compiler.diff_env(&name) {
            Ok(diffs) => EnvSecrets {
                name,
                diffs,
                error: None,
            },
            Err(e) => EnvSecrets {
                name,
                diffs: Vec::new(),
                error: Some(e.to_string()),
            },
        })
        .collect();
    Ok(SecretsSnapshot {
        envs,
        errors: report.errors.iter().map(ToString::to_string).collect(),
        warnings: report.warnings.iter().map(ToString::to_string).collect(),
    })
}

/// Compiles one environment, or every target when `env` is `None`; returns
/// the paths written, relative to the project root. Blocking.
pub fn compile(project: &Project, env: Option<&str>) -> Result<Vec<String>, String> {
    let compiler = compiler(project).map_err(|e| e.to_string())?;
    let written = match env {
        Some(env) => compiler.compile_env(env, false),
        None => compiler.compile_all(false),
    }
    .map_err(|e| e.to_string())?;
    Ok(written
        .into_iter()
        .map(|f| {
            f.path
                .strip_prefix(&project.root)
                .unwrap_or(&f.path)
                .display()
                .to_string()
        })
        .collect())
}
