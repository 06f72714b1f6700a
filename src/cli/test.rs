//! `runcli test list | run TIER|all [ARG...] [--json]`: tiers as one-shot
//! containers. The last line is `N passed, N failed, N skipped`; exit 0
//! when every test passed, 1 otherwise. Ctrl-C cancels the running tier
//! and removes its container. Under `--json` every event is one object on
//! stdout (`{"event": ...}`, the shapes of README "JSON output"), the last
//! one `{"event":"result",...}`, and the human lines go to stderr.

use std::collections::BTreeMap;
use std::process::ExitCode;

use clap::Subcommand;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use serde_json::json;

use super::exit::Usage;
use super::output::Output;
use crate::app::{LogSource, TierResult};
use crate::engine::{self, Engine};
use crate::ops::testing::run::{TestEvent, run as run_tests, tiers_of};
use crate::project::Project;

#[derive(Debug, Subcommand)]
pub enum TestCommand {
    /// The tiers of runcli.toml with their service, needs and commands.
    List,
    /// Run a tier, or `all` (stops at the first failing tier).
    Run {
        /// A tier of runcli.toml, or `all`.
        tier: String,
        /// Values of the tier's args, in order (the `module` tier's path).
        args: Vec<String>,
    },
}

pub async fn run(project: &Project, command: TestCommand, out: Output) -> anyhow::Result<ExitCode> {
    match command {
        TestCommand::List => {
            if out.is_json() {
                list_json(project, out)?;
            } else {
                list(project);
            }
            Ok(ExitCode::SUCCESS)
        }
        TestCommand::Run { tier, args } => run_tier(project, &tier, args, out).await,
    }
}

/// One `{"tier": ...}` object per tier, then `{"all": [...]}`.
fn list_json(project: &Project, out: Output) -> anyhow::Result<()> {
    let tests = &project.manifest.tests;
    for (name, tier) in &tests.tiers {
        out.record(&json!({
            "tier": name,
            "description": tier.description,
            "service": tier.service,
            "needs": tier.needs,
            "commands": tier.commands,
            "args": tier.args,
        }))?;
    }
    out.record(&json!({ "all": tests.all }))?;
    Ok(())
}

fn list(project: &Project) {
    let tests = &project.manifest.tests;
    for (name, tier) in &tests.tiers {
        println!("{name:<12} {}", tier.description);
        println!("{:<12} service {}", "", tier.service);
        if !tier.needs.is_empty() {
            println!("{:<12} needs {}", "", tier.needs.join(", "));
        }
        for command in &tier.commands {
            println!("{:<12} $ {}", "", command.join(" "));
        }
    }
    println!("all          {}", tests.all.join(", "));
}

