//! Jinja's whitespace rules applied to lexed segments, so tera renders the
//! exact bytes Jinja rendered.
//!
//! The templates were rendered with `trim_blocks` and `lstrip_blocks`, which
//! tera lacks:
//! - trim_blocks: the first newline after a `{% %}` or `{# #}` tag is removed;
//! - lstrip_blocks: spaces and tabs from the start of a line up to a `{% %}` or
//!   `{# #}` tag are removed;
//! - `-` next to a delimiter strips all whitespace on that side, `+` turns the
//!   two options off for that side;
//! - a single trailing newline of the template is dropped
//!   (`keep_trailing_newline` is off).
//!
//! All of it is resolved here, on text segments, so the tags handed to tera
//! carry no whitespace marks. Text segments keep the template line of their
//! first remaining character.

use super::lexer::{Segment, TagKind, Ws};

fn is_block(kind: TagKind) -> bool {
    matches!(kind, TagKind::Stmt | TagKind::Comment)
}

/// `\r\n` and lone `\r` as `\n`, as Jinja2's lexer reads every newline
/// (its `newline_sequence` is `\n`). Line numbers do not change.
pub(crate) fn normalize_newlines(src: &str) -> std::borrow::Cow<'_, str> {
    if src.contains('\r') {
        std::borrow::Cow::Owned(src.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(src)
    }
}

/// Drops the template's final newline, as Jinja does by default.
pub(crate) fn drop_trailing_newline(src: &str) -> &str {
    src.strip_suffix('\n').unwrap_or(src)
}

/// Applies Jinja's whitespace rules in place.
pub(crate) fn apply(segments: &mut [Segment]) {
    // Left side of each tag first, on the text as written: lstrip_blocks
    // looks at the line the tag starts on, before trim_blocks ate anything.
    for i in 0..segments.len() {
        let Segment::Tag(tag) = &segments[i] else {
            continue;
        };
        let (before, kind) = (tag.before, tag.kind);
        if i == 0 {
            continue;
        }
        let at_template_start = i == 1;
        if let Segment::Text { text, .. } = &mut segments[i - 1] {
            match before {
                Ws::Strip => text.truncate(text.trim_end().len()),
                Ws::Default if is_block(kind) => lstrip_line(text, at_template_start),
                Ws::Default | Ws::Keep => {}
            }
        }
    }
    for i in 0..segments.len() {
        let Segment::Tag(tag) = &segments[i] else {
            continue;
        };
        let (after, kind) = (tag.after, tag.kind);
        if let Some(Segment::Text { text, line, .. }) = segments.get_mut(i + 1) {
            let before_len = text.len();
            let removed = match after {
                Ws::Strip => {
                    let kept = text.trim_start().len();
                    let removed: String = text[..before_len - kept].to_string();
                    text.replace_range(..before_len - kept, "");
                    removed
                }
                Ws::Default if is_block(kind) => trim_first_newline(text),
                Ws::Default | Ws::Keep => String::new(),
            };
            *line += removed.matches('\n').count();
        }
    }
}

/// Removes spaces and tabs between the last line start and the end of `text`.
fn lstrip_line(text: &mut String, at_template_start: bool) {
    let start = match text.rfind('\n') {
        Some(i) => i + 1,
        None if at_template_start => 0,
        None => return,
    };
    if text[start..].chars().all(|c| c == ' ' || c == '\t') {
        text.truncate(start);
    }
}

/// Removes one leading newline; returns what was removed.
fn trim_first_newline(text: &mut String) -> String {
    for nl in ["\r\n", "\n"] {
        if text.starts_with(nl) {
            text.replace_range(..nl.len(), "");
            return nl.to_string();
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::super::lexer::lex;
    use super::*;

    fn render_text(src: &str) -> String {
        let mut segs = lex(drop_trailing_newline(src)).unwrap();
        apply(&mut segs);
        segs.iter()
            .map(|s| match s {
                Segment::Text { text, .. } => text.as_str(),
                Segment::Tag(_) => "|",
            })
            .collect()
    }

    #[test]
    fn block_lines_vanish_like_jinja() {
        assert_eq!(
            render_text("A\n  {% if x %}\nB\n  {% endif %}\nC\n"),
            "A\n|B\n|C"
        );
    }

    #[test]
    fn dash_strips_all_whitespace_and_plus_keeps_it() {
        assert_eq!(render_text("A \n\n{%- x %}\nB"), "A|B");
        assert_eq!(render_text("A\n  {%+ x +%}\nB"), "A\n  |\nB");
    }

    #[test]
    fn expressions_keep_their_whitespace() {
        assert_eq!(render_text("  {{ a }}\nB"), "  |\nB");
    }

    #[test]
    fn tag_after_text_on_the_same_line_is_not_lstripped() {
        assert_eq!(render_text("A= {% x %}\nB"), "A= |B");
    }
}
