//! `[profiles.<name>]`: how a server profile starts. A profile brings up
//! compose services, then runs one-off steps in a service's container (the
//! last may keep serving), and/or runs a standalone container built from a
//! Dockerfile (the notebook). Down and clean are actions, not profiles.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A server profile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// One line for `runcli server list` and the Server pane.
    #[serde(default)]
    pub description: String,
    /// Compose files of this profile; `[compose] files` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compose_files: Option<Vec<String>>,
    /// Take the project's containers down before starting (as the old menu did).
    #[serde(default)]
    pub down_first: bool,
    /// Secrets environment to compile before starting (a key of `[secrets.environments]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secrets: Option<String>,
    /// Compose services to bring up before the steps: `"all"` or a list.
    #[serde(default)]
    pub services: ServiceSelection,
    /// One-off runs in a service's container, in order.
    #[serde(default)]
    pub steps: Vec<RunStep>,
    /// A standalone container outside the compose files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<ContainerSpec>,
    /// Health check that turns the profile's badge green.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health: Option<Health>,
    /// Regex whose first match in the profile's logs is the URL to open
    /// (e.g. Jupyter's tokenized URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_pattern: Option<String>,
}

/// Which compose services a profile brings up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceSelection {
    /// Every service of the profile's compose files (`services = "all"`).
    All,
    /// Only these (and what they depend on); empty means none.
    Only(Vec<String>),
}

impl Default for ServiceSelection {
    fn default() -> Self {
        ServiceSelection::Only(Vec::new())
    }
}

impl Serialize for ServiceSelection {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ServiceSelection::All => serializer.serialize_str("all"),
            ServiceSelection::Only(names) => names.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for ServiceSelection {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SelectionVisitor;

        impl<'de> Visitor<'de> for SelectionVisitor {
            type Value = ServiceSelection;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("\"all\" or a list of service names")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                if v == "all" {
                    Ok(ServiceSelection::All)
                } else {
                    Err(E::invalid_value(de::Unexpected::Str(v), &self))
                }
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element::<String>()? {
                    names.push(name);
                }
                Ok(ServiceSelection::Only(names))
            }
        }

        deserializer.deserialize_any(SelectionVisitor)
    }
}

/// A one-off run in a compose service's container
/// (`docker compose run -e K=V -p H:C SERVICE ARGV...`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunStep {
    /// Short label for progress lines; the command when empty.
    #[serde(default)]
    pub name: String,
    pub service: String,
    pub command: Vec<String>,
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    /// Published ports, `HOST:CONTAINER`.
    #[serde(default)]
    pub ports: Vec<String>,
    /// The step keeps running as the profile's server instead of having to
    /// exit 0 before the next step. Only the last step may serve.
    #[serde(default)]
    pub serve: bool,
}

/// A container run outside the compose files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContainerSpec {
    /// Image to run, and the tag given to it when `build` is set.
    pub image: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build: Option<BuildSpec>,
    /// Command; the image's own when empty.
    #[serde(default)]
    pub command: Vec<String>,
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    /// Published ports, `HOST:CONTAINER`.
    #[serde(default)]
    pub ports: Vec<String>,
    /// Bind mounts, `HOST:CONTAINER[:ro]`, host paths relative to the root.
    #[serde(default)]
    pub binds: Vec<String>,
}

/// An image build from a Dockerfile of the project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildSpec {
    /// Build context relative to the root.
    #[serde(default = "dot")]
    pub context: String,
    /// Dockerfile relative to the context.
    pub dockerfile: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

fn dot() -> String {
    ".".to_string()
}

/// An HTTP endpoint that answers 2xx once the profile is up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Health {
    pub url: String,
    /// How long to wait for the first 2xx before reporting the start failed.
    #[serde(default = "default_health_timeout")]
    pub timeout_secs: u64,
}

/// Long enough for a first `flask db upgrade` against a fresh Postgres.
pub const DEFAULT_HEALTH_TIMEOUT_SECS: u64 = 120;

fn default_health_timeout() -> u64 {
    DEFAULT_HEALTH_TIMEOUT_SECS
}
