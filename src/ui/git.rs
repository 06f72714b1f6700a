//! The Git pane: the work tree's facts, and the bump being composed or
//! confirmed.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::app::keymap::KeyMap;
use crate::app::{BumpDraft, GitPane, GitStage};

pub fn draw(pane: &GitPane, keys: &KeyMap, frame: &mut Frame, area: Rect) {
    let [facts_area, action_area] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
    let facts: Vec<Line> = match &pane.facts {
        None => vec![Line::raw("reading the repository...")],
        Some(Err(e)) => vec![Line::styled(e.clone(), Style::new().fg(Color::Red))],
        Some(Ok(facts)) => facts
            .lines
            .iter()
            .map(|(label, value)| {
                Line::from(vec![
                    Span::styled(format!("{label:<11}"), Style::new().fg(Color::DarkGray)),
                    Span::raw(value.clone()),
                ])
            })
            .collect(),
    };
    let block = Block::bordered()
        .title(" Repository ")
        .title_bottom(Line::from(" R refresh ").right_aligned());
    frame.render_widget(
        Paragraph::new(facts)
            .wrap(Wrap { trim: false })
            .block(block),
        facts_area,
    );
    let (title, mut lines) = match &pane.stage {
        GitStage::Idle => ("Version bump", idle_lines()),
        GitStage::Composing(draft) => ("Compose the bump", draft_lines(draft, keys)),
        GitStage::Planning(_) => (
            "Checking",
            vec![Line::raw("working out what it will do...")],
        ),
        GitStage::Confirming { plan, .. } => ("Confirm", confirm_lines(plan)),
        GitStage::Applying(_) => ("Applying", vec![Line::raw("bumping...")]),
    };
    if let Some(outcome) = &pane.outcome {
        lines.push(Line::raw(""));
        lines.push(match outcome {
            Ok(done) => Line::styled(done.clone(), Style::new().fg(Color::Green)),
            Err(e) => Line::styled(e.clone(), Style::new().fg(Color::Red)),
        });
    }
    let block = Block::bordered().title(format!(" {title} "));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        action_area,
    );
}

fn idle_lines() -> Vec<Line<'static>> {
    vec![
        Line::raw("p  bump patch (X.Y.Z -> X.Y.Z+1)"),
        Line::raw("n  bump minor (X.Y.Z -> X.Y+1.0)"),
        Line::raw(""),
        Line::styled(
            "A bump writes config.json and a HISTORY.rst entry; you choose commit, tag and push next.",
            Style::new().fg(Color::DarkGray),
        ),
    ]
}

fn check(on: bool) -> &'static str {
    if on { "[x]" } else { "[ ]" }
}

fn draft_lines(draft: &BumpDraft, keys: &KeyMap) -> Vec<Line<'static>> {
    let kind = if draft.minor { "minor" } else { "patch" };
    let message = if draft.message.is_empty() {
        Span::styled(
            format!("(none: press {})", keys.hint("git.message")),
            Style::new().fg(Color::DarkGray),
        )
    } else {
        Span::styled(
            draft.message.clone(),
            Style::new().add_modifier(Modifier::BOLD),
        )
    };
    vec![
        Line::raw(format!("k  kind     {kind}")),
        Line::from(vec![Span::raw("M  message  "), message]),
        Line::raw(format!("c  {} commit all changes", check(draft.commit))),
        Line::raw(format!("t  {} annotated tag vX.Y.Z", check(draft.tag))),
        Line::raw(format!("P  {} push branch and tag", check(draft.push))),
        Line::raw(""),
        Line::styled(
            "Enter: review what it will do · Esc: cancel",
            Style::new().fg(Color::Cyan),
        ),
    ]
}

fn confirm_lines(plan: &[String]) -> Vec<Line<'static>> {
    let mut lines = vec![Line::raw("This will:")];
    lines.extend(plan.iter().map(|step| Line::raw(format!("  • {step}"))));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "y: do it · n / Esc: cancel (a failure leaves the repository as it was)",
        Style::new().fg(Color::Yellow),
    ));
    lines
}
