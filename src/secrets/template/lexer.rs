//! Splits a Jinja-style template into text and tags, with the line of each.
//!
//! The compiler needs the tags itself (and not only tera's parse) to emulate
//! Jinja's whitespace options, to spot Jinja-only constructs before tera
//! trips on them, and to map a failing tag back to its template line.

/// Which delimiters a tag uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TagKind {
    /// `{{ ... }}`
    Expr,
    /// `{% ... %}`
    Stmt,
    /// `{# ... #}`
    Comment,
}

/// Whitespace control written next to a delimiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ws {
    /// Nothing written: Jinja's trim_blocks / lstrip_blocks apply.
    Default,
    /// `-`: strip all whitespace on that side.
    Strip,
    /// `+`: keep whitespace on that side despite trim_blocks / lstrip_blocks.
    Keep,
}

/// One tag; `inner` excludes delimiters and whitespace-control marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tag {
    pub kind: TagKind,
    pub inner: String,
    pub before: Ws,
    pub after: Ws,
    /// 1-based line of the opening delimiter.
    pub line: usize,
}

impl Tag {
    /// The statement keyword (`if`, `for`, ...) of a `{% %}` tag.
    pub fn keyword(&self) -> &str {
        let trimmed = self.inner.trim_start();
        let end = trimmed
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(trimmed.len());
        &trimmed[..end]
    }

    /// Byte offset in `inner` right after the keyword.
    pub fn after_keyword(&self) -> usize {
        let lead = self.inner.len() - self.inner.trim_start().len();
        lead + self.keyword().len()
    }

    /// 1-based template line of a byte offset in `inner`.
    pub fn line_at(&self, offset: usize) -> usize {
        let end = offset.min(self.inner.len());
        self.line + self.inner[..end].matches('\n').count()
    }
}

/// Text or tag, in template order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    /// Literal text; `raw` marks the body of `{% raw %}`, which is never parsed.
    Text {
        text: String,
        line: usize,
        raw: bool,
    },
    Tag(Tag),
}

/// A tag that does not close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LexError {
    pub line: usize,
    pub message: String,
}

struct Lines(Vec<usize>);

