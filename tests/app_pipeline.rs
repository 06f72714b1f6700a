//! The Pipeline pane driven through `update()`: selecting steps, the run
//! and cancel effects, the run's events turning into states, durations and
//! output, and the confirm steps (typed for production, y/n otherwise).

mod pipeline_support;

use pipeline_support::{event, finished, key, model, output, started, state, type_text};
use runcli::app::{
    Effect, Key, Model, Msg, Pane, Panel, PipelineFocus, PipelineUpdate, PromptKind, StepState,
    update,
};
use runcli::ops::pipeline::{PipelineEvent, plan};
use runcli::project::Manifest;
#[test]
fn i_opens_the_pane_with_every_step_pending_in_the_files_order() {
    let m = model();
    assert_eq!(m.pane, Pane::Pipeline);
    let names: Vec<&str> = m.pipeline.steps.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names.first(), Some(&"safety"));
    assert_eq!(names.last(), Some(&"smoke"));
    assert!(
        m.pipeline
            .steps
            .iter()
            .all(|s| s.state == StepState::Pending)
    );
    let depth = |name: &str| {
        m.pipeline
            .steps
            .iter()
            .find(|s| s.name == name)
            .unwrap()
            .depth
    };
    assert_eq!((depth("safety"), depth("build"), depth("unit")), (0, 0, 1));
    assert_eq!(
        depth("push"),
        3,
        "push sits under the longer chain, build-unit-integration"
    );
}

#[test]
fn j_and_k_select_steps_and_stop_at_the_ends() {
    let mut m = model();
    key(&mut m, Key::Char('k'));
    assert_eq!(m.pipeline.selected, 0);
    key(&mut m, Key::Char('j'));
    key(&mut m, Key::Down);
    assert_eq!(m.pipeline.selected, 2);
    for _ in 0..20 {
        key(&mut m, Key::Char('j'));
    }
    assert_eq!(m.pipeline.selected, m.pipeline.steps.len() - 1);
}

#[test]
fn enter_runs_every_step_t_picks_a_target_and_f_runs_from_the_selection() {
    let mut m = model();
    key(&mut m, Key::Char('t'));
    assert_eq!(m.pipeline.target.as_deref(), Some("staging"));
    key(&mut m, Key::Char('t'));
    assert_eq!(m.pipeline.target.as_deref(), Some("production"));
    key(&mut m, Key::Char('t'));
    assert_eq!(m.pipeline.target, None, "back to every step");
    assert_eq!(
        key(&mut m, Key::Enter),
        vec![Effect::RunPipeline {
            to: None,
            from: None
        }]
    );
    assert!(m.pipeline.running);
    assert!(key(&mut m, Key::Enter).is_empty(), "one run at a time");
    update(
        &mut m,
        Msg::Pipeline(PipelineUpdate::Done(Ok("done".into()))),
    );

    key(&mut m, Key::Char('t'));
    key(&mut m, Key::Char('j'));
    key(&mut m, Key::Char('j'));
    assert_eq!(
        key(&mut m, Key::Char('f')),
        vec![Effect::RunPipeline {
            to: Some("staging".into()),
            from: Some("unit".into())
        }]
    );
}

#[test]
fn events_set_states_durations_and_each_steps_own_output() {
    let mut m = model();
    key(&mut m, Key::Enter);
    started(&mut m, "safety");
    assert_eq!(state(&m, "safety"), StepState::Running);
    output(&mut m, "safety", "No known security vulnerabilities");
    update(
        &mut m,
        Msg::Pipeline(PipelineUpdate::Tick {
            step: "safety".into(),
            secs: 3,
        }),
    );
    assert_eq!(m.pipeline.steps[0].elapsed_secs, Some(3));
    finished(&mut m, "safety", StepState::Passed, 3.4, None);
    started(&mut m, "build");
    assert_eq!(m.pipeline.selected, 1, "the running step is selected");
    output(&mut m, "build", "Step 1/4 : FROM scratch");
    finished(
        &mut m,
        "build",
        StepState::Failed,
        1.5,
        Some("image build failed"),
    );
    event(
        &mut m,
        PipelineEvent::Stopped {
            step: "unit".into(),
            state: StepState::Skipped,
            because: "it needs `build`, which failed".into(),
        },
    );
    let build = &m.pipeline.steps[1];
    assert_eq!(
        (build.state, build.duration_secs),
        (StepState::Failed, Some(1.5))
    );
    assert_eq!(build.note.as_deref(), Some("image build failed"));
    assert_eq!(state(&m, "unit"), StepState::Skipped);
    let shown = m.log_view(Panel::PipelineOutput).shown_text();
    assert_eq!(shown, ["Step 1/4 : FROM scratch", "✗ image build failed"]);
    key(&mut m, Key::Char('k'));
    let shown = m.log_view(Panel::PipelineOutput).shown_text();
    assert_eq!(shown, ["No known security vulnerabilities"]);

    update(
        &mut m,
        Msg::Pipeline(PipelineUpdate::Done(Ok("1 passed, 1 failed".into()))),
    );
    assert!(!m.pipeline.running);
    key(&mut m, Key::Enter);
    assert_eq!(
        state(&m, "build"),
        StepState::Pending,
        "a new run starts clean"
    );
    assert!(m.log_view(Panel::PipelineOutput).shown_text().is_empty());
}

