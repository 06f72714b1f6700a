//! A small tokenizer for the expressions inside tags.
//!
//! It is not a parser: it knows strings, numbers, identifiers and operators,
//! which is enough to find the variables a template reads, the Jinja-only
//! constructs, and the bare variables of `if` conditions.

/// Token classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Ident,
    Str,
    Num,
    Op,
}

/// A token: its class and byte range in the expression source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

impl Tok {
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.start..self.end]
    }

    pub fn is(&self, src: &str, text: &str) -> bool {
        self.text(src) == text
    }
}

const TWO_CHAR_OPS: [&str; 6] = ["==", "!=", "<=", ">=", "//", "**"];

/// Words that are never variables.
pub(crate) const KEYWORDS: [&str; 27] = [
    "and",
    "or",
    "not",
    "in",
    "is",
    "if",
    "elif",
    "else",
    "endif",
    "for",
    "endfor",
    "set",
    "set_global",
    "endset",
    "true",
    "false",
    "True",
    "False",
    "none",
    "None",
    "raw",
    "endraw",
    "filter",
    "endfilter",
    "include",
    "break",
    "continue",
];

/// Tokenizes `src` (the inside of a tag).
pub(crate) fn tokenize(src: &str) -> Vec<Tok> {
    let bytes = src.as_bytes();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        let kind = if c.is_ascii_whitespace() {
            i += 1;
            continue;
        } else if c.is_ascii_alphabetic() || c == b'_' {
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            Kind::Ident
        } else if c.is_ascii_digit() {
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'_') {
                i += 1;
            }
            if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
            }
            Kind::Num
        } else if matches!(c, b'"' | b'\'' | b'`') {
            i += 1;
            while i < bytes.len() && bytes[i] != c {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(bytes.len());
            Kind::Str
        } else {
            let two = src.get(i..i + 2).filter(|s| TWO_CHAR_OPS.contains(s));
            i += match two {
                Some(_) => 2,
                None => src[i..].chars().next().map_or(1, char::len_utf8),
            };
            Kind::Op
        };
        toks.push(Tok {
            kind,
            start,
            end: i,
        });
    }
    toks
}

/// Index of the `)` or `]` closing the bracket at `open`.
pub(crate) fn matching(src: &str, toks: &[Tok], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, t) in toks.iter().enumerate().skip(open) {
        match t.text(src) {
            "(" | "[" => depth += 1,
            ")" | "]" => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// End (exclusive token index) of the variable path starting at `i`:
/// `a`, `a.b`, `a.0`, `a["k"]`, `a[b].c`.
pub(crate) fn path_end(src: &str, toks: &[Tok], i: usize) -> usize {
    let mut j = i + 1;
    loop {
        match toks.get(j) {
            Some(t) if t.is(src, ".") => match toks.get(j + 1) {
                Some(n) if matches!(n.kind, Kind::Ident | Kind::Num) => j += 2,
                _ => return j,
            },
            Some(t) if t.is(src, "[") => {
                let mut depth = 0usize;
                let mut k = j;
                while let Some(t) = toks.get(k) {
                    if t.is(src, "[") {
                        depth += 1;
                    } else if t.is(src, "]") {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    k += 1;
                }
                if k >= toks.len() {
                    return j;
                }
                j = k + 1;
            }
            _ => return j,
        }
    }
}

/// True when the identifier at `i` reads a variable (as opposed to naming a
/// filter, a test, a function, a keyword argument or an attribute).
pub(crate) fn is_variable(src: &str, toks: &[Tok], i: usize) -> bool {
    let tok = toks[i];
    if tok.kind != Kind::Ident || KEYWORDS.contains(&tok.text(src)) {
        return false;
    }
    let prev = i.checked_sub(1).map(|p| toks[p].text(src));
    let prev2 = i.checked_sub(2).map(|p| toks[p].text(src));
    if matches!(prev, Some("." | "|" | "is")) || (prev == Some("not") && prev2 == Some("is")) {
        return false;
    }
    let next = toks.get(i + 1).map(|t| t.text(src));
    !matches!(next, Some("(" | "="))
}

/// Names of the variables an expression reads (the root of each path).
pub(crate) fn variables(src: &str) -> Vec<(String, usize)> {
    let toks = tokenize(src);
    (0..toks.len())
        .filter(|&i| is_variable(src, &toks, i))
        .map(|i| (toks[i].text(src).to_string(), toks[i].start))
        .collect()
}

/// Byte ranges of the variables a condition tests for truth on their own
/// (`if x`, `not x`, `x and y`), which tera treats as false when undefined
/// where Jinja's StrictUndefined fails.
pub(crate) fn bare_conditions(src: &str) -> Vec<(usize, usize)> {
    let toks = tokenize(src);
    let joins = |t: Option<&Tok>, set: &[&str]| t.is_none_or(|t| set.contains(&t.text(src)));
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !is_variable(src, &toks, i) {
            i += 1;
            continue;
        }
        let end = path_end(src, &toks, i);
        let prev = i.checked_sub(1).map(|p| &toks[p]);
        if joins(prev, &["and", "or", "not", "("]) && joins(toks.get(end), &["and", "or", ")"]) {
            out.push((toks[i].start, toks[end - 1].end));
        }
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(src: &str) -> Vec<String> {
        variables(src).into_iter().map(|(n, _)| n).collect()
    }

    #[test]
    fn variables_skip_filters_tests_functions_and_attributes() {
        assert_eq!(
            names(r#"app in ["all", "api"] and x.y | default(value=z) is not defined and f(a=b)"#),
            ["app", "x", "z", "b"]
        );
    }

    #[test]
    fn bare_conditions_are_the_lone_truth_tests() {
        let src = "a and not b.c or (d) and e == 1 and f is defined and g[0]";
        let found: Vec<&str> = bare_conditions(src)
            .iter()
            .map(|&(s, e)| &src[s..e])
            .collect();
        assert_eq!(found, ["a", "b.c", "d", "g[0]"]);
    }

    #[test]
    fn strings_hide_their_content() {
        assert_eq!(names(r#""x and y" ~ 'z\'s' ~ w"#), ["w"]);
    }
}
