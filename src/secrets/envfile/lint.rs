//! Spots a printed value that runs straight into the template's text.
//!
//! With Jinja2's whitespace control, `VERSION={{version}}` followed by a
//! line starting `{%- if ... %}` joins the next text line onto the value:
//! `VERSION=1.2.3# --- Database`. Jinja2 renders exactly that, and so does
//! runcli; dotenv then reads the comment (or the next `KEY=`) as part of the
//! value. This is worth a warning, never a different output.

use super::placeholder::{CLOSE, OPEN};
use super::{key_of, lines};

/// Longest piece of template text a warning quotes.
const SHOWN: usize = 24;

/// (key, text the value runs into) for each assignment whose printed value
/// is followed, without a space, by a `#` or by another `KEY=`.
pub(crate) fn run_on(rendered: &str) -> Vec<(String, String)> {
    let Ok(entries) = lines::split(rendered) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in entries.iter().filter(|e| !e.is_comment()) {
        let Some(key) = key_of(&entry.text) else {
            continue;
        };
        for after in joined(&entry.text) {
            out.push((key.clone(), after.chars().take(SHOWN).collect()));
        }
    }
    out
}

/// The template text right after each printed value of `line` that runs
/// into a `#` or a `KEY=`, up to the next value.
pub(crate) fn joined(line: &str) -> Vec<&str> {
    line.match_indices(CLOSE)
        .map(|(at, _)| {
            let after = &line[at + CLOSE.len_utf8()..];
            after.split(['\n', OPEN]).next().unwrap_or_default()
        })
        .filter(|after| after.starts_with('#') || key_of(after).is_some())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::placeholder::encode;
    use super::*;

    #[test]
    fn values_joined_to_a_comment_or_a_key_are_found() {
        let v = encode("1.2.3");
        let text = format!("VERSION={v}# --- Database\nA={v} # fine\nB={v}C=1\nD={v}x#y\n");
        assert_eq!(
            run_on(&text),
            [
                ("VERSION".to_string(), "# --- Database".to_string()),
                ("B".to_string(), "C=1".to_string())
            ]
        );
    }
}
