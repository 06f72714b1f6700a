//! Splits a stream of byte chunks into log lines. Engine chunks may hold a
//! part of a line or several lines; a partial line waits for the next chunk
//! of its own output, so stdout and stderr never run into each other.

use std::sync::Arc;

/// Which stream a line came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogSource {
    Stdout,
    Stderr,
}

/// One line of a container's log, without its line ending. Made here, where
/// lines are split; the console's buffer (`app::LogBuffer`) keeps them.
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
}

/// Reassembles lines from chunks of one container's stdout and stderr.
#[derive(Debug, Default)]
pub struct LineSplitter {
    stdout: Partial,
    stderr: Partial,
}

/// The unterminated tail of one output.
#[derive(Debug, Default)]
struct Partial {
    bytes: Vec<u8>,
    /// The engine's timestamp of the chunk the partial line began in.
    timestamp: Option<String>,
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
        let partial = match source {
            LogSource::Stdout => &mut self.stdout,
            LogSource::Stderr => &mut self.stderr,
        };
        let mut rest = bytes;
        while let Some(pos) = rest.iter().position(|&b| b == b'\n') {
            let stamp = partial
                .timestamp
                .take()
                .or_else(|| timestamp.map(str::to_string));
            if partial.bytes.is_empty() {
                out.push(make_line(source, stamp, &rest[..pos]));
            } else {
                partial.bytes.extend_from_slice(&rest[..pos]);
                out.push(make_line(source, stamp, &partial.bytes));
                partial.bytes.clear();
            }
            rest = &rest[pos + 1..];
        }
        if !rest.is_empty() {
            if partial.bytes.is_empty() {
                partial.timestamp = timestamp.map(str::to_string);
            }
            partial.bytes.extend_from_slice(rest);
        }
    }

    /// An unterminated last line, when the stream ends: stdout's first,
    /// then stderr's; call until `None`.
    pub fn finish(&mut self) -> Option<LogLine> {
        for (source, partial) in [
            (LogSource::Stdout, &mut self.stdout),
            (LogSource::Stderr, &mut self.stderr),
        ] {
            if !partial.bytes.is_empty() {
                let line = make_line(source, partial.timestamp.take(), &partial.bytes);
                partial.bytes.clear();
                return Some(line);
            }
        }
        None
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

    #[test]
    fn stdout_and_stderr_keep_their_own_partial_lines() {
        let mut s = LineSplitter::default();
        let mut out = Vec::new();
        s.push(LogSource::Stdout, Some("T1"), b"progress ", &mut out);
        s.push(LogSource::Stderr, Some("T2"), b"warning\nhalf", &mut out);
        s.push(LogSource::Stdout, Some("T3"), b"done\ntail", &mut out);
        let got: Vec<_> = out
            .iter()
            .map(|l| (l.source, l.text.as_str(), l.timestamp.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (LogSource::Stderr, "warning", Some("T2")),
                (LogSource::Stdout, "progress done", Some("T1")),
            ]
        );
        let rest: Vec<_> = std::iter::from_fn(|| s.finish())
            .map(|l| (l.source, l.text, l.timestamp))
            .collect();
        assert_eq!(
            rest,
            vec![
                (
                    LogSource::Stdout,
                    "tail".to_string(),
                    Some("T3".to_string())
                ),
                (
                    LogSource::Stderr,
                    "half".to_string(),
                    Some("T2".to_string())
                ),
            ]
        );
    }
}
