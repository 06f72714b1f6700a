//! A bounded buffer of log lines.
//!
//! Capped by line count and by bytes; when a cap is passed the oldest lines
//! are dropped in one chunk (a tenth of the cap), so trimming costs O(1)
//! amortised per line instead of a shift on every push.

use std::collections::VecDeque;

pub use crate::ops::log_lines::{LogLine, LogSource};

impl LogLine {
    /// Bytes this line holds, as counted against the byte cap.
    fn weight(&self) -> usize {
        self.text.len() + self.timestamp.as_ref().map_or(0, String::len)
    }
}

/// Lines of one panel with line and byte caps.
#[derive(Debug, Clone)]
pub struct LogBuffer {
    lines: VecDeque<LogLine>,
    bytes: usize,
    max_lines: usize,
    max_bytes: usize,
    /// Lines dropped since the buffer was created, so views can keep a
    /// stable position while the front is trimmed.
    dropped: u64,
}

impl LogBuffer {
    /// A buffer holding at most `max_lines` lines and about `max_bytes` bytes.
    pub fn new(max_lines: usize, max_bytes: usize) -> LogBuffer {
        LogBuffer {
            lines: VecDeque::new(),
            bytes: 0,
            max_lines: max_lines.max(1),
            max_bytes: max_bytes.max(1),
            dropped: 0,
        }
    }

    pub fn push(&mut self, line: LogLine) {
        self.bytes += line.weight();
        self.lines.push_back(line);
        if self.lines.len() > self.max_lines || self.bytes > self.max_bytes {
            self.trim();
        }
    }

    pub fn extend(&mut self, lines: impl IntoIterator<Item = LogLine>) {
        for line in lines {
            self.push(line);
        }
    }

    /// Drops the oldest lines until both caps hold with a tenth to spare.
    fn trim(&mut self) {
        let line_goal = self.max_lines - self.max_lines / 10;
        let byte_goal = self.max_bytes - self.max_bytes / 10;
        while self.lines.len() > 1 && (self.lines.len() > line_goal || self.bytes > byte_goal) {
            if let Some(old) = self.lines.pop_front() {
                self.bytes -= old.weight();
                self.dropped += 1;
            }
        }
    }

    /// The line cap, which is also how much history to ask for on attach.
    pub fn max_lines(&self) -> usize {
        self.max_lines
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn bytes(&self) -> usize {
        self.bytes
    }

    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    pub fn get(&self, index: usize) -> Option<&LogLine> {
        self.lines.get(index)
    }

    pub fn last(&self) -> Option<&LogLine> {
        self.lines.back()
    }

    /// Lines `start..end` (clamped), for drawing only what is visible.
    pub fn range(&self, start: usize, end: usize) -> impl Iterator<Item = &LogLine> {
        let end = end.min(self.lines.len());
        let start = start.min(end);
        self.lines.range(start..end)
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &LogLine> {
        self.lines.iter()
    }

    pub fn clear(&mut self) {
        self.dropped += self.lines.len() as u64;
        self.lines.clear();
        self.bytes = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_lines_in_order_below_the_caps() {
        let mut buf = LogBuffer::new(100, 1 << 20);
        buf.extend((0..50).map(|i| LogLine::stdout(format!("line {i}"))));
        assert_eq!(buf.len(), 50);
        assert_eq!(buf.get(0).map(|l| l.text.as_str()), Some("line 0"));
        assert_eq!(buf.last().map(|l| l.text.as_str()), Some("line 49"));
    }

    #[test]
    fn line_cap_trims_oldest_in_a_chunk() {
        let mut buf = LogBuffer::new(100, 1 << 20);
        buf.extend((0..101).map(|i| LogLine::stdout(format!("{i}"))));
        assert_eq!(buf.len(), 90);
        assert_eq!(buf.dropped(), 11);
        assert_eq!(buf.get(0).map(|l| l.text.as_str()), Some("11"));
        assert_eq!(buf.last().map(|l| l.text.as_str()), Some("100"));
    }

    #[test]
    fn byte_cap_holds_whatever_the_volume() {
        let mut buf = LogBuffer::new(1_000_000, 10_000);
        for i in 0..100_000 {
            buf.push(LogLine::stdout(format!("{i:>20}")));
            assert!(buf.bytes() <= 10_000 + 20);
        }
        assert_eq!(buf.last().map(|l| l.text.trim()), Some("99999"));
    }

    #[test]
    fn a_single_huge_line_is_kept_alone() {
        let mut buf = LogBuffer::new(10, 100);
        buf.push(LogLine::stdout("x".repeat(1000)));
        assert_eq!(buf.len(), 1);
        buf.push(LogLine::stdout("y"));
        assert_eq!(buf.len(), 1);
        assert_eq!(buf.last().map(|l| l.text.as_str()), Some("y"));
    }

    #[test]
    fn range_is_clamped() {
        let mut buf = LogBuffer::new(10, 1000);
        buf.extend((0..5).map(|i| LogLine::stdout(format!("{i}"))));
        let got: Vec<_> = buf.range(3, 99).map(|l| l.text.clone()).collect();
        assert_eq!(got, vec!["3", "4"]);
        assert_eq!(buf.range(9, 2).count(), 0);
    }
}
