//! The console's pipeline task run for real, without a terminal: host
//! commands, a confirm step answered through the effects, and a push the
//! deploy guard refuses because the work tree is dirty.

use std::sync::Arc;
use std::time::Duration;

use git2::{Repository, Signature};
use tokio::sync::mpsc;

use super::PipelineTask;
use crate::app::{Effect, Msg, PipelineUpdate};
use crate::ops::pipeline::{PipelineEvent, StepState};
use crate::project::{DiscoverOptions, Project, discover};

const MANIFEST: &str = r#"
[project]
name = "pipetask"

[commands.hello]
host = true
command = ["sh", "-c", "echo hello from the host"]

[pipeline.hello]
command = "hello"

[pipeline.confirm-qa]
confirm = "qa"
needs = ["hello"]

[pipeline.push-qa]
push = "qa"
needs = ["confirm-qa"]
"#;

/// A committed project whose config.json then changes (a dirty tree).
fn dirty_project() -> (tempfile::TempDir, Arc<Project>) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("runcli.toml"), MANIFEST).unwrap();
    std::fs::write(root.join("config.json"), "{\"version\": \"1.0.0\"}\n").unwrap();
    let repo = Repository::init(root).unwrap();
    let mut index = repo.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = Signature::now("Test Person", "test@example.invalid").unwrap();
    repo.commit(Some("HEAD"), &sig, &sig, "initial", &tree, &[])
        .unwrap();
    std::fs::write(root.join("config.json"), "{\"version\": \"1.0.1\"}\n").unwrap();
    let project = discover(&DiscoverOptions {
        explicit: Some(root.to_path_buf()),
        env_project: None,
        cwd: root.to_path_buf(),
    })
    .unwrap();
    (dir, Arc::new(project))
}

/// Runs the pipeline, answering its question with `yes`; every message
/// until the run's end.
async fn run_answering(yes: bool) -> Vec<Msg> {
    let (_dir, project) = dirty_project();
    let (tx, mut rx) = mpsc::channel(16);
    let mut task = PipelineTask::default();
    let run = Effect::RunPipeline {
        to: None,
        from: None,
    };
    task.handle(run, None, &project, &tx);
    let mut seen = Vec::new();
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(20), rx.recv())
            .await
            .expect("the run goes on")
            .expect("the task keeps its sender until the end");
        let end = matches!(msg, Msg::Pipeline(PipelineUpdate::Done(_)));
        if let Msg::Pipeline(PipelineUpdate::Confirm { env, .. }) = &msg {
            assert_eq!(env, "qa");
            task.handle(Effect::AnswerPipeline(yes), None, &project, &tx);
        }
        seen.push(msg);
        if end {
            return seen;
        }
    }
}

fn ended(msgs: &[Msg], step: &str) -> Option<(StepState, Option<String>)> {
    msgs.iter().find_map(|m| match m {
        Msg::Pipeline(PipelineUpdate::Event(PipelineEvent::Finished {
            step: s,
            state,
            error,
            ..
        })) if s == step => Some((*state, error.clone())),
        Msg::Pipeline(PipelineUpdate::Event(PipelineEvent::Stopped { step: s, state, .. }))
            if s == step =>
        {
            Some((*state, None))
        }
        _ => None,
    })
}

fn output_of(msgs: &[Msg], step: &str) -> Vec<String> {
    msgs.iter()
        .filter_map(|m| match m {
            Msg::Pipeline(PipelineUpdate::Event(PipelineEvent::Output { step: s, line }))
                if s == step =>
            {
                Some(line.clone())
            }
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_confirmed_run_reaches_the_push_which_the_guard_refuses_on_a_dirty_tree() {
    let msgs = run_answering(true).await;
    assert!(output_of(&msgs, "hello").contains(&"hello from the host".to_string()));
    assert_eq!(ended(&msgs, "hello"), Some((StepState::Passed, None)));
    assert_eq!(output_of(&msgs, "confirm-qa"), ["qa confirmed"]);
    let (state, error) = ended(&msgs, "push-qa").expect("the push ran");
    assert_eq!(state, StepState::Failed);
    let error = error.unwrap_or_default();
    assert!(
        error.contains("tracked changes that are not committed (config.json)"),
        "{error}"
    );
    let last = msgs.last().cloned();
    assert_eq!(
        last,
        Some(Msg::Pipeline(PipelineUpdate::Done(Ok(
            "2 passed, 1 failed, 0 skipped, 0 cancelled".into()
        ))))
    );
}

#[tokio::test]
async fn a_refused_confirmation_cancels_the_run() {
    let msgs = run_answering(false).await;
    let (state, error) = ended(&msgs, "confirm-qa").expect("the confirm step ended");
    assert_eq!(state, StepState::Cancelled);
    assert!(error.unwrap_or_default().contains("qa was not confirmed"));
    assert_eq!(ended(&msgs, "push-qa"), Some((StepState::Cancelled, None)));
}
