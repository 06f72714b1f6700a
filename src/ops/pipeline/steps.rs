//! The steps of a project's pipeline: tiers through the testing op,
//! commands through the commands op, the build through the image build of
//! the stack, confirmations from what the caller confirmed up front, and
//! pushes, deploys and rollbacks through the [`Delivery`] given, each
//! push and deploy after the deploy guard cleared HEAD.

use std::collections::{BTreeMap, BTreeSet};

use futures::future::BoxFuture;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::delivery::{Delivery, StepOut};
use super::runner::StepRunner;
use crate::engine::Engine;
use crate::ops::commands::{self, CommandEvent, HostStdin};
use crate::ops::deploy_guard;
use crate::ops::stack::prepare;
use crate::ops::testing::run::{TestEvent, run_one};
use crate::project::{Project, StepKind};

/// A project's steps, run for real.
pub struct ProjectSteps<'a> {
    /// `None` when no engine answers: host commands and confirmations
    /// still run, anything needing the engine fails saying so.
    pub engine: Option<&'a Engine>,
    pub project: &'a Project,
    pub delivery: &'a dyn Delivery,
    /// Environments whose confirmation was given (`--yes-production`, `--yes`).
    pub confirmed: BTreeSet<String>,
    pub allow_dirty: bool,
    pub cancel: CancellationToken,
}

impl StepRunner for ProjectSteps<'_> {
    fn run<'a>(
        &'a self,
        _step: &'a str,
        kind: &'a StepKind,
        out: StepOut<'a>,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            match kind {
                StepKind::Tier {
                    tier,
                    against,
                    url_var,
                } => self.tier(tier, against.as_deref(), url_var, out).await,
                StepKind::Build => self.build(out).await,
                StepKind::Command { command } => self.command(command, out).await,
                StepKind::Confirm { env } => self.confirm(env, out),
                StepKind::Push { env } => {
                    let version = self.cleared(out)?;
                    self.delivery.push(env, &version, out).await
                }
                StepKind::Deploy { env } => {
                    let version = self.cleared(out)?;
                    self.delivery.deploy(env, &version, out).await
                }
            }
        })
    }

    fn rollback<'a>(&'a self, env: &'a str, out: StepOut<'a>) -> BoxFuture<'a, Result<(), String>> {
        self.delivery.rollback(env, out)
    }
}

impl ProjectSteps<'_> {
    fn engine(&self) -> Result<&Engine, String> {
        self.engine
            .ok_or_else(|| "no Docker engine answers; start it or set DOCKER_HOST".to_string())
    }

    async fn tier(
        &self,
        tier: &str,
        against: Option<&str>,
        url_var: &str,
        out: StepOut<'_>,
    ) -> Result<(), String> {
        let engine = self.engine()?;
        let mut extra = BTreeMap::new();
        if let Some(env) = against {
            match self.delivery.url(env) {
                Some(url) => {
                    out(format!("{url_var}={url} ({env})"));
                    extra.insert(url_var.to_string(), url);
                }
                None => out(format!(
                    "{env} has no URL; the tier's own {url_var} applies"
                )),
            }
        }
        let (tx, mut rx) = mpsc::unbounded_channel();
        let work = async move {
            let result = run_one(engine, self.project, tier, &extra, &tx, &self.cancel).await;
            drop(tx);
            result
        };
        let drain = async {
            while let Some(event) = rx.recv().await {
                match event {
                    TestEvent::Progress(line) => out(line),
                    TestEvent::Output(lines) => lines.into_iter().for_each(|l| out(l.text)),
                    _ => {}
                }
            }
        };
        let (result, ()) = tokio::join!(work, drain);
        let result = result.map_err(|e| e.to_string())?;
        let counts = result.counts();
        out(format!(
            "{} passed, {} failed, {} skipped",
            counts.passed,
            counts.failed + counts.errored,
            counts.skipped
        ));
        if result.passed() {
            Ok(())
        } else {
            Err(format!(
                "tier {tier} failed (exit code {})",
                result.exit_code
            ))
        }
    }

    /// Every service of the [compose] files that builds, in start order.
    async fn build(&self, out: StepOut<'_>) -> Result<(), String> {
        let engine = self.engine()?;
        let compose = self.project.compose(None).map_err(|e| e.to_string())?;
        let order = compose
            .start_order(&compose.enabled_services())
            .map_err(|e| e.to_string())?;
        let mut built = 0;
        for service in order {
            let Some(spec) = compose.services.get(&service) else {
                continue;
            };
            if spec.build.is_none() {
                continue;
            }
            prepare::image(engine, &compose, spec, true, &mut *out)
                .await
                .map_err(|e| e.to_string())?;
            built += 1;
        }
        out(format!("{built} image(s) built"));
        Ok(())
    }

    /// A pipeline run is the request to run its commands: a command's own
    /// `confirm` does not stop it (a confirm step is the way to ask).
    async fn command(&self, name: &str, out: StepOut<'_>) -> Result<(), String> {
        let prepared =
            commands::prepare(self.project, name, &[], true).map_err(|e| e.to_string())?;
        let mut events = |event: CommandEvent| match event {
            CommandEvent::Progress(line) | CommandEvent::Url(line) => out(line),
            CommandEvent::Output(line) => out(line.text),
        };
        let outcome = commands::run(
            self.engine,
            self.project,
            &prepared,
            HostStdin::Null,
            &mut events,
            &self.cancel,
        )
        .await
        .map_err(|e| e.to_string())?;
        match outcome.code {
            0 => Ok(()),
            code => Err(format!("command {name} exited with {code}")),
        }
    }

    fn confirm(&self, env: &str, out: StepOut<'_>) -> Result<(), String> {
        if self.confirmed.contains(env) {
            out(format!("{env} confirmed"));
            Ok(())
        } else {
            Err(format!(
                "{env} was not confirmed; pass {}",
                confirm_flag(env)
            ))
        }
    }

    /// The version HEAD ships, once the guard cleared it.
    fn cleared(&self, out: StepOut<'_>) -> Result<String, String> {
        let version_file = &self.project.manifest.project.version_file;
        let cleared = deploy_guard::check(&self.project.root, version_file, self.allow_dirty)
            .map_err(|e| e.to_string())?;
        out(format!(
            "version {} at {}",
            cleared.version,
            &cleared.commit[..cleared.commit.len().min(12)]
        ));
        Ok(cleared.version)
    }
}

/// The headless flag that confirms `env`: `production` is confirmed only
/// by its own flag, so a `--yes` meant for staging never ships production.
pub fn confirm_flag(env: &str) -> &'static str {
    if env == "production" {
        "--yes-production"
    } else {
        "--yes"
    }
}
