//! A project tool (flask db, sphinx) run once in a service's container,
//! after the services it needs are up and ready: the shared path of the
//! migrations and docs operations.

use std::collections::BTreeMap;

use tokio_util::sync::CancellationToken;

use crate::app::LogLine;
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

/// Runs the command; every output line goes to `line` as it comes, and all
/// of them are returned with the exit code.
pub async fn run_tool(
    engine: &Engine,
    run: ToolRun<'_>,
    progress: &mut (dyn FnMut(String) + Send),
    line: &mut (dyn FnMut(&LogLine) + Send),
) -> Result<(i64, Vec<String>), StackError> {
    if !run.needs.is_empty() {
        ensure_services(engine, run.compose, run.needs, false, progress).await?;
    }
    let one = OneOff {
        service: run.service.to_string(),
        command: run.command,
        env: run.env.clone(),
    };
    let mut all = Vec::new();
    let mut output = |lines: Vec<LogLine>| {
        for l in lines {
            line(&l);
            all.push(l.text);
        }
    };
    let never = CancellationToken::new();
    let code = run_oneoff(engine, run.compose, &one, progress, &mut output, &never).await?;
    Ok((code, all))
}
