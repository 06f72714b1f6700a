//! The Migrations and Docs panes' operations as tasks: each runs the same
//! op as `runcli migrate` / `runcli docs build`, its output streams as
//! messages (waiting for room in the console's channel, never dropped:
//! see `relay.rs`), and the outcome ends the run.

use std::sync::Arc;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::relay::Relay;
use crate::app::{LogLine, MigrationAction, Msg};
use crate::engine::Engine;
use crate::ops::docs::{self, DocsEvent};
use crate::ops::migrations::{self, MigrationOutcome};
use crate::ops::tool_run::ToolEvent;
use crate::project::{MigrationOp, Project};

/// Runs one migrations action; `Refresh` runs current, then history.
pub fn migrate(
    engine: Engine,
    project: Arc<Project>,
    action: MigrationAction,
    tx: mpsc::Sender<Msg>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let run = |op: MigrationOp| {
            let (engine, project, tx) = (&engine, &project, &tx);
            async move {
                let relay = Relay::default();
                let mut emit = output_to(&relay, Msg::MigrationOutput);
                let ran = migrations::run(engine, project, &op, &mut emit);
                relay.drive(ran, tx).await.map_err(|e| e.to_string())
            }
        };
        let msg = match action {
            MigrationAction::Refresh => {
                let current = run(MigrationOp::Current).await;
                let history = run(MigrationOp::History).await;
                Msg::Migrated {
                    outcome: Ok("read".to_string()),
                    current: Some(current.and_then(|o| match o {
                        MigrationOutcome::Current(c) => Ok(c),
                        other => Err(format!("not a current revision: {other:?}")),
                    })),
                    history: Some(history.and_then(|o| match o {
                        MigrationOutcome::History(h) => Ok(h),
                        other => Err(format!("not a history: {other:?}")),
                    })),
                }
            }
            MigrationAction::Upgrade { revision } => {
                changed(run(MigrationOp::Upgrade { revision }).await)
            }
            MigrationAction::Downgrade { revision } => {
                changed(run(MigrationOp::Downgrade { revision }).await)
            }
            MigrationAction::New { message } => changed(run(MigrationOp::New { message }).await),
        };
        let _ = tx.send(msg).await;
    })
}

/// The end of an action that changes the database or the scripts.
fn changed(outcome: Result<MigrationOutcome, String>) -> Msg {
    Msg::Migrated {
        outcome: outcome.map(|_| "done".to_string()),
        current: None,
        history: None,
    }
}

/// Queues a tool's progress and lines as `wrap` messages on `relay`,
/// which sends them all, in order, as the console takes them.
fn output_to<'a>(
    relay: &'a Relay,
    wrap: fn(Vec<LogLine>) -> Msg,
) -> impl FnMut(ToolEvent<'_>) + Send + 'a {
    move |event| {
        let line = match event {
            ToolEvent::Progress(text) => LogLine::stdout(format!("» {text}")),
            ToolEvent::Line(line) => line.clone(),
        };
        relay.push(wrap(vec![line]));
    }
}

/// sphinx-apidoc when `apidoc`, then the html build; ends with the index
/// path or why there is none (Sphinx's own verdict included).
pub fn build_docs(
    engine: Engine,
    project: Arc<Project>,
    apidoc: bool,
    tx: mpsc::Sender<Msg>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let relay = Relay::default();
        let mut forward = output_to(&relay, Msg::DocsOutput);
        let mut emit = |event: DocsEvent<'_>| match event {
            DocsEvent::Started { command, .. } => {
                forward(ToolEvent::Progress(format!(
                    "running {}",
                    command.join(" ")
                )));
            }
            DocsEvent::Progress(text) => forward(ToolEvent::Progress(text)),
            DocsEvent::Line { line, .. } => forward(ToolEvent::Line(line)),
        };
        let built = relay.drive(docs::build(&engine, &project, apidoc, &mut emit), &tx);
        let outcome = match built.await {
            Ok(report) => report
                .built
                .map(|index| index.display().to_string())
                .map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        let _ = tx.send(Msg::DocsBuilt(outcome)).await;
    })
}
