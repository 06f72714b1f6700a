//! The Pipeline pane driven through `update()`: selecting steps, the run
//! and cancel effects, the run's events turning into states, durations and
//! output, and the confirm steps (typed for production, y/n otherwise);
//! then the pane drawn mid-run at 120x40.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use runcli::app::{
    Effect, EngineStatus, Header, Key, Model, Msg, Pane, Panel, PipelineFocus, PipelineUpdate,
    PromptKind, StepState, update,
};
use runcli::ops::pipeline::{PipelineEvent, plan};
use runcli::project::Manifest;

/// A model on the Pipeline pane holding the embedded default graph.
fn model() -> Model {
    let header = Header {
        project: "demo".into(),
        version: Some("0.1.0".into()),
        git: None,
        engine: EngineStatus::Offline {
            endpoint: "unix:///x.sock".into(),
            reason: "test".into(),
        },
    };
    let graph = Manifest::default().pipeline;
    let steps = plan(&graph, None, None).unwrap().steps;
    let mut m = Model::new(header, 1000, 1 << 20).with_pipeline(&steps);
    update(&mut m, Msg::Key(Key::Char('i')));
    m
}

fn event(m: &mut Model, event: PipelineEvent) {
    update(m, Msg::Pipeline(PipelineUpdate::Event(event)));
}

fn key(m: &mut Model, key: Key) -> Vec<Effect> {
    update(m, Msg::Key(key))
}

fn type_text(m: &mut Model, text: &str) {
    for c in text.chars() {
        key(m, Key::Char(c));
    }
}

fn state(m: &Model, step: &str) -> StepState {
    let row = m.pipeline.steps.iter().find(|s| s.name == step);
    row.map(|r| r.state).unwrap()
}

fn started(m: &mut Model, step: &str) {
    event(
        m,
        PipelineEvent::Started {
            step: step.into(),
            kind: "x".into(),
        },
    );
}

fn finished(m: &mut Model, step: &str, state: StepState, secs: f64, error: Option<&str>) {
    event(
        m,
        PipelineEvent::Finished {
            step: step.into(),
            state,
            duration_secs: secs,
            error: error.map(str::to_string),
        },
    );
}

fn output(m: &mut Model, step: &str, line: &str) {
    event(
        m,
        PipelineEvent::Output {
            step: step.into(),
            line: line.into(),
        },
    );
}

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

/// The pane mid-run: passed, failed, skipped, cancelled, running and
/// left-out steps, the failed step's output on screen.
#[test]
fn snapshot_mid_run_with_mixed_states_and_a_steps_output() {
    let mut m = model();
    key(&mut m, Key::Char('t'));
    key(&mut m, Key::Char('t'));
    key(&mut m, Key::Enter);
    started(&mut m, "safety");
    output(&mut m, "safety", "checking 42 packages");
    finished(&mut m, "safety", StepState::Passed, 2.25, None);
    started(&mut m, "build");
    finished(&mut m, "build", StepState::Passed, 61.0, None);
    started(&mut m, "unit");
    for line in [
        "tests/unit_tests/test_config.py::test_defaults PASSED",
        "tests/unit_tests/test_model.py::test_predict FAILED",
        "E   assert 0.42 == 0.5",
        "1 passed, 1 failed, 0 skipped",
    ] {
        output(&mut m, "unit", line);
    }
    finished(
        &mut m,
        "unit",
        StepState::Failed,
        7.5,
        Some("tier unit failed (exit code 1)"),
    );
    event(
        &mut m,
        PipelineEvent::Stopped {
            step: "integration".into(),
            state: StepState::Skipped,
            because: "it needs `unit`, which failed".into(),
        },
    );
    started(&mut m, "push");
    update(
        &mut m,
        Msg::Pipeline(PipelineUpdate::Tick {
            step: "push".into(),
            secs: 4,
        }),
    );
    key(&mut m, Key::Char('k'));
    key(&mut m, Key::Char('k'));
    assert_eq!(m.pipeline.selected, 2, "unit selected");
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    t.draw(|f| runcli::ui::view(&m, f)).unwrap();
    let buffer = t.backend().buffer().clone();
    let screen = format!("{}", t.backend());
    assert!(screen.contains("E   assert 0.42 == 0.5"), "{screen}");
    assert!(screen.contains("needs build"), "{screen}");
    let colour_of = |word: &str| {
        (0..40u16).find_map(|y| {
            let row: String = (0..120u16)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect();
            let x = row.find(word)?;
            let column = row[..x].chars().count() as u16;
            Some(buffer[(column, y)].fg)
        })
    };
    assert_eq!(colour_of("✗ FAILED"), Some(Color::Red));
    assert_eq!(colour_of("✓ passed"), Some(Color::Green));
    assert_eq!(colour_of("- skipped"), Some(Color::Magenta));
    insta::assert_snapshot!(screen);
}

/// A click on a step's row selects it and a click on the output focuses
/// the panel, where the screen draws them.
#[test]
fn clicks_select_a_step_and_focus_the_output() {
    use runcli::app::{List, Target};
    let mut m = model();
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    t.draw(|f| runcli::ui::view(&m, f)).unwrap();
    let buffer = t.backend().buffer().clone();
    let row_of = |word: &str| {
        (0..40u16).find(|&y| {
            let row: String = (0..120u16)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect();
            row.contains(word)
        })
    };
    let y = row_of("└ integration").unwrap();
    let target = runcli::ui::hit::target(&m, 120, 40, 20, y);
    assert_eq!(
        target,
        Some(Target::Row {
            list: List::Steps,
            index: 3
        })
    );
    update(&mut m, Msg::Click(target.unwrap()));
    assert_eq!(m.pipeline.selected, 3);
    let y = row_of("┌ safety: Enter runs").unwrap() + 2;
    let target = runcli::ui::hit::target(&m, 120, 40, 20, y);
    assert_eq!(target, Some(Target::Panel(Panel::PipelineOutput)));
    update(&mut m, Msg::Click(target.unwrap()));
    assert_eq!(m.focused_panel(), Some(Panel::PipelineOutput));
}
