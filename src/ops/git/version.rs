//! Finding and raising the `N.N.N` inside a version string. Pure.

use std::fmt;

/// Which part of the version a bump raises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BumpKind {
    /// `X.Y.Z` -> `X.Y.(Z+1)`
    Patch,
    /// `X.Y.Z` -> `X.(Y+1).0`
    Minor,
}

impl fmt::Display for BumpKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BumpKind::Patch => "patch",
            BumpKind::Minor => "minor",
        })
    }
}

/// The first `N.N.N` of a string and the byte range it covers, so it can
/// be replaced without touching what surrounds it (`v1.2.3-rc1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionSpan {
    pub start: usize,
    pub end: usize,
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

/// A version string before and after a bump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bumped {
    /// The whole string as it was (`v1.2.3-rc1`).
    pub old_value: String,
    /// The whole string with only its `N.N.N` raised (`v1.2.4-rc1`).
    pub new_value: String,
    /// The `N.N.N` as it was (`1.2.3`).
    pub old: String,
    /// The raised `N.N.N` (`1.2.4`): the history entry's and the tag's version.
    pub new: String,
}

/// The first run of `digits.digits.digits` in `text`, digits runs taken
/// whole (so `10.20.30` is never read as `0.20.30`).
pub fn find_version(text: &str) -> Option<VersionSpan> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let starts_run = bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit());
        if starts_run && let Some(span) = version_at(bytes, i) {
            return Some(span);
        }
        i += 1;
    }
    None
}

/// Raises the first `N.N.N` of `value`; `None` when it holds none.
pub fn bump(value: &str, kind: BumpKind) -> Option<Bumped> {
    let span = find_version(value)?;
    let (major, minor, patch) = match kind {
        BumpKind::Patch => (span.major, span.minor, span.patch.checked_add(1)?),
        BumpKind::Minor => (span.major, span.minor.checked_add(1)?, 0),
    };
    let new = format!("{major}.{minor}.{patch}");
    Some(Bumped {
        old_value: value.to_string(),
        new_value: format!("{}{new}{}", &value[..span.start], &value[span.end..]),
        old: value[span.start..span.end].to_string(),
        new,
    })
}

fn version_at(bytes: &[u8], start: usize) -> Option<VersionSpan> {
    let (major, i) = number_at(bytes, start)?;
    let i = dot_at(bytes, i)?;
    let (minor, i) = number_at(bytes, i)?;
    let i = dot_at(bytes, i)?;
    let (patch, end) = number_at(bytes, i)?;
    Some(VersionSpan {
        start,
        end,
        major,
        minor,
        patch,
    })
}

fn number_at(bytes: &[u8], start: usize) -> Option<(u64, usize)> {
    let len = bytes[start..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if len == 0 {
        return None;
    }
    let digits = std::str::from_utf8(&bytes[start..start + len]).ok()?;
    Some((digits.parse().ok()?, start + len))
}

fn dot_at(bytes: &[u8], i: usize) -> Option<usize> {
    (bytes.get(i) == Some(&b'.')).then_some(i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patch_and_minor() {
        let p = bump("1.2.3", BumpKind::Patch).unwrap();
        assert_eq!((p.new_value.as_str(), p.new.as_str()), ("1.2.4", "1.2.4"));
        let m = bump("1.2.3", BumpKind::Minor).unwrap();
        assert_eq!((m.new_value.as_str(), m.old.as_str()), ("1.3.0", "1.2.3"));
    }

    #[test]
    fn first_version_inside_a_longer_string() {
        let b = bump("v1.2.3-rc1 (build 4.5.6)", BumpKind::Patch).unwrap();
        assert_eq!(b.new_value, "v1.2.4-rc1 (build 4.5.6)");
        assert_eq!(b.new, "1.2.4");
    }

    #[test]
    fn digit_runs_are_taken_whole() {
        let span = find_version("x10.20.30.40").unwrap();
        assert_eq!((span.start, span.major, span.patch), (1, 10, 30));
        assert_eq!(
            bump("1.2 then 3.4.5", BumpKind::Minor).unwrap().new,
            "3.5.0"
        );
    }

    #[test]
    fn no_version() {
        assert_eq!(find_version("1.2"), None);
        assert_eq!(find_version("a.b.c"), None);
        assert_eq!(bump("", BumpKind::Patch), None);
        assert_eq!(
            bump("99999999999999999999.1.1 and 1.1.1", BumpKind::Patch)
                .unwrap()
                .new,
            "1.1.2"
        );
    }
}
