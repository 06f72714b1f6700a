//! `[commands.<name>]`: the project's own commands, run from the console's
//! palette or as `runcli run NAME [ARGS...]`. A command runs in one place:
//! a one-off container of a compose service (`service`), the service's
//! running container (`exec`), the host in the project root (`host`), or it
//! starts a server profile (`profile`, for a quick start). This is the pure
//! description both faces list and hand to `ops::commands`; the manifest's
//! validation makes sure exactly one place is given.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::placeholder::{self, PlaceholderIssue};

/// One `[commands.<name>]` table, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectCommand {
    /// One line for `runcli run --list` and the palette.
    #[serde(default)]
    pub description: String,
    /// A single character that runs the command from the console.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Run as a one-off container of this compose service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Run inside this compose service's running container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exec: Option<String>,
    /// Run on the host, in the project root.
    #[serde(default, skip_serializing_if = "is_false")]
    pub host: bool,
    /// Start this server profile (detached) instead of running a command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// With `profile`: open the profile's URL once it is up.
    #[serde(default, skip_serializing_if = "is_false")]
    pub open_url: bool,
    /// The argument list; `{name}` placeholders take the values of `args`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<Vec<String>>,
    /// Several argument lists run in order, stopping at the first that
    /// exits non-zero (instead of `command`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commands: Option<Vec<Vec<String>>>,
    /// Names of the values the user types after the command's name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
    /// Extra environment of the command.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub env: BTreeMap<String, String>,
    /// Destructive: the console asks first, headless needs `--yes`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub confirm: bool,
    /// A file (relative to the root) the command needs; without it the
    /// command is refused with a message naming the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires: Option<String>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// Where a command runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place<'a> {
    /// A one-off container of the service.
    Service(&'a str),
    /// The service's running container.
    Exec(&'a str),
    /// The host, in the project root.
    Host,
    /// Starts the server profile.
    Profile(&'a str),
}

impl<'a> Place<'a> {
    /// `service`, `exec`, `host` or `profile`: the manifest key that says it.
    pub fn kind(&self) -> &'static str {
        match self {
            Place::Service(_) => "service",
            Place::Exec(_) => "exec",
            Place::Host => "host",
            Place::Profile(_) => "profile",
        }
    }

    /// The service or profile named, if any.
    pub fn target(&self) -> Option<&'a str> {
        match *self {
            Place::Service(name) | Place::Exec(name) | Place::Profile(name) => Some(name),
            Place::Host => None,
        }
    }
}

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.target() {
            Some(target) => write!(f, "{} {target}", self.kind()),
            None => f.write_str(self.kind()),
        }
    }
}

/// Why the user's values do not fit a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgsIssue {
    /// Too few or too many values.
    Count { expected: usize, given: usize },
    /// A template that does not fill (only for an unvalidated command).
    Placeholder(PlaceholderIssue),
}

impl fmt::Display for ArgsIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgsIssue::Count { expected: 0, given } => {
                write!(f, "it takes no arguments, {given} given")
            }
            ArgsIssue::Count { expected, given } => write!(
                f,
                "it takes {expected} argument{}, {given} given",
                if *expected == 1 { "" } else { "s" }
            ),
            ArgsIssue::Placeholder(issue) => issue.fmt(f),
        }
    }
}

impl ProjectCommand {
    /// Every place the table names; a valid command names exactly one.
    pub fn places(&self) -> Vec<Place<'_>> {
        let mut out = Vec::new();
        if let Some(service) = &self.service {
            out.push(Place::Service(service));
        }
        if let Some(service) = &self.exec {
            out.push(Place::Exec(service));
        }
        if self.host {
            out.push(Place::Host);
        }
        if let Some(profile) = &self.profile {
            out.push(Place::Profile(profile));
        }
        out
    }

    /// Where the command runs; `None` unless exactly one place is named.
    pub fn place(&self) -> Option<Place<'_>> {
        match self.places().as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// The `key` as a character, when it is exactly one.
    pub fn key_char(&self) -> Option<char> {
        let key = self.key.as_deref()?;
        let mut chars = key.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        }
    }

    /// The argument lists as written: `command`, then `commands`.
    pub fn argvs(&self) -> Vec<&[String]> {
        let mut out: Vec<&[String]> = Vec::new();
        if let Some(argv) = &self.command {
            out.push(argv);
        }
        if let Some(many) = &self.commands {
            out.extend(many.iter().map(Vec::as_slice));
        }
        out
    }

    /// How to call it: `runcli run NAME <path> <message>`.
    pub fn usage(&self, name: &str) -> String {
        let mut out = format!("runcli run {name}");
        for arg in &self.args {
            out.push_str(&format!(" <{arg}>"));
        }
        out
    }

    /// The argument lists with the user's `values` in place of the
    /// placeholders, one value per name of `args`, in order. A value stays
    /// one argument whatever it holds.
    pub fn fill(&self, values: &[String]) -> Result<Vec<Vec<String>>, ArgsIssue> {
        if values.len() != self.args.len() {
            return Err(ArgsIssue::Count {
                expected: self.args.len(),
                given: values.len(),
            });
        }
        let by_name: BTreeMap<&str, &str> = self
            .args
            .iter()
            .map(String::as_str)
            .zip(values.iter().map(String::as_str))
            .collect();
        self.argvs()
            .into_iter()
            .map(|argv| placeholder::fill(argv, &by_name).map_err(ArgsIssue::Placeholder))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn fills_values_by_position_and_counts_them() {
        let cmd = ProjectCommand {
            host: true,
            command: Some(strings(&["greet", "{who}", "--as={role}"])),
            args: strings(&["who", "role"]),
            ..ProjectCommand::default()
        };
        assert_eq!(cmd.place(), Some(Place::Host));
        assert_eq!(
            cmd.fill(&strings(&["a b", "admin"])),
            Ok(vec![strings(&["greet", "a b", "--as=admin"])])
        );
        assert_eq!(
            cmd.fill(&strings(&["x"])),
            Err(ArgsIssue::Count {
                expected: 2,
                given: 1
            })
        );
        assert_eq!(cmd.usage("hi"), "runcli run hi <who> <role>");
    }

    #[test]
    fn two_places_make_no_place_and_keys_are_single_characters() {
        let cmd = ProjectCommand {
            service: Some("api".into()),
            exec: Some("api".into()),
            key: Some("ab".into()),
            ..ProjectCommand::default()
        };
        assert_eq!(cmd.places().len(), 2);
        assert_eq!(cmd.place(), None);
        assert_eq!(cmd.key_char(), None);
        let one = ProjectCommand {
            key: Some("0".into()),
            ..ProjectCommand::default()
        };
        assert_eq!(one.key_char(), Some('0'));
        assert_eq!(Place::Exec("api").to_string(), "exec api");
    }
}
