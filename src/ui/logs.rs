//! The Logs pane: the project's containers on the left, the selected
//! container's live log on the right.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};

use super::widgets::log_panel;
use crate::app::{EnvLogs, LogsFocus, LogsPane};

pub fn draw(pane: &LogsPane, engine_online: bool, frame: &mut Frame, area: Rect) {
    let [list_area, log_area] = super::layout::logs(area);
    match &pane.env {
        Some(env) => draw_env_list(env, pane.focus == LogsFocus::List, frame, list_area),
        None => draw_list(pane, engine_online, frame, list_area),
    }
    let title = match (
        &pane.env,
        pane.combined,
        pane.selected_container(),
        &pane.ended,
    ) {
        (Some(env), combined, _, ended) => env_title(env, combined, ended.as_deref()),
        (None, true, _, _) => "all services (a: one at a time)".to_string(),
        (None, false, Some(c), Some(reason)) => format!("{} ({reason})", c.name),
        (None, false, Some(c), None) => c.name.clone(),
        (None, false, None, _) => "log".to_string(),
    };
    log_panel::draw(
        &pane.view,
        &title,
        pane.focus == LogsFocus::Log,
        frame,
        log_area,
    );
}

/// The panel title in an environment: `ENV: SERVICE` or `ENV: all services`.
fn env_title(env: &EnvLogs, combined: bool, ended: Option<&str>) -> String {
    let what = if combined {
        "all services (a: one at a time)".to_string()
    } else {
        env.services
            .get(env.selected)
            .map_or_else(|| "log".to_string(), |s| s.name.clone())
    };
    match ended {
        Some(reason) => format!("{}: {what} ({reason})", env.name),
        None => format!("{}: {what}", env.name),
    }
}

/// An environment's stack services, with running / desired tasks.
fn draw_env_list(env: &EnvLogs, focused: bool, frame: &mut Frame, area: Rect) {
    let border = if focused {
        Color::Cyan
    } else {
        Color::DarkGray
    };
    let block = Block::bordered()
        .border_style(Style::new().fg(border))
        .title(format!(" {} (r: next) ", env.name));
    if env.services.is_empty() {
        let text = env.note.clone().unwrap_or_default();
        frame.render_widget(
            Paragraph::new(text).wrap(Wrap { trim: true }).block(block),
            area,
        );
        return;
    }
    let items: Vec<ListItem> = env
        .services
        .iter()
        .map(|s| {
            let full = s.running >= s.desired && s.desired > 0;
            let colour = if full { Color::Green } else { Color::Yellow };
            ListItem::new(Line::from(vec![
                Span::styled("● ", Style::new().fg(colour)),
                Span::raw(s.name.clone()),
                Span::styled(
                    format!(" {}/{} tasks", s.running, s.desired),
                    Style::new().fg(Color::DarkGray),
                ),
            ]))
        })
        .collect();
    let list = List::new(items)
        .block(block)
        .highlight_style(Style::new().add_modifier(Modifier::REVERSED));
    let mut state = ListState::default().with_selected(Some(env.selected));
    frame.render_stateful_widget(list, area, &mut state);
}

fn draw_list(pane: &LogsPane, engine_online: bool, frame: &mut Frame, area: Rect) {
    let focused = pane.focus == LogsFocus::List;
    let border = if focused {
        Color::Cyan
    } else {
        Color::DarkGray
    };
    let block = Block::bordered()
        .border_style(Style::new().fg(border))
        .title(" Containers ");
    if pane.containers.is_empty() {
        let text = if engine_online {
            "No containers of this project.\n\nStart a profile in the Server pane (s) or with `runcli server up`."
        } else {
            "The engine is offline; the list comes back when it does."
        };
        frame.render_widget(
            Paragraph::new(text).wrap(Wrap { trim: true }).block(block),
            area,
        );
        return;
    }
    let items: Vec<ListItem> = pane
        .containers
        .iter()
        .map(|c| {
            let colour = if c.running { Color::Green } else { Color::Red };
            ListItem::new(Line::from(vec![
                Span::styled("● ", Style::new().fg(colour)),
                Span::raw(c.source(&pane.containers)),
                Span::styled(format!(" {}", c.state), Style::new().fg(Color::DarkGray)),
            ]))
        })
        .collect();
    let list = List::new(items)
        .block(block)
        .highlight_style(Style::new().add_modifier(Modifier::REVERSED));
    let mut state = ListState::default().with_selected(Some(pane.selected));
    frame.render_stateful_widget(list, area, &mut state);
}
