//! The Migrations and Docs panes' operations as tasks: the tool's output
//! streams as messages, and the parsed result ends the run.

use std::sync::Arc;

use tokio::sync::mpsc;

use crate::app::{LogLine, MigrationAction, Msg};
use crate::engine::Engine;
use crate::ops::tool_run::{ToolRun, run_tool};
use crate::parse::alembic::{parse_current, parse_history};
use crate::project::{MigrationOp, Project};

/// Runs one migrations command; `Refresh` runs current, then history.
pub fn migrate(
    engine: Engine,
    project: Arc<Project>,
    action: MigrationAction,
    tx: mpsc::Sender<Msg>,
) {
    tokio::spawn(async move {
        let msg = match action {
            MigrationAction::Refresh => {
                let current = run_migration(&engine, &project, MigrationOp::Current, &tx).await;
                let history = run_migration(&engine, &project, MigrationOp::History, &tx).await;
                Msg::Migrated {
                    outcome: Ok("read".to_string()),
                    current: Some(
                        current.and_then(|t| parse_current(&t).map_err(|e| e.to_string())),
                    ),
                    history: Some(
                        history.and_then(|t| parse_history(&t).map_err(|e| e.to_string())),
                    ),
                }
            }
            other => {
                let op = match other {
                    MigrationAction::Upgrade => MigrationOp::Upgrade { revision: None },
                    MigrationAction::Downgrade => MigrationOp::Downgrade { revision: None },
                    MigrationAction::New { message } => MigrationOp::New { message },
                    MigrationAction::Refresh => MigrationOp::Current,
                };
                let outcome = run_migration(&engine, &project, op, &tx)
                    .await
                    .map(|_| "done".to_string());
                Msg::Migrated {
                    outcome,
                    current: None,
                    history: None,
                }
            }
        };
        let _ = tx.send(msg).await;
    });
}

/// The command's whole output, or why it failed (exit code, engine).
async fn run_migration(
    engine: &Engine,
    project: &Project,
    op: MigrationOp,
    tx: &mpsc::Sender<Msg>,
) -> Result<String, String> {
    let section = &project.manifest.migrations;
    let command = section.command(&op).map_err(|e| e.to_string())?;
    let compose = project
        .compose(section.compose_files.as_ref())
        .map_err(|e| e.to_string())?;
    let needs = [section.db_service.clone()];
    let run = ToolRun {
        compose: &compose,
        service: &section.service,
        needs: &needs,
        command,
        env: &section.env,
    };
    let progress_tx = tx.clone();
    let mut progress = move |line: String| {
        let _ = progress_tx.try_send(Msg::MigrationOutput(vec![LogLine::stdout(format!(
            "» {line}"
        ))]));
    };
    let line_tx = tx.clone();
    let mut line = move |l: &LogLine| {
        let _ = line_tx.try_send(Msg::MigrationOutput(vec![l.clone()]));
    };
    let (code, output) = run_tool(engine, run, &mut progress, &mut line)
        .await
        .map_err(|e| e.to_string())?;
    if code != 0 {
        return Err(format!(
            "exited with code {code}: {}",
            output.last().cloned().unwrap_or_default()
        ));
    }
    Ok(output.join("\n"))
}

/// apidoc, then the html build; ends with the index path or the failure.
pub fn build_docs(engine: Engine, project: Arc<Project>, tx: mpsc::Sender<Msg>) {
    tokio::spawn(async move {
        let docs = &project.manifest.docs;
        let outcome = async {
            let compose = project
                .compose(docs.compose_files.as_ref())
                .map_err(|e| e.to_string())?;
            for command in [docs.apidoc.clone(), docs.build.clone()] {
                let run = ToolRun {
                    compose: &compose,
                    service: &docs.service,
                    needs: &[],
                    command,
                    env: &docs.env,
                };
                let progress_tx = tx.clone();
                let mut progress = move |line: String| {
                    let _ = progress_tx
                        .try_send(Msg::DocsOutput(vec![LogLine::stdout(format!("» {line}"))]));
                };
                let line_tx = tx.clone();
                let mut line = move |l: &LogLine| {
                    let _ = line_tx.try_send(Msg::DocsOutput(vec![l.clone()]));
                };
                let (code, _) = run_tool(&engine, run, &mut progress, &mut line)
                    .await
                    .map_err(|e| e.to_string())?;
                if code != 0 {
                    return Err(format!("sphinx exited with code {code}"));
                }
            }
            let index = project.root.join(&docs.index);
            if index.exists() {
                Ok(index.display().to_string())
            } else {
                Err(format!(
                    "the build ended but {} is missing",
                    index.display()
                ))
            }
        }
        .await;
        let _ = tx.send(Msg::DocsBuilt(outcome)).await;
    });
}

/// Opens `path` with the platform's opener, detached.
pub fn open_path(path: &str) -> Result<(), String> {
    #[cfg(target_os = "macos")]
    let mut command = std::process::Command::new("open");
    #[cfg(windows)]
    let mut command = {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    };
    #[cfg(all(unix, not(target_os = "macos")))]
    let mut command = std::process::Command::new("xdg-open");
    command
        .arg(path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(drop)
        .map_err(|e| format!("cannot open {path}: {e}"))
}
