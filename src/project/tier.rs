//! `[tests]`: test tiers run as one-shot containers of a compose service.
//! `[tests] all` lists the tiers `runcli test run all` runs, in order; every
//! other key is a tier, `[tests.<tier>]`.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::ProjectError;
use super::ordered::Ordered;
use super::placeholder::{self, PlaceholderIssue};

/// The `[tests]` section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TestsSection {
    /// Tiers of `runcli test run all`, in order.
    pub all: Vec<String>,
    /// Tier name to tier, in the file's order.
    pub tiers: Ordered<TestTier>,
}

/// One test tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestTier {
    #[serde(default)]
    pub description: String,
    /// Compose service whose container runs the commands.
    pub service: String,
    /// Commands run in order in one-shot containers; the tier fails at the
    /// first that exits non-zero. Placeholders: the tier's `args`,
    /// `{report}`, and the `[locust]` settings.
    pub commands: Vec<Vec<String>>,
    /// Names of values the user must give (`runcli test run module PATH`).
    #[serde(default)]
    pub args: Vec<String>,
    /// Services that must be up and healthy first.
    #[serde(default)]
    pub needs: Vec<String>,
    /// Extra environment of the test container (wins over `env_from_secrets`).
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    /// Environment taken from a target of the secrets values file.
    #[serde(default)]
    pub env_from_secrets: BTreeMap<String, SecretRef>,
    /// JUnit XML the commands write, relative to the root (`{report}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<String>,
    /// Compose files of this tier; `[compose] files` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compose_files: Option<Vec<String>>,
    /// Headless locust settings of a load tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locust: Option<LocustSettings>,
}

/// A value of the secrets values file: `target` entry, `key` field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretRef {
    /// e.g. `api-staging`
    pub target: String,
    /// e.g. `api_host`
    pub key: String,
}

/// `locust --headless` settings, offered to the commands as placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocustSettings {
    /// `{users}`: peak number of simulated users.
    pub users: u32,
    /// `{spawn_rate}`: users started per second.
    pub spawn_rate: u32,
    /// `{run_time}`: e.g. `1m`, `30s`.
    pub run_time: String,
    /// `{csv}`: prefix of locust's CSV statistics, relative to the root.
    pub csv: String,
}

impl TestTier {
    /// Placeholder names the commands may use.
    pub fn known_placeholders(&self) -> Vec<String> {
        let mut known = self.args.clone();
        if self.report.is_some() {
            known.push("report".into());
        }
        if self.locust.is_some() {
            known.extend(["users", "spawn_rate", "run_time", "csv"].map(String::from));
        }
        known
    }

    /// The commands with every placeholder filled; `args` holds the
    /// user's values by name. `tier` names the tier in errors.
    pub fn commands_for(
        &self,
        tier: &str,
        args: &BTreeMap<String, String>,
    ) -> Result<Vec<Vec<String>>, ProjectError> {
        let mut values: BTreeMap<&str, String> = BTreeMap::new();
        if let Some(report) = &self.report {
            values.insert("report", report.clone());
        }
        if let Some(l) = &self.locust {
            values.insert("users", l.users.to_string());
            values.insert("spawn_rate", l.spawn_rate.to_string());
            values.insert("run_time", l.run_time.clone());
            values.insert("csv", l.csv.clone());
        }
        for name in &self.args {
            match args.get(name) {
                Some(value) => values.insert(name.as_str(), value.clone()),
                None => {
                    return Err(ProjectError::Placeholder {
                        context: format!("test tier {tier}"),
                        message: format!(
                            "it needs the argument `{name}`; give it after the tier name"
                        ),
                    });
                }
            };
        }
        let values: BTreeMap<&str, &str> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.commands
            .iter()
            .map(|argv| {
                placeholder::fill(argv, &values).map_err(|issue| ProjectError::Placeholder {
                    context: format!("tests.{tier}.commands"),
                    message: match issue {
                        PlaceholderIssue::Missing(name) => {
                            format!("no value for `{{{name}}}`; add `{name}` to the tier's args")
                        }
                        other => other.to_string(),
                    },
                })
            })
            .collect()
    }
}

impl Serialize for TestsSection {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.tiers.len() + 1))?;
        map.serialize_entry("all", &self.all)?;
        for (name, tier) in &self.tiers {
            map.serialize_entry(name, tier)?;
        }
        map.end()
    }
}

/// Hand-written so that errors inside a tier keep their position (a
/// `#[serde(flatten)]` map would buffer the values and lose it).
impl<'de> Deserialize<'de> for TestsSection {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SectionVisitor;

        impl<'de> Visitor<'de> for SectionVisitor {
            type Value = TestsSection;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table of test tiers and an optional `all` list")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut section = TestsSection::default();
                while let Some(key) = map.next_key::<String>()? {
                    if key == "all" {
                        section.all = map.next_value()?;
                    } else {
                        let tier = map.next_value::<TestTier>()?;
                        section.tiers.insert(key, tier);
                    }
                }
                Ok(section)
            }
        }

        deserializer.deserialize_map(SectionVisitor)
    }
}
