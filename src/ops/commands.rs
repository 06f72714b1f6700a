//! Running one of the project's own commands (`[commands.<name>]`), for
//! both faces: `runcli run` prints the events, the console's palette turns
//! them into messages. [`prepare`] checks the request without touching
//! anything (name, arguments, confirmation, required file); [`run`] runs
//! it, reporting runcli's steps and the command's output lines as
//! [`CommandEvent`]s, and returns the exit status.

mod host;
mod in_container;

use std::path::PathBuf;
use std::sync::Mutex;

use tokio_util::sync::CancellationToken;

use crate::domain::LogLine;
use crate::engine::Engine;
use crate::ops::exec::ExecError;
use crate::ops::server::{self, ServerError, ServerEvent, UpOptions};
use crate::ops::stack::{OneOff, StackError, run_oneoff};
use crate::project::{ArgsIssue, Place, Project, ProjectCommand, ProjectError};

pub use host::HostStdin;

/// What a running command reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandEvent {
    /// runcli's own steps: building an image, starting a dependency.
    Progress(String),
    /// A line the command printed, as it came.
    Output(LogLine),
    /// The URL a profile command opens once its profile is up.
    Url(String),
}

/// How the command ended.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandOutcome {
    /// The exit status of the last argument list run (the first that
    /// failed); 0 for a profile that came up. A host process killed by a
    /// signal counts as 128 + the signal, as a shell says it.
    pub code: i64,
    /// The profile's URL, for a command with `open_url`.
    pub url: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error("no command `{name}` in runcli.toml; {}", known_list(.known))]
    Unknown { name: String, known: Vec<String> },
    #[error("{name}: {issue}; usage: {usage}")]
    Args {
        name: String,
        issue: ArgsIssue,
        usage: String,
    },
    #[error(
        "{name} asks for confirmation before it runs ({description}); run `runcli run --yes \
         {name}` to go ahead"
    )]
    NotConfirmed { name: String, description: String },
    #[error(
        "{name} needs {requires}, which this project does not have ({}); add it, or run the \
         command in a project that has it",
        path.display()
    )]
    Missing {
        name: String,
        requires: String,
        path: PathBuf,
    },
    #[error("{name} names no single place to run; give one of service, exec, host and profile")]
    NoPlace { name: String },
    #[error("{name} runs in a container, and no Docker engine was given")]
    NoEngine { name: String },
    #[error(
        "{name}: cannot run `{program}` on the host: {source}{}",
        if source.kind() == std::io::ErrorKind::NotFound {
            "; is it installed and on PATH?"
        } else {
            ""
        }
    )]
    Spawn {
        name: String,
        program: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{name}: cannot read the output of `{program}`: {source}")]
    Host {
        name: String,
        program: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Project(#[from] ProjectError),
    #[error(transparent)]
    Stack(#[from] StackError),
    /// Boxed, as [`CommandError::Server`] is.
    #[error(transparent)]
    Exec(Box<ExecError>),
    /// Boxed: a server error is several times larger than the others.
    #[error(transparent)]
    Server(Box<ServerError>),
    #[error("cancelled")]
    Cancelled,
}

impl From<ExecError> for CommandError {
    fn from(e: ExecError) -> Self {
        CommandError::Exec(Box::new(e))
    }
}

impl From<ServerError> for CommandError {
    fn from(e: ServerError) -> Self {
        CommandError::Server(Box::new(e))
    }
}

fn known_list(known: &[String]) -> String {
    if known.is_empty() {
        "this project has no commands".to_string()
    } else {
        format!("the commands are: {}", known.join(", "))
    }
}

impl CommandError {
    /// A request the project cannot run as asked (unknown name, wrong
    /// arguments, not confirmed, missing file): exit code 2 headless.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            CommandError::Unknown { .. }
                | CommandError::Args { .. }
                | CommandError::NotConfirmed { .. }
                | CommandError::Missing { .. }
                | CommandError::NoPlace { .. }
                | CommandError::Project(_)
        )
    }

    /// The host program could not be started: the shell's 127 (not found)
    /// or 126 (found but not executable).
    pub fn shell_code(&self) -> Option<u8> {
        match self {
            CommandError::Spawn { source, .. } => {
                Some(if source.kind() == std::io::ErrorKind::NotFound {
                    127
                } else {
                    126
                })
            }
            _ => None,
        }
    }
}

/// A request that passed every check: the command and its filled
/// argument lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared<'p> {
    pub name: String,
    pub command: &'p ProjectCommand,
    pub place: Place<'p>,
    pub argvs: Vec<Vec<String>>,
}

impl Prepared<'_> {
    /// Host commands run without an engine; every other one needs it.
    pub fn needs_engine(&self) -> bool {
        self.place != Place::Host
    }
}

