//! A test run from the console, and how its events and results become
//! the Testing pane's messages.

use std::sync::Arc;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::app::{LogLine, Msg, TierResult};
use crate::engine::Engine;
use crate::ops::testing::run::{self, TestEvent};
use crate::project::Project;

/// Runs a tier (or `all`) until it ends or `cancel` fires, forwarding its
/// events as messages; the task ends once its one-off container is removed.
pub fn run(
    engine: Engine,
    project: Arc<Project>,
    tier: String,
    args: Vec<(String, String)>,
    cancel: CancellationToken,
    tx: mpsc::Sender<Msg>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let (events_tx, mut events) = mpsc::unbounded_channel();
        let forward_tx = tx.clone();
        let forward = tokio::spawn(async move {
            while let Some(event) = events.recv().await {
                if forward_tx.send(test_msg(event)).await.is_err() {
                    return;
                }
            }
        });
        let args = args.into_iter().collect();
        let outcome = run::run(&engine, &project, &tier, &args, &events_tx, &cancel).await;
        drop(events_tx);
        let _ = forward.await;
        let done = match outcome {
            Ok(results) => Ok(summary(&results)),
            Err(e) => Err(e.to_string()),
        };
        let _ = tx.send(Msg::TestsDone(done)).await;
    })
}

/// The message for one event of a test run.
pub fn test_msg(event: TestEvent) -> Msg {
    match event {
        TestEvent::Started(tier) => Msg::TierStarted(tier),
        TestEvent::Progress(line) => Msg::TierOutput(vec![LogLine::stdout(format!("» {line}"))]),
        TestEvent::Output(lines) => Msg::TierOutput(lines),
        TestEvent::Finished(result) => Msg::TierFinished(result),
        TestEvent::Load(history) => Msg::LoadStats(history),
        TestEvent::LoadTable(table) => Msg::LoadTable(table),
    }
}

/// "unit passed; integration FAILED: 3 passed, 1 failed, 0 skipped".
pub fn summary(results: &[TierResult]) -> String {
    let tiers: Vec<String> = results
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r.tier,
                if r.passed() { "passed" } else { "FAILED" }
            )
        })
        .collect();
    let (p, f, s) = results.iter().fold((0, 0, 0), |(p, f, s), r| {
        let c = r.counts();
        (p + c.passed, f + c.failed + c.errored, s + c.skipped)
    });
    format!("{}: {p} passed, {f} failed, {s} skipped", tiers.join("; "))
}
