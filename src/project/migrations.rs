//! `[migrations]`: Alembic commands run in the API service's container
//! against the project database. Defaults are Flask-Migrate's `flask db`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::error::ProjectError;
use super::placeholder::{self, PlaceholderIssue};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MigrationsSection {
    /// Service whose container runs the commands.
    pub service: String,
    /// Database service that must be up and healthy first.
    pub db_service: String,
    /// Compose files; `[compose] files` when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compose_files: Option<Vec<String>>,
    pub env: BTreeMap<String, String>,
    /// `{revision}` of `upgrade` when none is given.
    pub default_upgrade_revision: String,
    /// `{revision}` of `downgrade` when none is given.
    pub default_downgrade_revision: String,
    pub commands: MigrationCommands,
}

/// Argv templates; `upgrade`/`downgrade` may use `{revision}`, `new` `{message}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MigrationCommands {
    pub current: Vec<String>,
    pub history: Vec<String>,
    pub upgrade: Vec<String>,
    pub downgrade: Vec<String>,
    pub new: Vec<String>,
}

/// One migrations operation with its inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MigrationOp {
    Current,
    History,
    Upgrade { revision: Option<String> },
    Downgrade { revision: Option<String> },
    New { message: String },
}

impl MigrationOp {
    /// Key of the command under `[migrations.commands]`.
    pub fn key(&self) -> &'static str {
        match self {
            MigrationOp::Current => "current",
            MigrationOp::History => "history",
            MigrationOp::Upgrade { .. } => "upgrade",
            MigrationOp::Downgrade { .. } => "downgrade",
            MigrationOp::New { .. } => "new",
        }
    }

    /// Placeholders the command of this operation may use.
    pub fn placeholders(key: &str) -> &'static [&'static str] {
        match key {
            "upgrade" | "downgrade" => &["revision"],
            "new" => &["message"],
            _ => &[],
        }
    }
}

impl MigrationsSection {
    /// The argv of `op` with its placeholders filled.
    pub fn command(&self, op: &MigrationOp) -> Result<Vec<String>, ProjectError> {
        let c = &self.commands;
        let (template, values): (&Vec<String>, BTreeMap<&str, &str>) = match op {
            MigrationOp::Current => (&c.current, BTreeMap::new()),
            MigrationOp::History => (&c.history, BTreeMap::new()),
            MigrationOp::Upgrade { revision } => {
                let rev = revision
                    .as_deref()
                    .unwrap_or(&self.default_upgrade_revision);
                (&c.upgrade, BTreeMap::from([("revision", rev)]))
            }
            MigrationOp::Downgrade { revision } => {
                let rev = revision
                    .as_deref()
                    .unwrap_or(&self.default_downgrade_revision);
                (&c.downgrade, BTreeMap::from([("revision", rev)]))
            }
            MigrationOp::New { message } => {
                (&c.new, BTreeMap::from([("message", message.as_str())]))
            }
        };
        placeholder::fill(template, &values).map_err(|issue| ProjectError::Placeholder {
            context: format!("migrations.commands.{}", op.key()),
            message: match issue {
                PlaceholderIssue::Missing(name) => {
                    format!("`{{{name}}}` is not known here; remove it from runcli.toml")
                }
                other => other.to_string(),
            },
        })
    }
}

impl Default for MigrationsSection {
    fn default() -> Self {
        MigrationsSection {
            service: "api".into(),
            db_service: "db".into(),
            compose_files: None,
            env: BTreeMap::new(),
            default_upgrade_revision: "head".into(),
            default_downgrade_revision: "-1".into(),
            commands: MigrationCommands::default(),
        }
    }
}

impl Default for MigrationCommands {
    fn default() -> Self {
        let flask_db = |args: &[&str]| {
            ["flask", "db"]
                .iter()
                .chain(args)
                .map(|s| s.to_string())
                .collect()
        };
        MigrationCommands {
            current: flask_db(&["current"]),
            history: flask_db(&["history"]),
            upgrade: flask_db(&["upgrade", "{revision}"]),
            downgrade: flask_db(&["downgrade", "{revision}"]),
            new: flask_db(&["migrate", "-m", "{message}"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_commands_fill_revision_and_message() {
        let m = MigrationsSection::default();
        assert_eq!(
            m.command(&MigrationOp::Upgrade { revision: None }).ok(),
            Some(vec![
                "flask".into(),
                "db".into(),
                "upgrade".into(),
                "head".into()
            ])
        );
        assert_eq!(
            m.command(&MigrationOp::Downgrade {
                revision: Some("abc1".into())
            })
            .ok(),
            Some(vec![
                "flask".into(),
                "db".into(),
                "downgrade".into(),
                "abc1".into()
            ])
        );
        let new = m.command(&MigrationOp::New {
            message: "add a table".into(),
        });
        assert_eq!(
            new.ok().and_then(|v| v.last().cloned()),
            Some("add a table".into())
        );
    }
}
