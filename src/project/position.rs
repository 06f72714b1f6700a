//! Byte offsets of a TOML document turned into `line:col`, and the span of a
//! key path, so that errors point at the offending spot in runcli.toml.

use toml::de::{DeTable, DeValue};

use super::error::LineCol;

/// One step of a key path: a table key or an array index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'a> From<&'a str> for Seg<'a> {
    fn from(key: &'a str) -> Self {
        Seg::Key(key)
    }
}

impl From<usize> for Seg<'_> {
    fn from(index: usize) -> Self {
        Seg::Index(index)
    }
}

/// Renders a key path the way a person writes it: `tests.unit.commands[0]`.
pub fn dotted(path: &[Seg<'_>]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// 1-based line and column (counted in characters) of a byte offset.
/// Offsets past the end point just after the last character.
pub fn line_col(src: &str, offset: usize) -> LineCol {
    let mut offset = offset.min(src.len());
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &src[..offset];
    let line_start = before.rfind('\n').map_or(0, |nl| nl + 1);
    LineCol {
        line: before.matches('\n').count() + 1,
        col: before[line_start..].chars().count() + 1,
    }
}

/// Position of the value at `path`, or of its nearest ancestor that exists
/// (a missing key is reported where its table starts). `None` when the
/// document does not parse or the path leads nowhere at all.
pub fn locate(src: &str, path: &[Seg<'_>]) -> Option<LineCol> {
    let doc = DeTable::parse(src).ok()?;
    let mut span = None;
    let root = DeValue::Table(doc.into_inner());
    let mut current = &root;
    for seg in path {
        let next = match seg {
            Seg::Key(key) => current.get(*key),
            Seg::Index(i) => current.get(*i),
        };
        let Some(next) = next else { break };
        span = Some(next.span());
        current = next.get_ref();
    }
    span.map(|span| line_col(src, span.start))
}

/// Dotted key path of the deepest key or value covering `offset`
/// (`profiles.local.steps[1].servce`); `None` at the top level. A table's
/// span is its header only, so the whole tree is searched, not one branch.
pub fn key_path_at(src: &str, offset: usize) -> Option<String> {
    let doc = DeTable::parse(src).ok()?;
    let root = DeValue::Table(doc.into_inner());
    let mut best: Option<(usize, String)> = None;
    visit(&root, String::new(), 0, offset, &mut best);
    best.map(|(_, path)| path)
}

fn covers(span: std::ops::Range<usize>, offset: usize) -> bool {
    span.start <= offset && offset < span.end.max(span.start + 1)
}

/// A child's key path, its key's span (tables only) and its value.
type Child<'a, 'i> = (
    String,
    Option<std::ops::Range<usize>>,
    &'a toml::Spanned<DeValue<'i>>,
);

fn visit(
    value: &DeValue<'_>,
    path: String,
    depth: usize,
    offset: usize,
    best: &mut Option<(usize, String)>,
) {
    let children: Vec<Child<'_, '_>> = match value {
        DeValue::Table(table) => table
            .iter()
            .map(|(key, child)| {
                let p = if path.is_empty() {
                    key.get_ref().to_string()
                } else {
                    format!("{path}.{}", key.get_ref())
                };
                (p, Some(key.span()), child)
            })
            .collect(),
        DeValue::Array(array) => array
            .iter()
            .enumerate()
            .map(|(i, child)| (format!("{path}[{i}]"), None, child))
            .collect(),
        _ => Vec::new(),
    };
    for (child_path, key_span, child) in children {
        let hit = covers(child.span(), offset) || key_span.is_some_and(|s| covers(s, offset));
        if hit && best.as_ref().is_none_or(|(d, _)| depth + 1 > *d) {
            *best = Some((depth + 1, child_path.clone()));
        }
        visit(child.get_ref(), child_path, depth + 1, offset, best);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one_and_in_characters() {
        let src = "a = 1\nbé = \"x\"\n";
        assert_eq!(line_col(src, 0), LineCol { line: 1, col: 1 });
        let x = src.find("\"x\"").unwrap_or_default();
        assert_eq!(line_col(src, x), LineCol { line: 2, col: 6 });
        assert_eq!(line_col(src, src.len() + 10), LineCol { line: 3, col: 1 });
    }

    #[test]
    fn locate_finds_nested_values_and_falls_back_to_the_parent() {
        let src = "[tests.unit]\nservice = \"host\"\ncommands = [[\"a\"], [\"b\"]]\n";
        let at = locate(
            src,
            &["tests".into(), "unit".into(), "commands".into(), 1.into()],
        );
        assert_eq!(at, Some(LineCol { line: 3, col: 20 }));
        let parent = locate(src, &["tests".into(), "unit".into(), "nope".into()]);
        let unit = locate(src, &["tests".into(), "unit".into()]);
        assert_eq!(parent, unit);
        assert_eq!(
            dotted(&["tests".into(), "unit".into(), "commands".into(), 1.into()]),
            "tests.unit.commands[1]"
        );
    }

    #[test]
    fn key_path_at_names_the_innermost_key() {
        let src = "[profiles.a]\nservices = [\"db\"]\n[[profiles.a.steps]]\nservce = \"api\"\n";
        let key = src.find("servce").unwrap_or_default();
        assert_eq!(
            key_path_at(src, key).as_deref(),
            Some("profiles.a.steps[0].servce")
        );
        let db = src.find("\"db\"").unwrap_or_default();
        assert_eq!(
            key_path_at(src, db).as_deref(),
            Some("profiles.a.services[0]")
        );
    }
}
