//! `runcli test list | run TIER|all [ARG...] [--json]`: tiers as one-shot
//! containers. The last line is `N passed, N failed, N skipped`; exit 0
//! when every test passed, 1 otherwise. Ctrl-C cancels the running tier
//! and removes its container.

use std::collections::BTreeMap;
use std::process::ExitCode;

use clap::Subcommand;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::app::TierResult;
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
        /// Print the results as one JSON line before the summary line.
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(project: &Project, command: TestCommand) -> anyhow::Result<ExitCode> {
    match command {
        TestCommand::List => {
            list(project);
            Ok(ExitCode::SUCCESS)
        }
        TestCommand::Run { tier, args, json } => run_tier(project, &tier, args, json).await,
    }
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
    json: bool,
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
            print_event(event);
        }
    });
    let results = {
        let work = run_tests(&engine, project, name, &args, &tx, &cancel);
        tokio::pin!(work);
        tokio::select! {
            results = &mut work => results,
            _ = tokio::signal::ctrl_c() => {
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
        println!(
            "not run after the failure: {}",
            skipped
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if json {
        println!("{}", serde_json::to_string(&json_report(&results))?);
    }
    let (passed, failed, skipped_tests) = results.iter().fold((0, 0, 0), |(p, f, s), r| {
        let c = r.counts();
        (p + c.passed, f + c.failed + c.errored, s + c.skipped)
    });
    println!("{passed} passed, {failed} failed, {skipped_tests} skipped");
    let ok = !results.is_empty() && results.iter().all(TierResult::passed) && skipped.is_empty();
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
        anyhow::bail!(
            "too many arguments: the tier takes {}",
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        );
    }
    Ok(names.into_iter().zip(values).collect())
}

fn print_event(event: TestEvent) {
    match event {
        TestEvent::Started(tier) => println!("== {tier}"),
        TestEvent::Progress(line) => println!("   {line}"),
        TestEvent::Output(lines) => {
            for line in lines {
                println!("{}", line.text);
            }
        }
        TestEvent::Finished(result) => {
            let c = result.counts();
            let verdict = if result.passed() { "passed" } else { "FAILED" };
            let note = result
                .report_note
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            println!(
                "== {} {verdict}: exit {}, {} passed, {} failed, {} errors, {} skipped in {:.1}s{note}",
                result.tier,
                result.exit_code,
                c.passed,
                c.failed,
                c.errored,
                c.skipped,
                result.duration_secs
            );
        }
        TestEvent::Load(history) => {
            if let Some(p) = history.points.last() {
                println!(
                    "   load: {} users, {:.1} req/s, p50 {} ms, p95 {} ms",
                    p.users,
                    p.rps.unwrap_or(0.0),
                    p.p50.map_or("-".into(), |v| format!("{v:.0}")),
                    p.p95.map_or("-".into(), |v| format!("{v:.0}"))
                );
            }
        }
        TestEvent::LoadTable(table) => {
            if let Some(all) = table.aggregated {
                println!(
                    "   load total: {} requests, {} failures, {:.1} req/s",
                    all.requests,
                    all.failures,
                    all.rps.unwrap_or(0.0)
                );
            }
        }
    }
}

fn json_report(results: &[TierResult]) -> serde_json::Value {
    serde_json::Value::Array(
        results
            .iter()
            .map(|r| {
                serde_json::json!({
                    "tier": r.tier,
                    "passed": r.passed(),
                    "exit_code": r.exit_code,
                    "duration_secs": r.duration_secs,
                    "counts": r.counts(),
                    "report_note": r.report_note,
                    "tests": r.report.as_ref().map(|rep| rep.cases().map(|c| serde_json::json!({
                        "name": c.full_name(), "status": c.status, "duration": c.duration,
                        "message": c.message,
                    })).collect::<Vec<_>>()),
                })
            })
            .collect(),
    )
}
