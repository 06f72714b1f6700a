//! Runs `[pipeline]` for the Pipeline pane through the same ops code as
//! `runcli pipeline run` (`ops::pipeline::{plan, run, ProjectSteps}`, the
//! delivery of `ops::pipeline::project_delivery`). Only confirm steps
//! differ: the CLI takes them from flags up front, the console asks when
//! the step comes and waits for the answer. Nothing here checks the deploy
//! guard before the run: a push or deploy step checks it itself, and a
//! refusal is that step's failure, shown with its message.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use tokio::sync::{Mutex, mpsc};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::app::{Effect, Msg, PipelineUpdate};
use crate::engine::Engine;
use crate::ops::pipeline::{self, PipelineEvent, ProjectSteps, StepOut, StepRunner, StepState};
use crate::project::{Project, StepKind};

/// The pipeline run of the console, if one is going.
#[derive(Default)]
pub struct PipelineTask {
    cancel: Option<CancellationToken>,
    answers: Option<mpsc::Sender<bool>>,
}

impl PipelineTask {
    /// Runs, cancels or answers, as the effect says; a run started is
    /// returned with its cancel token, for quitting to wait on.
    pub fn handle(
        &mut self,
        effect: Effect,
        engine: Option<Engine>,
        project: &Arc<Project>,
        tx: &mpsc::Sender<Msg>,
    ) -> Option<(CancellationToken, JoinHandle<()>)> {
        match effect {
            Effect::RunPipeline { to, from } => {
                let cancel = CancellationToken::new();
                let (answer_tx, answers) = mpsc::channel(1);
                self.cancel = Some(cancel.clone());
                self.answers = Some(answer_tx);
                let project = Arc::clone(project);
                let task = tokio::spawn(run(
                    engine,
                    project,
                    to,
                    from,
                    answers,
                    cancel.clone(),
                    tx.clone(),
                ));
                return Some((cancel, task));
            }
            Effect::CancelPipeline => {
                if let Some(cancel) = &self.cancel {
                    cancel.cancel();
                }
            }
            Effect::AnswerPipeline(yes) => {
                if let Some(answers) = self.answers.clone() {
                    tokio::spawn(async move {
                        let _ = answers.send(yes).await;
                    });
                }
            }
            _ => {}
        }
        None
    }
}

async fn run(
    engine: Option<Engine>,
    project: Arc<Project>,
    to: Option<String>,
    from: Option<String>,
    answers: mpsc::Receiver<bool>,
    cancel: CancellationToken,
    tx: mpsc::Sender<Msg>,
) {
    let plan = match pipeline::plan(&project.manifest.pipeline, to.as_deref(), from.as_deref()) {
        Ok(plan) => plan,
        Err(e) => {
            let _ = tx.send(done(Err(e.to_string()))).await;
            return;
        }
    };
    let delivery = pipeline::project_delivery(&project);
    let steps = ConsoleSteps {
        inner: ProjectSteps {
            engine: engine.as_ref(),
            project: &project,
            delivery: delivery.as_ref(),
            confirmed: BTreeSet::new(),
            allow_dirty: false,
            cancel: cancel.clone(),
        },
        answers: Mutex::new(answers),
        tx: tx.clone(),
        cancel: cancel.clone(),
    };
    // The runner reports through a plain callback; an unbounded queue
    // takes every event and one forwarder sends each on, waiting for room,
    // so no line of output is ever dropped.
    let (events_tx, events) = mpsc::unbounded_channel();
    let forward = tokio::spawn(forward(events, tx.clone()));
    let mut sink = |event: PipelineEvent| {
        let _ = events_tx.send(event);
    };
    let outcome = pipeline::run(&plan, &steps, &mut sink, &cancel).await;
    drop(events_tx);
    let _ = forward.await;
    let summary = format!(
        "{} passed, {} failed, {} skipped, {} cancelled",
        outcome.count(StepState::Passed),
        outcome.count(StepState::Failed),
        outcome.count(StepState::Skipped),
        outcome.count(StepState::Cancelled)
    );
    let _ = tx.send(done(Ok(summary))).await;
}

fn done(result: Result<String, String>) -> Msg {
    Msg::Pipeline(PipelineUpdate::Done(result))
}

/// Sends each event on, and once a second the running step's time.
async fn forward(mut events: mpsc::UnboundedReceiver<PipelineEvent>, tx: mpsc::Sender<Msg>) {
    let mut running: Option<(String, Instant)> = None;
    let mut ticks = tokio::time::interval(Duration::from_secs(1));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        let msg = tokio::select! {
            event = events.recv() => {
                let Some(event) = event else { return };
                match &event {
                    PipelineEvent::Started { step, .. } => {
                        running = Some((step.clone(), Instant::now()));
                    }
                    PipelineEvent::Finished { .. } => running = None,
                    _ => {}
                }
                Msg::Pipeline(PipelineUpdate::Event(event))
            }
            _ = ticks.tick() => {
                let Some((step, since)) = &running else { continue };
                Msg::Pipeline(PipelineUpdate::Tick {
                    step: step.clone(),
                    secs: since.elapsed().as_secs(),
                })
            }
        };
        if tx.send(msg).await.is_err() {
            return;
        }
    }
}

/// The project's steps, with confirm steps asked in the console.
struct ConsoleSteps<'a> {
    inner: ProjectSteps<'a>,
    answers: Mutex<mpsc::Receiver<bool>>,
    tx: mpsc::Sender<Msg>,
    cancel: CancellationToken,
}

impl ConsoleSteps<'_> {
    /// Asks for `env` and waits for the answer. A refusal cancels the run:
    /// the user stopped it, nothing failed.
    async fn confirm(&self, step: &str, env: &str, out: StepOut<'_>) -> Result<(), String> {
        let ask = Msg::Pipeline(PipelineUpdate::Confirm {
            step: step.to_string(),
            env: env.to_string(),
        });
        if self.tx.send(ask).await.is_err() {
            return Err("the console closed".to_string());
        }
        let mut answers = self.answers.lock().await;
        let yes = tokio::select! {
            answer = answers.recv() => answer.unwrap_or(false),
            () = self.cancel.cancelled() => false,
        };
        if yes {
            out(format!("{env} confirmed"));
            Ok(())
        } else {
            self.cancel.cancel();
            Err(format!("{env} was not confirmed; the run stops here"))
        }
    }
}

impl StepRunner for ConsoleSteps<'_> {
    fn run<'a>(
        &'a self,
        step: &'a str,
        kind: &'a StepKind,
        out: StepOut<'a>,
    ) -> BoxFuture<'a, Result<(), String>> {
        match kind {
            StepKind::Confirm { env } => Box::pin(self.confirm(step, env, out)),
            _ => self.inner.run(step, kind, out),
        }
    }

    fn rollback<'a>(&'a self, env: &'a str, out: StepOut<'a>) -> BoxFuture<'a, Result<(), String>> {
        self.inner.rollback(env, out)
    }
}

#[cfg(test)]
mod tests;
