//! The Secrets pane: environments, then what compiling one would change,
//! key by key, with masked values (one row revealed on request).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};

use crate::app::{EnvSecrets, SecretsFocus, SecretsPane};
use crate::secrets::{Change, DiffEntry};

pub fn draw(pane: &SecretsPane, keys: &crate::app::keymap::KeyMap, frame: &mut Frame, area: Rect) {
    let [left, right] = super::layout::secrets(area);
    let Some(snapshot) = &pane.snapshot else {
        let text = match (&pane.load_error, pane.busy) {
            (Some(e), _) => format!("Cannot read the secrets inputs:\n\n{e}"),
            (None, true) => "Reading the template and values...".to_string(),
            (None, false) => format!(
                "Press {} to read the template and values.",
                keys.hint("secrets.reload")
            ),
        };
        let block = Block::bordered().title(" Secrets ");
        frame.render_widget(
            Paragraph::new(text).wrap(Wrap { trim: false }).block(block),
            area,
        );
        return;
    };
    draw_envs(pane, &snapshot.envs, frame, left);
    let findings = findings(&snapshot.errors, &snapshot.warnings);
    let width = usize::from(right.width.saturating_sub(2)).max(1);
    let wrapped: usize = findings
        .iter()
        .map(|l| l.width().div_ceil(width).max(1))
        .sum();
    let findings_height = u16::try_from(wrapped)
        .unwrap_or(u16::MAX)
        .min(area.height / 3);
    let [top, bottom] = Layout::vertical([
        Constraint::Length(if findings.is_empty() {
            0
        } else {
            findings_height + 2
        }),
        Constraint::Min(3),
    ])
    .areas(right);
    if !findings.is_empty() {
        let block = Block::bordered().title(" Check ");
        frame.render_widget(
            Paragraph::new(findings)
                .wrap(Wrap { trim: false })
                .block(block),
            top,
        );
    }
    draw_diff(pane, frame, bottom);
}

fn findings(errors: &[String], warnings: &[String]) -> Vec<Line<'static>> {
    let error = Style::new().fg(Color::Red);
    let warning = Style::new().fg(Color::Yellow);
    errors
        .iter()
        .map(|e| Line::styled(format!("error: {e}"), error))
        .chain(
            warnings
                .iter()
                .map(|w| Line::styled(format!("warning: {w}"), warning)),
        )
        .collect()
}

fn draw_envs(pane: &SecretsPane, envs: &[EnvSecrets], frame: &mut Frame, area: Rect) {
    let items: Vec<ListItem> = envs
        .iter()
        .map(|env| {
            let (mark, colour) = if env.error.is_some() {
                ("✗", Color::Red)
            } else if env.diffs.iter().any(|d| d.has_changes()) {
                ("●", Color::Yellow)
            } else {
                ("✓", Color::Green)
            };
            ListItem::new(Line::from(vec![
                Span::styled(format!("{mark} "), Style::new().fg(colour)),
                Span::raw(env.name.clone()),
            ]))
        })
        .collect();
    let border = focus_colour(pane.focus == SecretsFocus::Envs);
    let list = List::new(items)
        .block(
            Block::bordered()
                .border_style(Style::new().fg(border))
                .title(" Environments "),
        )
        .highlight_style(Style::new().add_modifier(Modifier::REVERSED));
    let mut state = ListState::default().with_selected(Some(pane.selected_env));
    frame.render_stateful_widget(list, area, &mut state);
}

fn draw_diff(pane: &SecretsPane, frame: &mut Frame, area: Rect) {
    let border = focus_colour(pane.focus == SecretsFocus::Vars);
    let title = match pane.env() {
        Some(env) => format!(" {} : what compiling would change ", env.name),
        None => " no environment ".to_string(),
    };
    let block = Block::bordered()
        .border_style(Style::new().fg(border))
        .title(title)
        .title_bottom(
            Line::from(" Enter compile · a compile all · Tab keys · r reveal · R reload ")
                .right_aligned(),
        );
    let mut lines = Vec::new();
    let mut row = 0;
    if let Some(env) = pane.env() {
        if let Some(e) = &env.error {
            lines.push(Line::styled(e.clone(), Style::new().fg(Color::Red)));
        }
        for (index, diff) in env.diffs.iter().enumerate() {
            let state = if !diff.exists {
                "new file"
            } else if diff.has_changes() {
                "changes"
            } else {
                "up to date"
            };
            lines.push(Line::styled(
                format!("{} → {} ({state})", diff.target, diff.path.display()),
                Style::new().add_modifier(Modifier::BOLD),
            ));
            for entry in &diff.entries {
                let selected = pane.focus == SecretsFocus::Vars && row == pane.selected_row;
                let revealed = pane
                    .revealed
                    .as_ref()
                    .filter(|(i, key)| *i == index && *key == entry.key)
                    .and_then(|(_, key)| diff.reveal(key))
                    .map(|r| r.new.or(r.old).unwrap_or_default().to_string());
                lines.push(entry_line(entry, revealed, selected));
                row += 1;
            }
        }
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn entry_line(entry: &DiffEntry, revealed: Option<String>, selected: bool) -> Line<'static> {
    let colour = match entry.change {
        Change::Added => Color::Green,
        Change::Removed => Color::Red,
        Change::Changed => Color::Yellow,
        Change::Unchanged => Color::Gray,
    };
    let value = match revealed {
        Some(value) => Span::styled(value, Style::new().fg(Color::Black).bg(Color::Yellow)),
        None => {
            let mask = |m: &Option<crate::secrets::Masked>| {
                m.as_ref().map(|m| m.masked()).unwrap_or_default()
            };
            let text = match entry.change {
                Change::Changed => format!("{} → {}", mask(&entry.old), mask(&entry.new)),
                Change::Removed => mask(&entry.old),
                _ => mask(&entry.new),
            };
            Span::styled(text, Style::new().fg(Color::DarkGray))
        }
    };
    let mut line = Line::from(vec![
        Span::styled(
            format!("  {} ", entry.change.marker()),
            Style::new().fg(colour),
        ),
        Span::styled(format!("{:<24} ", entry.key), Style::new().fg(colour)),
        value,
    ]);
    if selected {
        line = line.style(Style::new().add_modifier(Modifier::REVERSED));
    }
    line
}

fn focus_colour(focused: bool) -> Color {
    if focused {
        Color::Cyan
    } else {
        Color::DarkGray
    }
}
