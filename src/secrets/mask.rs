//! Masked values, previews and diffs: what a person may see of a secret.
//!
//! A value never leaves this module unmasked through `Display`, `Debug` or
//! `Serialize`. Only `reveal`, which needs the variable's name, hands one
//! value out, so a screen shows a secret only when the user asked for that
//! key.
//!
//! The mask: an empty value reads `(empty)`; a value under 16 characters is
//! all bullets, so booleans, hosts and short passwords give nothing away; a
//! longer one (URLs, tokens) shows its first two characters and its length,
//! enough to tell a `postgresql://` URL from an `https://` one.

use std::fmt;
use std::path::PathBuf;

use serde::{Serialize, Serializer};

/// Values shorter than this are fully masked.
const SHOW_PREFIX_FROM: usize = 16;
const BULLETS: &str = "••••••";

/// A secret value that prints masked.
#[derive(Clone, PartialEq, Eq)]
pub struct Masked(String);

impl Masked {
    pub fn new(value: impl Into<String>) -> Self {
        Masked(value.into())
    }

    /// The mask shown in place of the value.
    pub fn masked(&self) -> String {
        let len = self.0.chars().count();
        if len == 0 {
            "(empty)".to_string()
        } else if len < SHOW_PREFIX_FROM {
            BULLETS.to_string()
        } else {
            let prefix: String = self.0.chars().take(2).collect();
            format!("{prefix}{BULLETS} ({len} chars)")
        }
    }

    fn value(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Masked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl fmt::Debug for Masked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Masked({})", self.masked())
    }
}

impl Serialize for Masked {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.masked())
    }
}

/// One variable of a compiled output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreviewEntry {
    pub key: String,
    pub value: Masked,
}

/// The variables a target compiles to, masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Preview {
    pub target: String,
    pub entries: Vec<PreviewEntry>,
}

impl Preview {
    pub(crate) fn new(target: &str, vars: &[(String, String)]) -> Self {
        Preview {
            target: target.to_string(),
            entries: vars
                .iter()
                .map(|(key, value)| PreviewEntry {
                    key: key.clone(),
                    value: Masked::new(value.clone()),
                })
                .collect(),
        }
    }

    /// The value of one named variable, unmasked.
    pub fn reveal(&self, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|e| e.key == key)
            .map(|e| e.value.value())
    }
}

impl fmt::Display for Preview {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.target)?;
        for entry in &self.entries {
            writeln!(f, "  {} = {}", entry.key, entry.value)?;
        }
        Ok(())
    }
}

/// How a variable changes when an output is compiled again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
    Changed,
    Unchanged,
}

impl Change {
    /// One-character marker, as in `git diff --stat`-like listings.
    pub fn marker(self) -> char {
        match self {
            Change::Added => '+',
            Change::Removed => '-',
            Change::Changed => '~',
            Change::Unchanged => ' ',
        }
    }
}

/// One variable of a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffEntry {
    pub key: String,
    pub change: Change,
    /// In the file on disk.
    pub old: Option<Masked>,
    /// In the compiled output.
    pub new: Option<Masked>,
}

/// Both sides of one variable, unmasked: only from `Diff::reveal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revealed<'a> {
    pub key: &'a str,
    pub old: Option<&'a str>,
    pub new: Option<&'a str>,
}

/// A compiled output against the file on disk, by variable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diff {
    pub target: String,
    pub path: PathBuf,
    /// Whether the file exists yet.
    pub exists: bool,
    /// Compiled variables in output order, then removed ones in file order.
    pub entries: Vec<DiffEntry>,
}

impl Diff {
    pub(crate) fn new(
        target: &str,
        path: PathBuf,
        old: Option<&[(String, String)]>,
        new: &[(String, String)],
    ) -> Self {
        let old_vars = old.unwrap_or_default();
        let find = |vars: &[(String, String)], key: &str| {
            vars.iter()
                .rev()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        };
        let mut entries: Vec<DiffEntry> = Vec::new();
        for (key, value) in new {
            if entries.iter().any(|e| &e.key == key) {
                continue;
            }
            let value = find(new, key).unwrap_or_else(|| value.clone());
            let before = find(old_vars, key);
            let change = match &before {
                None => Change::Added,
                Some(b) if *b == value => Change::Unchanged,
                Some(_) => Change::Changed,
            };
            entries.push(DiffEntry {
                key: key.clone(),
                change,
                old: before.map(Masked::new),
                new: Some(Masked::new(value)),
            });
        }
        for (key, _) in old_vars {
            if entries.iter().any(|e| &e.key == key) {
                continue;
            }
            entries.push(DiffEntry {
                key: key.clone(),
                change: Change::Removed,
                old: find(old_vars, key).map(Masked::new),
                new: None,
            });
        }
        Diff {
            target: target.to_string(),
            path,
            exists: old.is_some(),
            entries,
        }
    }

    /// True when compiling would change the file.
    pub fn has_changes(&self) -> bool {
        !self.exists || self.entries.iter().any(|e| e.change != Change::Unchanged)
    }

    /// Both sides of one named variable, unmasked.
    pub fn reveal(&self, key: &str) -> Option<Revealed<'_>> {
        self.entries
            .iter()
            .find(|e| e.key == key)
            .map(|e| Revealed {
                key: &e.key,
                old: e.old.as_ref().map(Masked::value),
                new: e.new.as_ref().map(Masked::value),
            })
    }
}

impl fmt::Display for Diff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = if self.exists { "" } else { " (new file)" };
        writeln!(f, "{} -> {}{state}", self.target, self.path.display())?;
        for e in &self.entries {
            let mask = |m: &Option<Masked>| m.as_ref().map(Masked::masked).unwrap_or_default();
            let detail = match e.change {
                Change::Added | Change::Unchanged => mask(&e.new),
                Change::Removed => mask(&e.old),
                Change::Changed => format!("{} -> {}", mask(&e.old), mask(&e.new)),
            };
            writeln!(f, "{} {} {detail}", e.change.marker(), e.key)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_by_length() {
        assert_eq!(Masked::new("").masked(), "(empty)");
        assert_eq!(Masked::new("True").masked(), BULLETS);
        assert_eq!(
            Masked::new("postgresql://u:p@db/x").masked(),
            format!("po{BULLETS} (21 chars)")
        );
    }
}
