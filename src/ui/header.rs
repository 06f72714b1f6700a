//! The header line: project, version, git state, engine.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{EngineStatus, Header};

pub fn draw(header: &Header, frame: &mut Frame, area: Rect) {
    let sep = || Span::styled(" │ ", Style::new().fg(Color::DarkGray));
    let mut spans = vec![
        Span::styled(" runcli ", Style::new().fg(Color::Black).bg(Color::Cyan)),
        Span::raw(" "),
        Span::styled(
            header.project.clone(),
            Style::new().add_modifier(Modifier::BOLD),
        ),
    ];
    if let Some(version) = &header.version {
        spans.push(Span::raw(format!(" {version}")));
    }
    spans.push(sep());
    spans.push(git_span(header));
    spans.push(sep());
    spans.extend(engine_spans(&header.engine));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn git_span(header: &Header) -> Span<'static> {
    match &header.git {
        None => Span::styled("no git", Style::new().fg(Color::DarkGray)),
        Some(git) => {
            let branch = git.branch.as_deref().unwrap_or("detached");
            let commit = git.short_commit.as_deref().unwrap_or("no commits");
            let dirty = if git.dirty { "*" } else { "" };
            Span::styled(
                format!("{branch} @ {commit}{dirty}"),
                Style::new().fg(if git.dirty {
                    Color::Yellow
                } else {
                    Color::Green
                }),
            )
        }
    }
}

fn engine_spans(engine: &EngineStatus) -> Vec<Span<'static>> {
    match engine {
        EngineStatus::Connecting { endpoint } => vec![Span::styled(
            format!("engine connecting to {endpoint}"),
            Style::new().fg(Color::Yellow),
        )],
        EngineStatus::Online {
            version,
            endpoint,
            remote,
        } => {
            let mut spans = vec![Span::styled(
                format!("engine {version}"),
                Style::new().fg(Color::Green),
            )];
            if *remote {
                spans.push(Span::styled(
                    format!(" REMOTE {endpoint}"),
                    Style::new()
                        .fg(Color::Black)
                        .bg(Color::Magenta)
                        .add_modifier(Modifier::BOLD),
                ));
            }
            spans
        }
        EngineStatus::Offline { .. } => vec![Span::styled(
            "engine offline",
            Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
        )],
    }
}
