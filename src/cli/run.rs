//! `runcli run NAME [ARGS...] | run --list`: the project's own commands
//! (`[commands]` in runcli.toml). The command's output is printed as it
//! comes (its stdout to stdout, its stderr to stderr), runcli's own steps
//! go to stderr, and runcli exits with the command's exit code. Ctrl-C
//! stops the command (a one-off container is removed) and exits 130.
//! Under `--json`: `{"event": "progress", "text"}`,
//! `{"event": "line", "stream", "line"}`, `{"event": "url", "command",
//! "url"}`, then `{"event": "exit", "command", "code"}`.

use std::io::IsTerminal;
use std::process::ExitCode;

use serde_json::json;
use tokio_util::sync::CancellationToken;

use super::exit::Usage;
use super::output::{ErrorRecord, Output};
use super::server::connect;
use super::table;
use crate::domain::LogSource;
use crate::ops::commands::{self, CommandError, CommandEvent, HostStdin};
use crate::project::Project;

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// List the commands: name, where each runs, its key, its description.
    #[arg(long, conflicts_with_all = ["name", "yes"])]
    pub list: bool,
    /// Go ahead with a command that asks first (`confirm = true`).
    #[arg(short, long)]
    pub yes: bool,
    /// The command's name (`runcli run --list` shows them).
    #[arg(required_unless_present = "list")]
    pub name: Option<String>,
    /// Values of the command's `args`, in order (after `--` when one
    /// starts with `-`).
    pub args: Vec<String>,
}

pub async fn run(project: &Project, args: RunArgs, out: Output) -> anyhow::Result<ExitCode> {
    let Some(name) = args.name.filter(|_| !args.list) else {
        list(project, out)?;
        return Ok(ExitCode::SUCCESS);
    };
    let prepared = commands::prepare(project, &name, &args.args, args.yes).map_err(to_anyhow)?;
    let engine = if prepared.needs_engine() {
        Some(connect().await?)
    } else {
        None
    };
    let cancel = CancellationToken::new();
    // Ctrl-C, SIGTERM (a CI timeout) and SIGHUP (a closed terminal) all
    // cancel, so a one-off container is removed whichever ends the run.
    let mut signals = super::foreground::listen()?;
    let on_interrupt = {
        let cancel = cancel.clone();
        tokio::spawn(async move {
            signals.recv().await;
            cancel.cancel();
        })
    };
    let mut events = |event: CommandEvent| print_event(&name, event, out);
    let stdin = HostStdin::Inherit;
    let ran = commands::run(
        engine.as_ref(),
        project,
        &prepared,
        stdin,
        &mut events,
        &cancel,
    )
    .await;
    on_interrupt.abort();
    match ran {
        Ok(outcome) => {
            if out.is_json() {
                out.record(&json!({"event": "exit", "command": name, "code": outcome.code}))?;
            }
            if outcome.code != 0 {
                eprintln!("runcli: {name} exited with code {}", outcome.code);
            }
            if let Some(url) = &outcome.url
                && !out.is_json()
                && std::io::stdout().is_terminal()
            {
                // The same opener as the console's `o`: $BROWSER first, the
                // child awaited so it is reaped.
                if let Err(e) = crate::console::open_url::open_url(url).await {
                    tracing::debug!("{e}");
                }
            }
            // 1..=255 as they are; anything else a plain failure.
            Ok(ExitCode::from(u8::try_from(outcome.code).unwrap_or(1)))
        }
        Err(CommandError::Cancelled) => {
            eprintln!("runcli: {name} interrupted");
            Ok(ExitCode::from(130))
        }
        Err(e) => match e.shell_code() {
            Some(code) => {
                let message = e.to_string();
                eprintln!("runcli: {message}");
                if out.is_json() {
                    out.record(&ErrorRecord { error: &message })?;
                }
                Ok(ExitCode::from(code))
            }
            None => Err(to_anyhow(e)),
        },
    }
}

/// The error with the cause the exit codes are read from: the engine's
/// or the project's own errors as they are, a request the project cannot
/// run as asked as a usage error (2).
fn to_anyhow(e: CommandError) -> anyhow::Error {
    match e {
        CommandError::Stack(e) => e.into(),
        CommandError::Server(e) => (*e).into(),
        CommandError::Exec(e) => (*e).into(),
        CommandError::Project(e) => e.into(),
        e if e.is_usage() => Usage(e.to_string()).into(),
        e => e.into(),
    }
}

fn print_event(name: &str, event: CommandEvent, out: Output) {
    match event {
        CommandEvent::Progress(text) => {
            if out.is_json() {
                let _ = out.record(&json!({"event": "progress", "text": text}));
            }
            eprintln!("{text}");
        }
        CommandEvent::Output(line) => {
            let stream = match line.source {
                LogSource::Stdout => "stdout",
                LogSource::Stderr => "stderr",
            };
            if out.is_json() {
                let _ = out.record(&json!({"event": "line", "stream": stream, "line": line.text}));
            } else if line.source == LogSource::Stderr {
                eprintln!("{}", line.text);
            } else {
                println!("{}", line.text);
            }
        }
        CommandEvent::Url(url) => {
            if out.is_json() {
                let _ = out.record(&json!({"event": "url", "command": name, "url": url}));
            }
            out.say(format!("{name}: {url}"));
        }
    }
}

/// `run --list`: a row per command in the manifest's order, or under
/// `--json` one object each.
fn list(project: &Project, out: Output) -> anyhow::Result<()> {
    let commands = &project.manifest.commands;
    if out.is_json() {
        for (name, cmd) in commands {
            let place = cmd.place();
            out.record(&json!({
                "name": name,
                "where": place.map(|p| p.kind()),
                "target": place.and_then(|p| p.target()),
                "key": cmd.key,
                "args": cmd.args,
                "confirm": cmd.confirm,
                "description": cmd.description,
            }))?;
        }
        return Ok(());
    }
    if commands.is_empty() {
        out.say("this project has no commands; add [commands.NAME] tables to runcli.toml");
        return Ok(());
    }
    let rows: Vec<[String; 4]> = commands
        .iter()
        .map(|(name, cmd)| {
            let mut description = cmd.description.clone();
            if cmd.confirm {
                description.push_str(" (asks first: --yes)");
            }
            [
                cmd.usage(name)
                    .trim_start_matches("runcli run ")
                    .to_string(),
                cmd.place().map(|p| p.to_string()).unwrap_or_default(),
                cmd.key.clone().unwrap_or_else(|| "-".into()),
                description,
            ]
        })
        .collect();
    for line in table::columns(&rows) {
        out.say(line);
    }
    Ok(())
}
