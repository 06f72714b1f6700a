//! Splits a stream of byte chunks into log lines. Engine chunks may hold a
//! part of a line or several lines; a partial line waits for the next chunk.

use crate::domain::{LogLine, LogSource};

/// Reassembles lines from chunks of one stream.
#[derive(Debug, Default)]
pub struct LineSplitter {
    partial: Vec<u8>,
    partial_source: Option<LogSource>,
    /// The engine's timestamp of the chunk the partial line began in.
    partial_timestamp: Option<String>,
}

impl LineSplitter {
    /// Feeds a chunk; complete lines are appended to `out`. A line carries
    /// the timestamp of the chunk it began in.
    pub fn push(
        &mut self,
        source: LogSource,
        timestamp: Option<&str>,
        bytes: &[u8],
        out: &mut Vec<LogLine>,
    ) {
        let mut rest = bytes;
        while let Some(pos) = rest.iter().position(|&b| b == b'\n') {
            self.partial.extend_from_slice(&rest[..pos]);
            let source = self.partial_source.take().unwrap_or(source);
            let stamp = self
                .partial_timestamp
                .take()
                .or_else(|| timestamp.map(str::to_string));
            out.push(make_line(source, stamp, &self.partial));
            self.partial.clear();
            rest = &rest[pos + 1..];
        }
        if !rest.is_empty() {
            self.partial.extend_from_slice(rest);
            self.partial_source.get_or_insert(source);
            if self.partial_timestamp.is_none() {
                self.partial_timestamp = timestamp.map(str::to_string);
            }
        }
    }

    /// The unterminated last line, when the stream ends.
    pub fn finish(&mut self) -> Option<LogLine> {
        if self.partial.is_empty() {
            return None;
        }
        let source = self.partial_source.take().unwrap_or(LogSource::Stdout);
        let stamp = self.partial_timestamp.take();
        let line = make_line(source, stamp, &self.partial);
        self.partial.clear();
        Some(line)
    }
}

/// A line from raw bytes: invalid UTF-8 is replaced and a trailing `\r`
/// (CRLF) is dropped.
fn make_line(source: LogSource, timestamp: Option<String>, bytes: &[u8]) -> LogLine {
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    let text = String::from_utf8_lossy(bytes).into_owned();
    LogLine {
        source,
        timestamp,
        text,
        origin: None,
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
        s.push(LogSource::Stdout, None, b"one\ntw", &mut out);
        s.push(LogSource::Stdout, None, b"o\nthree\nfo", &mut out);
        assert_eq!(texts(&out), vec!["one", "two", "three"]);
        assert_eq!(s.finish().map(|l| l.text), Some("fo".to_string()));
        assert_eq!(s.finish(), None);
    }

    #[test]
    fn lines_keep_the_timestamp_of_the_chunk_they_began_in() {
        let mut s = LineSplitter::default();
        let mut out = Vec::new();
        s.push(LogSource::Stdout, Some("T1"), b"a\nb", &mut out);
        s.push(LogSource::Stdout, Some("T2"), b"c\nd\n", &mut out);
        let stamps: Vec<_> = out.iter().map(|l| l.timestamp.as_deref()).collect();
        assert_eq!(texts(&out), vec!["a", "bc", "d"]);
        assert_eq!(stamps, vec![Some("T1"), Some("T1"), Some("T2")]);
    }

    #[test]
    fn invalid_utf8_and_crlf() {
        let mut s = LineSplitter::default();
        let mut out = Vec::new();
        s.push(
            LogSource::Stderr,
            None,
            b"bad \xff byte\r\nnul\0ok\n",
            &mut out,
        );
        assert_eq!(texts(&out), vec!["bad \u{fffd} byte", "nul\0ok"]);
        assert_eq!(out[0].source, LogSource::Stderr);
    }
}
