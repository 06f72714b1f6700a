//! `runcli pipeline run [--to ENV] [--from STEP] [--yes-production] [--yes]
//! [--allow-dirty]` and `runcli pipeline list`. Everything that can refuse
//! is checked before the first step starts: the selection, the
//! confirmations the run will need, and (when it pushes or deploys) the
//! deploy guard. Exit 0 when every step passed, 1 when one failed, 2 when
//! the pipeline or the command line is wrong or the guard refuses, 3 when
//! the engine does not answer. Under `--json` each event is one object on
//! stdout, the last `{"event":"result",...}`.

use std::collections::BTreeSet;
use std::process::ExitCode;

use clap::{Args as ClapArgs, Subcommand};
use serde_json::json;
use tokio_util::sync::CancellationToken;

use super::exit::Usage;
use super::output::Output;
use super::server::connect;
use crate::ops::deploy_guard;
use crate::ops::pipeline::{
    self, PipelineEvent, Plan, ProjectSteps, StepState, steps::confirm_flag,
};
use crate::project::{Place, Project, StepKind};

#[derive(Debug, Subcommand)]
pub enum PipelineCommand {
    /// The steps of [pipeline] in order: kind and needs.
    List,
    /// Run the pipeline's steps in order of their needs.
    Run(RunArgs),
}

#[derive(Debug, Clone, Default, ClapArgs)]
pub struct RunArgs {
    /// Only the steps up to this environment's deploy and its tests.
    #[arg(long, value_name = "ENV")]
    pub to: Option<String>,
    /// Start at this step; the steps it needs count as passed.
    #[arg(long, value_name = "STEP")]
    pub from: Option<String>,
    /// Confirm the `production` environment's confirm step.
    #[arg(long)]
    pub yes_production: bool,
    /// Confirm every other environment's confirm step.
    #[arg(long)]
    pub yes: bool,
    /// Push and deploy even with tracked changes not committed.
    #[arg(long)]
    pub allow_dirty: bool,
}

pub async fn run(
    project: &Project,
    command: PipelineCommand,
    out: Output,
) -> anyhow::Result<ExitCode> {
    match command {
        PipelineCommand::List => list(project, out),
        PipelineCommand::Run(args) => run_pipeline(project, &args, out).await,
    }
}

