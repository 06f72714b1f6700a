//! Splits rendered text into the logical lines dotenvy reads.
//!
//! A dotenv value in quotes may span several physical lines, so "one line"
//! means what dotenvy 0.15's reader means: physical lines are joined while a
//! quote or an escape is open, and a line starting with `#` is a comment.
//! The rules mirror dotenvy's `QuotedLines` so that each logical line can be
//! checked, and re-emitted, on its own.

/// A logical line and the 1-based physical line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub line: usize,
    pub text: String,
}

impl Entry {
    /// Blank lines and comments carry no variable.
    pub fn is_comment(&self) -> bool {
        let trimmed = self.text.trim_start();
        trimmed.is_empty() || trimmed.starts_with('#')
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Complete,
    Escape,
    Strong,
    StrongEscape,
    Weak,
    WeakEscape,
    Comment,
    Space,
}

fn end_state(mut state: State, chunk: &str) -> State {
    for c in chunk.chars() {
        state = match state {
            State::Space => match c {
                '#' => return State::Comment,
                '\\' => State::Escape,
                '"' => State::Weak,
                '\'' => State::Strong,
                _ => State::Complete,
            },
            State::Escape | State::Comment => State::Complete,
            State::Complete => match c {
                c if c.is_whitespace() && c != '\n' && c != '\r' => State::Space,
                '\\' => State::Escape,
                '"' => State::Weak,
                '\'' => State::Strong,
                _ => State::Complete,
            },
            State::Weak => match c {
                '\\' => State::WeakEscape,
                '"' => State::Complete,
                _ => State::Weak,
            },
            State::WeakEscape => State::Weak,
            State::Strong => match c {
                '\\' => State::StrongEscape,
                '\'' => State::Complete,
                _ => State::Strong,
            },
            State::StrongEscape => State::Strong,
        };
    }
    state
}

/// Splits `text`; an unterminated quote is an error naming its first line.
pub(crate) fn split(text: &str) -> Result<Vec<Entry>, usize> {
    let mut entries = Vec::new();
    let mut buf = String::new();
    let mut start = 1;
    let mut state = State::Complete;
    for (index, physical) in text.split_inclusive('\n').enumerate() {
        if buf.is_empty() {
            start = index + 1;
            state = State::Complete;
        }
        buf.push_str(physical);
        let done = buf.trim_start().starts_with('#') || {
            state = end_state(state, physical);
            matches!(state, State::Complete | State::Comment)
        };
        if done {
            let line = buf.strip_suffix('\n').unwrap_or(&buf);
            let line = line.strip_suffix('\r').unwrap_or(line);
            entries.push(Entry {
                line: start,
                text: line.to_string(),
            });
            buf.clear();
        }
    }
    if buf.is_empty() {
        Ok(entries)
    } else {
        Err(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_newlines_join_physical_lines() {
        let entries = split("A=1\nB=\"x\ny\"\n# c 'd\nC='e'\n").unwrap();
        let lines: Vec<usize> = entries.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 2, 4, 5]);
        assert_eq!(entries[1].text, "B=\"x\ny\"");
        assert!(entries[2].is_comment());
    }

    #[test]
    fn an_open_quote_names_its_line() {
        assert_eq!(split("A=1\nB='x\nC=2\n"), Err(2));
    }
}
