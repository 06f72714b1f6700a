//! A command run on the host, in the project root: each argument list as a
//! process (no shell), its stdout and stderr read as lines while it runs.

use std::process::Stdio;

use tokio::io::AsyncReadExt;
use tokio::process::{ChildStderr, ChildStdout};
use tokio_util::sync::CancellationToken;

use crate::domain::{LogLine, LogSource};
use crate::ops::log_lines::LineSplitter;
use crate::project::Project;

use super::{CommandError, CommandEvent, CommandOutcome, Prepared};

/// What a host command reads on stdin.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HostStdin {
    /// runcli's own stdin: a headless run can answer the command's prompts.
    #[default]
    Inherit,
    /// Nothing (end of file at once): the console owns the terminal.
    Null,
}

/// Runs the argument lists in order and stops at the first non-zero exit.
pub(super) async fn run(
    project: &Project,
    prepared: &Prepared<'_>,
    stdin: HostStdin,
    events: &mut (dyn FnMut(CommandEvent) + Send),
    cancel: &CancellationToken,
) -> Result<CommandOutcome, CommandError> {
    let mut code = 0;
    for argv in &prepared.argvs {
        events(CommandEvent::Progress(format!(
            "$ {}",
            shell_words::join(argv)
        )));
        code = run_one(project, prepared, argv, stdin, events, cancel).await?;
        if code != 0 {
            break;
        }
    }
    Ok(CommandOutcome { code, url: None })
}

async fn run_one(
    project: &Project,
    prepared: &Prepared<'_>,
    argv: &[String],
    stdin: HostStdin,
    events: &mut (dyn FnMut(CommandEvent) + Send),
    cancel: &CancellationToken,
) -> Result<i64, CommandError> {
    let Some((program, args)) = argv.split_first() else {
        return Ok(0);
    };
    let mut child = tokio::process::Command::new(program)
        .args(args)
        .current_dir(&project.root)
        .envs(&prepared.command.env)
        .stdin(match stdin {
            HostStdin::Inherit => Stdio::inherit(),
            HostStdin::Null => Stdio::null(),
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // A cancelled run drops the child, which kills it.
        .kill_on_drop(true)
        .spawn()
        .map_err(|source| CommandError::Spawn {
            name: prepared.name.clone(),
            program: program.clone(),
            source,
        })?;
    let host_error = |source| CommandError::Host {
        name: prepared.name.clone(),
        program: program.clone(),
        source,
    };
    if let (Some(out), Some(err)) = (child.stdout.take(), child.stderr.take()) {
        tokio::select! {
            read = pump(out, err, events) => read.map_err(host_error)?,
            () = cancel.cancelled() => return Err(CommandError::Cancelled),
        }
    }
    let status = tokio::select! {
        status = child.wait() => status.map_err(host_error)?,
        () = cancel.cancelled() => return Err(CommandError::Cancelled),
    };
    Ok(exit_code(status))
}

/// Reads both pipes until both close, reporting whole lines as they come.
async fn pump(
    mut stdout: ChildStdout,
    mut stderr: ChildStderr,
    events: &mut (dyn FnMut(CommandEvent) + Send),
) -> std::io::Result<()> {
    let mut splitter = LineSplitter::default();
    let mut out_buf = vec![0u8; 8192];
    let mut err_buf = vec![0u8; 8192];
    let (mut out_open, mut err_open) = (true, true);
    while out_open || err_open {
        let mut lines: Vec<LogLine> = Vec::new();
        tokio::select! {
            n = stdout.read(&mut out_buf), if out_open => match n? {
                0 => out_open = false,
                n => splitter.push(LogSource::Stdout, None, &out_buf[..n], &mut lines),
            },
            n = stderr.read(&mut err_buf), if err_open => match n? {
                0 => err_open = false,
                n => splitter.push(LogSource::Stderr, None, &err_buf[..n], &mut lines),
            },
        }
        for line in lines {
            events(CommandEvent::Output(line));
        }
    }
    while let Some(line) = splitter.finish() {
        events(CommandEvent::Output(line));
    }
    Ok(())
}

/// The process's exit code, or 128 + the signal that ended it.
fn exit_code(status: std::process::ExitStatus) -> i64 {
    if let Some(code) = status.code() {
        return i64::from(code);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return 128 + i64::from(signal);
        }
    }
    1
}
