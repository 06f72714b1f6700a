//! Turns processed segments into the source tera renders.
//!
//! Tera's errors carry no line, and tera treats an undefined variable tested
//! on its own (`{% if x %}`) as false. So the source handed to tera is the
//! template plus two kinds of bookkeeping that print nothing:
//! - before every tag that evaluates something, a call that records the tag's
//!   template line, so a failing render names the line that failed;
//! - in `if`/`elif` conditions, each lone variable wrapped in a call that
//!   reads it, so an undefined one fails as under Jinja's StrictUndefined;
//! - every printed expression wrapped in a call that prints it as Python's
//!   `str()` does (`True`, not `true`).
//!
//! The output is byte-identical to rendering the template alone.

use super::expr::bare_conditions;
use super::lexer::{Segment, Tag, TagKind};

/// Records a line; renders nothing.
pub(crate) const LINE_FN: &str = "__runcli_line";
/// Records a line; is true (used inside `elif` conditions).
pub(crate) const LINE_TEST_FN: &str = "__runcli_at";
/// Reads its argument `v` (failing when undefined) and returns its truth.
pub(crate) const TRUTH_FN: &str = "__runcli_truth";

/// Prints its argument `v` as Jinja2 prints it.
pub(crate) const PRINT_FN: &str = "__runcli_print";

/// Statements whose evaluation can fail and that may be preceded by output.
const TRACKED: [&str; 6] = ["if", "for", "set", "set_global", "include", "filter"];

/// The tera source and, for each emitted piece, its template line.
pub(crate) struct Instrumented {
    pub source: String,
    /// (byte offset in `source`, template line of that byte), ascending.
    pub lines: Vec<(usize, usize)>,
}

impl Instrumented {
    /// The template line of a 1-based line and column of `source`.
    pub fn template_line(&self, source_line: usize, column: usize) -> usize {
        let line_start = match source_line.checked_sub(2) {
            None => 0,
            Some(n) => self
                .source
                .match_indices('\n')
                .nth(n)
                .map_or(self.source.len(), |(i, _)| i + 1),
        };
        let offset = self.source[line_start..]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(self.source.len(), |(i, _)| line_start + i);
        let idx = self.lines.partition_point(|&(o, _)| o <= offset);
        let Some(&(start, line)) = idx.checked_sub(1).and_then(|i| self.lines.get(i)) else {
            return 1;
        };
        line + self.source[start..offset].matches('\n').count()
    }
}

/// Builds the tera source.
pub(crate) fn build(segments: &[Segment]) -> Instrumented {
    let mut out = Instrumented {
        source: String::new(),
        lines: Vec::new(),
    };
    for seg in segments {
        match seg {
            Segment::Text { text, line, raw } => {
                if text.is_empty() {
                    continue;
                }
                if *raw || text.ends_with('{') {
                    out.source.push_str("{% raw %}");
                }
                out.lines.push((out.source.len(), *line));
                out.source.push_str(text);
                if *raw || text.ends_with('{') {
                    out.source.push_str("{% endraw %}");
                }
            }
            Segment::Tag(tag) => emit_tag(&mut out, tag),
        }
    }
    out
}

fn emit_tag(out: &mut Instrumented, tag: &Tag) {
    let marker = format!("{{{{ {LINE_FN}(n={}) }}}}", tag.line);
    match tag.kind {
        TagKind::Comment => {}
        TagKind::Expr => {
            out.lines.push((out.source.len(), tag.line));
            out.source.push_str(&marker);
            out.source.push_str(&format!("{{{{ {PRINT_FN}(v="));
            out.source.push_str(&tag.inner);
            out.source.push_str(") }}");
        }
        TagKind::Stmt => {
            let keyword = tag.keyword();
            if matches!(keyword, "raw" | "endraw") {
                return;
            }
            let inner = match keyword {
                "if" => format!("if {}", strict_condition(tag).trim()),
                "elif" => format!(
                    "elif {LINE_TEST_FN}(n={}) and {}",
                    tag.line,
                    strict_condition(tag).trim()
                ),
                _ => tag.inner.trim().to_string(),
            };
            out.lines.push((out.source.len(), tag.line));
            if TRACKED.contains(&keyword) {
                out.source.push_str(&marker);
            }
            out.source.push_str("{% ");
            out.source.push_str(&inner);
            out.source.push_str(" %}");
        }
    }
}

/// The condition of an `if`/`elif` tag with lone variables wrapped.
fn strict_condition(tag: &Tag) -> String {
    let cond = &tag.inner[tag.after_keyword()..];
    let mut out = String::with_capacity(cond.len() + 32);
    let mut last = 0;
    for (start, end) in bare_conditions(cond) {
        out.push_str(&cond[last..start]);
        out.push_str(&format!("{TRUTH_FN}(v={})", &cond[start..end]));
        last = end;
    }
    out.push_str(&cond[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::super::lexer::lex;
    use super::*;

    #[test]
    fn conditions_are_made_strict_and_lines_recorded() {
        let built =
            build(&lex("A\n{% if x and y == 1 %}{{ z }}{% elif not w %}{% endif %}").unwrap());
        assert!(
            built
                .source
                .contains(&format!("{{% if {TRUTH_FN}(v=x) and y == 1 %}}"))
        );
        assert!(
            built
                .source
                .contains(&format!("{LINE_TEST_FN}(n=2) and not {TRUTH_FN}(v=w)"))
        );
        assert!(built.source.contains(&format!(
            "{{{{ {LINE_FN}(n=2) }}}}{{{{ {PRINT_FN}(v= z ) }}}}"
        )));
    }

    #[test]
    fn source_lines_map_back_to_template_lines() {
        let mut segs = lex("A\n{# c #}\nB={{ b }}\nC").unwrap();
        segs.retain(|s| !matches!(s, Segment::Tag(t) if t.kind == TagKind::Comment));
        let built = build(&segs);
        let c_line = built.source.lines().position(|l| l == "C").unwrap() + 1;
        assert_eq!(built.template_line(c_line, 1), 4);
        assert_eq!(built.template_line(1, 1), 1);
    }
}
