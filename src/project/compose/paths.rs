//! Relative paths of compose files resolved the way compose does: from the
//! project folder (the first compose file's folder), `~` from `HOME`, and
//! `.`/`..` folded so the engine gets a clean absolute path.

use std::path::{Component, Path, PathBuf};

use super::interpolate::Lookup;

/// The variables `~` is read from, first set wins. Windows usually has no
/// HOME, so there `~` falls back to USERPROFILE, as compose does.
#[cfg(windows)]
const HOME_VARS: [&str; 2] = ["HOME", "USERPROFILE"];
#[cfg(not(windows))]
const HOME_VARS: [&str; 1] = ["HOME"];

/// `path` made absolute against `base`, `~` expanded, `.` and `..` folded.
/// `None` when it starts with `~` and `HOME` is unset.
pub fn resolve(base: &Path, path: &str, lookup: Lookup<'_>) -> Option<PathBuf> {
    let expanded = match path.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with(std::path::is_separator) => {
            let home = HOME_VARS.iter().find_map(|key| lookup(key))?;
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
        let last = |k: &str| (k == HOME_VARS[HOME_VARS.len() - 1]).then(|| "/h".to_string());
        assert_eq!(resolve(base, "~/d", &last), Some(PathBuf::from("/h/d")));
        assert_eq!(
            resolve(base, "~x", &none),
            Some(PathBuf::from("/p/proj/~x"))
        );
    }
}