fn list(project: &Project, out: Output) -> anyhow::Result<ExitCode> {
    let plan =
        pipeline::plan(&project.manifest.pipeline, None, None).map_err(|e| Usage(e.to_string()))?;
    for step in &plan.steps {
        if out.is_json() {
            out.record(step)?;
            continue;
        }
        let needs = if step.needs.is_empty() {
            String::new()
        } else {
            format!("  needs {}", step.needs.join(", "))
        };
        out.say(format!(
            "{:<20} {:<32}{needs}",
            step.step,
            step.kind.label()
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// What `git bump --ship` runs: up to staging when a step deploys there,
/// else everything; checked before the bump so a broken pipeline stops it.
pub fn ship_args(project: &Project) -> anyhow::Result<RunArgs> {
    let steps = &project.manifest.pipeline;
    let to_staging = pipeline::plan(steps, Some("staging"), None).is_ok();
    let args = RunArgs {
        to: to_staging.then(|| "staging".to_string()),
        ..RunArgs::default()
    };
    pipeline::plan(steps, args.to.as_deref(), None).map_err(|e| Usage(e.to_string()))?;
    Ok(args)
}

/// The whole `--to`/`--from` run, the way `git bump --ship` runs it too.
pub async fn run_pipeline(
    project: &Project,
    args: &RunArgs,
    out: Output,
) -> anyhow::Result<ExitCode> {
    let plan = pipeline::plan(
        &project.manifest.pipeline,
        args.to.as_deref(),
        args.from.as_deref(),
    )
    .map_err(|e| Usage(e.to_string()))?;
    let mut confirmed = BTreeSet::new();
    for step in plan.selected() {
        if let StepKind::Confirm { env } = &step.kind {
            let given = if env == "production" {
                args.yes_production
            } else {
                args.yes
            };
            if !given {
                return Err(Usage(format!(
                    "step `{}` asks to confirm {env}; pass {} to run it headless, or stop \
                     before it with --to",
                    step.step,
                    confirm_flag(env)
                ))
                .into());
            }
            confirmed.insert(env.clone());
        }
    }
    let ships = plan
        .selected()
        .any(|s| matches!(s.kind, StepKind::Push { .. } | StepKind::Deploy { .. }));
    if ships {
        let version_file = &project.manifest.project.version_file;
        match deploy_guard::check(&project.root, version_file, args.allow_dirty) {
            Ok(cleared) => out.say(format!("shipping version {}", cleared.version)),
            Err(deploy_guard::GuardError::Git(e)) => return Err(e.into()),
            Err(e) => return Err(Usage(e.to_string()).into()),
        }
    }
    let engine = if needs_engine(project, &plan) {
        Some(connect().await?)
    } else {
        None
    };
    let delivery = pipeline::project_delivery(project);
    let cancel = CancellationToken::new();
    let steps = ProjectSteps {
        engine: engine.as_ref(),
        project,
        delivery: delivery.as_ref(),
        confirmed,
        allow_dirty: args.allow_dirty,
        cancel: cancel.clone(),
    };
    let mut print = |event: PipelineEvent| print_event(&event, out);
    // Ctrl-C, SIGTERM and SIGHUP cancel: the running step's container goes.
    let mut signals = super::foreground::listen()?;
    let outcome = {
        let work = pipeline::run(&plan, &steps, &mut print, &cancel);
        tokio::pin!(work);
        tokio::select! {
            outcome = &mut work => outcome,
            _ = signals.recv() => {
                eprintln!("cancelling: stopping the running step...");
                cancel.cancel();
                work.await
            }
        }
    };
    let summary = format!(
        "{} passed, {} failed, {} skipped, {} cancelled",
        outcome.count(StepState::Passed),
        outcome.count(StepState::Failed),
        outcome.count(StepState::Skipped),
        outcome.count(StepState::Cancelled)
    );
    if out.is_json() {
        out.record(&json!({
            "event": "result",
            "passed": outcome.passed(),
            "steps": outcome.steps,
        }))?;
    }
    out.say(summary);
    Ok(if outcome.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Tiers, builds and commands that do not run on the host need the engine.
fn needs_engine(project: &Project, plan: &Plan) -> bool {
    plan.selected().any(|s| match &s.kind {
        StepKind::Tier { .. } | StepKind::Build => true,
        StepKind::Command { command } => project
            .manifest
            .commands
            .get(command)
            .and_then(|c| c.place())
            .is_none_or(|p| p != Place::Host),
        _ => false,
    })
}

fn print_event(event: &PipelineEvent, out: Output) {
    if out.is_json() {
        let _ = out.record(event);
    }
    let line = match event {
        PipelineEvent::Plan { steps } => {
            let names: Vec<&str> = steps
                .iter()
                .filter(|s| s.run)
                .map(|s| s.step.as_str())
                .collect();
            format!("pipeline: {}", names.join(" -> "))
        }
        PipelineEvent::Started { step, kind } => format!("== {step} ({kind})"),
        PipelineEvent::Output { step, line } => format!("   {step} | {line}"),
        PipelineEvent::Finished {
            step,
            state,
            duration_secs,
            error,
        } => match error {
            Some(error) => format!("== {step} {} in {duration_secs:.1}s: {error}", word(*state)),
            None => format!("== {step} {} in {duration_secs:.1}s", word(*state)),
        },
        PipelineEvent::Stopped {
            step,
            state,
            because,
        } => format!("== {step} {}: {because}", word(*state)),
        PipelineEvent::RollingBack { env, .. } => format!("== rolling {env} back"),
        PipelineEvent::RolledBack { env, ok, error, .. } => match (ok, error) {
            (true, _) => format!("== {env} rolled back"),
            (false, Some(e)) => format!("== {env} NOT rolled back: {e}"),
            (false, None) => format!("== {env} NOT rolled back"),
        },
    };
    if out.is_json() {
        eprintln!("{line}");
    } else {
        println!("{line}");
    }
}

fn word(state: StepState) -> &'static str {
    match state {
        StepState::Pending => "pending",
        StepState::Running => "running",
        StepState::Passed => "passed",
        StepState::Failed => "FAILED",
        StepState::Skipped => "skipped",
        StepState::Cancelled => "cancelled",
    }
}
