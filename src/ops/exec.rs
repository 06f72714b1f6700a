//! `exec`: a command, or a shell, in a service's running container, with
//! local stdin, stdout and stderr wired to it. Both faces use it: the
//! headless `runcli exec` and the console's `E`.
//!
//! Which container: the service's running replica with the lowest number,
//! else a running one-off of it (a profile's serving container). Which
//! shell: `[services.NAME] shell` from runcli.toml, else bash when the
//! container has it, else sh.

use std::io::IsTerminal;

use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::engine::{
    ContainerInfo, Engine, EngineError, ExecInput, ExecOutput, ExecRequest, ExecSession, LogStream,
};
use crate::project::{Project, ProjectError, ServiceSelection};

use super::exec_stdin::StdinReader;

#[derive(Debug, thiserror::Error)]
pub enum ExecError {
    #[error("no service `{service}` in this project; the services are: {known}")]
    UnknownService { service: String, known: String },
    #[error("service `{service}` has no running container; start it first: {hint}")]
    NotRunning { service: String, hint: String },
    #[error(
        "container {container} of service `{service}` has neither bash nor sh; name a command (runcli exec {service} -- CMD) or set [services.{service}] shell in runcli.toml"
    )]
    NoShell { service: String, container: String },
    #[error("[services.{service}] shell in runcli.toml: {reason}")]
    BadShell { service: String, reason: String },
    #[error("the exec ended without an exit code (detached with the detach keys?)")]
    NoExitCode,
    #[error("local terminal: {0}")]
    Terminal(#[from] std::io::Error),
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error(transparent)]
    Project(#[from] ProjectError),
}

impl ExecError {
    /// True when no engine answers (exit code 3).
    pub fn is_unreachable(&self) -> bool {
        matches!(self, ExecError::Engine(e) if e.is_unreachable())
    }

    /// True for mistakes in the command line or runcli.toml (exit code 2).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            ExecError::UnknownService { .. } | ExecError::BadShell { .. } | ExecError::Project(_)
        )
    }
}

/// The id of the container `service` runs in.
pub async fn find_container(
    engine: &Engine,
    project: &Project,
    service: &str,
) -> Result<String, ExecError> {
    let containers = engine.project_containers(&project.name).await?;
    let running =
        |c: &&ContainerInfo| c.service.as_deref() == Some(service) && c.state.is_running();
    let replica = containers.iter().filter(running).find(|c| !c.oneoff);
    if let Some(c) = replica.or_else(|| containers.iter().find(running)) {
        return Ok(c.id.clone());
    }
    let mut known: Vec<String> = containers
        .iter()
        .filter_map(|c| c.service.clone())
        .collect();
    // A project whose compose files do not load still lists what runs.
    if let Ok(compose) = project.compose(None) {
        known.extend(compose.services.keys().cloned());
    }
    for profile in project.manifest.profiles.values() {
        if let Ok(compose) = project.profile_compose(profile) {
            known.extend(compose.services.keys().cloned());
        }
    }
    known.sort();
    known.dedup();
    if !known.iter().any(|k| k == service) {
        return Err(ExecError::UnknownService {
            service: service.to_string(),
            known: known.join(", "),
        });
    }
    Err(ExecError::NotRunning {
        service: service.to_string(),
        hint: up_hint(project, service),
    })
}

/// `runcli server up PROFILE` for the profiles that name `service` (or
/// start all of their compose files' services).
fn up_hint(project: &Project, service: &str) -> String {
    let profiles: Vec<&String> = project
        .manifest
        .profiles
        .iter()
        .filter(|(_, p)| match &p.services {
            ServiceSelection::Only(names) => names.iter().any(|n| n == service),
            ServiceSelection::All => project
                .profile_compose(p)
                .is_ok_and(|c| c.services.contains_key(service)),
        })
        .map(|(name, _)| name)
        .collect();
    match profiles.as_slice() {
        [] => "runcli server up PROFILE".to_string(),
        [one] => format!("runcli server up {one}"),
        many => format!(
            "runcli server up {}",
            many.iter()
                .map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join(" | ")
        ),
    }
}

/// The shell to open in `container`: the manifest's, else bash, else sh.
pub async fn shell_command(
    engine: &Engine,
    project: &Project,
    service: &str,
    container: &str,
) -> Result<Vec<String>, ExecError> {
    if let Some(line) = project
        .manifest
        .services
        .get(service)
        .and_then(|s| s.shell.as_deref())
    {
        let bad = |reason: String| ExecError::BadShell {
            service: service.to_string(),
            reason,
        };
        let argv = shell_words::split(line).map_err(|e| bad(e.to_string()))?;
        if argv.is_empty() {
            return Err(bad("the shell is empty".into()));
        }
        return Ok(argv);
    }
    for shell in ["bash", "sh"] {
        if engine
            .exec_status(container, &[shell, "-c", "exit 0"])
            .await?
            == 0
        {
            return Ok(vec![shell.to_string()]);
        }
    }
    Err(ExecError::NoShell {
        service: service.to_string(),
        container: container.to_string(),
    })
}

/// Whether a session on this process's stdin and stdout should get a TTY:
/// only when both are terminals. A TTY turns `\n` into `\r\n` and merges
/// stderr into stdout, so `runcli exec db -- pg_dump > dump.sql`, typed at
/// a terminal, gets plain pipes and the dump stays byte exact.
pub fn wants_tty() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// Runs `cmd` in `container` attached to this process's stdin, stdout and
/// stderr, with a TTY when `tty` (the caller puts the local terminal in raw
/// mode), and returns the command's exit code.
pub async fn run_attached(
    engine: &Engine,
    container: &str,
    cmd: Vec<String>,
    tty: bool,
) -> Result<i64, ExecError> {
    let req = ExecRequest {
        cmd,
        tty,
        stdin: true,
        env: Vec::new(),
    };
    let session = engine.exec_start(container, &req).await?;
    let id = session.id.clone();
    let stdin = StdinReader::start()?;
    let pumped = pump(engine, session, stdin, tty).await;
    pumped?;
    engine
        .exec_exit_code(&id)
        .await?
        .ok_or(ExecError::NoExitCode)
}

