//! A project tool (flask db, sphinx) run once in a service's container,
//! after the services it needs are up and ready: the shared path of the
//! migrations and docs operations.

use std::collections::BTreeMap;
use std::sync::Mutex;

use tokio_util::sync::CancellationToken;

/// A line of a tool's output, as the log views keep it.
pub use crate::domain::LogLine;
use crate::engine::Engine;
use crate::ops::stack::{OneOff, StackError, ensure_services, run_oneoff};
use crate::project::compose::ComposeProject;

/// One command of a tool.
pub struct ToolRun<'a> {
    pub compose: &'a ComposeProject,
    pub service: &'a str,
    /// Started and waited ready (healthy when they have a healthcheck) first.
    pub needs: &'a [String],
    pub command: Vec<String>,
    pub env: &'a BTreeMap<String, String>,
}

/// What a tool run reports while it runs.
#[derive(Debug)]
pub enum ToolEvent<'a> {
    /// runcli's own steps: starting a needed service, building an image.
    Progress(String),
    /// A line the tool printed, as it came.
    Line(&'a LogLine),
}

/// How a tool run ended: the exit code and every output line's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolExit {
    pub code: i64,
    pub output: Vec<String>,
}

impl ToolExit {
    /// The last line printed, for a one-line reason of a failure.
    pub fn last_line(&self) -> &str {
        self.output.last().map_or("", String::as_str)
    }
}

/// Runs the command, reporting through `emit` as it goes.
pub async fn run_tool(
    engine: &Engine,
    run: ToolRun<'_>,
    emit: &mut (dyn FnMut(ToolEvent<'_>) + Send),
) -> Result<ToolExit, StackError> {
    // The engine code takes progress and output as two callbacks that are
    // never called at once; both lead to the one `emit`.
    let emit = Mutex::new(emit);
    let send = |event: ToolEvent<'_>| {
        if let Ok(mut emit) = emit.lock() {
            emit(event);
        }
    };
    let mut progress = |text: String| send(ToolEvent::Progress(text));
    if !run.needs.is_empty() {
        ensure_services(engine, run.compose, run.needs, false, &mut progress).await?;
    }
    let one = OneOff {
        service: run.service.to_string(),
        command: run.command,
        env: run.env.clone(),
    };
    let mut all = Vec::new();
    let mut output = |lines: Vec<LogLine>| {
        for l in lines {
            send(ToolEvent::Line(&l));
            all.push(l.text);
        }
    };
    let never = CancellationToken::new();
    let code = run_oneoff(
        engine,
        run.compose,
        &one,
        &mut progress,
        &mut output,
        &never,
    )
    .await?;
    Ok(ToolExit { code, output: all })
}