#[test]
fn a_plan_that_leaves_steps_out_marks_them() {
    let mut m = model();
    key(&mut m, Key::Char('t'));
    key(&mut m, Key::Enter);
    let graph = Manifest::default().pipeline;
    let steps = plan(&graph, Some("staging"), None).unwrap().steps;
    event(&mut m, PipelineEvent::Plan { steps });
    let row = |name: &str| {
        m.pipeline
            .steps
            .iter()
            .find(|s| s.name == name)
            .unwrap()
            .in_run
    };
    assert!(row("acceptance"));
    assert!(!row("deploy-production"));
}

#[test]
fn c_cancels_a_running_pipeline_only() {
    let mut m = model();
    assert!(key(&mut m, Key::Char('c')).is_empty());
    key(&mut m, Key::Enter);
    assert_eq!(key(&mut m, Key::Char('c')), vec![Effect::CancelPipeline]);
}

fn asked(env: &str) -> Model {
    let mut m = model();
    key(&mut m, Key::Enter);
    // The graph's one confirm step, named for the environment asked.
    let confirm = m.pipeline.index_of("confirm-production").unwrap();
    m.pipeline.steps[confirm].name = format!("confirm-{env}");
    started(&mut m, &format!("confirm-{env}"));
    update(
        &mut m,
        Msg::Pipeline(PipelineUpdate::Confirm {
            step: format!("confirm-{env}"),
            env: env.into(),
        }),
    );
    m
}

#[test]
fn production_is_confirmed_only_by_typing_its_name() {
    let mut m = asked("production");
    assert_eq!(
        m.prompt.as_ref().map(|p| p.kind),
        Some(PromptKind::ConfirmEnv)
    );
    assert!(key(&mut m, Key::Char('y')).is_empty(), "y is text here");
    key(&mut m, Key::Backspace);
    type_text(&mut m, "production");
    assert_eq!(key(&mut m, Key::Enter), vec![Effect::AnswerPipeline(true)]);
    assert!(m.prompt.is_none() && m.pipeline.ask.is_none());

    let mut m = asked("production");
    type_text(&mut m, "prod");
    assert_eq!(key(&mut m, Key::Enter), vec![Effect::AnswerPipeline(false)]);
    let status = m.status.clone().unwrap_or_default();
    assert!(status.contains("`prod` is not `production`"), "{status}");
    let said = m.pipeline.output().shown_text();
    assert_eq!(
        said,
        ["» `prod` is not `production`: confirm-production is cancelled"],
        "the refusal stays in the step's output"
    );

    let mut m = asked("production");
    type_text(&mut m, "production");
    assert_eq!(key(&mut m, Key::Esc), vec![Effect::AnswerPipeline(false)]);
    assert!(m.pipeline.ask.is_none());
}

#[test]
fn the_typed_prompt_waits_for_the_pane_when_asked_elsewhere() {
    let mut m = model();
    key(&mut m, Key::Enter);
    key(&mut m, Key::Char('s'));
    update(
        &mut m,
        Msg::Pipeline(PipelineUpdate::Confirm {
            step: "confirm-production".into(),
            env: "production".into(),
        }),
    );
    assert!(m.prompt.is_none(), "the Server pane keeps its keys");
    key(&mut m, Key::Char('i'));
    assert_eq!(
        m.prompt.as_ref().map(|p| p.kind),
        Some(PromptKind::ConfirmEnv)
    );
}

#[test]
fn other_environments_are_confirmed_with_y_and_refused_with_n_or_esc() {
    let mut m = asked("staging");
    assert!(m.prompt.is_none());
    assert!(
        key(&mut m, Key::Char('s')).is_empty(),
        "a question holds the pane"
    );
    assert_eq!(m.pane, Pane::Pipeline);
    assert_eq!(
        key(&mut m, Key::Char('y')),
        vec![Effect::AnswerPipeline(true)]
    );
    for refuse in [Key::Char('n'), Key::Esc] {
        let mut m = asked("staging");
        assert_eq!(key(&mut m, refuse), vec![Effect::AnswerPipeline(false)]);
    }
}

#[test]
fn the_end_of_a_run_closes_a_question_left_open() {
    let mut m = asked("production");
    update(
        &mut m,
        Msg::Pipeline(PipelineUpdate::Done(Ok("cancelled".into()))),
    );
    assert!(m.prompt.is_none() && m.pipeline.ask.is_none() && !m.pipeline.running);
}

#[test]
fn tab_focuses_the_output_panel_which_takes_the_log_keys() {
    let mut m = model();
    for i in 0..100 {
        output(&mut m, "safety", &format!("line {i}"));
    }
    key(&mut m, Key::Tab);
    assert_eq!(m.pipeline.focus, PipelineFocus::Output);
    assert_eq!(m.focused_panel(), Some(Panel::PipelineOutput));
    key(&mut m, Key::PageUp);
    assert!(!m.log_view(Panel::PipelineOutput).follow);
    key(&mut m, Key::Esc);
    assert_eq!(m.pipeline.focus, PipelineFocus::Steps);
}
