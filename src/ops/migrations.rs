//! Migrations: one command of `[migrations]` (Flask-Migrate's `flask db` by
//! default) in a one-shot container of the migrations service, with the
//! database service started and ready first. `runcli migrate` and the
//! Migrations pane both run this, so a revision, a default or a failure
//! means the same in both.

use crate::engine::Engine;
use crate::ops::stack::StackError;
use crate::ops::tool_run::{ToolEvent, ToolRun, run_tool};
use crate::parse::alembic::{AlembicError, Current, History, parse_current, parse_history};
use crate::project::{MigrationOp, Project, ProjectError};

/// What a migrations command ended with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MigrationOutcome {
    /// `current`: the revision(s) the database is at.
    Current(Current),
    /// `history`: every migration, head marked.
    History(History),
    /// `upgrade`, `downgrade` or `new` ran and exited 0; `output` is what it
    /// printed (`new` names the script it wrote there).
    Applied { output: Vec<String> },
}

/// Why a migrations command did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    /// The manifest's command or compose files are wrong.
    #[error(transparent)]
    Project(#[from] ProjectError),
    /// A service could not be started or the command not run.
    #[error(transparent)]
    Stack(#[from] StackError),
    /// The command ran and failed; `last` is its last line, often the reason.
    #[error("`{command}` exited with code {code}: {last}")]
    Exited {
        command: String,
        code: i64,
        last: String,
    },
    /// `current` / `history` printed something that is not a revision (a
    /// traceback, a refused connection): never read as "base".
    #[error("cannot read the output of `{command}`: {source}")]
    Output {
        command: String,
        #[source]
        source: AlembicError,
    },
}

impl MigrationError {
    /// Whether the Docker engine could not be reached (exit code 3).
    pub fn is_unreachable(&self) -> bool {
        matches!(self, MigrationError::Stack(e) if e.is_unreachable())
    }
}

/// Runs `op`: its argv from the manifest with `{revision}` / `{message}`
/// filled (the manifest's default revisions when none is given), in the
/// migrations service after its database service is ready. `current` and
/// `history` come back parsed.
pub async fn run(
    engine: &Engine,
    project: &Project,
    op: &MigrationOp,
    emit: &mut (dyn FnMut(ToolEvent<'_>) + Send),
) -> Result<MigrationOutcome, MigrationError> {
    let section = &project.manifest.migrations;
    let command = section.command(op)?;
    let shown = command.join(" ");
    let compose = project.compose(section.compose_files.as_ref())?;
    let needs = [section.db_service.clone()];
    let run = ToolRun {
        compose: &compose,
        service: &section.service,
        needs: &needs,
        command,
        env: &section.env,
    };
    let exit = run_tool(engine, run, emit).await?;
    if exit.code != 0 {
        return Err(MigrationError::Exited {
            command: shown,
            code: exit.code,
            last: exit.last_line().to_string(),
        });
    }
    let text = exit.output.join("\n");
    let unreadable = |source| MigrationError::Output {
        command: shown.clone(),
        source,
    };
    Ok(match op {
        MigrationOp::Current => {
            MigrationOutcome::Current(parse_current(&text).map_err(unreadable)?)
        }
        MigrationOp::History => {
            MigrationOutcome::History(parse_history(&text).map_err(unreadable)?)
        }
        _ => MigrationOutcome::Applied {
            output: exit.output,
        },
    })
}
