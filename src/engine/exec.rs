//! Commands run inside a running container (`docker exec`): create, start
//! attached, resize the TTY, and read the exit code once output ends.
//!
//! The attached connection is the engine's hijacked stream: without a TTY
//! its frames keep stdout and stderr apart and carry bytes as they are, so
//! binary output arrives unchanged; with a TTY the engine sends one raw
//! stream. Shutting the input down closes the command's stdin (EOF).

use std::pin::Pin;
use std::time::Duration;

use bollard::container::LogOutput;
use bollard::exec::{CreateExecOptions, ResizeExecOptions, StartExecOptions, StartExecResults};
use bytes::Bytes;
use futures::{Stream, StreamExt};
use tokio::io::AsyncWrite;

use super::client::Engine;
use super::error::EngineError;
use super::logs::LogStream;

/// What to run and how to attach to it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExecRequest {
    /// The command and its arguments, run without a shell of its own.
    pub cmd: Vec<String>,
    /// Allocate a pseudo-terminal (interactive use).
    pub tty: bool,
    /// Attach the command's stdin.
    pub stdin: bool,
    /// Extra environment, `KEY=value`.
    pub env: Vec<String>,
}

/// A piece of the command's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecOutput {
    /// Stdout or stderr (a TTY's one stream counts as stdout).
    pub stream: LogStream,
    /// The bytes as the command wrote them.
    pub bytes: Bytes,
}

/// The command's output as it comes; ends when the command does.
pub type ExecOutputStream = Pin<Box<dyn Stream<Item = Result<ExecOutput, EngineError>> + Send>>;

/// The command's stdin; shut it down to send EOF.
pub type ExecInput = Pin<Box<dyn AsyncWrite + Send>>;

/// A started, attached exec.
pub struct ExecSession {
    /// The engine's exec id, for resize and exit code.
    pub id: String,
    pub output: ExecOutputStream,
    pub input: ExecInput,
}

impl std::fmt::Debug for ExecSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExecSession").field("id", &self.id).finish()
    }
}

impl Engine {
    /// Creates an exec of `req` in container `container` and starts it
    /// attached. A command that does not exist in the container still
    /// starts: it ends at once with exit code 126 or 127 and the runtime's
    /// message on the output, as with `docker exec`.
    pub async fn exec_start(
        &self,
        container: &str,
        req: &ExecRequest,
    ) -> Result<ExecSession, EngineError> {
        let op = format!("run `{}` in container {container}", req.cmd.join(" "));
        let options = CreateExecOptions {
            attach_stdin: Some(req.stdin),
            attach_stdout: Some(true),
            attach_stderr: Some(true),
            tty: Some(req.tty),
            cmd: Some(req.cmd.clone()),
            env: (!req.env.is_empty()).then(|| req.env.clone()),
            ..Default::default()
        };
        let created = self
            .api()
            .create_exec(container, options)
            .await
            .map_err(|e| self.err(&op, e))?;
        let start = StartExecOptions {
            detach: false,
            tty: req.tty,
            output_capacity: Some(64 * 1024),
        };
        let started = self
            .api()
            .start_exec(&created.id, Some(start))
            .await
            .map_err(|e| self.err(&op, e))?;
        let StartExecResults::Attached { output, input } = started else {
            return Err(EngineError::Api {
                op,
                message: "the engine started the command detached".into(),
            });
        };
        let engine = self.clone();
        let output = output.filter_map(move |item| {
            let out = match item {
                Ok(frame) => to_output(frame).map(Ok),
                Err(e) => Some(Err(engine.err(&op, e))),
            };
            std::future::ready(out)
        });
        Ok(ExecSession {
            id: created.id,
            output: Box::pin(output),
            input,
        })
    }

    /// Sets the exec's TTY size. Right after start the engine may not have
    /// the process yet, so a refusal is retried briefly (as the docker CLI does).
    pub async fn exec_resize(&self, id: &str, cols: u16, rows: u16) -> Result<(), EngineError> {
        let options = ResizeExecOptions {
            width: cols,
            height: rows,
        };
        let mut last = None;
        for _ in 0..5 {
            match self.api().resize_exec(id, options).await {
                Ok(()) => return Ok(()),
                Err(e) => last = Some(e),
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        match last {
            Some(e) => Err(self.err(&format!("resize the terminal of exec {id}"), e)),
            None => Ok(()),
        }
    }

    /// The exec's exit code once it has ended; `None` while it still runs
    /// after a short wait (its output may end a moment before the engine
    /// records the exit).
    pub async fn exec_exit_code(&self, id: &str) -> Result<Option<i64>, EngineError> {
        for _ in 0..50 {
            let inspected = self
                .api()
                .inspect_exec(id)
                .await
                .map_err(|e| self.err(&format!("inspect exec {id}"), e))?;
            if inspected.running != Some(true) {
                return Ok(inspected.exit_code);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Ok(None)
    }

    /// Runs `cmd` without stdin, drops its output and returns its exit code:
    /// for probes such as "is there a bash".
    pub async fn exec_status(&self, container: &str, cmd: &[&str]) -> Result<i64, EngineError> {
        let req = ExecRequest {
            cmd: cmd.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        let mut session = self.exec_start(container, &req).await?;
        while let Some(chunk) = session.output.next().await {
            chunk?;
        }
        Ok(self.exec_exit_code(&session.id).await?.unwrap_or(-1))
    }
}

/// One engine frame as runcli's output; stdin echoes are dropped.
fn to_output(frame: LogOutput) -> Option<ExecOutput> {
    let (stream, bytes) = match frame {
        LogOutput::StdOut { message } | LogOutput::Console { message } => {
            (LogStream::Stdout, message)
        }
        LogOutput::StdErr { message } => (LogStream::Stderr, message),
        LogOutput::StdIn { .. } => return None,
    };
    Some(ExecOutput { stream, bytes })
}
