//! A Swarm task's log, read through the manager wherever the task runs, so
//! a service's output on every node is one request per task away.

use bollard::container::LogOutput;
use bollard::query_parameters::LogsOptionsBuilder;
use futures::{Stream, StreamExt};

use super::client::Engine;
use super::error::EngineError;
use super::logs::LogStream;

/// One line of a task's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskLogLine {
    pub stream: LogStream,
    /// The line without its newline.
    pub text: String,
}

impl Engine {
    /// Streams task `id`'s log: the last `tail` lines, then, with `follow`,
    /// new ones until the task stops.
    pub fn task_logs(
        &self,
        id: &str,
        follow: bool,
        tail: Option<usize>,
    ) -> impl Stream<Item = Result<TaskLogLine, EngineError>> + Send + use<> {
        let tail = tail.map_or_else(|| "all".to_string(), |n| n.to_string());
        let options = LogsOptionsBuilder::new()
            .stdout(true)
            .stderr(true)
            .follow(follow)
            .tail(&tail)
            .build();
        let engine = self.clone();
        let op = format!("read the log of task {id}");
        self.api()
            .task_logs(id, Some(options))
            .flat_map(move |item| {
                let lines: Vec<Result<TaskLogLine, EngineError>> = match item {
                    Ok(output) => lines(output).into_iter().map(Ok).collect(),
                    Err(e) => vec![Err(engine.err(&op, e))],
                };
                futures::stream::iter(lines)
            })
    }
}

fn lines(output: LogOutput) -> Vec<TaskLogLine> {
    let (stream, message) = match output {
        LogOutput::StdOut { message } | LogOutput::Console { message } => {
            (LogStream::Stdout, message)
        }
        LogOutput::StdErr { message } => (LogStream::Stderr, message),
        LogOutput::StdIn { .. } => return Vec::new(),
    };
    String::from_utf8_lossy(&message)
        .lines()
        .map(|text| TaskLogLine {
            stream,
            text: text.to_string(),
        })
        .collect()
}
