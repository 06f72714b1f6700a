//! The one-line forms: `current` prints `REV (head)`, `history` prints
//! `DOWN[, DOWN] [(DEPS)] -> REV [(LABELS)] [(head)] [(current)] ..., MESSAGE`.

use super::{AlembicErrorKind as Kind, Revision};

/// A failure inside one line: byte offset in the line and what is wrong.
pub(super) type LineError = (usize, Kind);

/// What a log line means for the output around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Log {
    /// DEBUG, INFO, WARNING: chatter to skip.
    Skip,
    /// ERROR, CRITICAL: the command failed (Flask-Migrate logs
    /// `ERROR [flask_migrate] Error: ...` and prints nothing else).
    Failure,
}

/// Alembic's logging (`%(levelname)-5.5s [%(name)s] %(message)s`) or
/// Python's default `LEVEL:logger:message` format.
pub(super) fn log_line(line: &str) -> Option<Log> {
    let word_end = line.find([' ', ':']).unwrap_or(line.len());
    let (word, rest) = line.split_at(word_end);
    let log = match word {
        "DEBUG" | "INFO" | "WARNI" | "WARNING" | "NOTSET" => Log::Skip,
        "ERROR" | "CRITI" | "CRITICAL" => Log::Failure,
        _ => return None,
    };
    let bracketed = rest.trim_start_matches(' ');
    let is_log = (rest.starts_with(' ') && bracketed.starts_with('[') && bracketed.contains(']'))
        || rest.strip_prefix(':').is_some_and(|r| {
            r.split_once(':')
                .is_some_and(|(name, _)| !name.contains(' '))
        });
    is_log.then_some(log)
}

fn is_rev_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

pub(super) fn is_rev_id(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_rev_char)
}

/// Splits `a, b` into revision ids, each checked.
fn rev_list(s: &str, offset: usize) -> Result<Vec<String>, LineError> {
    s.split(", ")
        .map(|id| {
            if is_rev_id(id) {
                Ok(id.to_string())
            } else {
                Err((offset, Kind::BadRevision { value: id.into() }))
            }
        })
        .collect()
}

/// A revision id at the start of `s` and the rest of `s`.
fn leading_rev<'a>(
    s: &'a str,
    offset: usize,
    expected: &'static str,
) -> Result<(&'a str, &'a str), LineError> {
    let end = s.find(|c: char| !is_rev_char(c)).unwrap_or(s.len());
    if end == 0 {
        return Err((offset, unrecognized(s, expected)));
    }
    Ok(s.split_at(end))
}

pub(super) fn unrecognized(text: &str, expected: &'static str) -> Kind {
    const MAX: usize = 120;
    let mut text = text.trim().to_string();
    if let Some((cut, _)) = text.char_indices().nth(MAX) {
        text.truncate(cut);
        text.push('…');
    }
    Kind::Unrecognized { text, expected }
}

/// How a line is read: the whole line for messages, what it should look
/// like, and whether one group of branch labels may follow the revision.
pub(super) struct Form<'a> {
    pub whole: &'a str,
    pub expected: &'static str,
    pub labels: bool,
}

/// Applies the ` (marker)` groups at the start of `rest` (byte `offset` of
/// the line) to `rev`; returns what follows them.
pub(super) fn markers<'a>(
    rev: &mut Revision,
    mut rest: &'a str,
    offset: usize,
    form: &Form,
) -> Result<&'a str, LineError> {
    let Form {
        whole,
        expected,
        labels,
    } = *form;
    let mut at = offset;
    while let Some(group) = rest.strip_prefix(" (") {
        let Some(close) = group.find(')') else {
            break;
        };
        let marker = &group[..close];
        match marker {
            "head" | "effective head" => rev.is_head = true,
            "current" => rev.is_current = true,
            "branchpoint" => rev.is_branchpoint = true,
            "mergepoint" => rev.is_mergepoint = true,
            _ if labels && rev.branch_labels.is_empty() && !marker.is_empty() => {
                rev.branch_labels = marker.split(", ").map(str::to_string).collect();
            }
            _ => return Err((at + 1, unrecognized(whole, expected))),
        }
        let used = 2 + close + 1;
        at += used;
        rest = &rest[used..];
    }
    Ok(rest)
}

const CURRENT: &str = "a current revision such as `9f8e7d6c5b4a (head)`";
const HISTORY: &str =
    "a history line such as `a1b2c3d4e5f6 -> 9f8e7d6c5b4a (head), add users table`";

/// `9f8e7d6c5b4a (head)`.
pub(super) fn current_line(line: &str) -> Result<Revision, LineError> {
    let (id, rest) = leading_rev(line, 0, CURRENT)?;
    let mut rev = Revision {
        revision: id.to_string(),
        ..Revision::default()
    };
    let form = Form {
        whole: line,
        expected: CURRENT,
        labels: false,
    };
    let rest = markers(&mut rev, rest, id.len(), &form)?;
    if !rest.is_empty() {
        return Err((line.len() - rest.len(), unrecognized(line, CURRENT)));
    }
    Ok(rev)
}

/// `a1b2, c3d4 (dep) -> 9f8e (label) (head) (mergepoint), message`.
pub(super) fn history_line(line: &str) -> Result<Revision, LineError> {
    let Some((down, right)) = line.split_once(" -> ") else {
        return Err((0, unrecognized(line, HISTORY)));
    };
    let mut rev = Revision::default();
    let (parents, deps) = match down.strip_suffix(')').and_then(|d| d.split_once(" (")) {
        Some((parents, deps)) => (parents, Some(deps)),
        None => (down, None),
    };
    if parents != "<base>" {
        rev.down_revisions = rev_list(parents, 0)?;
    }
    if let Some(deps) = deps {
        rev.dependencies = rev_list(deps, parents.len() + 2)?;
    }
    let right_at = down.len() + 4;
    let (id, rest) = leading_rev(right, right_at, HISTORY)?;
    rev.revision = id.to_string();
    let form = Form {
        whole: line,
        expected: HISTORY,
        labels: true,
    };
    let rest = markers(&mut rev, rest, right_at + id.len(), &form)?;
    rev.message = match rest.strip_prefix(',') {
        Some(message) => message.strip_prefix(' ').unwrap_or(message).to_string(),
        None if rest.is_empty() => String::new(),
        None => return Err((line.len() - rest.len(), unrecognized(line, HISTORY))),
    };
    Ok(rev)
}
