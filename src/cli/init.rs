//! `runcli init`: writes the default manifest and the wrappers into a
//! project, keeping any file that is already there.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::project::{self, InitOutcome};

pub fn run(dir: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let root = match dir {
        Some(dir) => dir,
        None => std::env::current_dir()?,
    };
    let report = project::init(&root)?;
    for file in &report.files {
        let what = match file.outcome {
            InitOutcome::Written => "wrote",
            InitOutcome::Kept => "kept (already there)",
        };
        println!("{what:<22} {}", file.path.display());
    }
    Ok(ExitCode::SUCCESS)
}
