//! `runcli migrate current | history | upgrade [REV] | downgrade [REV] |
//! new -m MSG`: the manifest's migration commands (Flask-Migrate by
//! default) in a one-shot container of the API service, with the database
//! service started and healthy first.

use std::process::ExitCode;

use clap::Subcommand;

use crate::ops::tool_run::{ToolRun, run_tool};
use crate::parse::alembic::{parse_current, parse_history};
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

pub async fn run(project: &Project, command: MigrateCommand) -> anyhow::Result<ExitCode> {
    let section = &project.manifest.migrations;
    let op = match &command {
        MigrateCommand::Current => MigrationOp::Current,
        MigrateCommand::History => MigrationOp::History,
        MigrateCommand::Upgrade { revision } => MigrationOp::Upgrade {
            revision: revision.clone(),
        },
        MigrateCommand::Downgrade { revision } => MigrationOp::Downgrade {
            revision: revision.clone(),
        },
        MigrateCommand::New { message } => MigrationOp::New {
            message: message.clone(),
        },
    };
    let argv = section.command(&op)?;
    let compose = project.compose(section.compose_files.as_ref())?;
    let engine = super::server::connect().await?;
    let needs = [section.db_service.clone()];
    let run = ToolRun {
        compose: &compose,
        service: &section.service,
        needs: &needs,
        command: argv,
        env: &section.env,
    };
    let mut progress = |line: String| eprintln!("{line}");
    let mut echo = |line: &crate::app::LogLine| println!("{}", line.text);
    let (code, output) = run_tool(&engine, run, &mut progress, &mut echo).await?;
    if code != 0 {
        eprintln!("migration command exited with code {code}");
        return Ok(ExitCode::from(1));
    }
    let text = output.join("\n");
    match command {
        MigrateCommand::Current => {
            let current = parse_current(&text)?;
            if current.is_base() {
                println!("current: base (no migration applied)");
            } else {
                let head = if current.is_head {
                    " (head)"
                } else {
                    " (not head)"
                };
                println!("current: {}{head}", current.revisions.join(", "));
            }
        }
        MigrateCommand::History => {
            let history = parse_history(&text)?;
            println!(
                "{} revisions, head {}",
                history.entries.len(),
                history
                    .heads()
                    .map(|r| r.revision.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        _ => {}
    }
    Ok(ExitCode::SUCCESS)
}
