//! `runcli docs build [--apidoc]`: prints what [`ops::docs::build`] reports
//! (Sphinx's progress by tenths, its warnings with file and line) and exits
//! 1 when the build failed, by exit code or by Sphinx's own verdict.

use std::process::ExitCode;

use clap::Subcommand;

use crate::ops::docs::{self, DocsError, DocsEvent};
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

pub async fn run(project: &Project, command: DocsCommand) -> anyhow::Result<ExitCode> {
    let DocsCommand::Build { apidoc } = command;
    let engine = super::server::connect().await?;
    // Sphinx repeats its progress line per document: print a tenth.
    let mut shown = 0u8;
    let mut emit = |event: DocsEvent<'_>| match event {
        DocsEvent::Started { .. } => shown = 0,
        DocsEvent::Progress(text) => eprintln!("{text}"),
        DocsEvent::Line {
            line,
            parsed: SphinxLine::Progress { .. },
            percent,
        } => {
            if percent > shown && (percent - shown >= 10 || percent == 100) {
                shown = percent;
                println!("[{percent:>3}%] {}", line.text);
            }
        }
        DocsEvent::Line { line, .. } => println!("{}", line.text),
    };
    let report = match docs::build(&engine, project, apidoc, &mut emit).await {
        Ok(report) => report,
        // The inner errors keep their own exit codes (2 manifest, 3 engine).
        Err(DocsError::Project(e)) => return Err(e.into()),
        Err(DocsError::Stack(e)) => return Err(e.into()),
    };
    print_warnings(&report.progress);
    match report.built {
        Ok(index) => {
            println!("built {}", index.display());
            Ok(ExitCode::SUCCESS)
        }
        Err(failure) => {
            eprintln!("{failure}");
            Ok(ExitCode::from(1))
        }
    }
}

fn print_warnings(build: &BuildProgress) {
    for w in &build.warnings {
        let at = match (&w.file, w.line) {
            (Some(f), Some(l)) => format!("{f}:{l}: "),
            (Some(f), None) => format!("{f}: "),
            _ => String::new(),
        };
        println!("warning: {at}{}", w.message);
    }
}
