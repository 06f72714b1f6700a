//! `[commands]` checks: one place per command, a single-character key used
//! once and free in every pane (not a navigation key, not a pane letter,
//! `?`, `q` or `:`, which would always win over it), a profile that
//! exists, and argument lists whose placeholders are exactly the
//! command's `args`.

use super::Checker;
use crate::app::Key;
use crate::app::keymap::{KeyMap, Scope, is_fixed};
use crate::project::command::{Place, ProjectCommand};
use crate::project::error::ProjectError;
use crate::project::manifest::Manifest;
use crate::project::placeholder;
use crate::project::position::Seg;

pub(super) fn check(c: &Checker<'_>, m: &Manifest) -> Result<(), ProjectError> {
    let mut keys: Vec<(&str, &str)> = Vec::new();
    let keymap = m.keys.keymap();
    for (name, cmd) in &m.commands {
        let at = |key: &'static str| [Seg::Key("commands"), Seg::Key(name), Seg::Key(key)];
        let places = cmd.places();
        let place = match places.as_slice() {
            [] => {
                return Err(c.fail(
                    &[Seg::Key("commands"), Seg::Key(name)],
                    "says nowhere to run; give `service = \"NAME\"`, `exec = \"NAME\"`, \
                     `host = true` or `profile = \"NAME\"`",
                ));
            }
            [one] => *one,
            [first, second, ..] => {
                return Err(c.fail(
                    &at(second.kind()),
                    format!(
                        "give only one of service, exec, host and profile; this command has \
                         `{}` and `{}`",
                        first.kind(),
                        second.kind()
                    ),
                ));
            }
        };
        for (key, value) in [("service", &cmd.service), ("exec", &cmd.exec)] {
            if value.as_ref().is_some_and(|v| v.trim().is_empty()) {
                return Err(c.fail(&at(key), "names no service"));
            }
        }
        if let Some(key) = &cmd.key {
            let Some(ch) = cmd.key_char() else {
                return Err(c.fail(&at("key"), format!("`{key}` is not a single character")));
            };
            if let Some(taken) = taken_everywhere(&keymap, ch) {
                return Err(c.fail(&at("key"), taken));
            }
            if let Some((other, _)) = keys.iter().find(|(_, k)| k == key) {
                return Err(c.fail(
                    &at("key"),
                    format!("`{key}` is already the key of command `{other}`"),
                ));
            }
            keys.push((name, key));
        }
        if let Some(path) = &cmd.requires
            && path.trim().is_empty()
        {
            return Err(c.fail(&at("requires"), "names no file"));
        }
        if let Place::Profile(profile) = place {
            check_profile_command(c, m, name, cmd, profile)?;
        } else {
            check_argv_command(c, name, cmd)?;
        }
    }
    Ok(())
}

/// Why a command on key `ch` could never run from the console: the key
/// navigates or answers in every pane, or a global action is on it.
fn taken_everywhere(keymap: &KeyMap, ch: char) -> Option<String> {
    let key = Key::Char(ch);
    if is_fixed(key) {
        return Some(format!(
            "`{ch}` navigates or answers in every pane; pick another key"
        ));
    }
    keymap
        .entries()
        .find(|(action, k)| *k == key && action.scope == Scope::Global)
        .map(|(action, _)| {
            format!(
                "`{ch}` is the key of {}, which works in every pane; pick another key",
                action.name
            )
        })
}

/// A command that starts a profile runs no argument list of its own.
fn check_profile_command(
    c: &Checker<'_>,
    m: &Manifest,
    name: &str,
    cmd: &ProjectCommand,
    profile: &str,
) -> Result<(), ProjectError> {
    let at = |key: &'static str| [Seg::Key("commands"), Seg::Key(name), Seg::Key(key)];
    if !m.profiles.contains_key(profile) {
        let known: Vec<&str> = m.profiles.keys().map(String::as_str).collect();
        return Err(c.fail(
            &at("profile"),
            format!("no server profile `{profile}`; known: {}", known.join(", ")),
        ));
    }
    for (key, given) in [
        ("command", cmd.command.is_some()),
        ("commands", cmd.commands.is_some()),
        ("args", !cmd.args.is_empty()),
        ("env", !cmd.env.is_empty()),
    ] {
        if given {
            return Err(c.fail(
                &at(key),
                format!(
                    "does not apply to a command that starts a profile; set it in \
                     [profiles.{profile}] or remove it"
                ),
            ));
        }
    }
    Ok(())
}

/// A command that runs argument lists: exactly one of `command` and
/// `commands`, whose placeholders are the command's `args`, each used.
fn check_argv_command(
    c: &Checker<'_>,
    name: &str,
    cmd: &ProjectCommand,
) -> Result<(), ProjectError> {
    let at = |key: &'static str| [Seg::Key("commands"), Seg::Key(name), Seg::Key(key)];
    if cmd.open_url {
        return Err(c.fail(
            &at("open_url"),
            "only a command that starts a profile opens a URL; remove it or use `profile`",
        ));
    }
    for (i, arg) in cmd.args.iter().enumerate() {
        let segs = [
            Seg::Key("commands"),
            Seg::Key(name),
            Seg::Key("args"),
            Seg::Index(i),
        ];
        if arg.is_empty()
            || !arg
                .chars()
                .all(|ch| ch.is_alphanumeric() || ch == '_' || ch == '-')
        {
            return Err(c.fail(
                &segs,
                format!("`{arg}` is not an argument name; use letters, digits, `_` and `-`"),
            ));
        }
        if cmd.args[..i].contains(arg) {
            return Err(c.fail(&segs, format!("`{arg}` is named twice")));
        }
    }
    let allowed: Vec<&str> = cmd.args.iter().map(String::as_str).collect();
    match (&cmd.command, &cmd.commands) {
        (None, None) => {
            return Err(c.fail(
                &[Seg::Key("commands"), Seg::Key(name)],
                "runs nothing; give `command = [\"PROGRAM\", \"ARG\", ...]`",
            ));
        }
        (Some(_), Some(_)) => {
            return Err(c.fail(&at("commands"), "give `command` or `commands`, not both"));
        }
        (Some(argv), None) => c.argv(&at("command"), argv, &allowed)?,
        (None, Some(many)) => {
            if many.is_empty() {
                return Err(c.fail(&at("commands"), "no commands; give at least one"));
            }
            for (i, argv) in many.iter().enumerate() {
                let segs = [
                    Seg::Key("commands"),
                    Seg::Key(name),
                    Seg::Key("commands"),
                    Seg::Index(i),
                ];
                c.argv(&segs, argv, &allowed)?;
            }
        }
    }
    let argvs: Vec<Vec<String>> = cmd.argvs().into_iter().map(<[String]>::to_vec).collect();
    let used =
        placeholder::names(&argvs.concat()).map_err(|issue| c.fail(&at("command"), issue))?;
    if let Some((i, unused)) = cmd
        .args
        .iter()
        .enumerate()
        .find(|(_, arg)| !used.contains(arg))
    {
        return Err(c.fail(
            &[
                Seg::Key("commands"),
                Seg::Key(name),
                Seg::Key("args"),
                Seg::Index(i),
            ],
            format!("`{unused}` is not used; write `{{{unused}}}` in the command or remove it"),
        ));
    }
    Ok(())
}