impl Lines {
    fn new(src: &str) -> Self {
        Lines(
            std::iter::once(0)
                .chain(src.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        )
    }

    fn line(&self, offset: usize) -> usize {
        match self.0.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// Splits `src` into segments.
pub(crate) fn lex(src: &str) -> Result<Vec<Segment>, LexError> {
    let lines = Lines::new(src);
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < src.len() {
        let Some(open) = find_opener(bytes, pos) else {
            push_text(&mut out, &src[pos..], lines.line(pos), false);
            break;
        };
        push_text(&mut out, &src[pos..open], lines.line(pos), false);
        let (tag, end) = read_tag(src, open, &lines)?;
        pos = end;
        let is_raw = tag.kind == TagKind::Stmt && tag.inner.trim() == "raw";
        out.push(Segment::Tag(tag));
        if is_raw {
            let (body_end, close_start) = find_endraw(src, pos).ok_or_else(|| LexError {
                line: lines.line(open),
                message: "`{% raw %}` is never closed; add `{% endraw %}`".to_string(),
            })?;
            push_text(&mut out, &src[pos..body_end], lines.line(pos), true);
            let (close, end) = read_tag(src, close_start, &lines)?;
            out.push(Segment::Tag(close));
            pos = end;
        }
    }
    Ok(out)
}

fn push_text(out: &mut Vec<Segment>, text: &str, line: usize, raw: bool) {
    if !text.is_empty() {
        out.push(Segment::Text {
            text: text.to_string(),
            line,
            raw,
        });
    }
}

fn find_opener(bytes: &[u8], from: usize) -> Option<usize> {
    (from..bytes.len().saturating_sub(1))
        .find(|&i| bytes[i] == b'{' && matches!(bytes[i + 1], b'{' | b'%' | b'#'))
}

fn ws_mark(c: Option<u8>) -> Ws {
    match c {
        Some(b'-') => Ws::Strip,
        Some(b'+') => Ws::Keep,
        _ => Ws::Default,
    }
}

/// Reads the tag opening at `open`; returns it and the offset after it.
fn read_tag(src: &str, open: usize, lines: &Lines) -> Result<(Tag, usize), LexError> {
    let bytes = src.as_bytes();
    let (kind, close) = match bytes[open + 1] {
        b'{' => (TagKind::Expr, "}}"),
        b'%' => (TagKind::Stmt, "%}"),
        _ => (TagKind::Comment, "#}"),
    };
    let mut start = open + 2;
    let before = ws_mark(bytes.get(start).copied());
    if before != Ws::Default {
        start += 1;
    }
    let close_at = if kind == TagKind::Comment {
        src[start..].find(close).map(|i| start + i)
    } else {
        find_close(src, start, close)
    };
    let Some(close_at) = close_at else {
        let opener = &src[open..open + 2];
        return Err(LexError {
            line: lines.line(open),
            message: format!("`{opener}` is never closed; add `{close}`"),
        });
    };
    let mark = if close_at > start {
        ws_mark(Some(bytes[close_at - 1]))
    } else {
        Ws::Default
    };
    let inner_end = if mark == Ws::Default {
        close_at
    } else {
        close_at - 1
    };
    let tag = Tag {
        kind,
        inner: src[start..inner_end].to_string(),
        before,
        after: mark,
        line: lines.line(open),
    };
    Ok((tag, close_at + 2))
}

/// Finds `close` outside string literals. Compares bytes: `i` steps
/// through multi-byte characters, where slicing `src` would panic.
fn find_close(src: &str, from: usize, close: &str) -> Option<usize> {
    let bytes = src.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = from;
    while i < bytes.len() {
        let c = bytes[i];
        match quote {
            Some(q) => {
                if c == b'\\' {
                    i += 1;
                } else if c == q {
                    quote = None;
                }
            }
            None => {
                if matches!(c, b'"' | b'\'' | b'`') {
                    quote = Some(c);
                } else if bytes[i..].starts_with(close.as_bytes()) {
                    return Some(i);
                }
            }
        }
        i += 1;
    }
    None
}

/// Finds `{% endraw %}` from `from`: (end of the raw body, start of the tag).
fn find_endraw(src: &str, from: usize) -> Option<(usize, usize)> {
    let mut search = from;
    while let Some(rel) = src[search..].find("{%") {
        let start = search + rel;
        let rest = src[start + 2..].trim_start_matches(['-', '+']);
        let rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("endraw") {
            let after = after.trim_start().trim_start_matches(['-', '+']);
            if after.starts_with("%}") {
                return Some((start, start));
            }
        }
        search = start + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_carry_lines_and_whitespace_marks() {
        let segs = lex("A={{ a }}\n{%- if x -%}\n{# note +#}B").unwrap();
        let tags: Vec<&Tag> = segs
            .iter()
            .filter_map(|s| match s {
                Segment::Tag(t) => Some(t),
                Segment::Text { .. } => None,
            })
            .collect();
        assert_eq!(tags.len(), 3);
        assert_eq!((tags[0].kind, tags[0].line), (TagKind::Expr, 1));
        assert_eq!((tags[1].before, tags[1].after), (Ws::Strip, Ws::Strip));
        assert_eq!(tags[1].keyword(), "if");
        assert_eq!(
            (tags[2].kind, tags[2].after, tags[2].line),
            (TagKind::Comment, Ws::Keep, 3)
        );
    }

    #[test]
    fn closers_inside_strings_do_not_end_a_tag() {
        let segs = lex("{{ \"%}}\" }}").unwrap();
        assert!(matches!(&segs[0], Segment::Tag(t) if t.inner.trim() == "\"%}}\""));
    }

    #[test]
    fn raw_bodies_are_not_parsed() {
        let segs = lex("{% raw %}{{ x }}{% endraw %}").unwrap();
        assert!(matches!(&segs[1], Segment::Text { text, raw: true, .. } if text == "{{ x }}"));
    }

    #[test]
    fn unclosed_tag_names_its_line() {
        let err = lex("A=1\nB={{ b\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("}}"));
    }
}
