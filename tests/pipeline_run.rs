//! The pipeline runner with real steps: host commands in a project that is
//! a real git repository, tiers as one-shot containers on the real engine,
//! and a recording delivery standing in for the environments, so the
//! tests can tell which pushes, deploys and rollbacks were asked for.

mod common;
mod git_support;

use std::collections::BTreeSet;
use std::sync::Mutex;

use futures::future::BoxFuture;
use runcli::ops::pipeline::{self, Delivery, PipelineEvent, ProjectSteps, StepOut, StepState};
use runcli::project::Project;
use tokio_util::sync::CancellationToken;

use common::{ProjectGuard, busybox_image, docker_or_skip, unique_project};
use git_support::{project, repo_with};

/// Records every call; `fail_deploy` makes deploys fail.
#[derive(Default)]
struct Recorder {
    calls: Mutex<Vec<String>>,
    fail_deploy: bool,
}

impl Recorder {
    fn calls(&self) -> Vec<String> {
        self.calls.lock().map(|c| c.clone()).unwrap_or_default()
    }

    fn record(&self, call: String) {
        if let Ok(mut calls) = self.calls.lock() {
            calls.push(call);
        }
    }
}

impl Delivery for Recorder {
    fn url(&self, env: &str) -> Option<String> {
        Some(format!("http://{env}.example:8080"))
    }

    fn push<'a>(
        &'a self,
        env: &'a str,
        version: &'a str,
        out: StepOut<'a>,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            out(format!("pushing {version}"));
            self.record(format!("push {env} {version}"));
            Ok(())
        })
    }

    fn deploy<'a>(
        &'a self,
        env: &'a str,
        version: &'a str,
        _out: StepOut<'a>,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            self.record(format!("deploy {env} {version}"));
            if self.fail_deploy {
                Err("the new tasks never became healthy".into())
            } else {
                Ok(())
            }
        })
    }

    fn rollback<'a>(
        &'a self,
        env: &'a str,
        _out: StepOut<'a>,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            self.record(format!("rollback {env}"));
            Ok(())
        })
    }
}

/// A git repository holding config.json (version 2.5.0), `manifest` as
/// runcli.toml and a .gitignore, all committed.
fn repo_project(manifest: &str) -> (tempfile::TempDir, git2::Repository, Project) {
    let (dir, repo) = repo_with(&[
        ("config.json", "{\"version\": \"2.5.0\"}\n"),
        ("runcli.toml", manifest),
        (".gitignore", "order.txt\n"),
    ]);
    let p = project(dir.path());
    (dir, repo, p)
}

async fn run(
    project: &Project,
    delivery: &Recorder,
    confirmed: &[&str],
    to: Option<&str>,
) -> (Vec<PipelineEvent>, pipeline::Outcome) {
    let plan = pipeline::plan(&project.manifest.pipeline, to, None).unwrap();
    let steps = ProjectSteps {
        engine: None,
        project,
        delivery,
        confirmed: confirmed
            .iter()
            .map(|s| s.to_string())
            .collect::<BTreeSet<_>>(),
        allow_dirty: false,
        cancel: CancellationToken::new(),
    };
    run_steps(&plan, &steps).await
}

async fn run_steps(
    plan: &pipeline::Plan,
    steps: &ProjectSteps<'_>,
) -> (Vec<PipelineEvent>, pipeline::Outcome) {
    let mut events = Vec::new();
    let outcome = pipeline::run(
        plan,
        steps,
        &mut |e| events.push(e),
        &CancellationToken::new(),
    )
    .await;
    (events, outcome)
}

fn started(events: &[PipelineEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            PipelineEvent::Started { step, .. } => Some(step.clone()),
            _ => None,
        })
        .collect()
}

fn state_of(outcome: &pipeline::Outcome, step: &str) -> Option<StepState> {
    outcome
        .steps
        .iter()
        .find(|s| s.step == step)
        .map(|s| s.state)
}

const HOST_COMMANDS: &str = r#"
[commands.mark-a]
host = true
command = ["sh", "-c", "echo a >> order.txt"]

[commands.mark-b]
host = true
command = ["sh", "-c", "echo b >> order.txt"]

[commands.mark-c]
host = true
command = ["sh", "-c", "echo c >> order.txt; echo said c"]

[commands.broken]
host = true
command = ["sh", "-c", "echo about to fail; exit 4"]
"#;

