//! Writes log lines for `runcli logs`: as `service | line` to stdout or
//! stderr (the stream the container wrote to), or as one JSON object per
//! line on stdout under `--json`.
//!
//! Both outputs are buffered and flushed once per batch of lines; when the
//! line that comes next goes to the other output, the first is flushed, so
//! a terminal that shows both sees them in order.

use std::io::{self, BufWriter, ErrorKind, Stderr, StdoutLock, Write};

use serde::Serialize;

use crate::domain::{LogLine, LogSource};

/// Which output of the container a line came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stream {
    Stdout,
    Stderr,
}

impl Stream {
    pub fn of(source: LogSource) -> Stream {
        match source {
            LogSource::Stdout => Stream::Stdout,
            LogSource::Stderr => Stream::Stderr,
        }
    }
}

/// One line under `--json`. The field names are a stable interface
/// (README, "JSON output"); tests pin them.
#[derive(Debug, Serialize)]
pub struct LineRecord<'a> {
    /// The engine's RFC 3339 timestamp.
    pub time: Option<&'a str>,
    pub service: &'a str,
    pub container: &'a str,
    pub stream: Stream,
    pub line: &'a str,
    /// A Swarm task's slot (`runcli logs --env`); absent for containers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slot: Option<u64>,
    /// The Swarm node the task runs on; absent for containers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<&'a str>,
}

/// Where a line came from, for its JSON record.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub service: &'a str,
    /// The container's name, or a Swarm task's label.
    pub container: &'a str,
    pub slot: Option<u64>,
    pub node: Option<&'a str>,
}

/// Size of each output buffer: a flush per 64 KiB at most.
const BUFFER: usize = 64 * 1024;

pub struct Printer {
    /// Stdout stays locked: nothing else writes to it while logs print.
    /// Stderr is not locked, since the log subscriber writes there too.
    out: BufWriter<StdoutLock<'static>>,
    err: BufWriter<Stderr>,
    json: bool,
    timestamps: bool,
    /// The output written last and not yet flushed.
    pending: Option<Stream>,
    /// Stdout's reader went away (`| head`).
    closed: bool,
}

impl Printer {
    pub fn new(json: bool, timestamps: bool) -> Printer {
        Printer {
            out: BufWriter::with_capacity(BUFFER, io::stdout().lock()),
            err: BufWriter::with_capacity(BUFFER, io::stderr()),
            json,
            timestamps,
            pending: None,
            closed: false,
        }
    }

    /// True once stdout's reader has gone away; nothing more is written.
    pub fn closed(&self) -> bool {
        self.closed
    }

    /// Writes one line; `prefix` is the padded `service | ` of human output.
    pub fn line(
        &mut self,
        stream: Stream,
        prefix: &str,
        service: &str,
        container: &str,
        line: &LogLine,
    ) -> io::Result<()> {
        let source = Source {
            service,
            container,
            slot: None,
            node: None,
        };
        self.line_from(stream, prefix, source, line)
    }

    /// As [`Printer::line`], with a Swarm task's slot and node.
    pub fn line_from(
        &mut self,
        stream: Stream,
        prefix: &str,
        source: Source<'_>,
        line: &LogLine,
    ) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let target = if self.json { Stream::Stdout } else { stream };
        if self.pending.is_some_and(|p| p != target) {
            self.flush()?;
        }
        self.pending = Some(target);
        let result = if self.json {
            let record = LineRecord {
                time: line.timestamp.as_deref(),
                service: source.service,
                container: source.container,
                stream,
                line: &line.text,
                slot: source.slot,
                node: source.node,
            };
            serde_json::to_writer(&mut self.out, &record)
                .map_err(io::Error::from)
                .and_then(|()| self.out.write_all(b"\n"))
        } else {
            let w: &mut dyn Write = match target {
                Stream::Stdout => &mut self.out,
                Stream::Stderr => &mut self.err,
            };
            human(w, prefix, self.timestamps, line)
        };
        self.settle(result)
    }

    /// Flushes what was written; call once per batch.
    pub fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        self.pending = None;
        let result = self.out.flush().and_then(|()| self.err.flush());
        self.settle(result)
    }

    /// A closed pipe ends the output quietly, as `docker logs | head` does.
    fn settle(&mut self, result: io::Result<()>) -> io::Result<()> {
        match result {
            Err(e) if e.kind() == ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}

fn human(w: &mut dyn Write, prefix: &str, timestamps: bool, line: &LogLine) -> io::Result<()> {
    w.write_all(prefix.as_bytes())?;
    if let (true, Some(ts)) = (timestamps, &line.timestamp) {
        w.write_all(ts.as_bytes())?;
        w.write_all(b" ")?;
    }
    w.write_all(line.text.as_bytes())?;
    w.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record<'a>(slot: Option<u64>, node: Option<&'a str>) -> LineRecord<'a> {
        LineRecord {
            time: None,
            service: "api",
            container: "api.2@node-b",
            stream: Stream::Stdout,
            line: "hello",
            slot,
            node,
        }
    }

    #[test]
    fn task_fields_appear_only_for_swarm_tasks() -> serde_json::Result<()> {
        let local = serde_json::to_value(record(None, None))?;
        assert!(local.get("slot").is_none() && local.get("node").is_none());
        let task = serde_json::to_value(record(Some(2), Some("node-b")))?;
        assert_eq!(task["slot"], 2);
        assert_eq!(task["node"], "node-b");
        Ok(())
    }
}
