//! `[logs]`: caps of each container's log buffer, so memory stays bounded
//! whatever the log volume. Attaching asks the engine only for `max_lines`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogsSection {
    /// Lines kept per container.
    pub max_lines: usize,
    /// Bytes kept per container.
    pub max_bytes: u64,
}

impl Default for LogsSection {
    fn default() -> Self {
        LogsSection {
            max_lines: 100_000,
            max_bytes: 64 * 1024 * 1024,
        }
    }
}
