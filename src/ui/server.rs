//! The Server pane: profiles and services on the left; the running
//! operation's progress and the selected service's live log on the right.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Sparkline, Wrap};

use super::badge;
use super::layout;
use super::widgets::log_panel;
use crate::app::{LogsFocus, LogsPane, ServerFocus, ServerPane};

pub fn draw(server: &ServerPane, logs: &LogsPane, frame: &mut Frame, area: Rect) {
    let areas = layout::server(server, area);
    draw_profiles(server, frame, &areas);
    draw_services(server, logs, frame, areas.services);
    draw_activity(server, frame, areas.activity);
    let title = logs.selected_container().map_or_else(
        || "log".to_string(),
        |c| format!("{} (Enter on it: full Logs pane)", c.name),
    );
    let focused = server.focus == ServerFocus::Log;
    log_panel::draw(&logs.view, &title, focused, frame, areas.log);
}

const PROFILES: &str = "Profiles";
const PROFILE_KEYS: &str = "Enter up · b build+up";

fn block(title: &str, keys: &str, focused: bool) -> Block<'static> {
    let colour = if focused {
        Color::Cyan
    } else {
        Color::DarkGray
    };
    Block::bordered()
        .border_style(Style::new().fg(colour))
        .title(format!(" {title} "))
        .title_bottom(Line::from(format!(" {keys} ")).right_aligned())
}

fn draw_profiles(server: &ServerPane, frame: &mut Frame, areas: &layout::ServerAreas) {
    let focused = server.focus == ServerFocus::Profiles;
    let (list_area, about_area) = (areas.profile_rows, areas.about);
    frame.render_widget(block(PROFILES, PROFILE_KEYS, focused), areas.profiles);
    let items: Vec<ListItem> = server
        .profiles
        .iter()
        .map(|p| {
            let mut spans = vec![Span::raw(format!("{:<14}", p.name))];
            if let Some(health) = &p.health {
                spans.push(badge::span(health));
            }
            ListItem::new(Line::from(spans))
        })
        .collect();
    let list = List::new(items).highlight_style(Style::new().add_modifier(Modifier::REVERSED));
    let mut state = ListState::default().with_selected(Some(server.selected_profile));
    frame.render_stateful_widget(list, list_area, &mut state);
    if let Some(profile) = server.selected() {
        let mut lines = vec![Line::styled(
            profile.description.clone(),
            Style::new().fg(Color::DarkGray),
        )];
        if let Some(url) = &profile.url {
            lines.push(Line::styled(url.clone(), Style::new().fg(Color::Cyan)));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), about_area);
    }
}

fn draw_services(server: &ServerPane, logs: &LogsPane, frame: &mut Frame, area: Rect) {
    let focused = server.focus == ServerFocus::Services;
    let title = if server.stats_on {
        "Services  cpu ▁▃▅ mem"
    } else {
        "Services (% stats)"
    };
    let keys = "T start · S stop · R restart · b build";
    if logs.containers.is_empty() {
        let text = "No containers of this project yet. Pick a profile and press Enter.";
        frame.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .block(block(title, keys, focused)),
            area,
        );
        return;
    }
    // One row per container: replicas read `web-1`, `web-2`, as their log
    // lines are tagged.
    let items: Vec<ListItem> = logs
        .containers
        .iter()
        .map(|c| {
            let colour = if c.running { Color::Green } else { Color::Red };
            ListItem::new(Line::from(vec![
                Span::styled("● ", Style::new().fg(colour)),
                Span::raw(format!("{:<12}", c.source(&logs.containers))),
                Span::styled(c.state.clone(), Style::new().fg(colour)),
            ]))
        })
        .collect();
    let list = List::new(items)
        .block(block(title, keys, focused))
        .highlight_style(Style::new().add_modifier(Modifier::REVERSED));
    let selected = (focused || logs.focus == LogsFocus::List).then_some(logs.selected);
    let mut state = ListState::default().with_selected(selected.or(Some(logs.selected)));
    frame.render_stateful_widget(list, area, &mut state);
    if server.stats_on {
        draw_sparklines(server, logs, frame, area, state.offset());
    }
}

/// CPU and memory sparklines at the right end of each service's row.
fn draw_sparklines(
    server: &ServerPane,
    logs: &LogsPane,
    frame: &mut Frame,
    area: Rect,
    offset: usize,
) {
    let inner = area.inner(ratatui::layout::Margin::new(1, 1));
    let width = 8u16.min(inner.width / 4);
    for (row, container) in logs.containers.iter().skip(offset).enumerate() {
        let Ok(y) = u16::try_from(row) else { break };
        if y >= inner.height {
            break;
        }
        let Some(stats) = server.stats_of(&container.id) else {
            continue;
        };
        let cpu: Vec<u64> = stats.cpu.iter().copied().collect();
        let memory: Vec<u64> = stats.memory_mib.iter().copied().collect();
        let x = inner.right().saturating_sub(width * 2 + 1);
        let cpu_area = Rect::new(x, inner.y + y, width, 1);
        let memory_area = Rect::new(x + width + 1, inner.y + y, width, 1);
        let tail = |v: &[u64]| v[v.len().saturating_sub(usize::from(width))..].to_vec();
        frame.render_widget(
            Sparkline::default()
                .data(tail(&cpu))
                .style(Style::new().fg(Color::Cyan)),
            cpu_area,
        );
        frame.render_widget(
            Sparkline::default()
                .data(tail(&memory))
                .style(Style::new().fg(Color::Magenta)),
            memory_area,
        );
    }
}

fn draw_activity(server: &ServerPane, frame: &mut Frame, area: Rect) {
    let title = match &server.busy {
        Some(op) => format!("Activity: {op}..."),
        None => "Activity (D down · V down+volumes · C clean)".to_string(),
    };
    let focused = server.focus == ServerFocus::Activity;
    log_panel::draw(&server.activity, &title, focused, frame, area);
}
