//! What `alembic current` / `alembic history` (and Flask-Migrate's
//! `flask db current` / `flask db history`) print, plain or `--verbose`,
//! turned into revisions. Alembic's own log lines (`INFO  [alembic...] ...`)
//! are skipped, except ERROR ones; those and any other line that is not a
//! revision are errors, because they mean the command failed (a traceback,
//! a refused connection, an unknown revision) and must not read as "base".

mod line;
mod read;

use serde::Serialize;

pub use read::{parse_current, parse_history};

use super::error::ParseError;

/// The revision(s) the database is at. Empty means nothing is applied (base).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Current {
    pub revisions: Vec<String>,
    /// Every current revision is a head (and there is at least one).
    pub is_head: bool,
}

impl Current {
    /// No revision applied yet.
    pub fn is_base(&self) -> bool {
        self.revisions.is_empty()
    }
}

/// One migration script as `history` lists it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Revision {
    pub revision: String,
    /// Parents; empty for the first migration (`<base>`), two or more for a
    /// mergepoint.
    pub down_revisions: Vec<String>,
    /// `depends_on` revisions.
    pub dependencies: Vec<String>,
    /// `(head)` or `(effective head)`.
    pub is_head: bool,
    /// `(current)`, printed by `history --indicate-current`.
    pub is_current: bool,
    pub is_branchpoint: bool,
    pub is_mergepoint: bool,
    pub branch_labels: Vec<String>,
    /// First paragraph of the script's docstring (the `-m` message).
    pub message: String,
    /// Script file; only `--verbose` prints it.
    pub path: Option<String>,
    /// `Create Date:` of the docstring; only `--verbose` prints it.
    pub created: Option<String>,
}

impl Revision {
    /// The single parent, or the first of a mergepoint's; `None` at base.
    pub fn down_revision(&self) -> Option<&str> {
        self.down_revisions.first().map(String::as_str)
    }
}

/// Revisions newest first, as alembic prints them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct History {
    pub entries: Vec<Revision>,
}

impl History {
    pub fn heads(&self) -> impl Iterator<Item = &Revision> {
        self.entries.iter().filter(|r| r.is_head)
    }

    pub fn get(&self, revision: &str) -> Option<&Revision> {
        self.entries.iter().find(|r| r.revision == revision)
    }
}

/// What is wrong with alembic output.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AlembicErrorKind {
    #[error("`{text}` is not {expected}; the command probably failed, see its full output")]
    Unrecognized {
        text: String,
        expected: &'static str,
    },
    #[error("alembic reported a failure: {message}")]
    Failed { message: String },
    #[error("`{value}` is not a revision id")]
    BadRevision { value: String },
}

pub type AlembicError = ParseError<AlembicErrorKind>;
