//! How a test run's events and results become the Testing pane's messages.

use crate::app::{LogLine, Msg, TierResult};
use crate::ops::testing::run::TestEvent;

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
