//! From rendered text to a valid env file.
//!
//! Lines the template wrote without printing a value are kept byte for byte.
//! A line that printed a value is read the way dotenvy reads it (with the
//! value still a placeholder, so the template's own quoting means what it
//! says), then written again as `KEY=<value quoted for dotenv>`; a comment
//! line gets its values with newlines escaped so a value cannot add a line.
//! Finally the whole file is parsed back with dotenvy, from memory, and must
//! read exactly the variables the compiler meant to write.

pub(crate) mod lines;
mod lint;
pub(crate) mod placeholder;
pub mod quote;

use super::error::{Result, SecretsError};
use lines::Entry;
pub(crate) use lint::run_on;
pub use quote::quote_value;

/// A checked env file: its text and the variables dotenvy reads from it.
pub(crate) struct EnvFile {
    pub text: String,
    pub vars: Vec<(String, String)>,
}

/// Parses env text with dotenvy, in memory.
pub(crate) fn parse(text: &str) -> std::result::Result<Vec<(String, String)>, dotenvy::Error> {
    dotenvy::from_read_iter(text.as_bytes()).collect()
}

/// Turns the placeholder text tera rendered into a checked env file.
pub(crate) fn finish(target: &str, rendered: &str) -> Result<EnvFile> {
    let invalid = |entry_line: usize, text: &str| SecretsError::InvalidLine {
        target: target.to_string(),
        line: entry_line,
        key: key_of(text),
    };
    let entries = lines::split(rendered).map_err(|line| {
        let first = rendered.lines().nth(line - 1).unwrap_or_default();
        invalid(line, first)
    })?;
    let mut text = String::with_capacity(rendered.len());
    let mut vars = Vec::new();
    for entry in &entries {
        if entry.is_comment() {
            text.push_str(&comment(entry));
            text.push('\n');
            continue;
        }
        let line = with_key_decoded(&entry.text);
        // Alone, to find a bad line; after what precedes it, for `${NAME}`
        // references to earlier variables.
        let read = parse(&line).ok().and_then(|_| {
            let in_context = format!("{text}{line}\n");
            parse(&in_context).ok().and_then(|mut all| all.pop())
        });
        let (key, value) = match read {
            Some(pair) => pair,
            None if placeholder::contains(&line) => {
                raw_assignment(&line).ok_or_else(|| invalid(entry.line, &entry.text))?
            }
            None => return Err(invalid(entry.line, &entry.text)),
        };
        if placeholder::contains(&line) {
            let value = placeholder::decode(&value);
            let export = if line.trim_start().starts_with("export") && key != "export" {
                "export "
            } else {
                ""
            };
            text.push_str(&format!("{export}{key}={}\n", quote_value(&value)));
            vars.push((key, value));
        } else {
            text.push_str(&line);
            text.push('\n');
            vars.push((key, value));
        }
    }
    read_back(target, &text, &vars)?;
    Ok(EnvFile { text, vars })
}

/// A comment line with its values inlined on one line.
fn comment(entry: &Entry) -> String {
    if !placeholder::contains(&entry.text) {
        return entry.text.clone();
    }
    placeholder::decode(&entry.text)
        .replace('\r', "\\r")
        .replace('\n', "\\n")
}

/// `KEY=rest` read as the rest of the line, for a line dotenv cannot read
/// because a printed value runs into unquoted text with spaces
/// (`VERSION=1.2.3# --- Database`): what Jinja2 printed there is the value,
/// and it is written quoted. `lint::run_on` warns about such lines.
fn raw_assignment(line: &str) -> Option<(String, String)> {
    let key = key_of(line)?;
    let (_, rest) = line.split_once('=')?;
    let value = placeholder::decode(rest);
    // Only a value that starts with a printed value joined to more text:
    // anything else is the template's own line, left to dotenv.
    let joined = rest.starts_with(placeholder::OPEN) && !lint::joined(rest).is_empty();
    joined.then_some((key, value))
}

/// Decodes values printed into the key (`{{ prefix }}_URL=...`).
fn with_key_decoded(line: &str) -> String {
    match line.find('=') {
        Some(eq) if placeholder::contains(&line[..eq]) => {
            format!("{}{}", placeholder::decode(&line[..eq]), &line[eq..])
        }
        _ => line.to_string(),
    }
}

/// The variable name a line assigns, when it can be told without values.
fn key_of(line: &str) -> Option<String> {
    let trimmed = line.trim_start();
    let trimmed = trimmed
        .strip_prefix("export ")
        .unwrap_or(trimmed)
        .trim_start();
    let end = trimmed
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .unwrap_or(trimmed.len());
    let key = &trimmed[..end];
    let is_assignment = trimmed[end..].trim_start().starts_with('=');
    (!key.is_empty() && is_assignment).then(|| key.to_string())
}

/// The file must read back as exactly the variables meant.
fn read_back(target: &str, text: &str, vars: &[(String, String)]) -> Result<()> {
    let mismatch = |key: Option<String>| SecretsError::ReadBack {
        target: target.to_string(),
        key,
    };
    let read = parse(text).map_err(|_| mismatch(None))?;
    if read.len() != vars.len() {
        return Err(mismatch(None));
    }
    match read.iter().zip(vars).find(|(a, b)| a != b) {
        Some((_, (key, _))) => Err(mismatch(Some(key.clone()))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::placeholder::encode;
    use super::*;

    #[test]
    fn lines_with_values_are_requoted_and_others_kept() {
        let rendered = format!(
            "# head {}\nA='kept as is'\nB={}\nC=\"{}\"\n",
            encode("x\ny"),
            encode("a b # $c"),
            encode("q\"r")
        );
        let env = finish("t", &rendered).unwrap();
        assert_eq!(
            env.text,
            "# head x\\ny\nA='kept as is'\nB=\"a b # \\$c\"\nC=\"q\\\"r\"\n"
        );
        let keys: Vec<&str> = env.vars.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["A", "B", "C"]);
        assert_eq!(env.vars[1].1, "a b # $c");
    }

    #[test]
    fn an_invalid_line_is_named_without_its_value() {
        let rendered = format!("A=1\nB={} {}\n", encode("sec"), encode("ret"));
        let Err(err) = finish("api-local", &rendered) else {
            panic!("an invalid line must fail");
        };
        let msg = err.to_string();
        assert!(msg.contains("line 2") && msg.contains("`B`"), "{msg}");
        assert!(!msg.contains("sec"), "{msg}");
    }
}
