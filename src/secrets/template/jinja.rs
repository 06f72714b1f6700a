//! Finds Jinja constructs tera cannot render, before tera sees them, so the
//! message names the line and the tera spelling instead of a parse error.
//!
//! The template itself is never rewritten: the user fixes it once and the
//! file then means the same thing to everyone who reads it.

use super::expr::{Kind, Tok, tokenize};
use super::lexer::{Segment, Tag, TagKind};
use crate::secrets::error::JinjaIssue;

/// Statements Jinja has and tera does not, with what to use instead.
const STATEMENTS: [(&str, &str); 9] = [
    ("with", "{% set name = value %}"),
    ("endwith", "{% set name = value %}"),
    ("do", "{% set name = value %}"),
    ("call", "a macro call `{{ self::name() }}`"),
    ("endcall", "a macro call `{{ self::name() }}`"),
    ("autoescape", "nothing: the compiler quotes values itself"),
    (
        "endautoescape",
        "nothing: the compiler quotes values itself",
    ),
    ("trans", "plain text"),
    ("from", "{% import \"file\" as name %}"),
];

/// Jinja filter names tera spells differently.
const RENAMED: [&str; 5] = ["d", "e", "string", "tojson", "count"];

/// Filters whose Jinja name or positional argument tera spells differently.
fn filter_spelling(name: &str, args: &[&str]) -> Option<String> {
    let arg = |i: usize| args.get(i).copied().unwrap_or("...");
    Some(match name {
        "d" | "default" => format!("default(value={})", arg(0)),
        "join" => format!("join(sep={})", arg(0)),
        "replace" => format!("replace(from={}, to={})", arg(0), arg(1)),
        "truncate" => format!("truncate(length={})", arg(0)),
        "round" => format!("round(precision={})", arg(0)),
        "indent" => format!("indent(width={})", arg(0)),
        "e" => "escape".to_string(),
        "string" => "as_str".to_string(),
        "tojson" => "json_encode".to_string(),
        "count" => "length".to_string(),
        _ if args.is_empty() => return None,
        _ => format!("{name}(argument_name={})", arg(0)),
    })
}

/// Methods Jinja allows on values, as tera filters or tests.
fn method_spelling(recv: &str, name: &str, args: &str) -> String {
    match name {
        "upper" | "lower" | "title" | "capitalize" => format!("{recv} | {name}"),
        "strip" => format!("{recv} | trim"),
        "startswith" => format!("{recv} is starting_with({args})"),
        "endswith" => format!("{recv} is ending_with({args})"),
        "split" => format!("{recv} | split(pat={args})"),
        "replace" => format!("{recv} | replace(from=..., to=...)"),
        _ => format!("a filter: {recv} | {name}(...)"),
    }
}

/// All Jinja-only constructs of the template, in order.
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
    let mut push = |offset: usize, found: &str, tera: String| {
        issues.push(JinjaIssue {
            line: tag.line_at(offset),
            found: found.trim().to_string(),
            tera,
        });
    };
    if tag.kind == TagKind::Stmt {
        let keyword = tag.keyword();
        if let Some((_, instead)) = STATEMENTS.iter().find(|(k, _)| *k == keyword) {
            push(0, &format!("{{% {keyword} %}}"), (*instead).to_string());
        }
        if keyword == "set" && !toks.iter().any(|t| t.is(src, "=")) {
            push(
                0,
                &format!("{{% {} %}}", src.trim()),
                "{% set name = value %} (tera has no block assignment)".to_string(),
            );
        }
    }
    let first = if tag.kind == TagKind::Stmt { 1 } else { 0 };
    for i in 0..toks.len() {
        let text = toks[i].text(src);
        let next = toks.get(i + 1).map(|t| t.text(src));
        match (toks[i].kind, text, next) {
            (Kind::Ident, "in", Some("(")) => {
                if let Some((found, tera)) = tuple_membership(src, &toks, i) {
                    push(toks[i].start, &found, tera);
                }
            }
            (Kind::Ident, "if", _) if i >= first => push(
                toks[i].start,
                src,
                "{% if condition %}a{% else %}b{% endif %} (tera has no inline if)".to_string(),
            ),
            (Kind::Ident, "none" | "None", _) => push(
                toks[i].start,
                text,
                "`x is undefined`, `not x` or a comparison with \"\" (tera has no none)"
                    .to_string(),
            ),
            (Kind::Op, ".", _) if i > 0 => {
                if let (Some(name), Some("(")) =
                    (toks.get(i + 1), toks.get(i + 2).map(|t| t.text(src)))
                {
                    let close = matching(src, &toks, i + 2).unwrap_or(toks.len() - 1);
                    let recv = &src[toks[i - 1].start..toks[i - 1].end];
                    let args = &src[toks[i + 2].end..toks[close].start];
                    let found = &src[toks[i - 1].start..toks[close].end];
                    push(
                        toks[i].start,
                        found,
                        method_spelling(recv, name.text(src), args.trim()),
                    );
                }
            }
            (Kind::Op, "|", Some(name)) => {
                if let Some((found, tera)) = filter_issue(src, &toks, i + 1, name) {
                    push(toks[i].start, &found, tera);
                }
            }
            _ => {}
        }
    }
}

