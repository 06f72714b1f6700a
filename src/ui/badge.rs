//! Colours of badges, shared by the panes that show them.

use ratatui::style::{Color, Style};
use ratatui::text::Span;

use crate::app::{Badge, Tone};

pub fn colour(tone: Tone) -> Color {
    match tone {
        Tone::Good => Color::Green,
        Tone::Pending => Color::Yellow,
        Tone::Bad => Color::Red,
        Tone::Neutral => Color::Gray,
    }
}

/// "● healthy" in the badge's colour.
pub fn span(badge: &Badge) -> Span<'static> {
    Span::styled(
        format!("● {}", badge.text),
        Style::new().fg(colour(badge.tone)),
    )
}
