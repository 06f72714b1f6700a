//! Running a test tier: its `needs` up and ready, its commands as one-shot
//! containers of its service, its JUnit report parsed, the run recorded.
//! `all` runs the manifest's list in order and stops at the first failure.
//! `TierResult` lives here, with the run that makes it, so `ops` needs
//! nothing from `app`.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::domain::LogLine;
use crate::engine::Engine;
use crate::ops::git_summary;
use crate::ops::stack::{OneOff, StackError, ensure_services, run_oneoff};
use crate::parse::junit::{Counts, Report, parse_junit};
use crate::parse::locust::{History as LoadHistory, StatsTable, parse_history, parse_stats};
use crate::project::{Project, ProjectError, TestTier};

use super::history::{self, HistoryEntry};

/// How a tier run ended.
#[derive(Debug, Clone, PartialEq)]
pub struct TierResult {
    pub tier: String,
    pub exit_code: i64,
    pub duration_secs: f64,
    /// The parsed JUnit report, when the tier wrote one.
    pub report: Option<Report>,
    /// Why there is no report (not written, or malformed: file:line:col).
    pub report_note: Option<String>,
}

impl TierResult {
    pub fn passed(&self) -> bool {
        self.exit_code == 0 && self.report.as_ref().is_none_or(|r| r.totals.ok())
    }

    pub fn counts(&self) -> Counts {
        self.report.as_ref().map(|r| r.totals).unwrap_or_default()
    }
}

/// What a run reports as it goes. Sent on an unbounded channel: test
/// output must never be dropped, and its volume is the test's own.
#[derive(Debug, Clone, PartialEq)]
pub enum TestEvent {
    Started(String),
    /// Bringing up what the tier needs.
    Progress(String),
    Output(Vec<LogLine>),
    Finished(TierResult),
    Load(LoadHistory),
    LoadTable(StatsTable),
}

