//! Runs `update()`'s effects as tasks that report back as messages. Keeps
//! each log stream's handle so closing a panel cancels its stream.

use std::collections::HashMap;
use std::sync::Arc;

use futures::StreamExt;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use crate::app::{Effect, Msg};
use crate::ops::server::DownOptions;

use tokio_util::sync::CancellationToken;

use super::pending_work::PendingWork;

use super::command_tasks;
use super::pipeline_tasks::PipelineTask;
use super::server_tasks;
use super::test_tasks;
use super::tool_tasks;
use crate::engine::Engine;
use crate::ops::{self, git_summary};
use crate::project::Project;
use crate::term;

mod env_log_streams;
mod log_streams;

/// Owns the running tasks of the console.
pub struct EffectRunner {
    /// The live engine client, published by the engine watcher.
    engine: watch::Receiver<Option<Engine>>,
    project: Arc<Project>,
    tx: mpsc::Sender<Msg>,
    /// Log stream tasks by stream id (a container id, or the combined view).
    log_tasks: HashMap<String, Vec<JoinHandle<()>>>,
    /// Stats stream tasks by container id.
    stats_tasks: HashMap<String, JoinHandle<()>>,
    /// Cancels the running test tier.
    test_cancel: Option<CancellationToken>,
    /// The pipeline run, its cancel token and its answers.
    pipeline: PipelineTask,
    /// Cancels the running project command.
    command_cancel: Option<CancellationToken>,
    /// What quitting waits for: work that owns a one-off container.
    work: PendingWork,
}

impl EffectRunner {
    pub fn new(
        engine: watch::Receiver<Option<Engine>>,
        project: Arc<Project>,
        tx: mpsc::Sender<Msg>,
    ) -> Self {
        EffectRunner {
            engine,
            project,
            tx,
            log_tasks: HashMap::new(),
            stats_tasks: HashMap::new(),
            test_cancel: None,
            pipeline: PipelineTask::default(),
            command_cancel: None,
            work: PendingWork::default(),
        }
    }

