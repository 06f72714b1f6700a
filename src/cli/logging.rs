//! Where tracing goes: a log file for the console (the terminal is the
//! console's own), stderr for subcommands.

use std::fs::OpenOptions;
use std::path::Path;
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

/// `RUNCLI_LOG` when set, else `quiet` level, debug with -v, trace with -vv.
fn filter(verbose: u8, quiet: &str) -> EnvFilter {
    let level = match verbose {
        0 => quiet,
        1 => "runcli=debug",
        _ => "runcli=trace",
    };
    EnvFilter::try_from_env("RUNCLI_LOG").unwrap_or_else(|_| EnvFilter::new(level))
}

/// Subcommands: warnings by default, more with -v.
pub fn to_stderr(verbose: u8) {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter(verbose, "runcli=warn"))
        .with_writer(std::io::stderr)
        .try_init();
}

/// The console: `RUNCLI_LOG_FILE`, else `.runcli/runcli.log` in the project.
/// When the file cannot be opened, nothing is logged rather than drawing
/// over the console.
pub fn to_file(root: &Path, verbose: u8) {
    let path = std::env::var_os("RUNCLI_LOG_FILE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join(".runcli").join("runcli.log"));
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let Ok(file) = OpenOptions::new().create(true).append(true).open(&path) else {
        return;
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter(verbose, "runcli=info"))
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init();
}
