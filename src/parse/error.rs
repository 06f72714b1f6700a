//! The error every parser returns: what is wrong (a per-format kind), where
//! in the input (1-based line, column when known) and, once the caller knows
//! it, which file. Parsers see only text, so the path is attached afterwards
//! with [`ParseError::with_path`].

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;
use thiserror::Error;

/// A 1-based spot in the parsed text. `column` counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: Option<usize>,
}

impl Position {
    pub fn line(line: usize) -> Self {
        Position { line, column: None }
    }

    pub fn at(line: usize, column: usize) -> Self {
        Position {
            line,
            column: Some(column),
        }
    }

    /// Line and column of a byte offset into `text`; offsets past the end or
    /// inside a character point at the nearest character boundary before.
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |nl| nl + 1);
        Position::at(
            before.matches('\n').count() + 1,
            before[line_start..].chars().count() + 1,
        )
    }
}

/// `path:line:col: ` or, without a path, `line L, column C: `.
struct Location<'a>(&'a Option<PathBuf>, &'a Position);

impl fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Location(path, pos) = self;
        match (path, pos.column) {
            (Some(p), Some(c)) => write!(f, "{}:{}:{c}", p.display(), pos.line),
            (Some(p), None) => write!(f, "{}:{}", p.display(), pos.line),
            (None, Some(c)) => write!(f, "line {}, column {c}", pos.line),
            (None, None) => write!(f, "line {}", pos.line),
        }
    }
}

fn location<'a>(path: &'a Option<PathBuf>, pos: &'a Position) -> Location<'a> {
    Location(path, pos)
}

/// What went wrong and where; reached through [`ParseError`].
#[derive(Debug, Clone, PartialEq, Error)]
#[error("{}: {kind}", location(.path, .position))]
pub struct ErrorDetail<K> {
    pub path: Option<PathBuf>,
    pub position: Position,
    pub kind: K,
}

/// A parse failure of one format; `K` says what went wrong. Boxed so that
/// `Result`s stay small; fields are read through `Deref` (`err.kind`).
#[derive(Debug, Clone, PartialEq, Error)]
#[error(transparent)]
pub struct ParseError<K>(Box<ErrorDetail<K>>);

impl<K> std::ops::Deref for ParseError<K> {
    type Target = ErrorDetail<K>;

    fn deref(&self) -> &ErrorDetail<K> {
        &self.0
    }
}

impl<K> ParseError<K> {
    pub fn new(position: Position, kind: K) -> Self {
        ParseError(Box::new(ErrorDetail {
            path: None,
            position,
            kind,
        }))
    }

    /// Names the file the text came from, so the message reads `file:line:col`.
    pub fn with_path(mut self, path: impl AsRef<Path>) -> Self {
        self.0.path = Some(path.as_ref().to_path_buf());
        self
    }

    pub fn line(&self) -> usize {
        self.position.line
    }

    pub fn column(&self) -> Option<usize> {
        self.position.column
    }

    pub fn into_detail(self) -> ErrorDetail<K> {
        *self.0
    }
}

/// Decodes UTF-8, reporting the first bad byte by line and column.
/// A leading byte order mark is dropped.
pub(crate) fn decode_utf8(bytes: &[u8]) -> Result<&str, (Position, String)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|err| {
        let good = &bytes[..err.valid_up_to()];
        // The valid prefix is UTF-8 by definition; lossy never alters it.
        let text = String::from_utf8_lossy(good);
        (
            Position::of_offset(&text, text.len()),
            match bytes.get(err.valid_up_to()) {
                Some(byte) => format!(
                    "the text is not valid UTF-8 (byte 0x{byte:02x}); save the file as UTF-8"
                ),
                None => "the text is not valid UTF-8; save the file as UTF-8".to_string(),
            },
        )
    })
}
