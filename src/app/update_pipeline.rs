//! update() for the Pipeline pane: its keys, the run's events, and the
//! confirm steps' questions. A confirm step for `production` is answered by
//! typing the environment's name at a prompt (anything else cancels the
//! deploy); any other confirm step by `y` / `n`.

use super::effect::Effect;
use super::key::Key;
use super::log_buffer::LogLine;
use super::model::Model;
use super::pipeline_pane::{Ask, PipelineFocus, PipelineUpdate, StepState};
use super::prompt::{Prompt, PromptKind};
use crate::ops::pipeline::PipelineEvent;

/// Keys of the Pipeline pane; `None` leaves the key to the menu.
pub fn on_key(model: &mut Model, key: Key) -> Option<Vec<Effect>> {
    if let Some(ask) = model.pipeline.ask.clone().filter(|a| !a.typed()) {
        return Some(match key {
            Key::Char('y') => answer(model, &ask, true, String::new()),
            Key::Char('n') | Key::Esc => answer(model, &ask, false, String::new()),
            _ => Vec::new(),
        });
    }
    let pane = &mut model.pipeline;
    let effects = match (pane.focus, key) {
        (_, Key::Tab | Key::BackTab) => {
            model.cycle_focus(key == Key::BackTab);
            Vec::new()
        }
        (PipelineFocus::Steps, Key::Char('j') | Key::Down) => {
            pane.select(pane.selected.saturating_add(1));
            Vec::new()
        }
        (PipelineFocus::Steps, Key::Char('k') | Key::Up) => {
            pane.select(pane.selected.saturating_sub(1));
            Vec::new()
        }
        (_, Key::Enter | Key::Char('r')) => {
            let to = pane.target.clone();
            run(model, to, None)
        }
        (_, Key::Char('f')) => {
            let Some(step) = pane.selected_step().map(|s| s.name.clone()) else {
                return Some(Vec::new());
            };
            let to = pane.target.clone();
            run(model, to, Some(step))
        }
        (_, Key::Char('t')) if !pane.running => {
            let targets = pane.targets();
            pane.target = match &pane.target {
                None => targets.first().cloned(),
                Some(now) => targets.iter().skip_while(|t| *t != now).nth(1).cloned(),
            };
            model.status = Some(match &model.pipeline.target {
                Some(env) => format!("runs go to {env} (--to {env})"),
                None => "runs take every step".to_string(),
            });
            Vec::new()
        }
        (_, Key::Char('c')) if pane.running => {
            model.status = Some("cancelling the pipeline...".to_string());
            vec![Effect::CancelPipeline]
        }
        _ => return None,
    };
    Some(effects)
}

fn run(model: &mut Model, to: Option<String>, from: Option<String>) -> Vec<Effect> {
    let pane = &mut model.pipeline;
    if pane.running {
        model.status = Some("wait: the pipeline is running (c cancels it)".to_string());
        return Vec::new();
    }
    if pane.steps.is_empty() {
        model.status = Some("runcli.toml has no [pipeline] steps".to_string());
        return Vec::new();
    }
    pane.reset();
    pane.running = true;
    model.status = Some(match (&to, &from) {
        (Some(env), Some(step)) => format!("running the pipeline from {step} to {env}..."),
        (None, Some(step)) => format!("running the pipeline from {step}..."),
        (Some(env), None) => format!("running the pipeline to {env}..."),
        (None, None) => "running the pipeline...".to_string(),
    });
    vec![Effect::RunPipeline { to, from }]
}

