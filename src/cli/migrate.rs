//! `runcli migrate current | history | upgrade [REV] | downgrade [REV] |
//! new -m MSG`: prints what [`ops::migrations::run`] reports and maps its
//! outcome to an exit code.

use std::process::ExitCode;

use clap::Subcommand;

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

pub async fn run(project: &Project, command: MigrateCommand) -> anyhow::Result<ExitCode> {
    let op = command.op();
    // A manifest error is reported before the engine is asked for anything.
    project.manifest.migrations.command(&op)?;
    let engine = super::server::connect().await?;
    let mut emit = |event: ToolEvent<'_>| match event {
        ToolEvent::Progress(text) => eprintln!("{text}"),
        ToolEvent::Line(line) => println!("{}", line.text),
    };
    let outcome = match migrations::run(&engine, project, &op, &mut emit).await {
        Ok(outcome) => outcome,
        Err(MigrationError::Exited { code, .. }) => {
            eprintln!("migration command exited with code {code}");
            return Ok(ExitCode::from(1));
        }
        // The inner errors keep their own exit codes (2 manifest, 3 engine).
        Err(MigrationError::Project(e)) => return Err(e.into()),
        Err(MigrationError::Stack(e)) => return Err(e.into()),
        Err(e) => return Err(e.into()),
    };
    match outcome {
        MigrationOutcome::Current(current) if current.is_base() => {
            println!("current: base (no migration applied)");
        }
        MigrationOutcome::Current(current) => {
            let head = if current.is_head {
                " (head)"
            } else {
                " (not head)"
            };
            println!("current: {}{head}", current.revisions.join(", "));
        }
        MigrationOutcome::History(history) => {
            let heads: Vec<&str> = history.heads().map(|r| r.revision.as_str()).collect();
            println!(
                "{} revisions, head {}",
                history.entries.len(),
                heads.join(", ")
            );
        }
        MigrationOutcome::Applied { .. } => {}
    }
    Ok(ExitCode::SUCCESS)
}