async fn run_tier(
    project: &Project,
    name: &str,
    values: Vec<String>,
    out: Output,
) -> anyhow::Result<ExitCode> {
    let tiers = tiers_of(project, name)?;
    let args = tier_args(project, &tiers, values)?;
    let endpoint = engine::resolve_endpoint()?;
    let engine = Engine::connect(&endpoint)?;
    engine.ping(std::time::Duration::from_secs(3)).await?;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let cancel = CancellationToken::new();
    let printer = tokio::spawn(async move {
        while let Some(event) = rx.recv().await {
            if out.is_json() {
                record_event(&event, out);
            }
            print_event(event, out);
        }
    });
    // Ctrl-C, SIGTERM (a CI timeout) and SIGHUP (a closed terminal) all
    // cancel, so the tier's container is removed whichever ends the run.
    let mut signals = super::foreground::listen()?;
    let results = {
        let work = run_tests(&engine, project, name, &args, &tx, &cancel);
        tokio::pin!(work);
        tokio::select! {
            results = &mut work => results,
            _ = signals.recv() => {
                eprintln!("cancelling: stopping the tier's container...");
                cancel.cancel();
                work.await
            }
        }
    };
    drop(tx);
    let _ = printer.await;
    let results = results?;
    let ran: Vec<&str> = results.iter().map(|r| r.tier.as_str()).collect();
    let skipped: Vec<&String> = tiers
        .iter()
        .filter(|t| !ran.contains(&t.as_str()))
        .collect();
    if !skipped.is_empty() {
        out.say(format!(
            "not run after the failure: {}",
            skipped
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let (passed, failed, skipped_tests) = results.iter().fold((0, 0, 0), |(p, f, s), r| {
        let c = r.counts();
        (p + c.passed, f + c.failed + c.errored, s + c.skipped)
    });
    let ok = !results.is_empty() && results.iter().all(TierResult::passed) && skipped.is_empty();
    if out.is_json() {
        out.record(&json!({
            "event": "result",
            "ok": ok,
            "passed": passed,
            "failed": failed,
            "skipped": skipped_tests,
            "tiers": ran,
            "not_run": skipped,
        }))?;
    }
    out.say(format!(
        "{passed} passed, {failed} failed, {skipped_tests} skipped"
    ));
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The args of the tier(s), by name, from the values given in order.
fn tier_args(
    project: &Project,
    tiers: &[String],
    values: Vec<String>,
) -> anyhow::Result<BTreeMap<String, String>> {
    let names: Vec<String> = tiers
        .iter()
        .flat_map(|t| project.manifest.tests.tiers[t].args.clone())
        .collect();
    if values.len() > names.len() {
        return Err(Usage(format!(
            "too many arguments: the tier takes {}",
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        ))
        .into());
    }
    Ok(names.into_iter().zip(values).collect())
}

fn print_event(event: TestEvent, out: Output) {
    match event {
        TestEvent::Started(tier) => out.say(format!("== {tier}")),
        TestEvent::Progress(line) => out.say(format!("   {line}")),
        TestEvent::Output(lines) => {
            for line in lines {
                out.say(line.text);
            }
        }
        TestEvent::Finished(result) => {
            let c = result.counts();
            let verdict = if result.passed() { "passed" } else { "FAILED" };
            let note = result
                .report_note
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            out.say(format!(
                "== {} {verdict}: exit {}, {} passed, {} failed, {} errors, {} skipped in {:.1}s{note}",
                result.tier,
                result.exit_code,
                c.passed,
                c.failed,
                c.errored,
                c.skipped,
                result.duration_secs
            ));
        }
        TestEvent::Load(history) => {
            if let Some(p) = history.points.last() {
                out.say(format!(
                    "   load: {} users, {:.1} req/s, p50 {} ms, p95 {} ms",
                    p.users,
                    p.rps.unwrap_or(0.0),
                    p.p50.map_or("-".into(), |v| format!("{v:.0}")),
                    p.p95.map_or("-".into(), |v| format!("{v:.0}"))
                ));
            }
        }
        TestEvent::LoadTable(table) => {
            if let Some(all) = table.aggregated {
                out.say(format!(
                    "   load total: {} requests, {} failures, {:.1} req/s",
                    all.requests,
                    all.failures,
                    all.rps.unwrap_or(0.0)
                ));
            }
        }
    }
}

/// The `--json` objects of one event (README "JSON output" names them).
/// A write that fails (stdout closed) ends nothing: the run goes on.
fn record_event(event: &TestEvent, out: Output) {
    let mut objects = Vec::new();
    match event {
        TestEvent::Started(tier) => objects.push(json!({"event": "started", "tier": tier})),
        TestEvent::Progress(text) => objects.push(json!({"event": "progress", "text": text})),
        TestEvent::Output(lines) => {
            for line in lines {
                let stream = match line.source {
                    LogSource::Stdout => "stdout",
                    LogSource::Stderr => "stderr",
                };
                objects.push(json!({"event": "line", "stream": stream, "line": line.text}));
            }
        }
        TestEvent::Finished(result) => {
            if let Some(report) = &result.report {
                for case in report.cases() {
                    objects.push(json!({
                        "event": "test",
                        "tier": result.tier,
                        "name": case.full_name(),
                        "status": case.status,
                        "duration": case.duration,
                        "message": case.message,
                    }));
                }
            }
            objects.push(json!({
                "event": "tier",
                "tier": result.tier,
                "ok": result.passed(),
                "exit_code": result.exit_code,
                "duration_secs": result.duration_secs,
                "counts": result.counts(),
                "report_note": result.report_note,
            }));
        }
        TestEvent::Load(history) => {
            if let Some(p) = history.points.last() {
                objects.push(json!({
                    "event": "load",
                    "users": p.users,
                    "rps": p.rps,
                    "p50_ms": p.p50,
                    "p95_ms": p.p95,
                }));
            }
        }
        TestEvent::LoadTable(table) => {
            if let Some(all) = &table.aggregated {
                objects.push(json!({
                    "event": "load_total",
                    "requests": all.requests,
                    "failures": all.failures,
                    "rps": all.rps,
                }));
            }
        }
    }
    for object in objects {
        let _ = out.record(&object);
    }
}
