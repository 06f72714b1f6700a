//! `runcli init`: writes runcli.toml and the `__run_cli` wrappers into a
//! project, never replacing a file that is already there.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::ProjectError;
use super::manifest::{EMBEDDED_MANIFEST, MANIFEST_FILE};

const WRAPPER_SH: &str = include_str!("../../assets/wrappers/__run_cli.sh");
const WRAPPER_BAT: &str = include_str!("../../assets/wrappers/__run_cli.bat");

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitOutcome {
    Written,
    /// It existed; left as it was.
    Kept,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitFile {
    pub path: PathBuf,
    pub outcome: InitOutcome,
}

/// The files `init` considered, in the order it wrote them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitReport {
    pub files: Vec<InitFile>,
}

/// Writes runcli.toml, `__run_cli.sh` (executable) and `__run_cli.bat`
/// (CRLF, as cmd.exe expects) into `root`, keeping existing files.
pub fn init(root: &Path) -> Result<InitReport, ProjectError> {
    if !root.is_dir() {
        return Err(ProjectError::Io {
            action: "initialize",
            path: root.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "not a folder; create it first or pass the project's root folder",
            ),
        });
    }
    let bat = WRAPPER_BAT.replace("\r\n", "\n").replace('\n', "\r\n");
    let files = [
        (MANIFEST_FILE, EMBEDDED_MANIFEST, false),
        ("__run_cli.sh", WRAPPER_SH, true),
        ("__run_cli.bat", bat.as_str(), false),
    ];
    let mut report = InitReport { files: Vec::new() };
    for (name, text, executable) in files {
        let path = root.join(name);
        let outcome = write_new(&path, text, executable)?;
        report.files.push(InitFile { path, outcome });
    }
    Ok(report)
}

/// Creates `path` only if it does not exist (atomically: no race with
/// another writer turns into an overwrite).
fn write_new(path: &Path, text: &str, executable: bool) -> Result<InitOutcome, ProjectError> {
    let io_error = |source| ProjectError::Io {
        action: "write",
        path: path.to_path_buf(),
        source,
    };
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if executable {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o755);
    }
    #[cfg(not(unix))]
    let _ = executable;
    let mut file = match options.open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(InitOutcome::Kept),
        Err(e) => return Err(io_error(e)),
    };
    file.write_all(text.as_bytes()).map_err(io_error)?;
    #[cfg(unix)]
    if executable {
        // The umask may have dropped bits of the mode given at creation.
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).map_err(io_error)?;
    }
    Ok(InitOutcome::Written)
}
