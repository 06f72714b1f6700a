//! `${VAR}` interpolation as compose does it, on every string value (never
//! on keys) before files are merged: `$VAR`, `${VAR}`, `${VAR:-default}`,
//! `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`,
//! `${VAR+alt}` and `$$` for a literal `$`. Defaults may nest
//! (`${A:-${B}}`). A `$` followed by anything else is an error, as in
//! compose: write `$$` for a literal dollar sign.

use super::node::{Kind, Node};
use crate::project::error::ProjectError;

/// Looks a variable up: the process environment first, then the `.env` file.
pub type Lookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Interpolates every scalar of a parsed compose file in place.
pub(crate) fn interpolate_tree(doc: &mut Node, lookup: Lookup<'_>) -> Result<(), ProjectError> {
    let Kind::Map(entries) = &mut doc.kind else {
        return walk(doc, lookup, None);
    };
    for entry in entries {
        if entry.key == "services"
            && let Kind::Map(services) = &mut entry.value.kind
        {
            for service in services {
                walk(&mut service.value, lookup, Some(&service.key))?;
            }
        } else {
            walk(&mut entry.value, lookup, None)?;
        }
    }
    Ok(())
}

fn walk(node: &mut Node, lookup: Lookup<'_>, service: Option<&str>) -> Result<(), ProjectError> {
    match &mut node.kind {
        Kind::Scalar(text) if text.contains('$') => match substitute(text, lookup) {
            Ok(value) => *text = value,
            Err(message) => {
                return Err(ProjectError::ComposeInvalid {
                    at: node.at.location(),
                    service: service.map(str::to_string),
                    message,
                });
            }
        },
        Kind::Seq(items) => {
            for item in items {
                walk(item, lookup, service)?;
            }
        }
        Kind::Map(entries) => {
            for entry in entries {
                walk(&mut entry.value, lookup, service)?;
            }
        }
        Kind::Scalar(_) | Kind::Null => {}
    }
    Ok(())
}

/// Substitutes one string; the error is a message for the user.
pub fn substitute(text: &str, lookup: Lookup<'_>) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        let after = &rest[dollar + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some(body) = after.strip_prefix('{') {
            let end = closing_brace(body).ok_or_else(|| invalid(text))?;
            out.push_str(&braced(&body[..end], text, lookup)?);
            rest = &body[end + 1..];
        } else {
            let len = name_len(after);
            if len == 0 {
                return Err(invalid(text));
            }
            out.push_str(&value_or_blank(&after[..len], lookup));
            rest = &after[len..];
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// The body of `${...}` (without the braces).
fn braced(body: &str, whole: &str, lookup: Lookup<'_>) -> Result<String, String> {
    let len = name_len(body);
    if len == 0 {
        return Err(invalid(whole));
    }
    let (name, op) = body.split_at(len);
    if op.is_empty() {
        return Ok(value_or_blank(name, lookup));
    }
    let value = lookup(name);
    let (colon, op) = match op.strip_prefix(':') {
        Some(op) => (true, op),
        None => (false, op),
    };
    let mut chars = op.chars();
    let kind = chars.next().ok_or_else(|| invalid(whole))?;
    let arg = chars.as_str();
    // With `:`, an empty value counts as unset.
    let set = value.as_deref().is_some_and(|v| !colon || !v.is_empty());
    match kind {
        '-' if set => Ok(value.unwrap_or_default()),
        '-' => substitute(arg, lookup),
        '+' if set => substitute(arg, lookup),
        '+' => Ok(String::new()),
        '?' if set => Ok(value.unwrap_or_default()),
        '?' if arg.is_empty() => Err(format!(
            "required variable {name} is missing a value; set it in the environment or in .env"
        )),
        '?' => Err(format!(
            "required variable {name} is missing a value: {arg}"
        )),
        _ => Err(invalid(whole)),
    }
}

fn value_or_blank(name: &str, lookup: Lookup<'_>) -> String {
    lookup(name).unwrap_or_else(|| {
        tracing::warn!("the {name} variable is not set; defaulting to a blank string");
        String::new()
    })
}

/// Length of a variable name at the start of `s`: `[A-Za-z_][A-Za-z0-9_]*`.
fn name_len(s: &str) -> usize {
    let mut len = 0;
    for (i, c) in s.char_indices() {
        let ok = c == '_' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit());
        if !ok {
            break;
        }
        len = i + c.len_utf8();
    }
    len
}

/// Byte index of the `}` closing a `${`, skipping nested `${...}` and `$$`.
fn closing_brace(body: &str) -> Option<usize> {
    let bytes = body.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'$' if bytes.get(i + 1) == Some(&b'$') => i += 1,
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth == 0 => return Some(i),
            b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    None
}

fn invalid(text: &str) -> String {
    format!(
        "invalid interpolation in `{text}`; write ${{VAR}}, ${{VAR:-default}} or $$ for a literal $"
    )
}
