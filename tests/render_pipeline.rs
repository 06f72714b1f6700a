//! The Pipeline pane drawn at 120x40: mid-run with mixed states and a
//! step's output (snapshot, with the meaningful colours checked on cells),
//! and clicks landing on what is drawn under them.

mod pipeline_support;

use pipeline_support::{event, finished, key, model, output, started};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use runcli::app::{Key, Msg, Panel, PipelineUpdate, StepState, update};
use runcli::ops::pipeline::PipelineEvent;

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