/// Moves bytes both ways until the command's output ends, keeping the
/// TTY's size in step with the local terminal's.
///
/// With plain pipes stdin is forwarded by a task of its own: a command
/// that writes a lot before it reads (`sh -c 'cat big; wc -c'`) stops
/// reading its stdin while its output is not drained, so writing to it
/// and reading from it in one loop would wait on each other forever. A
/// TTY session keeps both in one loop, so a key typed right after a resize
/// reaches the shell after the new size does.
async fn pump(
    engine: &Engine,
    session: ExecSession,
    stdin: StdinReader,
    tty: bool,
) -> Result<(), ExecError> {
    if tty {
        return pump_tty(engine, session, stdin).await;
    }
    let ExecSession {
        mut output, input, ..
    } = session;
    let (done, done_rx) = tokio::sync::oneshot::channel();
    let forwarder = tokio::spawn(forward_stdin(stdin, input, done_rx));
    let mut out = tokio::io::stdout();
    let mut err = tokio::io::stderr();
    let result = loop {
        match futures::StreamExt::next(&mut output).await {
            Some(Ok(chunk)) => {
                if let Err(e) = write_chunk(&mut out, &mut err, &chunk).await {
                    break Err(e.into());
                }
            }
            Some(Err(e)) => break Err(e.into()),
            None => break Ok(()),
        }
    };
    let _ = done.send(());
    if let Ok(stdin) = forwarder.await {
        stdin.stop().await;
    }
    result
}

/// Copies local stdin to the command until stdin ends, the command stops
/// reading it, or its output has ended; hands the reader back to be
/// stopped.
async fn forward_stdin(
    mut stdin: StdinReader,
    mut input: ExecInput,
    mut done: tokio::sync::oneshot::Receiver<()>,
) -> StdinReader {
    loop {
        let data = tokio::select! {
            _ = &mut done => break,
            data = stdin.chunks.recv() => data,
        };
        let Some(bytes) = data else {
            let _ = input.shutdown().await;
            break;
        };
        let written = tokio::select! {
            _ = &mut done => break,
            written = input.write_all(&bytes) => written,
        };
        // The command may have closed its stdin; its output still decides
        // when the session ends.
        if written.is_err() {
            break;
        }
    }
    stdin
}

/// The TTY session's loop: output, stdin and resizes in the order they come.
async fn pump_tty(
    engine: &Engine,
    session: ExecSession,
    stdin: StdinReader,
) -> Result<(), ExecError> {
    let ExecSession {
        id,
        mut output,
        mut input,
    } = session;
    let mut stdin = stdin;
    let mut resize = Resizes::new()?;
    resize_to_local(engine, &id).await;
    let mut out = tokio::io::stdout();
    let mut err = tokio::io::stderr();
    let mut stdin_open = true;
    let result = loop {
        tokio::select! {
            chunk = futures::StreamExt::next(&mut output) => match chunk {
                Some(Ok(chunk)) => {
                    if let Err(e) = write_chunk(&mut out, &mut err, &chunk).await {
                        break Err(e.into());
                    }
                }
                Some(Err(e)) => break Err(e.into()),
                None => break Ok(()),
            },
            data = stdin.chunks.recv(), if stdin_open => match data {
                Some(bytes) => {
                    if input.write_all(&bytes).await.is_err() {
                        stdin_open = false;
                    }
                }
                None => {
                    stdin_open = false;
                    let _ = input.shutdown().await;
                }
            },
            () = resize.changed() => resize_to_local(engine, &id).await,
        }
    };
    stdin.stop().await;
    result
}

/// Writes one chunk of the command's output to the local stream it came on.
async fn write_chunk(
    out: &mut tokio::io::Stdout,
    err: &mut tokio::io::Stderr,
    chunk: &ExecOutput,
) -> std::io::Result<()> {
    let sink: &mut (dyn AsyncWrite + Unpin + Send) = match chunk.stream {
        LogStream::Stdout => out,
        LogStream::Stderr => err,
    };
    write_all(sink, &chunk.bytes).await
}

async fn write_all(
    sink: &mut (dyn AsyncWrite + Unpin + Send),
    bytes: &[u8],
) -> std::io::Result<()> {
    sink.write_all(bytes).await?;
    sink.flush().await
}

/// Passes the local terminal's size to the exec's TTY. A failure only
/// leaves the old size, so it is logged and not fatal.
async fn resize_to_local(engine: &Engine, id: &str) {
    let Ok((cols, rows)) = crossterm::terminal::size() else {
        return;
    };
    if let Err(e) = engine.exec_resize(id, cols, rows).await {
        tracing::debug!("exec resize: {e}");
    }
}

/// Window size changes of the local terminal (SIGWINCH); never fires off
/// unix.
struct Resizes {
    #[cfg(unix)]
    signal: tokio::signal::unix::Signal,
}

impl Resizes {
    fn new() -> std::io::Result<Resizes> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Resizes {
                signal: signal(SignalKind::window_change())?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Resizes {})
        }
    }

    async fn changed(&mut self) {
        #[cfg(unix)]
        {
            self.signal.recv().await;
        }
        #[cfg(not(unix))]
        std::future::pending::<()>().await;
    }
}
