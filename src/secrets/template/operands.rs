//! Operands whose grouping tera reads differently from Jinja2, wrapped in a
//! call so that tera evaluates exactly what Jinja2 does.
//!
//! - In Jinja2 a filter binds to the operand just before it:
//!   `app ~ "-" ~ env | upper` is `app ~ "-" ~ (env | upper)`, and
//!   `1 + hosts | count` is `1 + (hosts | count)`. Tera applies the filter to
//!   the whole concatenation or sum before it, and cannot parse a filtered
//!   operand in front of `~` at all.
//! - Jinja2's `~` joins `str()` of each operand (`True`, `2.0`, `None`);
//!   tera joins only strings and numbers and prints `1.0` as `1`.
//!
//! So every operand of `~` other than a string literal becomes
//! `PRINT_FN(v=operand)`, and a filtered operand right of `+`, `-` or `*`
//! becomes `VALUE_FN(v=operand)`, which returns it unchanged.

use super::expr::{KEYWORDS, Kind, Tok, matching, tokenize};
use super::instrument::PRINT_FN;

/// Returns its argument `v` unchanged.
pub(crate) const VALUE_FN: &str = "__runcli_value";

/// Literal words that are values, not operators.
const LITERALS: [&str; 4] = ["true", "false", "True", "False"];

/// `src` with the operands described above wrapped.
pub(crate) fn wrap(src: &str) -> String {
    let toks = tokenize(src);
    let mut out = String::with_capacity(src.len() + 32);
    let mut last = 0;
    let mut i = 0;
    while i < toks.len() {
        let Some((end, filtered)) = starts_operand(src, &toks, i)
            .then(|| operand_end(src, &toks, i))
            .flatten()
        else {
            i += 1;
            continue;
        };
        let before = i.checked_sub(1).map(|p| toks[p].text(src));
        let after = toks.get(end).map(|t| t.text(src));
        let literal = end == i + 1 && toks[i].kind == Kind::Str;
        let concat = (before == Some("~") || after == Some("~")) && !literal;
        let math = filtered
            && matches!(before, Some("+" | "-" | "*"))
            && ends_operand(src, &toks, i.saturating_sub(2));
        let call = if concat {
            PRINT_FN
        } else if math {
            VALUE_FN
        } else {
            i += 1;
            continue;
        };
        let (start, stop) = (toks[i].start, toks[end - 1].end);
        out.push_str(&src[last..start]);
        out.push_str(&format!("{call}(v={})", wrap(&src[start..stop])));
        last = stop;
        i = end;
    }
    out.push_str(&src[last..]);
    out
}

/// Whether an operand may start at `i`: not right after a value, a `.`,
/// or a test's `is`.
fn starts_operand(src: &str, toks: &[Tok], i: usize) -> bool {
    let Some(p) = i.checked_sub(1) else {
        return true;
    };
    let prev = toks[p].text(src);
    if matches!(prev, "." | "|" | "is") || (prev == "not" && p > 0 && toks[p - 1].is(src, "is")) {
        return false;
    }
    !ends_operand(src, toks, p)
}

/// Whether the token at `k` ends a value (so a following `-` is binary).
fn ends_operand(src: &str, toks: &[Tok], k: usize) -> bool {
    let t = toks[k];
    match t.kind {
        Kind::Ident => !KEYWORDS.contains(&t.text(src)) || LITERALS.contains(&t.text(src)),
        Kind::Num | Kind::Str => true,
        Kind::Op => matches!(t.text(src), ")" | "]"),
    }
}

/// (exclusive end, has filters) of the operand starting at `i`: a primary,
/// its attributes, subscripts and calls, then its filters.
fn operand_end(src: &str, toks: &[Tok], i: usize) -> Option<(usize, bool)> {
    let first = toks[i];
    let mut j = match (first.kind, first.text(src)) {
        (Kind::Ident, word) if !KEYWORDS.contains(&word) || LITERALS.contains(&word) => i + 1,
        (Kind::Num | Kind::Str, _) => i + 1,
        (Kind::Op, "(" | "[") => matching(src, toks, i)? + 1,
        _ => return None,
    };
    loop {
        match toks.get(j).map(|t| t.text(src)) {
            Some(".") if toks.get(j + 1).is_some_and(|t| t.kind != Kind::Op) => j += 2,
            Some("[" | "(") => j = matching(src, toks, j)? + 1,
            _ => break,
        }
    }
    let mut filtered = false;
    while toks.get(j).is_some_and(|t| t.is(src, "|"))
        && toks.get(j + 1).is_some_and(|t| t.kind == Kind::Ident)
    {
        filtered = true;
        j += 2;
        if toks.get(j).is_some_and(|t| t.is(src, "(")) {
            j = matching(src, toks, j)? + 1;
        }
    }
    Some((j, filtered))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_bind_to_their_operand_and_concat_prints_like_python() {
        assert_eq!(
            wrap(r#"app ~ "-" ~ env | upper"#),
            format!(r#"{PRINT_FN}(v=app) ~ "-" ~ {PRINT_FN}(v=env | upper)"#)
        );
        assert_eq!(
            wrap("1 + hosts | count and x | length > 2"),
            format!("1 + {VALUE_FN}(v=hosts | count) and x | length > 2")
        );
        assert_eq!(
            wrap("a.b[0] ~ (c ~ 1.0)"),
            format!("{PRINT_FN}(v=a.b[0]) ~ {PRINT_FN}(v=({PRINT_FN}(v=c) ~ {PRINT_FN}(v=1.0)))")
        );
        assert_eq!(wrap("x is defined and -n < 2"), "x is defined and -n < 2");
    }
}
