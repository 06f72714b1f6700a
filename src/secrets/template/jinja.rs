//! Finds the Jinja constructs runcli cannot render as Jinja2 renders them,
//! before tera sees them, so the message names the line and a spelling that
//! means the same to Jinja2 and to runcli.
//!
//! Spellings with one clear meaning are not refused but translated
//! (`translate.rs`, `operands.rs`). What is left here either has no tera
//! equivalent (inline `if`, the `none` value, macros) or would render
//! different bytes (tera's `escape`, `round`, `truncate` differ from
//! Jinja2's). The template itself is never rewritten on disk.

use super::expr::{KEYWORDS, Kind, Tok, matching, tokenize};
use super::lexer::{Segment, Tag, TagKind};
use super::translate::{is_call, is_tuple};
use crate::secrets::error::JinjaIssue;

/// Statements runcli renders: the rest are refused.
const STATEMENTS: [&str; 9] = [
    "if", "elif", "else", "endif", "for", "endfor", "set", "raw", "endraw",
];

/// Filters whose tera version gives Jinja2's bytes (`count` is renamed).
pub(crate) const FILTERS: [&str; 9] = [
    "upper",
    "lower",
    "capitalize",
    "trim",
    "length",
    "count",
    "first",
    "last",
    "safe",
];

/// Tests whose tera version gives Jinja2's answer (`none` is runcli's).
const TESTS: [&str; 4] = ["defined", "undefined", "string", "none"];

/// `loop` attributes tera has with Jinja2's meaning.
const LOOP_ATTRS: [&str; 4] = ["index", "index0", "first", "last"];

/// What to write instead of a statement runcli does not render.
fn statement_hint(keyword: &str) -> &'static str {
    match keyword {
        "with" | "endwith" | "do" | "set_global" => "write `{% set name = value %}`",
        "macro" | "endmacro" | "call" | "endcall" => "write the text out: runcli renders no macros",
        "include" | "import" | "from" | "extends" | "block" | "endblock" => {
            "write the text out: the template is rendered on its own"
        }
        "autoescape" | "endautoescape" => "remove it: env files are written without HTML escaping",
        "break" | "continue" => {
            "wrap the rest of the loop body in `{% if %}`: Jinja2 needs an extension for it"
        }
        "filter" | "endfilter" => "apply the filter to each `{{ }}` inside",
        _ => "write it with `{% if %}`, `{% for %}` and `{% set name = value %}`",
    }
}

/// What to write instead of a filter runcli does not render.
fn filter_hint(name: &str, args: &str) -> String {
    match name {
        "default" | "d" => format!(
            "write `{{% if x is defined %}}{{{{ x }}}}{{% else %}}{}{{% endif %}}`",
            args.trim().trim_matches(['\'', '"'])
        ),
        "join" => "write the items out with `{% for %}`".to_string(),
        _ => format!(
            "runcli renders only these filters as Jinja2 does: {}",
            FILTERS.join(", ")
        ),
    }
}

/// What to write instead of a method call.
fn method_hint(recv: &str, name: &str) -> String {
    match name {
        "upper" | "lower" | "capitalize" => format!("write `{recv} | {name}`"),
        "strip" => format!("write `{recv} | trim`"),
        _ => "runcli renders no method calls; write the value out".to_string(),
    }
}

/// All constructs of the template runcli cannot render faithfully, in order.
pub(crate) fn check(segments: &[Segment]) -> Vec<JinjaIssue> {
    let mut issues = Vec::new();
    for seg in segments {
        if let Segment::Tag(tag) = seg
            && tag.kind != TagKind::Comment
        {
            check_tag(tag, &mut issues);
        }
    }
    issues
}

