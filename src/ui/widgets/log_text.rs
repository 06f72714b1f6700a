//! Turns one stored log line into a drawable `Line`: display-length cap,
//! carriage-return progress lines, control characters and ANSI styles.
//! Only visible lines ever come through here.

use ansi_to_tui::IntoText;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use regex::Regex;

/// Lines longer than this are drawn cut, with a marker saying so.
pub const MAX_DRAWN_BYTES: usize = 64 * 1024;

/// How a line is drawn.
#[derive(Debug, Clone, Copy, Default)]
pub struct LineStyle<'a> {
    /// Keep ANSI colours; otherwise they are stripped.
    pub ansi: bool,
    /// Search matches to highlight (the line is then drawn without colours).
    pub highlight: Option<&'a Regex>,
    /// This line holds the match the user jumped to.
    pub current: bool,
}

/// The drawable form of `text`.
pub fn render_line(text: &str, style: LineStyle<'_>) -> Line<'static> {
    let (shown, cut) = cap(text);
    let clean = sanitize(shown);
    let parsed = match clean.as_bytes().into_text() {
        Ok(parsed) => parsed
            .lines
            .into_iter()
            .next()
            .map(strip_escapes)
            .unwrap_or_default(),
        Err(_) => Line::raw(clean.replace('\x1b', "")),
    };
    let mut line = match style.highlight {
        Some(regex) => highlighted(&plain(&parsed), regex, style.current),
        None if style.ansi => parsed,
        None => Line::raw(plain(&parsed)),
    };
    if cut {
        line.spans.push(Span::styled(
            format!(" …[line cut at 64 KiB of {} bytes]", text.len()),
            Style::new().fg(Color::Black).bg(Color::Yellow),
        ));
    }
    line
}

fn plain(line: &Line) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

/// `text` with every match of `regex` marked.
fn highlighted(text: &str, regex: &Regex, current: bool) -> Line<'static> {
    let mark = if current {
        Style::new().fg(Color::Black).bg(Color::Magenta)
    } else {
        Style::new().fg(Color::Black).bg(Color::Yellow)
    };
    let mut spans = Vec::new();
    let mut at = 0;
    for m in regex.find_iter(text) {
        if m.start() > at {
            spans.push(Span::raw(text[at..m.start()].to_string()));
        }
        spans.push(Span::styled(m.as_str().to_string(), mark));
        at = m.end();
    }
    if at < text.len() {
        spans.push(Span::raw(text[at..].to_string()));
    }
    Line::from(spans)
}

/// The first `MAX_DRAWN_BYTES` of `text`, cut at a character boundary.
fn cap(text: &str) -> (&str, bool) {
    if text.len() <= MAX_DRAWN_BYTES {
        return (text, false);
    }
    let mut end = MAX_DRAWN_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (&text[..end], true)
}

/// Keeps what a terminal would show: the text after the last `\r`, tabs as
/// spaces, and no control characters except ESC (for the ANSI parser).
fn sanitize(text: &str) -> String {
    let text = match text.trim_end_matches('\r').rsplit_once('\r') {
        Some((_, last)) => last,
        None => text.trim_end_matches('\r'),
    };
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push_str("    "),
            '\x1b' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Removes escape characters the parser left behind (incomplete sequences).
fn strip_escapes(mut line: Line<'static>) -> Line<'static> {
    for span in &mut line.spans {
        if span.content.contains('\x1b') {
            span.content = span.content.replace('\x1b', "").into();
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_line_plain(text: &str) -> Line<'static> {
        render_line(
            text,
            LineStyle {
                ansi: true,
                ..Default::default()
            },
        )
    }

    fn plain(line: &Line) -> String {
        super::plain(line)
    }

    #[test]
    fn colours_can_be_stripped() {
        let line = render_line("\x1b[31mred\x1b[0m", LineStyle::default());
        assert_eq!(plain(&line), "red");
        assert_eq!(line.spans[0].style.fg, None);
    }

    #[test]
    fn matches_are_highlighted() {
        let regex = Regex::new("ping").unwrap();
        let style = LineStyle {
            ansi: true,
            highlight: Some(&regex),
            current: false,
        };
        let line = render_line("GET /ping and /ping", style);
        assert_eq!(plain(&line), "GET /ping and /ping");
        let marked: Vec<_> = line
            .spans
            .iter()
            .filter(|s| s.style.bg == Some(Color::Yellow))
            .collect();
        assert_eq!(marked.len(), 2);
    }

    #[test]
    fn ansi_colours_become_styles() {
        let line = render_line_plain("\x1b[31mred\x1b[0m plain");
        assert_eq!(plain(&line), "red plain");
        assert_eq!(line.spans[0].style.fg, Some(Color::Red));
    }

    #[test]
    fn progress_lines_show_their_last_state() {
        assert_eq!(plain(&render_line_plain("10%\r50%\r100%")), "100%");
        assert_eq!(plain(&render_line_plain("done\r")), "done");
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(plain(&render_line_plain("a\0b\x07c\td")), "abc    d");
        assert_eq!(plain(&render_line_plain("broken \x1b[")), "broken ");
    }

    #[test]
    fn very_long_lines_are_cut_with_a_marker() {
        let long = "é".repeat(MAX_DRAWN_BYTES);
        let text = plain(&render_line_plain(&long));
        assert!(text.contains("line cut at 64 KiB"));
        assert!(text.len() < MAX_DRAWN_BYTES + 100);
    }
}
