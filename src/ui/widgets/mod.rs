//! Widgets shared by panes.

pub mod log_panel;
pub mod log_text;
