//! Turns one stored log line into a drawable `Line`: display-length cap,
//! carriage-return progress lines, control characters and ANSI styles.
//! Only visible lines ever come through here.

use ansi_to_tui::IntoText;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

/// Lines longer than this are drawn cut, with a marker saying so.
pub const MAX_DRAWN_BYTES: usize = 64 * 1024;

/// The drawable form of `text`.
pub fn render_line(text: &str) -> Line<'static> {
    let (shown, cut) = cap(text);
    let clean = sanitize(shown);
    let mut line = match clean.as_bytes().into_text() {
        Ok(parsed) => parsed
            .lines
            .into_iter()
            .next()
            .map(strip_escapes)
            .unwrap_or_default(),
        Err(_) => Line::raw(clean.replace('\x1b', "")),
    };
    if cut {
        line.spans.push(Span::styled(
            format!(" …[line cut at 64 KiB of {} bytes]", text.len()),
            Style::new().fg(Color::Black).bg(Color::Yellow),
        ));
    }
    line
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

    fn plain(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn ansi_colours_become_styles() {
        let line = render_line("\x1b[31mred\x1b[0m plain");
        assert_eq!(plain(&line), "red plain");
        assert_eq!(line.spans[0].style.fg, Some(Color::Red));
    }

    #[test]
    fn progress_lines_show_their_last_state() {
        assert_eq!(plain(&render_line("10%\r50%\r100%")), "100%");
        assert_eq!(plain(&render_line("done\r")), "done");
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(plain(&render_line("a\0b\x07c\td")), "abc    d");
        assert_eq!(plain(&render_line("broken \x1b[")), "broken ");
    }

    #[test]
    fn very_long_lines_are_cut_with_a_marker() {
        let long = "é".repeat(MAX_DRAWN_BYTES);
        let text = plain(&render_line(&long));
        assert!(text.contains("line cut at 64 KiB"));
        assert!(text.len() < MAX_DRAWN_BYTES + 100);
    }
}
