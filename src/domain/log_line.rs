//! One line of output, the unit every output-producing operation reports
//! (log follows, one-off containers, tool runs, test tiers, `server up`)
//! and the console's log buffers keep. It lives here rather than with any
//! one of them because all of them share it.

use std::sync::Arc;

/// Which stream a line came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogSource {
    Stdout,
    Stderr,
}

/// One line of a container's log, without its line ending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    pub source: LogSource,
    /// The engine's RFC 3339 timestamp, when it was asked for.
    pub timestamp: Option<String>,
    /// The text as received; ANSI styles are parsed only when drawn.
    pub text: String,
    /// The service the line came from, in a combined view (shared, so a
    /// million lines do not hold a million copies of the name).
    pub origin: Option<Arc<str>>,
}

impl LogLine {
    pub fn stdout(text: impl Into<String>) -> LogLine {
        LogLine {
            source: LogSource::Stdout,
            timestamp: None,
            text: text.into(),
            origin: None,
        }
    }

    /// Bytes this line holds, as counted against a buffer's byte cap.
    pub fn weight(&self) -> usize {
        self.text.len() + self.timestamp.as_ref().map_or(0, String::len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weight_counts_text_and_timestamp_but_not_origin() {
        let mut line = LogLine::stdout("hello");
        assert_eq!(line.weight(), 5);
        line.timestamp = Some("2024-01-01T00:00:00Z".into());
        line.origin = Some(Arc::from("api"));
        assert_eq!(line.weight(), 5 + 20);
    }
}