/// Checks a request: the command exists, `args` has a value per name, a
/// `confirm` command was `confirmed` and its `requires` file exists.
pub fn prepare<'p>(
    project: &'p Project,
    name: &str,
    args: &[String],
    confirmed: bool,
) -> Result<Prepared<'p>, CommandError> {
    let commands = &project.manifest.commands;
    let Some(command) = commands.get(name) else {
        return Err(CommandError::Unknown {
            name: name.to_string(),
            known: commands.keys().cloned().collect(),
        });
    };
    let argvs = command.fill(args).map_err(|issue| CommandError::Args {
        name: name.to_string(),
        issue,
        usage: command.usage(name),
    })?;
    let Some(place) = command.place() else {
        // The manifest's validation lets no such command through.
        return Err(CommandError::NoPlace {
            name: name.to_string(),
        });
    };
    if command.confirm && !confirmed {
        return Err(CommandError::NotConfirmed {
            name: name.to_string(),
            description: command.description.clone(),
        });
    }
    if let Some(requires) = &command.requires {
        let path = project.path(requires);
        if !path.exists() {
            return Err(CommandError::Missing {
                name: name.to_string(),
                requires: requires.clone(),
                path,
            });
        }
    }
    Ok(Prepared {
        name: name.to_string(),
        command,
        place,
        argvs,
    })
}

/// Runs a prepared command to its end. `engine` may be `None` for a host
/// command; `stdin` says what a host command reads. Cancelling stops the
/// command (a one-off container is removed, a host process killed).
pub async fn run(
    engine: Option<&Engine>,
    project: &Project,
    prepared: &Prepared<'_>,
    stdin: HostStdin,
    events: &mut (dyn FnMut(CommandEvent) + Send),
    cancel: &CancellationToken,
) -> Result<CommandOutcome, CommandError> {
    let name = &prepared.name;
    let engine = match (prepared.place, engine) {
        (Place::Host, _) => {
            return host::run(project, prepared, stdin, events, cancel).await;
        }
        (_, Some(engine)) => engine,
        (_, None) => return Err(CommandError::NoEngine { name: name.clone() }),
    };
    match prepared.place {
        Place::Service(service) => {
            run_service(engine, project, prepared, service, events, cancel).await
        }
        Place::Profile(profile) => {
            let open_url = prepared.command.open_url;
            run_profile(engine, project, profile, open_url, events, cancel).await
        }
        Place::Exec(service) => {
            in_container::run(engine, project, prepared, service, events, cancel).await
        }
        Place::Host => Err(CommandError::NoEngine { name: name.clone() }),
    }
}

/// Each argument list in a one-off container of `service`, in order,
/// stopping at the first that exits non-zero.
async fn run_service(
    engine: &Engine,
    project: &Project,
    prepared: &Prepared<'_>,
    service: &str,
    events: &mut (dyn FnMut(CommandEvent) + Send),
    cancel: &CancellationToken,
) -> Result<CommandOutcome, CommandError> {
    let compose = project.compose(None)?;
    let events = Mutex::new(events);
    let send = |event: CommandEvent| {
        if let Ok(mut events) = events.lock() {
            events(event);
        }
    };
    let mut progress = |text: String| send(CommandEvent::Progress(text));
    let mut output = |lines: Vec<LogLine>| {
        for line in lines {
            send(CommandEvent::Output(line));
        }
    };
    let mut code = 0;
    for argv in &prepared.argvs {
        progress(format!("$ {} (one-off {service})", shell_words::join(argv)));
        let one = OneOff {
            service: service.to_string(),
            command: argv.clone(),
            env: prepared.command.env.clone(),
        };
        let ran = run_oneoff(engine, &compose, &one, &mut progress, &mut output, cancel);
        code = match ran.await {
            Err(StackError::Cancelled) => return Err(CommandError::Cancelled),
            other => other?,
        };
        if code != 0 {
            break;
        }
    }
    Ok(CommandOutcome { code, url: None })
}

/// Starts the profile (as `server up PROFILE --detach`) and, with
/// `open_url`, reports its URL: the one its `url_pattern` found, else the
/// root of its health URL (`http://localhost:5001/` for `/ping`).
async fn run_profile(
    engine: &Engine,
    project: &Project,
    profile: &str,
    open_url: bool,
    events: &mut (dyn FnMut(CommandEvent) + Send),
    cancel: &CancellationToken,
) -> Result<CommandOutcome, CommandError> {
    let events = Mutex::new(events);
    let send = |event: CommandEvent| {
        if let Ok(mut events) = events.lock() {
            events(event);
        }
    };
    let on_server = |event: ServerEvent| match event {
        ServerEvent::Progress(text) => send(CommandEvent::Progress(text)),
        ServerEvent::Health { profile, healthy } => send(CommandEvent::Progress(format!(
            "{profile}: {}",
            if healthy { "healthy" } else { "unhealthy" }
        ))),
        ServerEvent::Url { .. } => {}
    };
    let up = server::up(engine, project, profile, UpOptions::default(), &on_server);
    let report = tokio::select! {
        report = up => report?,
        () = cancel.cancelled() => return Err(CommandError::Cancelled),
    };
    let health = project
        .manifest
        .profiles
        .get(profile)
        .and_then(|p| p.health.as_ref());
    let url = report
        .url
        .or_else(|| health.map(|h| url_root(&h.url)))
        .filter(|_| open_url);
    if let Some(url) = &url {
        send(CommandEvent::Url(url.clone()));
    }
    Ok(CommandOutcome { code: 0, url })
}

/// `scheme://host:port/` of a URL; the URL itself when it has no path.
fn url_root(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let rest = &url[scheme_end + 3..];
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    format!("{}{}/", &url[..scheme_end + 3], &rest[..host_end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_health_urls_root_is_its_origin() {
        assert_eq!(
            url_root("http://localhost:5001/ping"),
            "http://localhost:5001/"
        );
        assert_eq!(url_root("https://h:1?x=1"), "https://h:1/");
        assert_eq!(url_root("not a url"), "not a url");
    }
}
