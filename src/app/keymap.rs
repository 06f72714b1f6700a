//! The console's remappable actions and the keys they are on.
//!
//! Each action has a stable name (`pane.server`, `logs.search`, `quit`), a
//! scope (everywhere, or one pane) and a default key: the key its pane's
//! handler matches on. A `[keys]` remap moves an action to another key;
//! dispatch turns the pressed key back into the action's default key
//! before any handler sees it, and the default key, when nothing else
//! claims it, does nothing. Help writes each action's effective key from
//! the same map, so the two cannot disagree.
//!
//! Navigation stays fixed (arrows, PgUp/PgDn, Home/End, j/k, Tab, Enter,
//! Esc, the prompts' Ctrl keys, Ctrl-C, and `y`/`n` in a question): those
//! keys mean the same in every list and cannot be taken by a remap.

pub use super::actions::{ACTIONS, Action, Scope, action, is_fixed, pane_name};
use super::key::Key;
use super::pane::Pane;

/// Why a set of remaps cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemapError {
    UnknownAction,
    BadKey(String),
    FixedKey(Key),
    /// Two actions that can both be reached in one pane share a key.
    Conflict {
        key: Key,
        other: &'static str,
    },
}

impl std::fmt::Display for RemapError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RemapError::UnknownAction => write!(
                f,
                "unknown action (`runcli keys` lists them; pane actions go in [keys.PANE])"
            ),
            RemapError::BadKey(text) => write!(
                f,
                "bad key \"{text}\" (write a character, \"shift-d\", \"ctrl-r\", \"F5\" or a key name)"
            ),
            RemapError::FixedKey(key) => write!(
                f,
                "key \"{key}\" is fixed (navigation, prompts and questions keep their keys)"
            ),
            RemapError::Conflict { key, other } => match action(other).map(|a| a.scope) {
                Some(Scope::Pane(pane)) => write!(
                    f,
                    "key \"{key}\" is already {other}'s, in the {} pane",
                    pane.title()
                ),
                _ => write!(
                    f,
                    "key \"{key}\" is already {other}'s, which works in every pane"
                ),
            },
        }
    }
}

/// The effective key of every action, parallel to [`ACTIONS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyMap {
    keys: Vec<Key>,
}

impl Default for KeyMap {
    /// The default keys: the old menu's letters and each pane's own.
    fn default() -> Self {
        KeyMap {
            keys: ACTIONS.iter().map(|a| a.default).collect(),
        }
    }
}

impl KeyMap {
    /// The default map with `remaps` (action name, key text) applied in
    /// order; the first that fails is returned with its index.
    pub fn with_remaps<'a>(
        remaps: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<KeyMap, (usize, RemapError)> {
        let mut map = KeyMap::default();
        let mut written = Vec::new();
        for (i, (name, text)) in remaps.into_iter().enumerate() {
            let index = ACTIONS
                .iter()
                .position(|a| a.name == name)
                .ok_or((i, RemapError::UnknownAction))?;
            let key = Key::parse(text).ok_or_else(|| (i, RemapError::BadKey(text.into())))?;
            if is_fixed(key) {
                return Err((i, RemapError::FixedKey(key)));
            }
            map.keys[index] = key;
            written.push((i, index));
        }
        // A conflict is reported at the remap that made it: the last one
        // written of the two actions involved.
        for (at, index) in written.iter().rev() {
            let a = &ACTIONS[*index];
            let key = map.keys[*index];
            let clash = ACTIONS
                .iter()
                .enumerate()
                .find(|(j, b)| j != index && map.keys[*j] == key && a.scope.meets(b.scope));
            if let Some((_, other)) = clash {
                return Err((
                    *at,
                    RemapError::Conflict {
                        key,
                        other: other.name,
                    },
                ));
            }
        }
        Ok(map)
    }

    /// The key `action` is on now.
    pub fn key_of(&self, action: &Action) -> Key {
        ACTIONS
            .iter()
            .position(|a| a.name == action.name)
            .map_or(action.default, |i| self.keys[i])
    }

    /// The key the action named `name` is on now (its default when no
    /// action has that name).
    pub fn key_named(&self, name: &str) -> Option<Key> {
        action(name).map(|a| self.key_of(a))
    }

