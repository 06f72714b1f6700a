//! Follows one container's log and reports batches of lines.
//!
//! One task per stream: the caller keeps the task's handle and aborts it to
//! close the panel. Chunks that arrive within a few milliseconds are sent as
//! one batch, so a burst of lines costs a few messages, not one per line
//! (BENCHMARKS.md, live ingest).

use chrono::{DateTime, FixedOffset};
use futures::StreamExt;
use tokio::sync::mpsc;

use super::log_lines::LineSplitter;
use crate::app::{LogLine, LogSource};
use crate::engine::{Engine, LogOptions, LogStream};

/// What a log stream reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogEvent {
    Lines(Vec<LogLine>),
    /// The stream ended: the container stopped, or the engine went away.
    Ended(String),
}

/// Most chunks gathered into one batch.
const BATCH_CHUNKS: usize = 4096;
/// How long a batch waits for more chunks after its first (half a frame).
const BATCH_WINDOW: std::time::Duration = std::time::Duration::from_millis(8);

/// Where a stream starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogStart {
    /// The last N lines, then new ones.
    Tail(usize),
    /// The lines after this engine timestamp (RFC 3339), then new ones.
    After(String),
}

/// Streams `container_id`'s log from its last `tail` lines on, until the
/// stream ends or the receiver is dropped. `wrap` turns each event into the
/// caller's message type.
pub async fn follow<M, F>(
    engine: Engine,
    container_id: String,
    tail: usize,
    tx: mpsc::Sender<M>,
    wrap: F,
) where
    F: Fn(LogEvent) -> M,
{
    follow_from(engine, container_id, LogStart::Tail(tail), tx, wrap).await;
}

/// As [`follow`], from `start`. Resuming asks the engine for the lines of
/// the last timestamp's whole second (its `since` has second precision) and
/// drops those at or before the timestamp itself.
pub async fn follow_from<M, F>(
    engine: Engine,
    container_id: String,
    start: LogStart,
    tx: mpsc::Sender<M>,
    wrap: F,
) where
    F: Fn(LogEvent) -> M,
{
    let after = match &start {
        LogStart::After(ts) => parse_timestamp(ts),
        LogStart::Tail(_) => None,
    };
    let opts = LogOptions {
        follow: true,
        tail: match start {
            LogStart::Tail(n) => Some(n),
            LogStart::After(_) => None,
        },
        since_unix: after.map(|t| t.timestamp()),
        timestamps: true,
    };
    let mut chunks = Box::pin(engine.logs(&container_id, opts));
    let mut splitter = LineSplitter::default();
    let mut reason = "stream ended".to_string();
    let mut open = true;
    while open {
        let Some(first) = chunks.next().await else {
            break;
        };
        let mut batch = vec![first];
        // The engine sends about one chunk per line and the stream turns
        // pending after each; waiting half a frame for more makes a burst
        // cost a few hundred messages instead of one per line.
        let window = tokio::time::sleep(BATCH_WINDOW);
        tokio::pin!(window);
        while batch.len() < BATCH_CHUNKS {
            tokio::select! {
                biased;
                item = chunks.next() => match item {
                    Some(item) => batch.push(item),
                    None => {
                        open = false;
                        break;
                    }
                },
                () = &mut window => break,
            }
        }
        let mut lines = Vec::new();
        for item in batch {
            match item {
                Ok(chunk) => splitter.push(
                    source(&chunk.stream),
                    chunk.timestamp.as_deref(),
                    &chunk.bytes,
                    &mut lines,
                ),
                Err(e) => reason = e.to_string(),
            }
        }
        if let Some(after) = after {
            lines.retain(|l| l.timestamp.as_deref().and_then(parse_timestamp) > Some(after));
        }
        if !lines.is_empty() && tx.send(wrap(LogEvent::Lines(lines))).await.is_err() {
            return;
        }
    }
    if let Some(last) = splitter.finish() {
        let _ = tx.send(wrap(LogEvent::Lines(vec![last]))).await;
    }
    let _ = tx.send(wrap(LogEvent::Ended(reason))).await;
}

fn parse_timestamp(text: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(text).ok()
}

fn source(stream: &LogStream) -> LogSource {
    match stream {
        LogStream::Stdout => LogSource::Stdout,
        LogStream::Stderr => LogSource::Stderr,
    }
}
