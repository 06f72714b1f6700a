//! `runcli migrate current | history | upgrade [REV] | downgrade [REV] |
//! new -m MSG`: prints what [`ops::migrations::run`] reports and maps its
//! outcome to an exit code. Under `--json`: a `progress` or `line` object
//! per event, then one object for the outcome (`current`, `history`,
//! `applied`); a command that exits non-zero is an error (exit 1).

use std::process::ExitCode;

use clap::Subcommand;
use serde_json::json;

use super::exit::Failure;
use super::output::Output;
use crate::app::LogSource;

use crate::ops::migrations::{self, MigrationError, MigrationOutcome};
use crate::ops::tool_run::ToolEvent;
use crate::project::{MigrationOp, Project};

#[derive(Debug, Subcommand)]
pub enum MigrateCommand {
    /// The revision the database is at.
    Current,
    /// Every migration, head and current marked.
    History,
    /// Upgrade to REV (default: head).
    Upgrade { revision: Option<String> },
    /// Downgrade to REV (default: one step back).
    Downgrade { revision: Option<String> },
    /// Generate a new revision from the models (autogenerate).
    New {
        #[arg(short, long)]
        message: String,
    },
}

impl MigrateCommand {
    fn op(self) -> MigrationOp {
        match self {
            MigrateCommand::Current => MigrationOp::Current,
            MigrateCommand::History => MigrationOp::History,
            MigrateCommand::Upgrade { revision } => MigrationOp::Upgrade { revision },
            MigrateCommand::Downgrade { revision } => MigrationOp::Downgrade { revision },
            MigrateCommand::New { message } => MigrationOp::New { message },
        }
    }
}

pub async fn run(
    project: &Project,
    command: MigrateCommand,
    out: Output,
) -> anyhow::Result<ExitCode> {
    let op = command.op();
    // A manifest error is reported before the engine is asked for anything.
    project.manifest.migrations.command(&op)?;
    let engine = super::server::connect().await?;
    let mut emit = |event: ToolEvent<'_>| match event {
        ToolEvent::Progress(text) => {
            if out.is_json() {
                let _ = out.record(&json!({"event": "progress", "text": text}));
            }
            eprintln!("{text}");
        }
        ToolEvent::Line(line) => {
            if out.is_json() {
                let stream = match line.source {
                    LogSource::Stdout => "stdout",
                    LogSource::Stderr => "stderr",
                };
                let _ = out.record(&json!({"event": "line", "stream": stream, "line": line.text}));
            }
            out.say(&line.text);
        }
    };
    let outcome = match migrations::run(&engine, project, &op, &mut emit).await {
        Ok(outcome) => outcome,
        Err(MigrationError::Exited { code, .. }) => {
            return Err(Failure(format!("migration command exited with code {code}")).into());
        }
        // The inner errors keep their own exit codes (2 manifest, 3 engine).
        Err(MigrationError::Project(e)) => return Err(e.into()),
        Err(MigrationError::Stack(e)) => return Err(e.into()),
        Err(e) => return Err(e.into()),
    };
    if out.is_json() {
        record_outcome(&outcome, out)?;
    }
    match outcome {
        MigrationOutcome::Current(current) if current.is_base() => {
            out.say("current: base (no migration applied)");
        }
        MigrationOutcome::Current(current) => {
            let head = if current.is_head {
                " (head)"
            } else {
                " (not head)"
            };
            out.say(format!("current: {}{head}", current.revisions.join(", ")));
        }
        MigrationOutcome::History(history) => {
            let heads: Vec<&str> = history.heads().map(|r| r.revision.as_str()).collect();
            out.say(format!(
                "{} revisions, head {}",
                history.entries.len(),
                heads.join(", ")
            ));
        }
        MigrationOutcome::Applied { .. } => {}
    }
    Ok(ExitCode::SUCCESS)
}

/// The outcome's one object: `current` (revisions, is_head, base),
/// `history` (entries newest first, heads) or `applied` (the output lines).
fn record_outcome(outcome: &MigrationOutcome, out: Output) -> anyhow::Result<()> {
    let object = match outcome {
        MigrationOutcome::Current(current) => json!({
            "event": "current",
            "revisions": current.revisions,
            "is_head": current.is_head,
            "base": current.is_base(),
        }),
        MigrationOutcome::History(history) => json!({
            "event": "history",
            "entries": history.entries,
            "heads": history.heads().map(|r| r.revision.as_str()).collect::<Vec<_>>(),
        }),
        MigrationOutcome::Applied { output } => json!({"event": "applied", "output": output}),
    };
    out.record(&object)?;
    Ok(())
}