    /// Starts the work for one effect. `Quit` and `Exec` are the event
    /// loop's to handle.
    pub fn run(&mut self, effect: Effect) {
        match effect {
            Effect::Quit | Effect::Exec { .. } => {}
            Effect::RefreshContainers => self.refresh_containers(),
            Effect::FollowAll { containers, tail } => self.follow_all(containers, tail),
            Effect::WatchStats(ids) => self.watch_stats(ids),
            Effect::ResumeLogs {
                container_id,
                after,
                seen,
            } => self.resume(container_id, after, seen),
            Effect::ResumeCombined {
                container_id,
                service,
                after,
                seen,
                tail,
            } => self.resume_combined(container_id, service, after, seen, tail),
            Effect::FollowLogs { container_id, tail } => self.follow(container_id, tail),
            Effect::StopLogs { container_id } => {
                self.stop(&container_id);
            }
            Effect::LoadEnvServices { env } => self.load_env_services(env),
            Effect::FollowEnvLogs {
                env,
                stream,
                services,
                tail,
            } => self.follow_env(env, stream, services, tail),
            Effect::LoadTestHistory => {
                let root = self.project.root.clone();
                self.blocking(move || Msg::TestHistory(ops::testing::history::read(&root)));
            }
            Effect::RunTier { tier, args } => self.run_tier(tier, args),
            effect @ (Effect::RunPipeline { .. }
            | Effect::CancelPipeline
            | Effect::AnswerPipeline(_)) => {
                let engine = self.engine.borrow().clone();
                let started = self
                    .pipeline
                    .handle(effect, engine, &self.project, &self.tx);
                if let Some((cancel, task)) = started {
                    self.work.track("the pipeline", Some(cancel), task);
                }
            }
            Effect::Migrate(action) => {
                let offline = |outcome| Msg::Migrated {
                    outcome,
                    current: None,
                    history: None,
                };
                if let Some(engine) = self.live_engine("migrations", offline) {
                    let project = Arc::clone(&self.project);
                    let task = tool_tasks::migrate(engine, project, action, self.tx.clone());
                    self.work.track("the migration", None, task);
                }
            }
            Effect::BuildDocs { apidoc } => {
                if let Some(engine) = self.live_engine("the docs build", Msg::DocsBuilt) {
                    let project = Arc::clone(&self.project);
                    let task = tool_tasks::build_docs(engine, project, apidoc, self.tx.clone());
                    self.work.track("the docs build", None, task);
                }
            }
            Effect::OpenPath(url) | Effect::OpenUrl(url) => {
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    if let Err(e) = super::open_url::open_url(&url).await {
                        let _ = tx.send(Msg::Status(e)).await;
                    }
                });
            }
            Effect::CopyText(text) => {
                if let Err(e) = term::copy_to_clipboard(&text) {
                    let tx = self.tx.clone();
                    tokio::spawn(async move {
                        let _ = tx.send(Msg::Status(format!("cannot copy: {e}"))).await;
                    });
                }
            }
            Effect::StopProfile(profile) => {
                if let Some(engine) = self.live_engine("stopping a profile", Msg::ServerDone) {
                    let project = Arc::clone(&self.project);
                    server_tasks::stop_profile(engine, project, profile, self.tx.clone());
                }
            }
            Effect::RunCommand { name, args } => {
                // A host command needs no engine; the op says so for the others.
                let cancel = CancellationToken::new();
                self.command_cancel = Some(cancel.clone());
                let (engine, project) = (self.engine(), Arc::clone(&self.project));
                let what = format!("command {name}");
                let task = command_tasks::run(
                    engine,
                    project,
                    name,
                    args,
                    cancel.clone(),
                    self.tx.clone(),
                );
                self.work.track(what, Some(cancel), task);
            }
            Effect::CancelCommand => {
                if let Some(cancel) = self.command_cancel.take() {
                    cancel.cancel();
                }
            }
            Effect::CancelTier => {
                if let Some(cancel) = self.test_cancel.take() {
                    cancel.cancel();
                }
            }
            Effect::RefreshGit => {
                self.refresh_git();
                let project = self.project.clone();
                self.blocking(move || Msg::GitFacts(ops::git_pane::facts(&project)));
            }
            Effect::GitPlan(draft) => {
                let project = self.project.clone();
                self.blocking(move || Msg::GitPlanned(ops::git_pane::plan(&project, &draft)));
            }
            Effect::GitApply(draft) => {
                let project = self.project.clone();
                self.blocking(move || Msg::GitApplied(ops::git_pane::apply(&project, &draft)));
            }
            Effect::ServerUp { profile, build } => {
                if let Some(engine) = self.live_engine("starting a profile", Msg::ServerDone) {
                    server_tasks::up(
                        engine,
                        Arc::clone(&self.project),
                        profile,
                        build,
                        self.tx.clone(),
                    );
                }
            }
            Effect::ServerDown { volumes, prune } => {
                if let Some(engine) = self.live_engine("server down", Msg::ServerDone) {
                    let opts = DownOptions {
                        volumes,
                        prune_images: prune,
                        ..DownOptions::default()
                    };
                    server_tasks::down(engine, Arc::clone(&self.project), opts, self.tx.clone());
                }
            }
            Effect::Service {
                service, action, ..
            } => {
                if let Some(engine) = self.live_engine("a service action", Msg::ServerDone) {
                    let project = Arc::clone(&self.project);
                    server_tasks::service_action(engine, project, service, action, self.tx.clone());
                }
            }
            Effect::ExportLog { name, lines } => {
                let dir = self.project.root.join(".runcli").join("logs");
                self.blocking(move || Msg::Status(log_streams::export_log(&dir, &name, &lines)));
            }
            Effect::SetMouseCapture(on) => {
                if let Err(e) = term::set_mouse_capture(on) {
                    tracing::warn!("cannot change mouse capture: {e}");
                }
            }
            Effect::LoadSecrets => {
                let project = self.project.clone();
                self.blocking(move || Msg::SecretsLoaded(ops::secrets::snapshot(&project)));
            }
            Effect::CompileSecrets { env } => {
                let project = self.project.clone();
                self.blocking(move || {
                    Msg::SecretsCompiled(ops::secrets::compile(&project, env.as_deref()))
                });
            }
        }
    }

    /// The engine when it is online, for work the event loop runs itself.
    pub(super) fn engine(&self) -> Option<Engine> {
        self.engine.borrow().clone()
    }

    /// The engine when it is online; otherwise the operation ends at once
    /// with a message saying so.
    /// The engine, when one answers. Otherwise the pane that asked gets
    /// its own "done" message with the reason (`ended` builds it), so it
    /// says so and stays usable rather than waiting for work that never
    /// started.
    fn live_engine(
        &self,
        what: &str,
        ended: impl FnOnce(Result<String, String>) -> Msg,
    ) -> Option<Engine> {
        let engine = self.engine.borrow().clone();
        if engine.is_none() {
            let msg = ended(Err(offline_reason(what)));
            let tx = self.tx.clone();
            tokio::spawn(async move {
                let _ = tx.send(msg).await;
            });
        }
        engine
    }

    fn refresh_containers(&self) {
        let Some(engine) = self.engine.borrow().clone() else {
            return;
        };
        let project = self.project.name.clone();
        let tx = self.tx.clone();
        tokio::spawn(async move {
            if let Some(rows) = server_tasks::rows(&engine, &project).await {
                let _ = tx.send(Msg::Containers(rows)).await;
            }
        });
    }

    /// Keeps one stats stream per wanted container: new ones start, ones no
    /// longer wanted stop, the rest go on untouched.
    fn watch_stats(&mut self, ids: Vec<String>) {
        self.stats_tasks.retain(|id, task| {
            let keep = ids.contains(id);
            if !keep {
                task.abort();
            }
            keep
        });
        let Some(engine) = self.engine.borrow().clone() else {
            return;
        };
        for id in ids {
            if self.stats_tasks.contains_key(&id) {
                continue;
            }
            let tx = self.tx.clone();
            let mut samples = Box::pin(engine.stats(&id));
            let container_id = id.clone();
            let task = tokio::spawn(async move {
                while let Some(Ok(sample)) = samples.next().await {
                    let msg = Msg::Stats {
                        container_id: container_id.clone(),
                        cpu_percent: sample.cpu_percent,
                        memory_bytes: sample.memory_bytes,
                    };
                    if tx.send(msg).await.is_err() {
                        return;
                    }
                }
            });
            self.stats_tasks.insert(id, task);
        }
    }

    /// Runs a tier (or `all`), forwarding its events as messages.
    fn run_tier(&mut self, tier: String, args: Vec<(String, String)>) {
        let tx = self.tx.clone();
        let Some(engine) = self.engine.borrow().clone() else {
            tokio::spawn(async move {
                let reason = offline_reason("running a tier");
                let _ = tx.send(Msg::TestsDone(Err(reason))).await;
            });
            return;
        };
        let cancel = CancellationToken::new();
        self.test_cancel = Some(cancel.clone());
        let project = Arc::clone(&self.project);
        let task = test_tasks::run(engine, project, tier, args, cancel.clone(), tx);
        self.work.track("the test run", Some(cancel), task);
    }

    /// Runs blocking file or git work off the runtime and sends its message.
    fn blocking(&self, work: impl FnOnce() -> Msg + Send + 'static) {
        let tx = self.tx.clone();
        tokio::spawn(async move {
            if let Ok(msg) = tokio::task::spawn_blocking(work).await {
                let _ = tx.send(msg).await;
            }
        });
    }

    fn refresh_git(&self) {
        let root = self.project.root.clone();
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let summary = tokio::task::spawn_blocking(move || git_summary::read(&root))
                .await
                .ok()
                .flatten();
            let _ = tx.send(Msg::Git(summary)).await;
        });
    }

    /// Stops every stream and cancels the work that can be cancelled;
    /// called when the console closes. Returns that work, for
    /// [`PendingWork::finish`] to wait until its containers are removed.
    pub fn shutdown(&mut self) -> PendingWork {
        for task in self.log_tasks.drain().flat_map(|(_, tasks)| tasks) {
            task.abort();
        }
        for (_, task) in self.stats_tasks.drain() {
            task.abort();
        }
        let work = std::mem::take(&mut self.work);
        work.cancel_all();
        work
    }
}

/// What a pane says when its action needs an engine that is not there
/// (offline, or not connected yet).
fn offline_reason(what: &str) -> String {
    format!(
        "{what} needs the engine, which is offline or still connecting (see the header); try again once it is online"
    )
}
