//! `runcli docs build [--apidoc]`: the manifest's Sphinx commands in the
//! docs service, with progress from Sphinx's own percentages and its
//! warnings listed with file and line; exit 1 when the build fails.

use std::process::ExitCode;

use clap::Subcommand;

use crate::ops::tool_run::{ToolRun, run_tool};
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
    let docs = &project.manifest.docs;
    let compose = project.compose(docs.compose_files.as_ref())?;
    let engine = super::server::connect().await?;
    let mut commands = Vec::new();
    if apidoc {
        commands.push(docs.apidoc.clone());
    }
    commands.push(docs.build.clone());
    let mut build = BuildProgress::new();
    for argv in commands {
        let run = ToolRun {
            compose: &compose,
            service: &docs.service,
            needs: &[],
            command: argv.clone(),
            env: &docs.env,
        };
        let mut progress = |line: String| eprintln!("{line}");
        let mut shown = 0u8;
        let mut echo = |line: &crate::app::LogLine| match build.push_line(&line.text) {
            // Sphinx repeats its progress line per document: print a tenth.
            SphinxLine::Progress { .. } => {
                if build.percent > shown && (build.percent - shown >= 10 || build.percent == 100) {
                    shown = build.percent;
                    println!("[{:>3}%] {}", build.percent, line.text);
                }
            }
            _ => println!("{}", line.text),
        };
        let (code, _) = run_tool(&engine, run, &mut progress, &mut echo).await?;
        if code != 0 {
            eprintln!("`{}` exited with code {code}", argv.join(" "));
            print_warnings(&build);
            return Ok(ExitCode::from(1));
        }
    }
    print_warnings(&build);
    if build.ok() == Some(false) {
        return Ok(ExitCode::from(1));
    }
    let index = project.root.join(&docs.index);
    if !index.exists() {
        eprintln!("the build ended but {} is missing", index.display());
        return Ok(ExitCode::from(1));
    }
    println!("built {}", index.display());
    Ok(ExitCode::SUCCESS)
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
