//! Line loop shared by `current` and `history`: skips log lines, reads the
//! one-line forms and the `--verbose` blocks:
//!
//! ```text
//! Rev: 9f8e7d6c5b4a (head)
//! Parent: a1b2c3d4e5f6
//! Path: /app/migrations/versions/9f8e7d6c5b4a_add_users_table.py
//!
//!     add users table
//!
//!     Revision ID: 9f8e7d6c5b4a
//! ```

use super::line::{self, LineError};
use super::{AlembicError, AlembicErrorKind as Kind, Current, History, Revision};
use crate::parse::error::Position;

/// Parses `alembic current` / `flask db current`, plain or verbose.
/// Empty output (no revision applied) is [`Current::is_base`].
pub fn parse_current(output: &str) -> Result<Current, AlembicError> {
    let entries = read(output, Mode::Current)?;
    Ok(Current {
        is_head: !entries.is_empty() && entries.iter().all(|r| r.is_head),
        revisions: entries.into_iter().map(|r| r.revision).collect(),
    })
}

/// Parses `alembic history` / `flask db history`, plain, verbose or with
/// `--indicate-current`.
pub fn parse_history(output: &str) -> Result<History, AlembicError> {
    Ok(History {
        entries: read(output, Mode::History)?,
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Current,
    History,
}

/// A verbose entry being read.
struct Block {
    rev: Revision,
    in_doc: bool,
    doc: Vec<String>,
}

impl Block {
    fn finish(mut self) -> Revision {
        let doc: Vec<&str> = self
            .doc
            .iter()
            .map(|l| l.strip_prefix("    ").unwrap_or(l.trim_start()))
            .collect();
        let first = doc.iter().position(|l| !l.trim().is_empty());
        if let Some(first) = first {
            self.rev.message = doc[first..]
                .iter()
                .take_while(|l| !l.trim().is_empty())
                .map(|l| l.trim())
                .collect::<Vec<_>>()
                .join("\n");
        }
        self.rev.created = doc
            .iter()
            .find_map(|l| l.trim().strip_prefix("Create Date:"))
            .map(|d| d.trim().to_string());
        self.rev
    }
}

fn at(number: usize, line: &str, (offset, kind): LineError) -> AlembicError {
    let column = line.get(..offset).map_or(1, |s| s.chars().count() + 1);
    AlembicError::new(Position::at(number, column), kind)
}

fn read(output: &str, mode: Mode) -> Result<Vec<Revision>, AlembicError> {
    let mut entries = Vec::new();
    let mut block: Option<Block> = None;
    for (index, raw) in output.lines().enumerate() {
        let number = index + 1;
        let text = raw.trim_end();
        match line::log_line(text) {
            Some(line::Log::Skip) => continue,
            Some(line::Log::Failure) => {
                let kind = Kind::Failed {
                    message: text.to_string(),
                };
                return Err(AlembicError::new(Position::at(number, 1), kind));
            }
            None => {}
        }
        if let Some(rest) = text.strip_prefix("Rev: ") {
            entries.extend(block.take().map(Block::finish));
            block = Some(rev_line(rest).map_err(|(o, k)| at(number, text, (o + 5, k)))?);
            continue;
        }
        if let Some(open) = block.as_mut() {
            if !open.in_doc {
                if text.is_empty() {
                    open.in_doc = true;
                } else {
                    header(&mut open.rev, text).map_err(|e| at(number, text, e))?;
                }
                continue;
            }
            if text.is_empty() || raw.starts_with([' ', '\t']) {
                open.doc.push(text.to_string());
                continue;
            }
            entries.extend(block.take().map(Block::finish));
        }
        if text.is_empty() {
            continue;
        }
        let parsed = match mode {
            Mode::Current if text.starts_with("Current revision(s) for ") => continue,
            Mode::Current => line::current_line(text),
            Mode::History => line::history_line(text),
        };
        entries.push(parsed.map_err(|e| at(number, text, e))?);
    }
    entries.extend(block.map(Block::finish));
    Ok(entries)
}

/// `9f8e7d6c5b4a (head) (branchpoint)` after `Rev: `.
fn rev_line(rest: &str) -> Result<Block, LineError> {
    let end = rest.find(' ').unwrap_or(rest.len());
    let id = &rest[..end];
    if !line::is_rev_id(id) {
        return Err((0, Kind::BadRevision { value: id.into() }));
    }
    let mut rev = Revision {
        revision: id.to_string(),
        ..Revision::default()
    };
    let form = line::Form {
        whole: rest,
        expected: VERBOSE_REV,
        labels: false,
    };
    let tail = line::markers(&mut rev, &rest[end..], end, &form)?;
    if !tail.is_empty() {
        return Err((
            rest.len() - tail.len(),
            line::unrecognized(rest, VERBOSE_REV),
        ));
    }
    Ok(Block {
        rev,
        in_doc: false,
        doc: Vec::new(),
    })
}

const VERBOSE_REV: &str = "a verbose revision line such as `Rev: 9f8e7d6c5b4a (head)`";
const HEADER: &str =
    "a verbose revision field (Parent, Merges, Also depends on, Branches into, Branch names, Path)";

fn ids(value: &str, offset: usize) -> Result<Vec<String>, LineError> {
    if value == "<base>" {
        return Ok(Vec::new());
    }
    value
        .split(", ")
        .map(|id| {
            if line::is_rev_id(id) {
                Ok(id.to_string())
            } else {
                Err((offset, Kind::BadRevision { value: id.into() }))
            }
        })
        .collect()
}

/// One `Key: value` line between `Rev:` and the docstring.
fn header(rev: &mut Revision, text: &str) -> Result<(), LineError> {
    let Some((key, value)) = text.split_once(": ") else {
        return Err((0, line::unrecognized(text, HEADER)));
    };
    let offset = key.len() + 2;
    match key {
        "Parent" | "Merges" => rev.down_revisions = ids(value, offset)?,
        "Also depends on" => rev.dependencies = ids(value, offset)?,
        "Branches into" => rev.is_branchpoint = true,
        "Branch names" => rev.branch_labels = value.split(", ").map(str::to_string).collect(),
        "Path" => rev.path = Some(value.to_string()),
        _ => return Err((0, line::unrecognized(text, HEADER))),
    }
    if key == "Merges" {
        rev.is_mergepoint = true;
    }
    Ok(())
}
