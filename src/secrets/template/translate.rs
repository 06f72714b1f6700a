//! Rewrites Jinja spellings that have one clear meaning into tera's, so a
//! template written for Jinja2 renders unchanged:
//! - a tuple literal `('a', 'b')` becomes the array `["a", "b"]` (tera has
//!   no tuples; membership in either means the same);
//! - a string literal with backslash escapes is decoded as Python decodes
//!   it and written with a quote tera accepts (tera strings have no escapes);
//! - the filter `count` is tera's `length`;
//! - `not (group)` is a call that negates the group (tera negates only a
//!   comparison or an `in` test).
//!
//! Everything else is left as written; `jinja.rs` has already refused the
//! constructs that cannot be rendered faithfully.

use super::expr::{KEYWORDS, Kind, Tok, tokenize};

/// The tera spelling of an expression, or the string literal (as written)
/// that no tera quote can hold.
pub(crate) fn expression(src: &str) -> Result<String, String> {
    let toks = tokenize(src);
    let mut out = String::with_capacity(src.len() + 8);
    let mut last = 0;
    // What each open `(` became, to close it the same way.
    let mut parens: Vec<Paren> = Vec::new();
    for (i, tok) in toks.iter().enumerate() {
        let text = tok.text(src);
        let next_opens_group =
            toks.get(i + 1).is_some_and(|t| t.is(src, "(")) && !is_tuple(src, &toks, i + 1);
        let replacement = match (tok.kind, text) {
            (Kind::Str, _) if text.contains('\\') => Some(string(text)?),
            // Tera negates only comparisons and `in` tests, not groups.
            (Kind::Ident, "not") if next_opens_group => {
                parens.push(Paren::Negated);
                Some(format!("{NOT_FN}(v="))
            }
            (Kind::Op, "(") => {
                let tuple = !is_call(src, &toks, i) && is_tuple(src, &toks, i);
                let negated = i > 0 && toks[i - 1].is(src, "not") && !tuple;
                if !negated {
                    parens.push(if tuple { Paren::Tuple } else { Paren::Plain });
                }
                tuple.then(|| "[".to_string())
            }
            (Kind::Op, ")") => match parens.pop() {
                Some(Paren::Tuple) => Some("]".to_string()),
                Some(Paren::Negated) => Some("))".to_string()),
                Some(Paren::Plain) | None => None,
            },
            (Kind::Ident, "count") if i > 0 && toks[i - 1].is(src, "|") => {
                Some("length".to_string())
            }
            _ => None,
        };
        if let Some(new) = replacement {
            out.push_str(&src[last..tok.start]);
            out.push_str(&new);
            last = tok.end;
        }
    }
    out.push_str(&src[last..]);
    Ok(out)
}

/// Negates its argument `v` by Python's truth (see `template::truthy`).
pub(crate) const NOT_FN: &str = "__runcli_not";

/// What an open parenthesis was written as in the tera source.
#[derive(Clone, Copy)]
enum Paren {
    Plain,
    /// A tuple, now an array: closes with `]`.
    Tuple,
    /// `not (...)`, now a call: closes with `))`.
    Negated,
}

/// A `(` right after a name, a call or a subscript opens arguments.
pub(crate) fn is_call(src: &str, toks: &[Tok], i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).map(|p| toks[p]) else {
        return false;
    };
    match prev.kind {
        Kind::Ident => !KEYWORDS.contains(&prev.text(src)),
        Kind::Op => matches!(prev.text(src), ")" | "]"),
        Kind::Str | Kind::Num => false,
    }
}

/// `()` or parentheses holding a comma at their own depth.
pub(crate) fn is_tuple(src: &str, toks: &[Tok], open: usize) -> bool {
    let mut depth = 0usize;
    for (k, t) in toks.iter().enumerate().skip(open) {
        match t.text(src) {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" | "}" => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return k == open + 1;
                }
            }
            "," if depth == 1 => return true,
            _ => {}
        }
    }
    false
}

/// A Jinja string literal with escapes as a tera literal of the same value.
fn string(literal: &str) -> Result<String, String> {
    let value = decode(literal);
    ['"', '\'', '`']
        .into_iter()
        .find(|q| !value.contains(*q))
        .map(|q| format!("{q}{value}{q}"))
        .ok_or_else(|| literal.to_string())
}

/// The value of a Python string literal (quotes included in `literal`).
pub(crate) fn decode(literal: &str) -> String {
    let inner = literal
        .get(1..literal.len().saturating_sub(1))
        .unwrap_or_default();
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            out.push('\\');
            break;
        };
        match e {
            '\n' => {}
            '\\' | '\'' | '"' => out.push(e),
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            '0'..='7' => {
                let mut code = e.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match chars.peek().and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            code = code * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.extend(char::from_u32(code));
            }
            'x' | 'u' | 'U' => {
                let len = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let digits: String = chars.clone().take(len).collect();
                match u32::from_str_radix(&digits, 16)
                    .ok()
                    .and_then(char::from_u32)
                {
                    Some(ch) if digits.len() == len => {
                        out.push(ch);
                        for _ in 0..len {
                            chars.next();
                        }
                    }
                    // Python refuses these; keep them as written.
                    _ => {
                        out.push('\\');
                        out.push(e);
                    }
                }
            }
            _ => {
                out.push('\\');
                out.push(e);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tuples_become_arrays_and_groups_stay() {
        assert_eq!(
            expression("app in ('all', 'api') and (env not in ('x',))").unwrap(),
            "app in ['all', 'api'] and (env not in ['x',])"
        );
        assert_eq!(expression("a in ()").unwrap(), "a in []");
        assert_eq!(expression("xs | count").unwrap(), "xs | length");
        assert_eq!(
            expression("not (a and (b or c)) and not d").unwrap(),
            format!("{NOT_FN}(v= (a and (b or c))) and not d")
        );
        assert_eq!(
            expression("f(a=(1, 2)) and (b)").unwrap(),
            "f(a=[1, 2]) and (b)"
        );
    }

    #[test]
    fn escaped_strings_are_decoded_and_requoted() {
        assert_eq!(expression(r#"'it\'s'"#).unwrap(), "\"it's\"");
        assert_eq!(expression(r#""a\tb\x41""#).unwrap(), "\"a\tbA\"");
        assert_eq!(
            expression(r#""say \"x\" it's""#).unwrap(),
            "`say \"x\" it's`"
        );
        assert_eq!(decode(r#"'\d\101'"#), "\\dA");
        assert!(expression(r#""\"'`""#).is_err());
    }
}
