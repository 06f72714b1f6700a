//! What a mouse event points at. The screen's layout is the view's
//! (`ui::hit` computes it); the message carries the answer, so `update()`
//! stays pure and needs no knowledge of where things are drawn.

use super::log_panel::Panel;
use super::pane::Pane;

/// A list or table a click can select a row of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum List {
    Profiles,
    /// The Server pane's services (the Logs pane's containers).
    Services,
    Containers,
    Tiers,
    Results,
    Warnings,
    /// The Pipeline pane's steps.
    Steps,
    /// The Secrets pane's environments.
    Environments,
}

/// What is under the mouse pointer, as the screen's layout places it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A pane's tab in the menu bar.
    Tab(Pane),
    /// Row `index` (counted from the list's first item) of a list.
    Row { list: List, index: usize },
    /// A log panel.
    Panel(Panel),
}
