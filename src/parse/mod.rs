//! Pure parsers of what outside tools print or write: JUnit XML reports
//! (Testing pane), alembic output (Migrations), sphinx progress (Docs) and
//! locust CSV statistics (load tests). They take text the caller has read,
//! do no IO, never panic, and on bad input return a [`ParseError`] naming
//! the line (and column when known); the caller adds the file with
//! [`ParseError::with_path`].

pub mod alembic;
pub mod error;
pub mod junit;
pub mod locust;
pub mod sphinx;

pub use error::{ErrorDetail, ParseError, Position};
