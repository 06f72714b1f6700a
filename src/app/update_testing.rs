//! update() for the Testing pane.

use super::effect::Effect;
use super::key::Key;
use super::model::Model;
use super::prompt::{Prompt, PromptKind};
use super::testing_pane::{TestingFocus, TierResult};

/// Keys of the Testing pane; `None` leaves the key to the menu.
pub fn on_key(model: &mut Model, key: Key) -> Option<Vec<Effect>> {
    let pane = &mut model.testing;
    let effects = match (pane.focus, key) {
        (_, Key::Tab | Key::BackTab) => {
            model.cycle_focus(key == Key::BackTab);
            Vec::new()
        }
        (TestingFocus::Tiers, Key::Char('j') | Key::Down) => {
            pane.selected_tier = step(pane.selected_tier, 1, pane.tiers.len());
            Vec::new()
        }
        (TestingFocus::Tiers, Key::Char('k') | Key::Up) => {
            pane.selected_tier = step(pane.selected_tier, -1, pane.tiers.len());
            Vec::new()
        }
        (TestingFocus::Results, Key::Char('j') | Key::Down) => {
            pane.select_test(step(pane.selected_test, 1, pane.sorted_cases().len()));
            Vec::new()
        }
        (TestingFocus::Results, Key::Char('k') | Key::Up) => {
            pane.select_test(step(pane.selected_test, -1, pane.sorted_cases().len()));
            Vec::new()
        }
        (_, Key::Char('o')) => {
            pane.sort = pane.sort.next();
            pane.select_test(0);
            model.status = Some(format!("sorted by {}", pane.sort.label()));
            Vec::new()
        }
        (_, Key::Enter | Key::Char('r')) => {
            let Some(tier) = pane.selected().cloned() else {
                return Some(Vec::new());
            };
            if let Some(arg) = tier.args.first() {
                model.prompt = Some(Prompt::new(PromptKind::TierArg, ""));
                model.status = Some(format!("{}: give {arg}", tier.name));
                return Some(Vec::new());
            }
            run(model, tier.name, Vec::new())
        }
        (_, Key::Char('A')) => run(model, "all".to_string(), Vec::new()),
        (_, Key::Char('c')) if pane.running.is_some() => {
            model.status = Some("cancelling...".to_string());
            vec![Effect::CancelTier]
        }
        _ => return None,
    };
    Some(effects)
}

/// The argument typed at the prompt runs the selected tier with it.
pub fn on_arg(model: &mut Model, text: String) -> Vec<Effect> {
    let Some(tier) = model.testing.selected().cloned() else {
        return Vec::new();
    };
    let Some(name) = tier.args.first() else {
        return Vec::new();
    };
    if text.trim().is_empty() {
        model.status = Some(format!("{} needs {name}", tier.name));
        return Vec::new();
    }
    run(
        model,
        tier.name,
        vec![(name.clone(), text.trim().to_string())],
    )
}

fn run(model: &mut Model, tier: String, args: Vec<(String, String)>) -> Vec<Effect> {
    if let Some(running) = &model.testing.running {
        model.status = Some(format!(
            "wait: {running} is still running ({} cancels it)",
            model.keys.hint("testing.cancel")
        ));
        return Vec::new();
    }
    model.testing.running = Some(tier.clone());
    model.testing.output.clear();
    model.testing.result = None;
    model.testing.traceback.clear();
    model.testing.load = None;
    model.testing.load_table = None;
    model.status = Some(format!("running {tier}..."));
    vec![Effect::RunTier { tier, args }]
}

fn step(current: usize, step: isize, count: usize) -> usize {
    if count == 0 {
        return 0;
    }
    current.saturating_add_signed(step).min(count - 1)
}

pub fn on_started(model: &mut Model, tier: String) -> Vec<Effect> {
    model.testing.output.clear();
    model.testing.running = Some(tier);
    Vec::new()
}

pub fn on_finished(model: &mut Model, result: TierResult) -> Vec<Effect> {
    model.testing.result = Some(result);
    model.testing.select_test(0);
    Vec::new()
}

pub fn on_done(model: &mut Model, outcome: Result<String, String>) -> Vec<Effect> {
    model.testing.running = None;
    model.status = Some(match outcome {
        Ok(summary) => summary,
        Err(e) => format!("tests: {e}"),
    });
    vec![Effect::LoadTestHistory]
}
