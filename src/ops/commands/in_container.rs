//! A command run in a service's running container (`exec = "api"`),
//! through the engine's exec: the container `runcli exec` would pick, no
//! TTY and no stdin, so the output arrives as stdout and stderr lines the
//! same way a one-off's does.

use futures::StreamExt;
use tokio_util::sync::CancellationToken;

use crate::domain::{LogLine, LogSource};
use crate::engine::{Engine, ExecRequest, LogStream};
use crate::ops::exec::{ExecError, find_container};
use crate::ops::log_lines::LineSplitter;
use crate::project::Project;

use super::{CommandError, CommandEvent, CommandOutcome, Prepared};

/// Runs the argument lists in order in `service`'s running container and
/// stops at the first non-zero exit. Cancelling stops reading; like `docker
/// exec`, the engine leaves a process it started running.
pub(super) async fn run(
    engine: &Engine,
    project: &Project,
    prepared: &Prepared<'_>,
    service: &str,
    events: &mut (dyn FnMut(CommandEvent) + Send),
    cancel: &CancellationToken,
) -> Result<CommandOutcome, CommandError> {
    let container = find_container(engine, project, service).await?;
    let env: Vec<String> = prepared
        .command
        .env
        .iter()
        .map(|(key, value)| format!("{key}={value}"))
        .collect();
    let mut code = 0;
    for argv in &prepared.argvs {
        events(CommandEvent::Progress(format!(
            "$ {} (in the running {service} container)",
            shell_words::join(argv)
        )));
        let request = ExecRequest {
            cmd: argv.clone(),
            tty: false,
            stdin: false,
            env: env.clone(),
        };
        let session = engine
            .exec_start(&container, &request)
            .await
            .map_err(ExecError::from)?;
        let mut output = session.output;
        let mut splitter = LineSplitter::default();
        loop {
            let chunk = tokio::select! {
                chunk = output.next() => chunk,
                () = cancel.cancelled() => return Err(CommandError::Cancelled),
            };
            let Some(chunk) = chunk else { break };
            let chunk = chunk.map_err(ExecError::from)?;
            let source = match chunk.stream {
                LogStream::Stdout => LogSource::Stdout,
                LogStream::Stderr => LogSource::Stderr,
            };
            let mut lines: Vec<LogLine> = Vec::new();
            splitter.push(source, None, &chunk.bytes, &mut lines);
            for line in lines {
                events(CommandEvent::Output(line));
            }
        }
        while let Some(line) = splitter.finish() {
            events(CommandEvent::Output(line));
        }
        let exit = engine
            .exec_exit_code(&session.id)
            .await
            .map_err(ExecError::from)?;
        code = exit.ok_or(ExecError::NoExitCode)?;
        if code != 0 {
            break;
        }
    }
    Ok(CommandOutcome { code, url: None })
}