/// Index of the `)` or `]` closing the bracket at `open`.
fn matching(src: &str, toks: &[Tok], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, t) in toks.iter().enumerate().skip(open) {
        match t.text(src) {
            "(" | "[" => depth += 1,
            ")" | "]" => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
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

/// `x in ('a', 'b')` -> (`x in ('a', 'b')`, `x in ["a", "b"]`).
fn tuple_membership(src: &str, toks: &[Tok], i: usize) -> Option<(String, String)> {
    let close = matching(src, toks, i + 1)?;
    let has_comma = {
        let mut depth = 0usize;
        toks[i + 2..close].iter().any(|t| match t.text(src) {
            "(" | "[" => {
                depth += 1;
                false
            }
            ")" | "]" => {
                depth = depth.saturating_sub(1);
                false
            }
            "," => depth == 0,
            _ => false,
        })
    };
    if !has_comma {
        return None;
    }
    let mut lhs_start = toks[i].start;
    if i > 0 && toks[i - 1].is(src, "not") {
        lhs_start = toks[i - 1].start;
    }
    let lhs_tok = if lhs_start == toks[i].start { i } else { i - 1 };
    if lhs_tok > 0 && toks[lhs_tok - 1].kind != Kind::Op {
        lhs_start = toks[lhs_tok - 1].start;
    }
    let elements: Vec<String> = items(src, toks, i + 1, close)
        .into_iter()
        .map(double_quoted)
        .collect();
    let found = src[lhs_start..toks[close].end].to_string();
    let head = src[lhs_start..toks[i + 1].start].trim_end();
    Some((found, format!("{head} [{}]", elements.join(", "))))
}

fn double_quoted(item: &str) -> String {
    match item.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        Some(inner) if !inner.contains('"') && !inner.contains('\\') => format!("\"{inner}\""),
        _ => item.to_string(),
    }
}

/// A filter written with a Jinja name or positional arguments.
fn filter_issue(src: &str, toks: &[Tok], name_at: usize, name: &str) -> Option<(String, String)> {
    let start = toks[name_at].start;
    let call = toks.get(name_at + 1).is_some_and(|t| t.is(src, "("));
    if !call {
        if !RENAMED.contains(&name) {
            return None;
        }
        return Some((name.to_string(), filter_spelling(name, &[])?));
    }
    let close = matching(src, toks, name_at + 1)?;
    let args = items(src, toks, name_at + 1, close);
    let positional = args.iter().any(|a| {
        let t = tokenize(a);
        !(t.len() >= 2 && t[0].kind == Kind::Ident && t[1].is(a, "="))
    });
    if !positional && !RENAMED.contains(&name) {
        return None;
    }
    let tera = filter_spelling(name, &args)?;
    Some((src[start..toks[close].end].to_string(), tera))
}

#[cfg(test)]
mod tests {
    use super::super::lexer::lex;
    use super::*;

    fn issues(src: &str) -> Vec<JinjaIssue> {
        check(&lex(src).unwrap())
    }

    #[test]
    fn tuple_membership_gets_the_tera_list() {
        let found = issues("A=1\n{% if app in ('all', 'api') %}x{% endif %}");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 2);
        assert_eq!(found[0].found, "app in ('all', 'api')");
        assert_eq!(found[0].tera, r#"app in ["all", "api"]"#);
    }

    #[test]
    fn parentheses_without_commas_are_fine() {
        assert!(issues(r#"{% if (a in ["x"]) and b in (c) %}{% endif %}"#).is_empty());
    }

    #[test]
    fn other_jinja_constructs_are_named() {
        let found =
            issues("{{ a if b else c }}\n{{ x | default('y') }}\n{{ s.upper() }}\n{% with %}");
        let lines: Vec<usize> = found.iter().map(|i| i.line).collect();
        assert_eq!(lines, [1, 2, 3, 4]);
        assert_eq!(found[1].tera, "default(value='y')");
        assert_eq!(found[2].tera, "s | upper");
    }

    #[test]
    fn tera_spellings_pass() {
        let src = r#"{% if x is defined and x in ["a"] %}{{ x | default(value="b") | upper }}{% endif %}"#;
        assert!(issues(src).is_empty());
    }
}
