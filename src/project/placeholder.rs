//! `{name}` placeholders in argv templates (`flask db migrate -m {message}`).
//! `{{` and `}}` stand for literal braces. Filling is per argument, so a
//! value never splits into several arguments and never meets a shell.

use std::collections::BTreeMap;

/// What is wrong with a template argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceholderIssue {
    /// `{` without a closing `}`, or a lone `}`.
    Unbalanced(String),
    /// `{name}` with no value.
    Missing(String),
}

impl std::fmt::Display for PlaceholderIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlaceholderIssue::Unbalanced(arg) => write!(
                f,
                "unbalanced brace in `{arg}`; write `{{{{` or `}}}}` for a literal brace"
            ),
            PlaceholderIssue::Missing(name) => write!(f, "no value for `{{{name}}}`"),
        }
    }
}

enum Piece<'a> {
    Text(&'a str),
    Name(&'a str),
}

fn pieces(arg: &str) -> Result<Vec<Piece<'_>>, PlaceholderIssue> {
    let mut out = Vec::new();
    let mut rest = arg;
    while let Some(i) = rest.find(['{', '}']) {
        out.push(Piece::Text(&rest[..i]));
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{{") {
            out.push(Piece::Text("{"));
            rest = after;
        } else if let Some(after) = tail.strip_prefix("}}") {
            out.push(Piece::Text("}"));
            rest = after;
        } else if let (true, Some(end)) = (tail.starts_with('{'), tail.find('}'))
            && !tail[1..end].contains('{')
        {
            out.push(Piece::Name(&tail[1..end]));
            rest = &tail[end + 1..];
        } else {
            return Err(PlaceholderIssue::Unbalanced(arg.to_string()));
        }
    }
    out.push(Piece::Text(rest));
    Ok(out)
}

/// Names used by the arguments, in order of first use.
pub fn names(argv: &[String]) -> Result<Vec<String>, PlaceholderIssue> {
    let mut found: Vec<String> = Vec::new();
    for arg in argv {
        for piece in pieces(arg)? {
            if let Piece::Name(name) = piece
                && !found.iter().any(|f| f == name)
            {
                found.push(name.to_string());
            }
        }
    }
    Ok(found)
}

/// Replaces every `{name}` with its value.
pub fn fill(
    argv: &[String],
    values: &BTreeMap<&str, &str>,
) -> Result<Vec<String>, PlaceholderIssue> {
    argv.iter()
        .map(|arg| {
            let mut out = String::with_capacity(arg.len());
            for piece in pieces(arg)? {
                match piece {
                    Piece::Text(text) => out.push_str(text),
                    Piece::Name(name) => match values.get(name) {
                        Some(value) => out.push_str(value),
                        None => return Err(PlaceholderIssue::Missing(name.to_string())),
                    },
                }
            }
            Ok(out)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn fills_each_argument_and_keeps_escaped_braces() {
        let values = BTreeMap::from([("message", "add users; rm -rf /"), ("x", "1")]);
        let out = fill(&argv(&["-m", "{message}", "a{x}b", "{{lit}}"]), &values);
        assert_eq!(
            out,
            Ok(argv(&["-m", "add users; rm -rf /", "a1b", "{lit}"]))
        );
    }

    #[test]
    fn reports_missing_values_and_unbalanced_braces() {
        let empty = BTreeMap::new();
        assert_eq!(
            fill(&argv(&["{revision}"]), &empty),
            Err(PlaceholderIssue::Missing("revision".into()))
        );
        assert!(matches!(
            names(&argv(&["a{b"])),
            Err(PlaceholderIssue::Unbalanced(_))
        ));
        assert!(matches!(
            names(&argv(&["a}b"])),
            Err(PlaceholderIssue::Unbalanced(_))
        ));
        assert_eq!(
            names(&argv(&["{a}", "{b}{a}", "{{c}}"])),
            Ok(vec!["a".to_string(), "b".to_string()])
        );
    }
}
