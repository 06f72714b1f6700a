//! `E`: the console steps aside for an interactive shell in a container
//! and comes back as it was.
//!
//! The shell is chosen first, while the console still shows, so a
//! container without one only writes the status bar. Then the terminal
//! reader (crossterm's EventStream) is dropped so it cannot take the keys
//! meant for the shell, the alternate screen and raw mode are left, and
//! the session runs with a TTY of the terminal's size (raw mode of its
//! own, kept in step on resize). When the shell exits the terminal is
//! taken back, cleared and a fresh reader made; the model was never
//! touched, so the next frame is the screen the user left.

use std::time::Duration;

use crossterm::event::EventStream;
use tokio::sync::mpsc;

use crate::app::Msg;
use crate::engine::Engine;
use crate::ops::exec;
use crate::project::Project;
use crate::term::{self, TerminalGuard};

/// Time for crossterm's waker thread to see the dropped stream and stop
/// polling the terminal before the shell's reader starts.
const READER_SETTLE: Duration = Duration::from_millis(30);

/// The container a shell opens in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub container_id: String,
    pub service: String,
}

/// Runs a shell in the target container with the terminal handed over, and
/// returns the terminal reader to use afterwards. Only a terminal that
/// cannot be taken back is an error; anything else reaches the status bar.
pub async fn run(
    guard: &mut TerminalGuard,
    events: EventStream,
    engine: Option<Engine>,
    project: &Project,
    tx: &mpsc::Sender<Msg>,
    mouse_captured: bool,
    target: Target,
) -> anyhow::Result<EventStream> {
    let Target {
        container_id,
        service,
    } = target;
    let Some(engine) = engine else {
        report(
            tx,
            vec![Msg::Status(
                "a shell needs the engine: it is offline".into(),
            )],
        );
        return Ok(events);
    };
    let cmd = match exec::shell_command(&engine, project, &service, &container_id).await {
        Ok(cmd) => cmd,
        Err(e) => {
            report(tx, vec![Msg::Status(format!("shell in {service}: {e}"))]);
            return Ok(events);
        }
    };
    drop(events);
    tokio::time::sleep(READER_SETTLE).await;
    term::suspend();
    println!(
        "runcli: {} in {service}; `exit` returns to the console\r",
        cmd.join(" ")
    );
    let outcome = match term::raw_mode() {
        Ok(raw) => {
            let outcome = exec::run_attached(&engine, &container_id, cmd, true).await;
            drop(raw);
            outcome.map_err(|e| e.to_string())
        }
        Err(e) => Err(format!("local terminal: {e}")),
    };
    term::resume(guard, mouse_captured)?;
    let size = guard.terminal.size()?;
    let mut msgs = vec![Msg::Resize {
        width: size.width,
        height: size.height,
    }];
    if let Err(e) = outcome {
        msgs.push(Msg::Status(format!("shell in {service}: {e}")));
    }
    report(tx, msgs);
    Ok(EventStream::new())
}

/// Queues messages for `update()` without waiting on the channel the
/// caller itself drains.
fn report(tx: &mpsc::Sender<Msg>, msgs: Vec<Msg>) {
    let tx = tx.clone();
    tokio::spawn(async move {
        for msg in msgs {
            let _ = tx.send(msg).await;
        }
    });
}
