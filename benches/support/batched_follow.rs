//! A variant of `runcli::ops::log_follow::follow` that batches by time as
//! well as by readiness, kept here to measure the change BENCHMARKS.md
//! proposes: the engine's stream turns pending after almost every chunk (one
//! log line each), so `ready_chunks` alone sends about one message per line.
//! Waiting up to half a frame for more chunks sends a few hundred lines per
//! message instead, which the eye cannot tell apart.

use std::time::Duration;

use futures::StreamExt;
use runcli::app::{LogLine, LogSource};
use runcli::engine::{Engine, LogOptions, LogStream};
use runcli::ops::log_follow::LogEvent;
use runcli::ops::log_lines::LineSplitter;
use tokio::sync::mpsc;

/// How long a batch may wait for more chunks after its first.
pub const WINDOW: Duration = Duration::from_millis(8);
/// Most chunks in one batch.
const MAX_CHUNKS: usize = 4096;

/// Same contract as `log_follow::follow`.
pub async fn follow<M, F>(
    engine: Engine,
    container_id: String,
    tail: usize,
    tx: mpsc::Sender<M>,
    wrap: F,
) where
    F: Fn(LogEvent) -> M,
{
    let opts = LogOptions {
        follow: true,
        tail: Some(tail),
        since_unix: None,
        timestamps: false,
    };
    let mut chunks = Box::pin(engine.logs(&container_id, opts));
    let mut splitter = LineSplitter::default();
    let mut reason = "stream ended".to_string();
    let mut open = true;
    while open {
        let Some(first) = chunks.next().await else {
            break;
        };
        let mut lines: Vec<LogLine> = Vec::new();
        let mut take =
            |item: Result<runcli::engine::LogChunk, _>, lines: &mut Vec<LogLine>| match item {
                Ok(chunk) => splitter.push(
                    source(&chunk.stream),
                    chunk.timestamp.as_deref(),
                    &chunk.bytes,
                    lines,
                ),
                Err(e) => reason = format!("{e}"),
            };
        take(first, &mut lines);
        let deadline = tokio::time::sleep(WINDOW);
        tokio::pin!(deadline);
        let mut n = 1;
        while n < MAX_CHUNKS {
            tokio::select! {
                biased;
                item = chunks.next() => match item {
                    Some(item) => {
                        take(item, &mut lines);
                        n += 1;
                    }
                    None => {
                        open = false;
                        break;
                    }
                },
                _ = &mut deadline => break,
            }
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

fn source(stream: &LogStream) -> LogSource {
    match stream {
        LogStream::Stdout => LogSource::Stdout,
        LogStream::Stderr => LogSource::Stderr,
    }
}