fn check_tag(tag: &Tag, issues: &mut Vec<JinjaIssue>) {
    let src = tag.inner.as_str();
    let toks = tokenize(src);
    let mut push = |offset: usize, found: &str, instead: String| {
        issues.push(JinjaIssue {
            line: tag.line_at(offset),
            found: found.trim().to_string(),
            instead,
        });
    };
    let mut first = 0;
    if tag.kind == TagKind::Stmt {
        let keyword = tag.keyword();
        first = 1;
        if !STATEMENTS.contains(&keyword) {
            // The opening statement is named already.
            if keyword.starts_with("end") {
                return;
            }
            push(
                0,
                &format!("{{% {keyword} %}}"),
                statement_hint(keyword).to_string(),
            );
            return;
        }
        if keyword == "set" && !toks.iter().any(|t| t.is(src, "=")) {
            push(
                0,
                &format!("{{% {} %}}", src.trim()),
                "write `{% set name = value %}`".to_string(),
            );
        }
    }
    for i in 0..toks.len() {
        let text = toks[i].text(src);
        let next = toks.get(i + 1).map(|t| t.text(src));
        let prev = i.checked_sub(1).map(|p| toks[p].text(src));
        match (toks[i].kind, text) {
            (Kind::Ident, "if") if i >= first => push(
                toks[i].start,
                src,
                "write `{% if condition %}a{% else %}b{% endif %}`: tera has no inline if"
                    .to_string(),
            ),
            (Kind::Ident, "none") if is_test_name(src, &toks, i) => {}
            (Kind::Ident, "none" | "None") => push(
                toks[i].start,
                text,
                "test `x is none` or `x is defined`: tera has no none value".to_string(),
            ),
            (Kind::Ident, "loop") if next == Some(".") => {
                let attr = toks.get(i + 2).map(|t| t.text(src)).unwrap_or_default();
                if !LOOP_ATTRS.contains(&attr) {
                    push(
                        toks[i].start,
                        &format!("loop.{attr}"),
                        format!("runcli has only loop.{}", LOOP_ATTRS.join(", loop.")),
                    );
                }
            }
            (Kind::Ident, name)
                if next == Some("(")
                    && !KEYWORDS.contains(&name)
                    && !matches!(prev, Some("." | "|" | "is" | "not")) =>
            {
                let close = matching(src, &toks, i + 1).unwrap_or(toks.len() - 1);
                push(
                    toks[i].start,
                    &src[toks[i].start..toks[close].end],
                    "runcli renders no function calls; write the value out".to_string(),
                );
            }
            (Kind::Str, _) if text.starts_with('`') => push(
                toks[i].start,
                text,
                "quote it with ' or \": Jinja2 has no backquoted strings".to_string(),
            ),
            (Kind::Op, "//" | "**") => push(
                toks[i].start,
                text,
                format!("runcli cannot compute `{text}` as Jinja2 does"),
            ),
            // Tera makes a whole quotient an integer (`4 / 2` is `2`, Python
            // says `2.0`) and takes the sign of `%` from the left operand.
            (Kind::Op, "/" | "%") => push(
                toks[i].start,
                text,
                format!(
                    "runcli cannot compute `{text}` as Jinja2 does; write the result in the values file"
                ),
            ),
            (Kind::Op, "(")
                if !is_call(src, &toks, i)
                    && is_tuple(src, &toks, i)
                    && !matches!(prev, Some("in" | "=")) =>
            {
                let close = matching(src, &toks, i).unwrap_or(toks.len() - 1);
                push(
                    toks[i].start,
                    &src[toks[i].start..toks[close].end],
                    "runcli renders a tuple only after `in` or in `set x = (...)`; compare the items one by one"
                        .to_string(),
                );
            }
            (Kind::Op, "{") => push(
                toks[i].start,
                text,
                "runcli renders no dict literals".to_string(),
            ),
            (Kind::Op, ".") if i > 0 => {
                if let (Some(name), Some("(")) =
                    (toks.get(i + 1), toks.get(i + 2).map(|t| t.text(src)))
                {
                    let close = matching(src, &toks, i + 2).unwrap_or(toks.len() - 1);
                    let recv = toks[i - 1].text(src);
                    let found = &src[toks[i - 1].start..toks[close].end];
                    push(toks[i].start, found, method_hint(recv, name.text(src)));
                }
            }
            (Kind::Op, "|") => {
                if let Some((found, instead)) = filter_issue(src, &toks, i + 1) {
                    push(toks[i].start, &found, instead);
                }
            }
            (Kind::Ident, "is") => {
                if let Some((found, instead)) = test_issue(src, &toks, i) {
                    push(toks[i].start, &found, instead);
                }
            }
            _ => {}
        }
    }
}

