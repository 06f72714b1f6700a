//! `runcli docs build [--apidoc]`: prints what [`ops::docs::build`] reports
//! (Sphinx's progress by tenths, its warnings with file and line) and exits
//! 1 when the build failed, by exit code or by Sphinx's own verdict.
//! Under `--json`: `started`, `progress` (runcli's steps, and Sphinx's by
//! tenths with `percent`), `line`, then one `warning` object per warning
//! and a last `built` object, or the error object when the build failed.

use std::process::ExitCode;

use clap::Subcommand;
use serde_json::json;

use super::exit::Failure;
use super::output::Output;

use crate::ops::docs::{self, DocsError, DocsEvent, DocsStep};
use crate::parse::sphinx::{BuildProgress, SphinxLine};
use crate::project::Project;

#[derive(Debug, Subcommand)]
pub enum DocsCommand {
    /// Build the HTML docs.
    Build {
        /// Run sphinx-apidoc first (the manifest's `apidoc` command).
        #[arg(long)]
        apidoc: bool,
    },
}

pub async fn run(project: &Project, command: DocsCommand, out: Output) -> anyhow::Result<ExitCode> {
    let DocsCommand::Build { apidoc } = command;
    let engine = super::server::connect().await?;
    // Sphinx repeats its progress line per document: print a tenth.
    let mut shown = 0u8;
    let mut emit = |event: DocsEvent<'_>| match event {
        DocsEvent::Started { step, command } => {
            shown = 0;
            if out.is_json() {
                let step = match step {
                    DocsStep::Apidoc => "apidoc",
                    DocsStep::Build => "build",
                };
                let _ = out.record(&json!({"event": "started", "step": step, "command": command}));
            }
        }
        DocsEvent::Progress(text) => {
            if out.is_json() {
                let _ = out.record(&json!({"event": "progress", "text": text}));
            }
            eprintln!("{text}");
        }
        DocsEvent::Line {
            line,
            parsed: SphinxLine::Progress { .. },
            percent,
        } => {
            if percent > shown && (percent - shown >= 10 || percent == 100) {
                shown = percent;
                if out.is_json() {
                    let _ = out.record(
                        &json!({"event": "progress", "percent": percent, "text": line.text}),
                    );
                }
                out.say(format!("[{percent:>3}%] {}", line.text));
            }
        }
        DocsEvent::Line { line, .. } => {
            if out.is_json() {
                let _ = out.record(&json!({"event": "line", "line": line.text}));
            }
            out.say(&line.text);
        }
    };
    let report = match docs::build(&engine, project, apidoc, &mut emit).await {
        Ok(report) => report,
        // The inner errors keep their own exit codes (2 manifest, 3 engine).
        Err(DocsError::Project(e)) => return Err(e.into()),
        Err(DocsError::Stack(e)) => return Err(e.into()),
    };
    print_warnings(&report.progress, out)?;
    match report.built {
        Ok(index) => {
            if out.is_json() {
                out.record(&json!({
                    "event": "built",
                    "index": index,
                    "warnings": report.progress.warnings.len(),
                }))?;
            }
            out.say(format!("built {}", index.display()));
            Ok(ExitCode::SUCCESS)
        }
        Err(failure) => Err(Failure(failure.to_string()).into()),
    }
}

fn print_warnings(build: &BuildProgress, out: Output) -> anyhow::Result<()> {
    for w in &build.warnings {
        if out.is_json() {
            out.record(&json!({
                "event": "warning",
                "file": w.file,
                "line": w.line,
                "context": w.context,
                "level": w.level,
                "category": w.category,
                "message": w.message,
            }))?;
        }
        let at = match (&w.file, w.line) {
            (Some(f), Some(l)) => format!("{f}:{l}: "),
            (Some(f), None) => format!("{f}: "),
            _ => String::new(),
        };
        out.say(format!("warning: {at}{}", w.message));
    }
    Ok(())
}
