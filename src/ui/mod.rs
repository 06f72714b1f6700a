//! Drawing: the only layer that uses ratatui widgets. `view()` reads the
//! model and never changes it; each pane and widget has its own file.

mod badge;
mod command_output;
mod docs;
mod git;
mod header;
mod help;
pub mod hit;
pub mod layout;
mod load_charts;
mod logs;
mod menu;
mod migrations;
mod palette;
mod pipeline;
mod secrets;
mod server;
mod status;
mod testing;
pub mod widgets;

use ratatui::Frame;

use crate::app::{Model, Pane};

/// Draws the whole console for the current model.
pub fn view(model: &Model, frame: &mut Frame) {
    let [header_area, menu_area, body, status_area] = layout::screen(frame.area());
    header::draw(&model.header, frame, header_area);
    menu::draw(model.pane, &model.keys, frame, menu_area);
    match model.pane {
        Pane::Logs => logs::draw(&model.logs, model.header.engine.is_online(), frame, body),
        Pane::Secrets => secrets::draw(&model.secrets, &model.keys, frame, body),
        Pane::Git => git::draw(&model.git, &model.keys, frame, body),
        Pane::Testing => testing::draw(&model.testing, &model.keys, frame, body),
        Pane::Migrations => migrations::draw(&model.migrations, &model.keys, frame, body),
        Pane::Docs => docs::draw(&model.docs, frame, body),
        Pane::Server => server::draw(&model.server, &model.logs, frame, body),
        Pane::Pipeline => pipeline::draw(&model.pipeline, frame, body),
    }
    if let Some(run) = model
        .commands
        .run
        .as_ref()
        .filter(|_| model.commands.panel_open)
    {
        command_output::draw(run, &model.commands.output, frame, body);
    }
    status::draw(model, frame, status_area);
    if let Some(palette) = &model.palette {
        palette::draw(palette, frame);
    }
    if model.help_open {
        help::draw(
            model.pane,
            &model.keys,
            &model.commands.rows,
            model.help_scroll,
            frame,
        );
    }
}
