//! Relative paths of compose files resolved the way compose does: from the
//! project folder (the first compose file's folder), `~` from `HOME`, and
//! `.`/`..` folded so the engine gets a clean absolute path.

use std::path::{Component, Path, PathBuf};

use super::interpolate::Lookup;

/// `path` made absolute against `base`, `~` expanded, `.` and `..` folded.
/// `None` when it starts with `~` and `HOME` is unset.
pub fn resolve(base: &Path, path: &str, lookup: Lookup<'_>) -> Option<PathBuf> {
    let expanded = match path.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => {
            let home = lookup("HOME")?;
            PathBuf::from(format!("{home}{rest}"))
        }
        _ => PathBuf::from(path),
    };
    let joined = if expanded.is_absolute() {
        expanded
    } else {
        base.join(expanded)
    };
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_and_expands() {
        let home = |k: &str| (k == "HOME").then(|| "/home/u".to_string());
        let none = |_: &str| None;
        let base = Path::new("/p/proj");
        assert_eq!(
            resolve(base, "./api", &home),
            Some(PathBuf::from("/p/proj/api"))
        );
        assert_eq!(
            resolve(base, "../x/./y", &home),
            Some(PathBuf::from("/p/x/y"))
        );
        assert_eq!(resolve(base, "/abs", &home), Some(PathBuf::from("/abs")));
        assert_eq!(
            resolve(base, "~/data", &home),
            Some(PathBuf::from("/home/u/data"))
        );
        assert_eq!(resolve(base, "~/data", &none), None);
        assert_eq!(
            resolve(base, "~x", &none),
            Some(PathBuf::from("/p/proj/~x"))
        );
    }
}
