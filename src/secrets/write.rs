//! Writing an env file without ever leaving a half-written or world-readable
//! one behind.
//!
//! The new content goes to a temporary file in the same folder (mode 0600 on
//! unix), is flushed to disk, then renamed over the old file: readers see the
//! old file or the new one, never a mix, and a failure at any step leaves the
//! old file as it was. Before that, the old content is copied to
//! `<root>/.runcli/backups/<path>.<UTC timestamp>` (0600, in a 0700 folder
//! that ignores itself in git); the newest ten backups of each output are kept.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use tempfile::NamedTempFile;

use super::error::{Result, SecretsError};

/// Backups kept per output.
pub const BACKUPS_KEPT: usize = 10;
/// Where backups go, relative to the project root.
pub const BACKUP_DIR: &str = ".runcli/backups";

/// What a write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WriteStatus {
    Created,
    Updated,
    /// Same content already there; only the mode was enforced.
    Unchanged,
}

/// One output written by a compile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WrittenFile {
    pub target: String,
    /// Absolute path written.
    pub path: PathBuf,
    pub status: WriteStatus,
    /// Copy of the previous content, when there was one and it changed.
    pub backup: Option<PathBuf>,
}

/// Writes `contents` to `path` (absolute), backing up what was there.
pub(crate) fn write_env_file(
    root: &Path,
    path: &Path,
    contents: &str,
) -> Result<(WriteStatus, Option<PathBuf>)> {
    write_with(root, path, contents, |tmp, dest| {
        tmp.persist(dest).map(drop).map_err(|e| e.error)
    })
}

fn write_with(
    root: &Path,
    path: &Path,
    contents: &str,
    persist: impl FnOnce(NamedTempFile, &Path) -> io::Result<()>,
) -> Result<(WriteStatus, Option<PathBuf>)> {
    let write_err = |source: io::Error| SecretsError::Write {
        path: path.to_path_buf(),
        source,
    };
    let parent = path
        .parent()
        .ok_or_else(|| write_err(io::Error::other("the path has no folder")))?;
    fs::create_dir_all(parent).map_err(write_err)?;
    let previous = match fs::read(path) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(write_err(e)),
    };
    if previous.as_deref() == Some(contents.as_bytes()) {
        private(path).map_err(write_err)?;
        return Ok((WriteStatus::Unchanged, None));
    }
    let backup = match &previous {
        Some(bytes) => Some(backup(root, path, bytes)?),
        None => None,
    };
    replace(parent, path, contents.as_bytes(), persist).map_err(write_err)?;
    let status = if previous.is_some() {
        WriteStatus::Updated
    } else {
        WriteStatus::Created
    };
    Ok((status, backup))
}

/// Temp file in the same folder, flushed, renamed over `path`.
fn replace(
    parent: &Path,
    path: &Path,
    bytes: &[u8],
    persist: impl FnOnce(NamedTempFile, &Path) -> io::Result<()>,
) -> io::Result<()> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".runcli-")
        .suffix(".tmp")
        .tempfile_in(parent)?;
    private(tmp.path())?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    persist(tmp, path)?;
    // Make the rename itself durable; not every platform can sync a folder.
    if let Ok(dir) = fs::File::open(parent) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Copies the previous content into the backup folder.
fn backup(root: &Path, path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let dir = root.join(BACKUP_DIR);
    let stem = backup_stem(root, path);
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.6fZ");
    let mut target = dir.join(format!("{stem}.{stamp}"));
    let fail = |backup: &Path, source: io::Error| SecretsError::Backup {
        path: path.to_path_buf(),
        backup: backup.to_path_buf(),
        source,
    };
    prepare_backup_dir(&dir).map_err(|e| fail(&dir, e))?;
    let mut n = 1;
    let mut file = loop {
        match new_private_file(&target) {
            Ok(file) => break file,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 100 => {
                target = dir.join(format!("{stem}.{stamp}-{n}"));
                n += 1;
            }
            Err(e) => return Err(fail(&target, e)),
        }
    };
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| fail(&target, e))?;
    prune(&dir, &stem);
    Ok(target)
}

/// `client/.env.local` -> `client__.env.local`; outside the root, the file name.
fn backup_stem(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let rel = if rel.is_absolute() {
        Path::new(rel.file_name().unwrap_or_default())
    } else {
        rel
    };
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .filter(|c| c != "..")
        .collect::<Vec<_>>()
        .join("__")
}

fn prepare_backup_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        fs::write(&ignore, "# secrets backups: never commit\n*\n")?;
    }
    Ok(())
}

/// Drops the oldest backups of `stem` beyond `BACKUPS_KEPT`. Best effort.
fn prune(dir: &Path, stem: &str) {
    let prefix = format!("{stem}.");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.strip_prefix(&prefix)
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        })
        .collect();
    names.sort();
    let excess = names.len().saturating_sub(BACKUPS_KEPT);
    for name in &names[..excess] {
        let _ = fs::remove_file(dir.join(name));
    }
}

fn new_private_file(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Mode 0600 on unix; a no-op elsewhere.
fn private(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_rename_keeps_the_old_file_and_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("integration.env");
        fs::write(&path, "OLD=1\n").unwrap();
        let err = write_with(dir.path(), &path, "NEW=2\n", |_tmp, _dest| {
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert!(
            err.to_string().contains("previous file is unchanged"),
            "{err}"
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "OLD=1\n");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn backups_are_pruned_to_the_newest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.env");
        for i in 0..(BACKUPS_KEPT + 3) {
            write_env_file(dir.path(), &path, &format!("A={i}\n")).unwrap();
        }
        let kept = fs::read_dir(dir.path().join(BACKUP_DIR))
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with("a.env."))
            .count();
        assert_eq!(kept, BACKUPS_KEPT);
    }
}
