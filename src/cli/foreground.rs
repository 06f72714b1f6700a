//! The foreground part of `server up`: the project's logs stream until
//! Ctrl-C, then what `up` started is taken down, as `docker compose up`
//! does in the foreground, except that containers and network are removed,
//! not only stopped.
//!
//! The reaction to Ctrl-C does not wait on anything: the log streams are
//! dropped (their output buffers are flushed as they drop, their reader
//! tasks aborted, not awaited), the stopping line goes to stderr, and the
//! take-down starts. The first Ctrl-C stops gracefully (each container's
//! stop signal and grace period); a second one while that waits stops the
//! containers still running at once (SIGKILL), and the take-down goes on
//! to remove them and the network, so nothing is left behind. A third
//! stops waiting for the engine and exits 1, leaving what remains to
//! `runcli server down`. SIGTERM and SIGHUP count as Ctrl-C, and a Ctrl-C
//! while the profile is still coming up takes down what it started so far.

use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Duration;

use serde_json::json;
use tokio::task::JoinHandle;

use super::logs::{self, LogsRequest};
use super::output::Output;
use crate::console::signals::Signals;
use crate::engine::Engine;
use crate::ops::server::{self, DownEvent, DownOptions};
use crate::ops::stack::StackError;
use crate::project::Project;

/// What the first Ctrl-C prints, compose's words.
pub const STOPPING: &str = "Gracefully stopping... (press Ctrl+C again to force)";
/// What the second Ctrl-C prints.
pub const KILLING: &str = "Killing...";

/// Starts listening for Ctrl-C (and SIGTERM, SIGHUP). The foreground `up`
/// listens before it starts anything, so a Ctrl-C while the profile comes
/// up takes down what was started so far instead of leaving it running.
pub fn listen() -> anyhow::Result<Signals> {
    Ok(Signals::new()?)
}

/// Streams the logs until Ctrl-C (or until every stream ends), then takes
/// the project down, reporting through `events`.
pub async fn run(
    engine: &Engine,
    project: &Project,
    out: Output,
    mut signals: Signals,
    events: impl FnMut(DownEvent) + Send,
) -> anyhow::Result<ExitCode> {
    out.say("streaming logs; Ctrl-C stops the profile");
    tokio::select! {
        () = follow(engine, project, out) => {}
        _ = signals.recv() => {}
    }
    // The streams future is dropped here: its printer flushed, its readers
    // aborted.
    take_down(engine, project, out, signals, events).await
}

/// How long a request that a Ctrl-C cut short may still take to land at
/// the engine.
const SETTLE: Duration = Duration::from_millis(500);

/// Takes the project down after a Ctrl-C that cut `up` short. A request
/// dropped mid-flight may still land at the engine (a container created
/// after the take-down listed what to remove, or attached to the network it
/// was removing), so a second pass, a moment later, removes what it made;
/// only that pass's failure is the run's.
pub async fn take_down_cut_short(
    engine: &Engine,
    project: &Project,
    out: Output,
    signals: Signals,
    events: impl FnMut(DownEvent) + Send,
) -> anyhow::Result<ExitCode> {
    let first = take_down(engine, project, out, signals, events).await;
    if let Ok(code) = first
        && code != ExitCode::SUCCESS
    {
        // A third Ctrl-C: the user stopped waiting for the engine.
        return Ok(code);
    }
    tokio::time::sleep(SETTLE).await;
    let mut quiet = |_: DownEvent| {};
    server::down_events(engine, project, DownOptions::default(), &mut quiet).await?;
    Ok(first.unwrap_or(ExitCode::SUCCESS))
}

/// Takes the project down after a Ctrl-C: gracefully, or at once after a
/// second one. Stdout may be a pipe that is read slowly; stderr is not
/// buffered, so the stopping line is out before the take-down begins.
pub async fn take_down(
    engine: &Engine,
    project: &Project,
    out: Output,
    mut signals: Signals,
    mut events: impl FnMut(DownEvent) + Send,
) -> anyhow::Result<ExitCode> {
    stderr(STOPPING);
    let down = server::down_events(engine, project, DownOptions::default(), &mut events);
    tokio::pin!(down);
    let mut killer: Option<JoinHandle<Result<Vec<String>, StackError>>> = None;
    let removed = loop {
        tokio::select! {
            result = &mut down => break result?,
            _ = signals.recv() => {
                if killer.is_some() {
                    stderr(&format!(
                        "stopped waiting for the engine; `runcli server down` removes what is left of {}",
                        project.name
                    ));
                    return Ok(ExitCode::from(1));
                }
                stderr(KILLING);
                let engine = engine.clone();
                let name = project.name.clone();
                killer = Some(tokio::spawn(async move {
                    server::kill_running(&engine, &name).await
                }));
            }
        }
    };
    if let Some(killer) = killer {
        // The kill ends with the stops it cut short, so this is no wait;
        // only its outcome is read.
        match killer.await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => stderr(&format!("runcli: kill: {e}")),
            Err(e) => stderr(&format!("runcli: kill: {e}")),
        }
    }
    if out.is_json() {
        out.record(&json!({"event": "down", "removed": removed}))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Every container's log with a service prefix (under `--json`, the
/// `logs --json` objects) until each stream ends.
async fn follow(engine: &Engine, project: &Project, out: Output) {
    if out.is_json() {
        let request = LogsRequest {
            follow: true,
            ..LogsRequest::default()
        };
        if let Err(e) = logs::print_logs(engine, project, &request, out).await {
            stderr(&format!("runcli: {e:#}"));
        }
    } else {
        logs::follow_all(engine, &project.name, &[], true, None, false).await;
    }
}

/// One line on stderr, written and flushed at once.
fn stderr(line: &str) {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "{line}");
    let _ = err.flush();
}
