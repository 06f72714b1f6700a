//! update() for the `:` palette: typing filters, Up/Down (Ctrl-P/Ctrl-N)
//! move, Enter runs the selected entry, Esc closes. An entry runs the way
//! its own key would: a profile is started as Enter on the Server pane
//! starts it, a tier as Enter on the Testing pane, a pane action on its
//! pane by its handler.

use super::actions::Scope;
use super::effect::Effect;
use super::key::Key;
use super::model::Model;
use super::palette::{Palette, Sources, Target};
use super::pane::Pane;
use super::server_pane::ServerFocus;
use super::testing_pane::TestingFocus;
use super::update::{pane_key, quit, switch_pane};
use super::update_commands;

/// Opens the palette over the current pane.
pub fn open(model: &mut Model) -> Vec<Effect> {
    let sources = Sources {
        commands: &model.commands.rows,
        profiles: &model.server.profiles,
        tiers: &model.testing.tiers,
        keys: &model.keys,
        has_output: model.commands.run.is_some(),
    };
    model.palette = Some(Palette::new(&sources));
    Vec::new()
}

/// Every key while the palette is open.
pub fn on_key(model: &mut Model, key: Key) -> Vec<Effect> {
    let Some(palette) = model.palette.as_mut() else {
        return Vec::new();
    };
    let input = &mut palette.input;
    match key {
        Key::Esc => model.palette = None,
        Key::Up | Key::Ctrl('p') | Key::BackTab => palette.step(-1),
        Key::Down | Key::Ctrl('n') | Key::Tab => palette.step(1),
        Key::Enter => {
            let target = palette.selected_entry().map(|e| e.target.clone());
            model.palette = None;
            if let Some(target) = target {
                return run(model, target);
            }
        }
        Key::Char(c) => {
            input.insert(c);
            palette.refilter();
        }
        Key::Backspace => {
            input.backspace();
            palette.refilter();
        }
        Key::CtrlU => {
            input.clear_to_start();
            palette.refilter();
        }
        Key::CtrlW => {
            input.delete_word();
            palette.refilter();
        }
        Key::CtrlA | Key::Home => input.home(),
        Key::CtrlE | Key::End => input.end(),
        Key::Left => input.left(),
        Key::Right => input.right(),
        _ => {}
    }
    Vec::new()
}

/// Does what an entry stands for.
pub fn run(model: &mut Model, target: Target) -> Vec<Effect> {
    match target {
        Target::Command(name) => update_commands::start(model, &name),
        Target::Output => {
            model.commands.panel_open = model.commands.run.is_some();
            Vec::new()
        }
        Target::Pane(pane) => switch_pane(model, pane),
        Target::Profile(name) => {
            let Some(index) = model.server.profiles.iter().position(|p| p.name == name) else {
                return Vec::new();
            };
            let mut effects = to_pane(model, Pane::Server);
            model.server.selected_profile = index;
            model.server.focus = ServerFocus::Profiles;
            effects.extend(pane_key(model, Key::Enter).unwrap_or_default());
            effects
        }
        Target::Tier(name) => {
            let Some(index) = model.testing.tiers.iter().position(|t| t.name == name) else {
                return Vec::new();
            };
            let mut effects = to_pane(model, Pane::Testing);
            model.testing.selected_tier = index;
            model.testing.focus = TestingFocus::Tiers;
            effects.extend(pane_key(model, Key::Enter).unwrap_or_default());
            effects
        }
        Target::Action(action) => match action.scope {
            Scope::Global if action.name == "quit" => quit(model),
            Scope::Global if action.name == "help" => {
                model.help_open = true;
                Vec::new()
            }
            Scope::Global => Vec::new(),
            Scope::Pane(pane) => {
                let mut effects = to_pane(model, pane);
                effects.extend(pane_key(model, action.default).unwrap_or_default());
                effects
            }
        },
    }
}

/// Switches to `pane` unless it is up already.
fn to_pane(model: &mut Model, pane: Pane) -> Vec<Effect> {
    if model.pane == pane {
        Vec::new()
    } else {
        switch_pane(model, pane)
    }
}
