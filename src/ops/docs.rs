//! Docs: `[docs]`'s Sphinx commands in a one-shot container of the docs
//! service, sphinx-apidoc first only when asked (it rewrites the API stubs).
//! Sphinx's output is folded into a [`BuildProgress`] as it comes, and its
//! own verdict counts: a build Sphinx calls failed is failed even when the
//! command exits 0. `runcli docs build` and the Docs pane both run this.

use std::path::PathBuf;

use crate::engine::Engine;
use crate::ops::stack::StackError;
use crate::ops::tool_run::{LogLine, ToolEvent, ToolRun, run_tool};
use crate::parse::sphinx::{BuildProgress, SphinxLine};
use crate::project::{Project, ProjectError};

/// The two commands of a docs build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocsStep {
    /// `[docs] apidoc`: writes the API stubs from the sources.
    Apidoc,
    /// `[docs] build`: the html.
    Build,
}

/// What a docs build reports while it runs.
#[derive(Debug)]
pub enum DocsEvent<'a> {
    /// A command starts.
    Started {
        step: DocsStep,
        command: &'a [String],
    },
    /// runcli's own steps: starting the service, building its image.
    Progress(String),
    /// A line Sphinx printed, how it reads, and the overall percentage
    /// after it.
    Line {
        line: &'a LogLine,
        parsed: &'a SphinxLine,
        percent: u8,
    },
}

/// A build that ran: everything parsed from it, and whether it produced
/// the docs.
#[derive(Debug, Clone, PartialEq)]
pub struct DocsReport {
    pub progress: BuildProgress,
    /// The built index page, or why there is none.
    pub built: Result<PathBuf, DocsFailure>,
}

/// Why a build that ran produced no docs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocsFailure {
    #[error("`{command}` exited with code {code}")]
    Exited { command: String, code: i64 },
    /// Sphinx said so: `build finished with problems`, or it stopped early.
    #[error("Sphinx reports the build failed: {reason}")]
    Sphinx { reason: String },
    #[error("the build ended but {} is missing", index.display())]
    MissingIndex { index: PathBuf },
}

/// Why a build could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum DocsError {
    /// The manifest's compose files are wrong.
    #[error(transparent)]
    Project(#[from] ProjectError),
    /// The service could not be started or the command not run.
    #[error(transparent)]
    Stack(#[from] StackError),
}

impl DocsError {
    /// Whether the Docker engine could not be reached (exit code 3).
    pub fn is_unreachable(&self) -> bool {
        matches!(self, DocsError::Stack(e) if e.is_unreachable())
    }
}

/// sphinx-apidoc when `apidoc`, then the html build; stops at the first
/// command that fails.
pub async fn build(
    engine: &Engine,
    project: &Project,
    apidoc: bool,
    emit: &mut (dyn FnMut(DocsEvent<'_>) + Send),
) -> Result<DocsReport, DocsError> {
    let docs = &project.manifest.docs;
    let compose = project.compose(docs.compose_files.as_ref())?;
    let mut steps = Vec::new();
    if apidoc {
        steps.push((DocsStep::Apidoc, &docs.apidoc));
    }
    steps.push((DocsStep::Build, &docs.build));
    let mut progress = BuildProgress::new();
    for (step, command) in steps {
        emit(DocsEvent::Started { step, command });
        let run = ToolRun {
            compose: &compose,
            service: &docs.service,
            needs: &[],
            command: command.clone(),
            env: &docs.env,
        };
        let mut on_tool = |event: ToolEvent<'_>| match event {
            ToolEvent::Progress(text) => emit(DocsEvent::Progress(text)),
            ToolEvent::Line(line) => {
                let parsed = progress.push_line(&line.text);
                emit(DocsEvent::Line {
                    line,
                    parsed: &parsed,
                    percent: progress.percent,
                });
            }
        };
        let exit = run_tool(engine, run, &mut on_tool).await?;
        if exit.code != 0 {
            let failure = DocsFailure::Exited {
                command: command.join(" "),
                code: exit.code,
            };
            return Ok(DocsReport {
                progress,
                built: Err(failure),
            });
        }
    }
    let built = verdict(&progress, project.root.join(&docs.index));
    Ok(DocsReport { progress, built })
}

/// Sphinx's own verdict first, then whether the index page exists.
fn verdict(progress: &BuildProgress, index: PathBuf) -> Result<PathBuf, DocsFailure> {
    if progress.ok() == Some(false) {
        let reason = match &progress.aborted {
            Some(reason) if !reason.is_empty() => reason.clone(),
            _ => format!(
                "build finished with problems ({} warnings, {} errors)",
                progress.warnings.len(),
                progress.errors()
            ),
        };
        return Err(DocsFailure::Sphinx { reason });
    }
    if index.exists() {
        Ok(index)
    } else {
        Err(DocsFailure::MissingIndex { index })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fed(lines: &[&str]) -> BuildProgress {
        let mut progress = BuildProgress::new();
        for line in lines {
            progress.push_line(line);
        }
        progress
    }

    #[test]
    fn sphinx_failure_fails_even_with_an_index() {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("index.html");
        std::fs::write(&index, "<html/>").unwrap();
        let progress = fed(&[
            "docs/source/api.rst:3: WARNING: duplicate label",
            "build finished with problems, 1 warning (with warnings treated as errors).",
        ]);
        let verdict = verdict(&progress, index);
        assert!(
            matches!(verdict, Err(DocsFailure::Sphinx { .. })),
            "{verdict:?}"
        );
    }

    #[test]
    fn success_needs_the_index() {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("index.html");
        let progress = fed(&["build succeeded, 2 warnings."]);
        assert_eq!(
            verdict(&progress, index.clone()),
            Err(DocsFailure::MissingIndex {
                index: index.clone()
            })
        );
        std::fs::write(&index, "<html/>").unwrap();
        assert_eq!(verdict(&progress, index.clone()), Ok(index));
    }
}
