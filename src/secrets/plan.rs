//! Which target goes to which file, and whether that file may be written.

use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use super::error::{Result, SecretsError};

/// Why an output is planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutputKind {
    /// Listed under the environment in runcli.toml.
    Configured,
    /// A `frontend-<env>-<animal>` target of the environment.
    CodeName,
    /// `compile --all`: `<all_dir>/<target>.env`.
    All,
    /// A path the caller named explicitly.
    Explicit,
}

/// One file a compile writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedOutput {
    pub target: String,
    /// As configured: relative to the project root, or as named explicitly.
    pub path: PathBuf,
    pub kind: OutputKind,
}

/// The output of a code-name target: `pattern` with `{env}` and `{code}`
/// replaced (default `client/.env.{code}.local`).
pub(crate) fn code_name_path(pattern: &str, env: &str, code: &str) -> PathBuf {
    PathBuf::from(pattern.replace("{env}", env).replace("{code}", code))
}

/// The absolute path to write `path` to.
///
/// A configured path must stay inside the project root: no `..`, no absolute
/// path elsewhere, no symlinked folder leading out. An explicit path is the
/// caller's choice and is taken as given (relative to the root).
pub(crate) fn resolve(root: &Path, path: &Path, explicit: bool) -> Result<PathBuf> {
    let joined = root.join(path);
    if explicit {
        return Ok(joined);
    }
    let unsafe_path = |reason: &str| SecretsError::UnsafePath {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    if path.components().any(|c| c == Component::ParentDir) {
        return Err(unsafe_path(
            "`..` would leave the project root; name a path inside the project",
        ));
    }
    if path.is_absolute() && !path.starts_with(root) {
        return Err(unsafe_path(
            "it is outside the project root; name a path inside the project",
        ));
    }
    if path.file_name().is_none() {
        return Err(unsafe_path("it names no file"));
    }
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if let Some(parent) = joined.parent()
        && !canonical(parent).starts_with(&canonical_root)
    {
        return Err(unsafe_path(
            "a symlinked folder on the way leads outside the project root",
        ));
    }
    Ok(joined)
}

/// `path` with its longest existing prefix canonicalized (symlinks followed).
pub(crate) fn canonical(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut current = path.to_path_buf();
    loop {
        if let Ok(real) = current.canonicalize() {
            return rest.iter().rev().fold(real, |acc, part| acc.join(part));
        }
        match (current.file_name(), current.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                current = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_refused_unless_explicit() {
        let root = Path::new("/project");
        assert!(resolve(root, Path::new("../x.env"), false).is_err());
        assert!(resolve(root, Path::new("/etc/x.env"), false).is_err());
        assert_eq!(
            resolve(root, Path::new("../x.env"), true).unwrap(),
            Path::new("/project/../x.env")
        );
    }

    #[test]
    fn code_name_pattern() {
        assert_eq!(
            code_name_path("client/.env.{code}.local", "staging", "otter"),
            Path::new("client/.env.otter.local")
        );
    }
}
