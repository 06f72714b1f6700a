//! The Migrations pane: the database's revision and the history (head and
//! current marked), the keys that change it, and the tool's output.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::widgets::log_panel;
use crate::app::{MigrationAction, MigrationsFocus, MigrationsPane};

pub fn draw(
    pane: &MigrationsPane,
    keys: &crate::app::keymap::KeyMap,
    frame: &mut Frame,
    area: Rect,
) {
    let [left, right] = super::layout::migrations(area);
    let mut lines = vec![current_line(pane), Line::raw("")];
    match &pane.history {
        None => lines.push(Line::styled(
            format!(
                "press {} to read the history (starts the database)",
                keys.hint("migrations.reload")
            ),
            Style::new().fg(Color::DarkGray),
        )),
        Some(Err(e)) => lines.push(Line::styled(e.clone(), Style::new().fg(Color::Red))),
        Some(Ok(history)) => {
            let current: Vec<&str> = match &pane.current {
                Some(Ok(c)) => c.revisions.iter().map(String::as_str).collect(),
                _ => Vec::new(),
            };
            for rev in &history.entries {
                let mut spans = vec![Span::styled(
                    format!("{:<14}", rev.revision),
                    Style::new().fg(Color::Cyan),
                )];
                if rev.is_head {
                    spans.push(Span::styled("head ", Style::new().fg(Color::Green)));
                }
                if rev.is_current || current.contains(&rev.revision.as_str()) {
                    spans.push(Span::styled(
                        "current ",
                        Style::new().fg(Color::Black).bg(Color::Yellow),
                    ));
                }
                spans.push(Span::raw(rev.message.clone()));
                lines.push(Line::from(spans));
            }
        }
    }
    if pane.confirm_downgrade {
        lines.push(Line::raw(""));
        let action = MigrationAction::Downgrade {
            revision: pane.downgrade_to.clone(),
        };
        lines.push(Line::styled(
            format!("{}? y: yes · n / Esc: no", action.label()),
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        ));
    }
    let title = match &pane.busy {
        Some(action) => format!(" Migrations: {}... ", action.label()),
        None => " Migrations ".to_string(),
    };
    let colour = if pane.focus == MigrationsFocus::History {
        Color::Cyan
    } else {
        Color::DarkGray
    };
    let block = Block::bordered()
        .border_style(Style::new().fg(colour))
        .title(title)
        .title_bottom(Line::from(" u/U upgrade · D downgrade · n new · R read ").right_aligned());
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        left,
    );
    let focused = pane.focus == MigrationsFocus::Output;
    log_panel::draw(&pane.output, "tool output", focused, frame, right);
}

fn current_line(pane: &MigrationsPane) -> Line<'static> {
    match &pane.current {
        None => Line::raw("current: not read yet"),
        Some(Err(e)) => Line::styled(format!("current: {e}"), Style::new().fg(Color::Red)),
        Some(Ok(c)) if c.is_base() => Line::raw("current: base (no migration applied)"),
        Some(Ok(c)) => {
            let mark = if c.is_head { "at head" } else { "behind head" };
            let colour = if c.is_head {
                Color::Green
            } else {
                Color::Yellow
            };
            Line::from(vec![
                Span::raw(format!("current: {} ", c.revisions.join(", "))),
                Span::styled(mark, Style::new().fg(colour)),
            ])
        }
    }
}
