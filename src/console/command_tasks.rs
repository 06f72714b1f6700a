//! The project's own commands run from the console: the same
//! `ops::commands` prepare-and-run as `runcli run`, with the command's
//! lines and runcli's steps sent as messages (waiting for room, never
//! dropped: see `relay.rs`) and its exit status as the last one. A host
//! command reads nothing: the console owns the terminal.

use std::sync::Arc;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::relay::Relay;
use crate::app::{LogLine, Msg};
use crate::engine::Engine;
use crate::ops::commands::{self, CommandError, CommandEvent, CommandOutcome, HostStdin};
use crate::project::Project;

/// Runs command `name` with `args` (the user already said yes when it
/// asks) until it ends or `cancel` fires; the task ends once a one-off
/// container is removed.
pub fn run(
    engine: Option<Engine>,
    project: Arc<Project>,
    name: String,
    args: Vec<String>,
    cancel: CancellationToken,
    tx: mpsc::Sender<Msg>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let relay = Relay::default();
        let ran = run_one(engine.as_ref(), &project, &name, &args, &relay, &cancel);
        let (outcome, url) = match relay.drive(ran, &tx).await {
            Ok(CommandOutcome { code, url }) => (Ok(code), url),
            Err(CommandError::Cancelled) => (Err("cancelled".to_string()), None),
            Err(e) => (Err(format!("failed to start: {e}")), None),
        };
        let _ = tx.send(Msg::CommandDone { name, outcome, url }).await;
    })
}

async fn run_one(
    engine: Option<&Engine>,
    project: &Project,
    name: &str,
    args: &[String],
    relay: &Relay,
    cancel: &CancellationToken,
) -> Result<CommandOutcome, CommandError> {
    let prepared = commands::prepare(project, name, args, true)?;
    let mut events = |event: CommandEvent| {
        let line = match event {
            CommandEvent::Progress(text) => LogLine::stdout(format!("» {text}")),
            CommandEvent::Output(line) => line,
            CommandEvent::Url(url) => LogLine::stdout(format!("» {url}")),
        };
        relay.push(Msg::CommandOutput {
            name: name.to_string(),
            lines: vec![line],
        });
    };
    let stdin = HostStdin::Null;
    commands::run(engine, project, &prepared, stdin, &mut events, cancel).await
}
