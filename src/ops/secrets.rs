//! The secrets operations both faces share: building the compiler for a
//! project, the Secrets pane's snapshot, and compiling. The snapshot's
//! types live here, with the operation that makes them, so `ops` needs
//! nothing from `app`.

use crate::project::{Project, ProjectError};
use crate::secrets::{Compiler, Diff, SecretsError};

/// One environment and the diff of each of its outputs against the disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvSecrets {
    pub name: String,
    pub diffs: Vec<Diff>,
    /// Why this environment could not be diffed, when it could not.
    pub error: Option<String>,
}

/// What the pane shows, read from the template, values and files on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretsSnapshot {
    pub envs: Vec<EnvSecrets>,
    /// Check errors: each names the target, file and line.
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
}

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
