//! Follows one container's log and reports batches of lines: the console's
//! panels through [`follow`], the headless `runcli logs` through [`read`].
//!
//! One task per stream: the caller keeps the task's handle and aborts it to
//! close the panel. Chunks that arrive within a few milliseconds are sent as
//! one batch, so a burst of lines costs a few messages, not one per line
//! (BENCHMARKS.md, live ingest).

use chrono::{DateTime, FixedOffset};
use futures::{Stream, StreamExt};
use tokio::sync::mpsc;

use super::log_lines::LineSplitter;
use crate::domain::{LogLine, LogSource};
use crate::engine::{Engine, EngineError, LogChunk, LogOptions, LogStream};

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
    /// The lines after the first `seen` lines stamped `timestamp` (RFC 3339),
    /// then new ones. Docker stamps each line to the nanosecond, so `seen`
    /// is mostly 1; Podman stamps whole seconds, so many lines share one.
    After { timestamp: String, seen: usize },
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
/// drops those before the timestamp and the `seen` ones stamped with it.
pub async fn follow_from<M, F>(
    engine: Engine,
    container_id: String,
    start: LogStart,
    tx: mpsc::Sender<M>,
    wrap: F,
) where
    F: Fn(LogEvent) -> M,
{
    let (tail, resume) = match start {
        LogStart::Tail(n) => (Some(n), None),
        LogStart::After { timestamp, seen } => (None, Resume::new(&timestamp, seen)),
    };
    let opts = LogOptions {
        follow: true,
        tail,
        since_unix: resume.as_ref().map(|r| r.after.timestamp()),
        timestamps: true,
    };
    let chunks = engine.logs(&container_id, opts);
    let reason = match pump(chunks, resume, &tx, &wrap).await {
        Ending::Dropped => return,
        Ending::Done => "stream ended".to_string(),
        Ending::Failed(e) => e.to_string(),
    };
    let _ = tx.send(wrap(LogEvent::Ended(reason))).await;
}

/// Reads `container_id`'s log as `opts` asks (the whole log or its tail,
/// `since`, followed or not) through the same batching as the console, and
/// sends the lines as [`LogEvent::Lines`]. Returns the engine error that
/// broke the stream, if one did; a dropped receiver ends it quietly.
pub async fn read<M, F>(
    engine: &Engine,
    container_id: &str,
    opts: LogOptions,
    tx: mpsc::Sender<M>,
    wrap: F,
) -> Result<(), EngineError>
where
    F: Fn(LogEvent) -> M,
{
    match pump(engine.logs(container_id, opts), None, &tx, &wrap).await {
        Ending::Failed(e) => Err(e),
        Ending::Done | Ending::Dropped => Ok(()),
    }
}

/// As [`read`], for a stream of chunks the caller opened (a Swarm task's
/// log): the same splitting and batching.
pub async fn read_chunks<S, M, F>(
    chunks: S,
    tx: mpsc::Sender<M>,
    wrap: F,
) -> Result<(), EngineError>
where
    S: Stream<Item = Result<LogChunk, EngineError>>,
    F: Fn(LogEvent) -> M,
{
    match pump(chunks, None, &tx, &wrap).await {
        Ending::Failed(e) => Err(e),
        Ending::Done | Ending::Dropped => Ok(()),
    }
}

/// How a stream of chunks ended.
enum Ending {
    /// The log (or, when following, the container) ended.
    Done,
    /// The engine reported an error; the lines before it were sent.
    Failed(EngineError),
    /// The receiver went away.
    Dropped,
}

/// Splits `chunks` into lines and sends them in batches until the stream
/// ends; an unterminated last line is sent too.
async fn pump<S, M, F>(
    chunks: S,
    mut resume: Option<Resume>,
    tx: &mpsc::Sender<M>,
    wrap: &F,
) -> Ending
where
    S: Stream<Item = Result<LogChunk, EngineError>>,
    F: Fn(LogEvent) -> M,
{
    let mut chunks = std::pin::pin!(chunks);
    let mut splitter = LineSplitter::default();
    let mut failure = None;
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
                Err(e) => failure = Some(e),
            }
        }
        if let Some(resume) = resume.as_mut() {
            lines.retain(|l| resume.is_new(l));
        }
        if !lines.is_empty() && tx.send(wrap(LogEvent::Lines(lines))).await.is_err() {
            return Ending::Dropped;
        }
    }
    let last: Vec<LogLine> = std::iter::from_fn(|| splitter.finish()).collect();
    if !last.is_empty() && tx.send(wrap(LogEvent::Lines(last))).await.is_err() {
        return Ending::Dropped;
    }
    match failure {
        Some(e) => Ending::Failed(e),
        None => Ending::Done,
    }
}

/// Which lines of a resumed stream were not shown before.
struct Resume {
    after: DateTime<FixedOffset>,
    /// Lines stamped `after` still to drop.
    skip: usize,
}

impl Resume {
    fn new(timestamp: &str, seen: usize) -> Option<Resume> {
        Some(Resume {
            after: parse_timestamp(timestamp)?,
            skip: seen,
        })
    }

    fn is_new(&mut self, line: &LogLine) -> bool {
        match line.timestamp.as_deref().and_then(parse_timestamp) {
            Some(t) if t > self.after => true,
            Some(t) if t == self.after && self.skip == 0 => true,
            Some(t) if t == self.after => {
                self.skip -= 1;
                false
            }
            _ => false,
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn stamped(ts: &str, text: &str) -> LogLine {
        let mut line = LogLine::stdout(text);
        line.timestamp = Some(ts.to_string());
        line
    }

    fn kept(resume: &mut Resume, lines: &[LogLine]) -> Vec<String> {
        lines
            .iter()
            .filter(|l| resume.is_new(l))
            .map(|l| l.text.clone())
            .collect()
    }

    #[test]
    fn nanosecond_stamps_resume_after_the_last_line_shown() {
        let lines = [
            stamped("2026-11-29T10:00:00.100Z", "a"),
            stamped("2026-11-29T10:00:00.200Z", "b"),
            stamped("2026-11-29T10:00:00.300Z", "c"),
        ];
        let mut resume = Resume::new("2026-11-29T10:00:00.200Z", 1).expect("timestamp");
        assert_eq!(kept(&mut resume, &lines), ["c"]);
    }

    #[test]
    fn whole_second_stamps_skip_only_the_lines_already_shown() {
        let lines = [
            stamped("2026-11-29T10:00:00Z", "a"),
            stamped("2026-11-29T10:00:01Z", "b"),
            stamped("2026-11-29T10:00:01Z", "c"),
            stamped("2026-11-29T10:00:01Z", "d"),
            stamped("2026-11-29T10:00:02Z", "e"),
        ];
        let mut resume = Resume::new("2026-11-29T10:00:01Z", 2).expect("timestamp");
        assert_eq!(kept(&mut resume, &lines), ["d", "e"]);
    }
}
