//! A container's log as one streaming request.
//!
//! Every logs request makes dockerd scan the container's whole log file, so
//! callers follow one stream per container and never re-poll (DESIGN.md,
//! performance budgets); `tail` limits what a fresh attach fetches.

use bollard::container::LogOutput;
use bollard::query_parameters::{LogsOptions, LogsOptionsBuilder};
use bytes::Bytes;
use futures::{Stream, StreamExt};

use super::client::Engine;
use super::error::EngineError;

/// Which output a chunk came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogStream {
    /// Standard output (and a TTY container's merged output).
    Stdout,
    /// Standard error.
    Stderr,
}

/// A piece of log output: may hold part of a line or several lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogChunk {
    /// Stdout or stderr.
    pub stream: LogStream,
    /// The raw bytes, without the timestamp.
    pub bytes: Bytes,
    /// The engine's RFC 3339 timestamp, when timestamps were asked for.
    pub timestamp: Option<String>,
}

/// What part of the log to fetch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LogOptions {
    /// Keep the stream open and deliver new output as it comes.
    pub follow: bool,
    /// Only the last N lines; the whole log when `None`.
    pub tail: Option<usize>,
    /// Only output since this unix time (seconds).
    pub since_unix: Option<i64>,
    /// Ask the engine to timestamp each line.
    pub timestamps: bool,
}

impl Engine {
    /// Streams container `id`'s log. One request; the stream ends when the log
    /// does (or, with `follow`, when the container stops). Dropping it closes
    /// the request.
    pub fn logs(
        &self,
        id: &str,
        opts: LogOptions,
    ) -> impl Stream<Item = Result<LogChunk, EngineError>> + Send + use<> {
        let frames = self.api().logs(id, Some(log_request(&opts)));
        log_chunks(
            self.clone(),
            format!("read the log of container {id}"),
            opts.timestamps,
            frames,
        )
    }
}

/// The engine's logs request for `opts`; a container's and a Swarm task's
/// take the same.
pub(super) fn log_request(opts: &LogOptions) -> LogsOptions {
    let tail = opts
        .tail
        .map_or_else(|| "all".to_string(), |n| n.to_string());
    let mut builder = LogsOptionsBuilder::new()
        .stdout(true)
        .stderr(true)
        .follow(opts.follow)
        .timestamps(opts.timestamps)
        .tail(&tail);
    if let Some(since) = opts.since_unix {
        builder = builder.since(i32::try_from(since).unwrap_or(i32::MAX));
    }
    builder.build()
}

/// The engine's log frames as chunks, an error naming `op`.
pub(super) fn log_chunks<S>(
    engine: Engine,
    op: String,
    timestamps: bool,
    frames: S,
) -> impl Stream<Item = Result<LogChunk, EngineError>> + Send + use<S>
where
    S: Stream<Item = Result<LogOutput, bollard::errors::Error>> + Send,
{
    frames.filter_map(move |item| {
        let out = match item {
            Ok(output) => to_chunk(output, timestamps).map(Ok),
            Err(e) => Some(Err(engine.err(&op, e))),
        };
        std::future::ready(out)
    })
}

/// Converts one engine frame; stdin echoes are dropped.
fn to_chunk(output: LogOutput, timestamps: bool) -> Option<LogChunk> {
    let (stream, message) = match output {
        LogOutput::StdOut { message } | LogOutput::Console { message } => {
            (LogStream::Stdout, message)
        }
        LogOutput::StdErr { message } => (LogStream::Stderr, message),
        LogOutput::StdIn { .. } => return None,
    };
    let (timestamp, bytes) = if timestamps {
        split_timestamp(message)
    } else {
        (None, message)
    };
    Some(LogChunk {
        stream,
        bytes,
        timestamp,
    })
}

/// Splits "2024-05-01T10:00:00.123456789Z rest" into the timestamp and the rest.
fn split_timestamp(message: Bytes) -> (Option<String>, Bytes) {
    let looks_like_time = message.len() > 20 && message[..4].iter().all(u8::is_ascii_digit);
    match message.iter().position(|b| *b == b' ') {
        Some(space) if looks_like_time && space <= 40 => {
            let stamp = String::from_utf8_lossy(&message[..space]).into_owned();
            (Some(stamp), message.slice(space + 1..))
        }
        _ => (None, message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamp_is_split_off() {
        let (ts, rest) = split_timestamp(Bytes::from_static(
            b"2024-05-01T10:00:00.123456789Z line 1\n",
        ));
        assert_eq!(ts.as_deref(), Some("2024-05-01T10:00:00.123456789Z"));
        assert_eq!(&rest[..], b"line 1\n");
        let (none, same) = split_timestamp(Bytes::from_static(b"plain\n"));
        assert_eq!(none, None);
        assert_eq!(&same[..], b"plain\n");
    }
}
