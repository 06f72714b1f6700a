//! `[keys]`: the project's remaps of the console's actions.
//!
//! A remap names an action and a key: global actions (`quit`, `help`, the
//! pane letters `pane.server` ...) sit in `[keys]` itself, a pane's own
//! actions in `[keys.PANE]`; TOML makes `[keys.logs] search = "ctrl-f"`,
//! `[keys] logs.search = "ctrl-f"` and `[keys] "logs.search" = "ctrl-f"`
//! the same remap, so all three are accepted. Remaps are checked when the
//! manifest loads (unknown action, bad key, a key two reachable actions
//! would share), each error at the remap's line and column; the action
//! names and default keys are the console's own (`crate::app::keymap`).

use std::path::Path;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::error::{Location, ProjectError};
use super::position::{Seg, dotted, locate};
use crate::app::keymap::KeyMap;

/// One remap as written: an action's name and a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remap {
    pub action: String,
    pub key: String,
}

/// `[keys]`, in the file's order, already checked against the actions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeysSection {
    remaps: Vec<Remap>,
}

impl Serialize for KeysSection {
    /// Flat, `"logs.search" = "ctrl-f"`: reads back as the same remaps.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.remaps.len()))?;
        for remap in &self.remaps {
            map.serialize_entry(&remap.action, &remap.key)?;
        }
        map.end()
    }
}

impl KeysSection {
    /// Reads and checks a written `[keys]` table; `src` and `path` place errors.
    pub fn read(table: &toml::Table, src: &str, path: &Path) -> Result<KeysSection, ProjectError> {
        let mut written = Vec::new();
        flatten(
            table,
            &mut vec!["keys".to_string()],
            &mut written,
            src,
            path,
        )?;
        let remaps = written
            .iter()
            .map(|(r, _)| (r.action.as_str(), r.key.as_str()));
        if let Err((i, error)) = KeyMap::with_remaps(remaps) {
            let segs = &written[i].1;
            return Err(invalid(segs, error, src, path));
        }
        Ok(KeysSection {
            remaps: written.into_iter().map(|(r, _)| r).collect(),
        })
    }

    pub fn is_empty(&self) -> bool {
        self.remaps.is_empty()
    }

    pub fn remaps(&self) -> &[Remap] {
        &self.remaps
    }

    /// The console's key map with these remaps; they were checked on load,
    /// so the default map is only a stand-in for a section built by hand.
    pub fn keymap(&self) -> KeyMap {
        KeyMap::with_remaps(
            self.remaps
                .iter()
                .map(|r| (r.action.as_str(), r.key.as_str())),
        )
        .unwrap_or_default()
    }
}

/// A remap and the key path it was written at.
type Written = (Remap, Vec<String>);

fn flatten(
    table: &toml::Table,
    at: &mut Vec<String>,
    out: &mut Vec<Written>,
    src: &str,
    path: &Path,
) -> Result<(), ProjectError> {
    for (name, value) in table {
        at.push(name.clone());
        match value {
            toml::Value::String(key) => out.push((
                Remap {
                    action: at[1..].join("."),
                    key: key.clone(),
                },
                at.clone(),
            )),
            toml::Value::Table(inner) => flatten(inner, at, out, src, path)?,
            _ => {
                return Err(invalid(
                    at,
                    "a key is a string, such as \"ctrl-r\", \"F5\" or \"x\"",
                    src,
                    path,
                ));
            }
        }
        at.pop();
    }
    Ok(())
}

fn invalid(at: &[String], message: impl std::fmt::Display, src: &str, path: &Path) -> ProjectError {
    let segs: Vec<Seg<'_>> = at.iter().map(|s| Seg::Key(s)).collect();
    ProjectError::Invalid {
        at: Location {
            path: path.to_path_buf(),
            pos: locate(src, &segs),
        },
        message: format!("{}: {message}", dotted(&segs)),
    }
}