/// Top-level comma-separated items between `open` and `close` (exclusive).
fn items<'a>(src: &'a str, toks: &[Tok], open: usize, close: usize) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = toks[open].end;
    for t in &toks[open + 1..close] {
        match t.text(src) {
            "(" | "[" => depth += 1,
            ")" | "]" => depth = depth.saturating_sub(1),
            "," if depth == 0 => {
                out.push(src[start..t.start].trim());
                start = t.end;
            }
            _ => {}
        }
    }
    let last = src[start..toks[close].start].trim();
    if !last.is_empty() {
        out.push(last);
    }
    out
}

/// Whether the word at `i` names a test: `x is none`, `x is not none`.
fn is_test_name(src: &str, toks: &[Tok], i: usize) -> bool {
    let prev = |k: usize| i.checked_sub(k).map(|p| toks[p].text(src));
    prev(1) == Some("is") || (prev(1) == Some("not") && prev(2) == Some("is"))
}

/// A filter runcli does not render as Jinja2 does, or one with arguments.
fn filter_issue(src: &str, toks: &[Tok], name_at: usize) -> Option<(String, String)> {
    let name = toks.get(name_at)?.text(src);
    let call = toks.get(name_at + 1).is_some_and(|t| t.is(src, "("));
    let close = if call {
        matching(src, toks, name_at + 1)?
    } else {
        name_at
    };
    let found = src[toks[name_at].start..toks[close].end].to_string();
    if FILTERS.contains(&name) && !call {
        return None;
    }
    let args = if call {
        items(src, toks, name_at + 1, close).join(", ")
    } else {
        String::new()
    };
    Some((found, filter_hint(name, &args)))
}

/// A test (`x is name`) runcli does not answer as Jinja2 does.
fn test_issue(src: &str, toks: &[Tok], is_at: usize) -> Option<(String, String)> {
    let mut at = is_at + 1;
    if toks.get(at).is_some_and(|t| t.is(src, "not")) {
        at += 1;
    }
    let name = toks.get(at)?.text(src);
    let call = toks.get(at + 1).is_some_and(|t| t.is(src, "("));
    if TESTS.contains(&name) && !call {
        return None;
    }
    let close = if call {
        matching(src, toks, at + 1)?
    } else {
        at
    };
    Some((
        src[toks[is_at].start..toks[close].end].to_string(),
        format!(
            "runcli answers only these tests as Jinja2 does: {}",
            TESTS.join(", ")
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::lexer::lex;
    use super::*;

    fn issues(src: &str) -> Vec<JinjaIssue> {
        check(&lex(src).unwrap())
    }

    #[test]
    fn jinja_spellings_with_one_meaning_pass() {
        let src = "{% if app in ('all', 'api') and env not in ('x',) %}\n\
                   {{ x | upper }}{% elif y is not defined %}{% endif %}";
        assert!(issues(src).is_empty(), "{:?}", issues(src));
    }

    #[test]
    fn parentheses_without_commas_are_fine() {
        assert!(issues(r#"{% if (a in ["x"]) and b in (c) %}{% endif %}"#).is_empty());
    }

    #[test]
    fn unfaithful_constructs_are_named_with_their_line() {
        let found = issues(
            "{{ a if b else c }}\n{{ x | default('y') }}\n{{ s.upper() }}\n{% with %}\n\
             {{ range(3) }}\n{% if x is number %}{% endif %}\n{{ x | round }}",
        );
        let lines: Vec<usize> = found.iter().map(|i| i.line).collect();
        assert_eq!(lines, [1, 2, 3, 4, 5, 6, 7], "{found:?}");
        assert!(found[1].instead.contains("{% if x is defined %}"));
        assert_eq!(found[2].instead, "write `s | upper`");
        assert_eq!(found[4].found, "range(3)");
    }
}
