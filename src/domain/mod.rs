//! Plain data that several layers exchange and that no single operation
//! owns. It sits below `ops` and `app`: it imports nothing from the rest of
//! the crate, so both faces and every operation can use it without one
//! layer reaching into another. A type that one operation makes lives with
//! that operation instead (`ops::testing`, `ops::secrets`, ...).

pub mod log_line;

pub use log_line::{LogLine, LogSource};