    /// The key action `name` is on now, as a hint names it ("press M"), so
    /// a remapped action's hint names its new key.
    pub fn hint(&self, name: &str) -> String {
        self.key_named(name)
            .map_or_else(|| name.to_string(), |k| k.to_string())
    }

    /// The key that switches to `pane`: its menu letter unless remapped.
    pub fn pane_key(&self, pane: Pane) -> Key {
        let name = format!("pane.{}", pane_name(pane));
        self.key_named(&name).unwrap_or(Key::Char(pane.key()))
    }

    /// Every action with its effective key.
    pub fn entries(&self) -> impl Iterator<Item = (&'static Action, Key)> + '_ {
        ACTIONS.iter().zip(self.keys.iter().copied())
    }

    /// The key the handlers of `pane` know `pressed` as: an action's
    /// default key when `pressed` is on that action, `None` when `pressed`
    /// is the default key of an action moved elsewhere (it no longer
    /// acts), else `pressed` unchanged (fixed and unbound keys).
    pub fn translate(&self, pane: Pane, pressed: Key) -> Option<Key> {
        let here = |a: &Action| a.scope.meets(Scope::Pane(pane));
        if let Some((action, _)) = self.entries().find(|(a, k)| *k == pressed && here(a)) {
            return Some(action.default);
        }
        if self.entries().any(|(a, _)| a.default == pressed && here(a)) {
            return None;
        }
        Some(pressed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_map_has_unique_names_and_no_conflicts() {
        for (i, a) in ACTIONS.iter().enumerate() {
            assert!(!is_fixed(a.default) || a.name == "git.kind", "{}", a.name);
            let prefix = a.name.split('.').next().unwrap_or_default();
            if let Scope::Pane(pane) = a.scope {
                assert_eq!(prefix, pane_name(pane), "{}", a.name);
            }
            for b in &ACTIONS[i + 1..] {
                assert_ne!(a.name, b.name);
                assert!(
                    !(a.default == b.default && a.scope.meets(b.scope)),
                    "{} and {}",
                    a.name,
                    b.name
                );
            }
        }
        assert_eq!(KeyMap::with_remaps([]), Ok(KeyMap::default()));
    }

    #[test]
    fn remaps_move_keys_and_name_what_is_wrong() {
        let map = KeyMap::with_remaps([("logs.search", "ctrl-f")]);
        let map = map.unwrap_or_default();
        assert_eq!(
            map.translate(Pane::Logs, Key::Ctrl('f')),
            Some(Key::Char('/'))
        );
        assert_eq!(map.translate(Pane::Logs, Key::Char('/')), None);
        assert_eq!(
            map.translate(Pane::Server, Key::Char('/')),
            Some(Key::Char('/'))
        );
        assert_eq!(map.translate(Pane::Logs, Key::Down), Some(Key::Down));

        let err = |remaps: &[(&str, &str)]| KeyMap::with_remaps(remaps.iter().copied()).err();
        assert_eq!(
            err(&[("logs.serch", "x")]),
            Some((0, RemapError::UnknownAction))
        );
        assert_eq!(
            err(&[("quit", "Q"), ("help", "ctrl-")]),
            Some((1, RemapError::BadKey("ctrl-".into())))
        );
        assert_eq!(
            err(&[("quit", "j")]),
            Some((0, RemapError::FixedKey(Key::Char('j'))))
        );
        assert_eq!(
            err(&[("logs.search", "x")]),
            Some((
                0,
                RemapError::Conflict {
                    key: Key::Char('x'),
                    other: "pane.testing"
                }
            ))
        );
        assert_eq!(
            err(&[("logs.search", "n")]),
            Some((
                0,
                RemapError::Conflict {
                    key: Key::Char('n'),
                    other: "logs.next"
                }
            ))
        );
        // A key another pane uses is free: only reachable pairs conflict.
        assert!(err(&[("logs.search", "u")]).is_none());
        // Swapping two keys is fine once both are written.
        assert!(err(&[("logs.next", "N"), ("logs.previous", "n")]).is_none());
    }
}