#[derive(Debug, thiserror::Error)]
pub enum TestError {
    #[error("no test tier `{tier}` in runcli.toml; the tiers are: {known} (and `all`: {all})")]
    UnknownTier {
        tier: String,
        known: String,
        all: String,
    },
    #[error(transparent)]
    Project(#[from] ProjectError),
    #[error(transparent)]
    Stack(#[from] StackError),
    #[error("tests.{tier}.env_from_secrets: {message}")]
    Secret { tier: String, message: String },
}

impl TestError {
    pub fn is_unreachable(&self) -> bool {
        matches!(self, TestError::Stack(e) if e.is_unreachable())
    }
}

/// The tiers `name` stands for: itself, or the manifest's `all` list.
pub fn tiers_of(project: &Project, name: &str) -> Result<Vec<String>, TestError> {
    let tests = &project.manifest.tests;
    let names = if name == "all" {
        tests.all.clone()
    } else {
        vec![name.to_string()]
    };
    for tier in &names {
        if !tests.tiers.contains_key(tier) {
            return Err(TestError::UnknownTier {
                tier: tier.clone(),
                known: tests.tiers.keys().cloned().collect::<Vec<_>>().join(", "),
                all: tests.all.join(", "),
            });
        }
    }
    Ok(names)
}

/// Runs `name` (a tier or `all`); stops after the first failing tier.
pub async fn run(
    engine: &Engine,
    project: &Project,
    name: &str,
    args: &BTreeMap<String, String>,
    events: &mpsc::UnboundedSender<TestEvent>,
    cancel: &CancellationToken,
) -> Result<Vec<TierResult>, TestError> {
    let mut results = Vec::new();
    for tier in tiers_of(project, name)? {
        let no_extra = BTreeMap::new();
        let result = run_tier(engine, project, &tier, args, &no_extra, events, cancel).await?;
        let passed = result.passed();
        results.push(result);
        if !passed {
            break;
        }
    }
    Ok(results)
}

/// Runs one tier that takes no arguments; `extra_env` wins over the tier's
/// own environment (the pipeline points a tier at an environment's URL).
pub async fn run_one(
    engine: &Engine,
    project: &Project,
    name: &str,
    extra_env: &BTreeMap<String, String>,
    events: &mpsc::UnboundedSender<TestEvent>,
    cancel: &CancellationToken,
) -> Result<TierResult, TestError> {
    tiers_of(project, name)?;
    run_tier(
        engine,
        project,
        name,
        &BTreeMap::new(),
        extra_env,
        events,
        cancel,
    )
    .await
}

async fn run_tier(
    engine: &Engine,
    project: &Project,
    name: &str,
    args: &BTreeMap<String, String>,
    extra_env: &BTreeMap<String, String>,
    events: &mpsc::UnboundedSender<TestEvent>,
    cancel: &CancellationToken,
) -> Result<TierResult, TestError> {
    let tier = &project.manifest.tests.tiers[name];
    let _ = events.send(TestEvent::Started(name.to_string()));
    let commands = tier.commands_for(name, args)?;
    let env = tier_env(project, name, tier, extra_env)?;
    let compose = project.compose(tier.compose_files.as_ref())?;
    let started_at = Instant::now();
    let start = unix_now();
    if !tier.needs.is_empty() {
        let sink = events.clone();
        let mut progress = move |line: String| {
            let _ = sink.send(TestEvent::Progress(line));
        };
        ensure_services(engine, &compose, &tier.needs, false, &mut progress).await?;
    }
    let report_path = tier.report.as_ref().map(|r| project.root.join(r));
    if let Some(path) = &report_path {
        // A report left from an earlier run must not pass for this one's.
        let _ = std::fs::remove_file(path);
    }
    let load = tier
        .locust
        .as_ref()
        .map(|l| project.root.join(format!("{}_stats_history.csv", l.csv)));
    let watcher = load
        .clone()
        .map(|path| tokio::spawn(watch_load(path, events.clone())));
    let mut exit_code = 0;
    for command in commands {
        let sink = events.clone();
        let mut output = move |lines: Vec<LogLine>| {
            let _ = sink.send(TestEvent::Output(lines));
        };
        let run = OneOff {
            service: tier.service.clone(),
            command,
            env: env.clone(),
        };
        let sink = events.clone();
        let mut progress = move |line: String| {
            let _ = sink.send(TestEvent::Progress(line));
        };
        let outcome = run_oneoff(engine, &compose, &run, &mut progress, &mut output, cancel).await;
        exit_code = match outcome {
            Ok(code) => code,
            Err(e) => {
                if let Some(w) = &watcher {
                    w.abort();
                }
                return Err(e.into());
            }
        };
        if exit_code != 0 {
            break;
        }
    }
    if let Some(w) = watcher {
        w.abort();
    }
    if let (Some(locust), Some(history_path)) = (&tier.locust, &load) {
        send_load(history_path, events);
        let table = project.root.join(format!("{}_stats.csv", locust.csv));
        if let Some(table) = std::fs::read(&table).ok().and_then(|b| parse_stats(b).ok()) {
            let _ = events.send(TestEvent::LoadTable(table));
        }
    }
    let (report, report_note) = read_report(&project.root, tier.report.as_deref());
    let result = TierResult {
        tier: name.to_string(),
        exit_code,
        duration_secs: started_at.elapsed().as_secs_f64(),
        report,
        report_note,
    };
    record(project, &result, start);
    let _ = events.send(TestEvent::Finished(result.clone()));
    Ok(result)
}

/// The tier's environment: values from the secrets file, then its own,
/// then `extra` (a value given there is not looked up in the secrets).
fn tier_env(
    project: &Project,
    name: &str,
    tier: &TestTier,
    extra: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, TestError> {
    let mut env = BTreeMap::new();
    let from_secrets = tier
        .env_from_secrets
        .keys()
        .any(|var| !tier.env.contains_key(var) && !extra.contains_key(var));
    if from_secrets {
        let secret_err = |message: String| TestError::Secret {
            tier: name.to_string(),
            message,
        };
        let compiler =
            crate::ops::secrets::compiler(project).map_err(|e| secret_err(e.to_string()))?;
        for (var, source) in &tier.env_from_secrets {
            if tier.env.contains_key(var) || extra.contains_key(var) {
                continue;
            }
            let value = compiler
                .values()
                .get(&source.target)
                .and_then(|t| t.vars().get(&source.key))
                .and_then(|v| v.as_str().map(str::to_string))
                .ok_or_else(|| {
                    secret_err(format!(
                        "{var}: no string `{}` in target `{}` of the values file; set tests.{name}.env.{var} instead",
                        source.key, source.target
                    ))
                })?;
            env.insert(var.clone(), value);
        }
    }
    env.extend(tier.env.iter().map(|(k, v)| (k.clone(), v.clone())));
    env.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
    Ok(env)
}

/// The parsed report, or a note saying why there is none.
fn read_report(
    root: &Path,
    report: Option<&str>,
) -> (Option<crate::parse::junit::Report>, Option<String>) {
    let Some(rel) = report else {
        return (None, Some("this tier writes no report".to_string()));
    };
    match std::fs::read(root.join(rel)) {
        Err(_) => (None, Some(format!("no report found at {rel}"))),
        Ok(bytes) => match parse_junit(bytes) {
            Ok(report) => (Some(report), None),
            Err(e) => (None, Some(format!("{rel}:{e}"))),
        },
    }
}

fn record(project: &Project, result: &TierResult, start: i64) {
    let counts = result.counts();
    let entry = HistoryEntry {
        tier: result.tier.clone(),
        start,
        duration_secs: result.duration_secs,
        passed: counts.passed,
        failed: counts.failed,
        errored: counts.errored,
        skipped: counts.skipped,
        exit_code: result.exit_code,
        commit: git_summary::read(&project.root).and_then(|g| g.short_commit),
    };
    if let Err(e) = history::append(&project.root, &entry) {
        tracing::warn!(
            "cannot record the test run in {}: {e}",
            history::HISTORY_FILE
        );
    }
}

/// Reads locust's stats history while the load tier runs: a local file,
/// read every two seconds only while the tier runs.
async fn watch_load(path: std::path::PathBuf, events: mpsc::UnboundedSender<TestEvent>) {
    loop {
        tokio::time::sleep(Duration::from_secs(2)).await;
        send_load(&path, &events);
    }
}

fn send_load(path: &Path, events: &mpsc::UnboundedSender<TestEvent>) {
    if let Some(history) = std::fs::read(path).ok().and_then(|b| parse_history(b).ok()) {
        let _ = events.send(TestEvent::Load(history));
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