#[tokio::test]
async fn steps_run_in_order_of_needs_then_of_the_file() {
    let manifest = format!(
        "{HOST_COMMANDS}
[pipeline.c]
command = \"mark-c\"
needs = [\"a\"]
[pipeline.a]
command = \"mark-a\"
needs = [\"b\"]
[pipeline.b]
command = \"mark-b\"
"
    );
    let (dir, _repo, p) = repo_project(&manifest);
    let delivery = Recorder::default();
    let (events, outcome) = run(&p, &delivery, &[], None).await;
    assert_eq!(started(&events), ["b", "a", "c"]);
    let order = std::fs::read_to_string(dir.path().join("order.txt")).unwrap();
    assert_eq!(order, "b\na\nc\n", "the commands really ran, in that order");
    assert!(outcome.passed());
    assert!(events.contains(&PipelineEvent::Output {
        step: "c".into(),
        line: "said c".into()
    }));
    assert!(matches!(events.first(), Some(PipelineEvent::Plan { steps }) if steps.len() == 3));
}

#[tokio::test]
async fn a_failed_step_stops_what_needs_it_and_cancels_the_rest() {
    let manifest = format!(
        "{HOST_COMMANDS}
[pipeline.first]
command = \"mark-a\"
[pipeline.unit]
command = \"broken\"
needs = [\"first\"]
[pipeline.push]
push = \"staging\"
needs = [\"unit\"]
[pipeline.deploy]
deploy = \"staging\"
needs = [\"push\"]
[pipeline.lint]
command = \"mark-b\"
"
    );
    let (dir, _repo, p) = repo_project(&manifest);
    let delivery = Recorder::default();
    let (events, outcome) = run(&p, &delivery, &[], None).await;
    assert_eq!(started(&events), ["first", "unit"]);
    assert_eq!(state_of(&outcome, "unit"), Some(StepState::Failed));
    assert_eq!(state_of(&outcome, "push"), Some(StepState::Skipped));
    assert_eq!(state_of(&outcome, "deploy"), Some(StepState::Skipped));
    assert_eq!(state_of(&outcome, "lint"), Some(StepState::Cancelled));
    assert!(
        delivery.calls().is_empty(),
        "no push, no deploy: {:?}",
        delivery.calls()
    );
    let order = std::fs::read_to_string(dir.path().join("order.txt")).unwrap();
    assert_eq!(order, "a\n", "lint never ran");
    let error = events.iter().find_map(|e| match e {
        PipelineEvent::Finished { step, error, .. } if step == "unit" => error.clone(),
        _ => None,
    });
    assert_eq!(error.as_deref(), Some("command broken exited with 4"));
}

const DELIVERY_STEPS: &str = r#"
[pipeline.push]
push = "staging"
[pipeline.deploy-staging]
deploy = "staging"
needs = ["push"]
[pipeline.after]
command = "mark-a"
needs = ["deploy-staging"]
[pipeline.confirm-production]
confirm = "production"
needs = ["after"]
[pipeline.deploy-production]
deploy = "production"
needs = ["confirm-production"]
"#;

#[tokio::test]
async fn push_and_deploy_get_the_version_committed_at_head() {
    let (_dir, _repo, p) = repo_project(&format!("{HOST_COMMANDS}{DELIVERY_STEPS}"));
    let delivery = Recorder::default();
    let (_, outcome) = run(&p, &delivery, &["production"], None).await;
    assert!(outcome.passed(), "{outcome:?}");
    assert_eq!(
        delivery.calls(),
        [
            "push staging 2.5.0",
            "deploy staging 2.5.0",
            "deploy production 2.5.0"
        ]
    );
}

#[tokio::test]
async fn a_confirmation_not_given_fails_its_step() {
    let (_dir, _repo, p) = repo_project(&format!("{HOST_COMMANDS}{DELIVERY_STEPS}"));
    let delivery = Recorder::default();
    let (events, outcome) = run(&p, &delivery, &["staging"], None).await;
    assert_eq!(
        state_of(&outcome, "confirm-production"),
        Some(StepState::Failed)
    );
    assert_eq!(
        state_of(&outcome, "deploy-production"),
        Some(StepState::Skipped)
    );
    assert!(!started(&events).contains(&"deploy-production".to_string()));
    assert!(!delivery.calls().iter().any(|c| c.contains("production")));
}

#[tokio::test]
async fn a_failed_deploy_rolls_its_environment_back() {
    let (_dir, _repo, p) = repo_project(&format!("{HOST_COMMANDS}{DELIVERY_STEPS}"));
    let delivery = Recorder {
        fail_deploy: true,
        ..Recorder::default()
    };
    let (events, outcome) = run(&p, &delivery, &["production"], Some("staging")).await;
    assert_eq!(
        delivery.calls(),
        [
            "push staging 2.5.0",
            "deploy staging 2.5.0",
            "rollback staging"
        ]
    );
    assert_eq!(
        state_of(&outcome, "deploy-staging"),
        Some(StepState::Failed)
    );
    assert_eq!(state_of(&outcome, "after"), Some(StepState::Skipped));
    assert!(events.contains(&PipelineEvent::RolledBack {
        step: "deploy-staging".into(),
        env: "staging".into(),
        ok: true,
        error: None,
    }));
}

#[tokio::test]
async fn a_dirty_work_tree_stops_the_push_before_the_delivery_is_asked() {
    let (dir, _repo, p) = repo_project(&format!("{HOST_COMMANDS}{DELIVERY_STEPS}"));
    std::fs::write(dir.path().join("config.json"), "{\"version\": \"2.6.0\"}\n").unwrap();
    let delivery = Recorder::default();
    let (events, outcome) = run(&p, &delivery, &[], Some("staging")).await;
    assert_eq!(state_of(&outcome, "push"), Some(StepState::Failed));
    assert!(delivery.calls().is_empty());
    let error = events.iter().find_map(|e| match e {
        PipelineEvent::Finished { error, .. } => error.clone(),
        _ => None,
    });
    assert!(
        error
            .as_deref()
            .is_some_and(|e| e.contains("--allow-dirty")),
        "{error:?}"
    );
}

/// A tier that checks the URL it was given, then a failing unit tier:
/// nothing after it starts, on the real engine.
#[tokio::test]
async fn a_failing_unit_tier_stops_everything_after_it() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let image = busybox_image(&engine).await;
    let name = unique_project("pipeline");
    let _guard = ProjectGuard::new(&engine, &name);
    let manifest = format!(
        r#"[project]
name = "{name}"

[compose]
files = ["docker-compose.yaml"]

[tests]
all = []

[tests.staged]
service = "tester"
commands = [["sh", "-c", "echo url=$SERVER_URL; test \"$SERVER_URL\" = http://staging.example:8080"]]

[tests.unit]
service = "tester"
commands = [["sh", "-c", "echo unit fails; exit 1"]]

[pipeline.build]
build = true
[pipeline.staged]
tier = "staged"
against = "staging"
needs = ["build"]
[pipeline.unit]
tier = "unit"
needs = ["staged"]
[pipeline.push]
push = "staging"
needs = ["unit"]
[pipeline.deploy]
deploy = "staging"
needs = ["push"]
"#
    );
    let (dir, repo) = repo_with(&[
        ("config.json", "{\"version\": \"2.5.0\"}\n"),
        ("runcli.toml", &manifest),
        (
            "docker-compose.yaml",
            &format!("services:\n  tester:\n    image: {image}\n"),
        ),
    ]);
    let p = project(dir.path());
    let delivery = Recorder::default();
    let plan = pipeline::plan(&p.manifest.pipeline, None, None).unwrap();
    let steps = ProjectSteps {
        engine: Some(&engine),
        project: &p,
        delivery: &delivery,
        confirmed: BTreeSet::new(),
        allow_dirty: false,
        cancel: CancellationToken::new(),
    };
    let (events, outcome) = run_steps(&plan, &steps).await;
    drop(repo);
    assert_eq!(started(&events), ["build", "staged", "unit"], "{events:#?}");
    assert_eq!(state_of(&outcome, "staged"), Some(StepState::Passed));
    assert_eq!(state_of(&outcome, "unit"), Some(StepState::Failed));
    assert_eq!(state_of(&outcome, "push"), Some(StepState::Skipped));
    assert_eq!(state_of(&outcome, "deploy"), Some(StepState::Skipped));
    assert!(delivery.calls().is_empty());
    assert!(events.contains(&PipelineEvent::Output {
        step: "staged".into(),
        line: "url=http://staging.example:8080".into()
    }));
    assert!(events.contains(&PipelineEvent::Output {
        step: "unit".into(),
        line: "unit fails".into()
    }));
}

#[tokio::test]
async fn cancelling_stops_the_running_step_and_starts_no_other() {
    let manifest = format!(
        "{HOST_COMMANDS}
[commands.slow]
host = true
command = [\"sleep\", \"30\"]

[pipeline.slow]
command = \"slow\"
[pipeline.after]
command = \"mark-a\"
needs = [\"slow\"]
"
    );
    let (dir, _repo, p) = repo_project(&manifest);
    let delivery = Recorder::default();
    let cancel = CancellationToken::new();
    let plan = pipeline::plan(&p.manifest.pipeline, None, None).unwrap();
    let steps = ProjectSteps {
        engine: None,
        project: &p,
        delivery: &delivery,
        confirmed: BTreeSet::new(),
        allow_dirty: false,
        cancel: cancel.clone(),
    };
    let trigger = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        trigger.cancel();
    });
    let began = std::time::Instant::now();
    let mut events = Vec::new();
    let outcome = pipeline::run(&plan, &steps, &mut |e| events.push(e), &cancel).await;
    assert!(
        began.elapsed() < std::time::Duration::from_secs(10),
        "the sleep was stopped, not waited for"
    );
    assert_eq!(state_of(&outcome, "slow"), Some(StepState::Cancelled));
    assert_eq!(state_of(&outcome, "after"), Some(StepState::Cancelled));
    assert_eq!(started(&events), ["slow"]);
    assert!(!dir.path().join("order.txt").exists());
}
