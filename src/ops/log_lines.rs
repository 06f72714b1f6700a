//! Splits a stream of byte chunks into log lines. Engine chunks may hold a
//! part of a line or several lines; a partial line waits for the next chunk.

use crate::app::{LogLine, LogSource};

/// Reassembles lines from chunks of one stream.
#[derive(Debug, Default)]
pub struct LineSplitter {
    partial: Vec<u8>,
    partial_source: Option<LogSource>,
}

impl LineSplitter {
    /// Feeds a chunk; complete lines are appended to `out`.
    pub fn push(&mut self, source: LogSource, bytes: &[u8], out: &mut Vec<LogLine>) {
        let mut rest = bytes;
        while let Some(pos) = rest.iter().position(|&b| b == b'\n') {
            self.partial.extend_from_slice(&rest[..pos]);
            let source = self.partial_source.take().unwrap_or(source);
            out.push(make_line(source, &self.partial));
            self.partial.clear();
            rest = &rest[pos + 1..];
        }
        if !rest.is_empty() {
            self.partial.extend_from_slice(rest);
            self.partial_source.get_or_insert(source);
        }
    }

    /// The unterminated last line, when the stream ends.
    pub fn finish(&mut self) -> Option<LogLine> {
        if self.partial.is_empty() {
            return None;
        }
        let source = self.partial_source.take().unwrap_or(LogSource::Stdout);
        let line = make_line(source, &self.partial);
        self.partial.clear();
        Some(line)
    }
}

/// A line from raw bytes: invalid UTF-8 is replaced, a trailing `\r` (CRLF)
/// is dropped, and a leading RFC 3339 timestamp is kept apart when present.
fn make_line(source: LogSource, bytes: &[u8]) -> LogLine {
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    let text = String::from_utf8_lossy(bytes).into_owned();
    LogLine {
        source,
        timestamp: None,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[LogLine]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn joins_lines_split_across_chunks() {
        let mut s = LineSplitter::default();
        let mut out = Vec::new();
        s.push(LogSource::Stdout, b"one\ntw", &mut out);
        s.push(LogSource::Stdout, b"o\nthree\nfo", &mut out);
        assert_eq!(texts(&out), vec!["one", "two", "three"]);
        assert_eq!(s.finish().map(|l| l.text), Some("fo".to_string()));
        assert_eq!(s.finish(), None);
    }

    #[test]
    fn invalid_utf8_and_crlf() {
        let mut s = LineSplitter::default();
        let mut out = Vec::new();
        s.push(LogSource::Stderr, b"bad \xff byte\r\nnul\0ok\n", &mut out);
        assert_eq!(texts(&out), vec!["bad \u{fffd} byte", "nul\0ok"]);
        assert_eq!(out[0].source, LogSource::Stderr);
    }
}