/// One message of the pipeline task.
pub fn on_update(model: &mut Model, update: PipelineUpdate) -> Vec<Effect> {
    match update {
        PipelineUpdate::Event(event) => on_event(model, event),
        PipelineUpdate::Tick { step, secs } => {
            let pane = &mut model.pipeline;
            pane.spin = pane.spin.wrapping_add(1);
            if let Some(row) = pane
                .row_mut(&step)
                .filter(|r| r.state == StepState::Running)
            {
                row.elapsed_secs = Some(secs);
            }
        }
        PipelineUpdate::Confirm { step, env } => {
            let ask = Ask { step, env };
            model.status = Some(if ask.typed() {
                format!(
                    "{}: type `{}` to go on; anything else cancels",
                    ask.step, ask.env
                )
            } else {
                format!(
                    "{}: go on to {}? y / n (n stops the run)",
                    ask.step, ask.env
                )
            });
            model.pipeline.ask = Some(ask);
            if model.pane == super::pane::Pane::Pipeline {
                open_typed(model);
            }
        }
        PipelineUpdate::Done(result) => {
            let pane = &mut model.pipeline;
            pane.running = false;
            pane.ask = None;
            if model
                .prompt
                .as_ref()
                .is_some_and(|p| p.kind == PromptKind::ConfirmEnv)
            {
                model.prompt = None;
            }
            let text = match result {
                Ok(summary) => format!("pipeline: {summary}"),
                Err(e) => format!("pipeline: {e}"),
            };
            model.pipeline.summary = Some(text.clone());
            model.status = Some(text);
        }
    }
    Vec::new()
}

fn on_event(model: &mut Model, event: PipelineEvent) {
    let pane = &mut model.pipeline;
    match event {
        PipelineEvent::Plan { steps } => {
            for step in steps {
                if let Some(row) = pane.row_mut(&step.step) {
                    row.in_run = step.run;
                }
            }
        }
        PipelineEvent::Started { step, .. } => {
            if let Some(row) = pane.row_mut(&step) {
                row.state = StepState::Running;
                row.elapsed_secs = Some(0);
            }
            if let Some(index) = pane.index_of(&step) {
                pane.select(index);
            }
        }
        PipelineEvent::Output { step, line } => pane.push_line(&step, LogLine::stdout(line)),
        PipelineEvent::Finished {
            step,
            state,
            duration_secs,
            error,
        } => {
            if let Some(error) = &error {
                pane.push_line(&step, LogLine::stdout(format!("✗ {error}")));
            }
            if let Some(row) = pane.row_mut(&step) {
                row.state = state;
                row.duration_secs = Some(duration_secs);
                row.elapsed_secs = None;
                row.note = error;
            }
        }
        PipelineEvent::Stopped {
            step,
            state,
            because,
        } => {
            if let Some(row) = pane.row_mut(&step) {
                row.state = state;
                row.note = Some(because);
            }
        }
        PipelineEvent::RollingBack { step, env } => {
            pane.push_line(&step, LogLine::stdout(format!("rolling {env} back...")));
        }
        PipelineEvent::RolledBack {
            step,
            env,
            ok,
            error,
        } => {
            let line = match (ok, error) {
                (true, _) => format!("{env} rolled back"),
                (false, Some(e)) => format!("{env} NOT rolled back: {e}"),
                (false, None) => format!("{env} NOT rolled back"),
            };
            pane.push_line(&step, LogLine::stdout(line));
        }
    }
}

/// Opens the typed confirmation's prompt when one waits (on a message
/// while the pane is shown, or when the pane is shown again).
pub fn open_typed(model: &mut Model) {
    if model.pipeline.ask.as_ref().is_some_and(Ask::typed) && model.prompt.is_none() {
        model.prompt = Some(Prompt::new(PromptKind::ConfirmEnv, ""));
    }
}

/// The text typed at the confirmation prompt; `None` when it was left
/// with Esc. Only the environment's exact name confirms.
pub fn on_typed(model: &mut Model, text: Option<String>) -> Vec<Effect> {
    let Some(ask) = model.pipeline.ask.clone() else {
        return Vec::new();
    };
    let yes = text.as_deref() == Some(ask.env.as_str());
    let why = match text {
        Some(typed) if !yes => format!("`{typed}` is not `{}`: {} is cancelled", ask.env, ask.step),
        _ => String::new(),
    };
    answer(model, &ask, yes, why)
}

/// Answers the question. A refusal also goes into the step's output,
/// where it stays after the run's end takes the status line.
fn answer(model: &mut Model, ask: &Ask, yes: bool, why: String) -> Vec<Effect> {
    model.pipeline.ask = None;
    let text = match (yes, why.is_empty()) {
        (true, _) => format!("{} confirmed", ask.env),
        (false, true) => format!("{} is cancelled", ask.step),
        (false, false) => why,
    };
    if !yes {
        let line = LogLine::stdout(format!("» {text}"));
        model.pipeline.push_line(&ask.step, line);
    }
    model.status = Some(text);
    vec![Effect::AnswerPipeline(yes)]
}
