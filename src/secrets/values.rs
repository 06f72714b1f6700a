//! The values file: a JSON object of targets keyed `<app>-<env>`, each an
//! object of template variables.
//!
//! The file is `secret--template-values.env` in template projects. Despite its
//! name it is JSON, not dotenv; the layout is kept so existing projects keep
//! working. Targets keep the order of the file so listings match what the user
//! wrote.

use std::fmt;
use std::path::Path;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use super::error::{Result, SecretsError};

/// The entry key that names a client behind a code name; runcli shows it, the
/// template need not use it.
pub const CLIENT_KEY: &str = "client";

/// One target of the values file. `Debug` lists variable names only.
#[derive(Clone, PartialEq)]
pub struct Target {
    name: String,
    vars: Map<String, Value>,
}

impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Target")
            .field("name", &self.name)
            .field("variables", &self.vars.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Target {
    /// Builds a target from its variables.
    pub fn new(name: impl Into<String>, vars: Map<String, Value>) -> Self {
        Target {
            name: name.into(),
            vars,
        }
    }

    /// The key in the values file, e.g. `api-local`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The variables, as the template sees them.
    pub fn vars(&self) -> &Map<String, Value> {
        &self.vars
    }

    /// Variable names, in the order of the map.
    pub fn variable_names(&self) -> Vec<String> {
        self.vars.keys().cloned().collect()
    }

    /// What the name says about the target (app, environment, code name).
    pub fn info(&self) -> TargetInfo {
        TargetInfo::parse(&self.name, self.client())
    }

    /// The real client name of a code-name target (`"client": "Acme"`).
    pub fn client(&self) -> Option<String> {
        self.vars
            .get(CLIENT_KEY)
            .and_then(Value::as_str)
            .map(str::to_string)
    }
}

/// A target name taken apart: `<app>-<env>` or `<app>-<env>-<code name>`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TargetInfo {
    pub name: String,
    /// First part of the name: `api`, `frontend`, ...
    pub app: String,
    /// Second part: the environment the target belongs to, when there is one.
    pub env: Option<String>,
    /// The rest of a `frontend-<env>-<animal>` name: a client code name.
    pub code_name: Option<String>,
    /// The real client behind the code name, from the entry's `client` value.
    pub client: Option<String>,
}

impl TargetInfo {
    /// Splits a target name. Only `frontend` targets carry code names; other
    /// three-part names are plain targets that compile with `--all` only.
    pub fn parse(name: &str, client: Option<String>) -> Self {
        let mut parts = name.splitn(3, '-');
        let app = parts.next().unwrap_or_default().to_string();
        let env = parts.next().map(str::to_string);
        let rest = parts.next().map(str::to_string);
        let code_name = if app == "frontend" { rest } else { None };
        TargetInfo {
            name: name.to_string(),
            app,
            env,
            code_name,
            client,
        }
    }

    /// Like `parse`, knowing the environment names, so that an environment
    /// with a dash (`pre-prod`) is not mistaken for the start of a code name.
    pub fn parse_in(name: &str, client: Option<String>, envs: &[String]) -> Self {
        let Some((app, rest)) = name.split_once('-') else {
            return Self::parse(name, client);
        };
        let known = envs
            .iter()
            .filter(|e| rest == e.as_str() || rest.starts_with(&format!("{e}-")))
            .max_by_key(|e| e.len());
        let Some(env) = known else {
            return Self::parse(name, client);
        };
        let code_name = rest[env.len()..]
            .strip_prefix('-')
            .filter(|_| app == "frontend")
            .map(str::to_string);
        TargetInfo {
            name: name.to_string(),
            app: app.to_string(),
            env: Some(env.clone()),
            code_name,
            client,
        }
    }
}

/// All targets of a values file, in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Values {
    targets: Vec<Target>,
}

impl Values {
    /// Builds values from targets (e.g. fetched from a secret manager).
    pub fn from_targets(targets: Vec<Target>) -> Self {
        Values { targets }
    }

    /// Parses the JSON text of a values file; `path` only names it in errors.
    pub fn from_json_str(text: &str, path: &Path) -> Result<Self> {
        let mut de = serde_json::Deserializer::from_str(text);
        let raw = de
            .deserialize_map(OrderedTargets)
            .and_then(|raw| de.end().map(|()| raw))
            .map_err(|err| json_error(path, &err))?;
        let mut targets: Vec<Target> = Vec::with_capacity(raw.len());
        for (name, value) in raw {
            if targets.iter().any(|t| t.name == name) {
                return Err(SecretsError::DuplicateTarget {
                    path: path.to_path_buf(),
                    target: name,
                });
            }
            match value {
                Value::Object(vars) => targets.push(Target { name, vars }),
                _ => {
                    return Err(SecretsError::TargetNotObject {
                        path: path.to_path_buf(),
                        target: name,
                    });
                }
            }
        }
        Ok(Values { targets })
    }

    /// Targets in file order.
    pub fn targets(&self) -> &[Target] {
        &self.targets
    }

    /// The target of that name.
    pub fn get(&self, name: &str) -> Option<&Target> {
        self.targets.iter().find(|t| t.name == name)
    }

    /// Target names in file order.
    pub fn names(&self) -> Vec<String> {
        self.targets.iter().map(|t| t.name.clone()).collect()
    }
}

/// Reads and parses a values file. A JSON error names `file:line:col`.
pub fn load_values(path: &Path) -> Result<Values> {
    let text = std::fs::read_to_string(path).map_err(|source| SecretsError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Values::from_json_str(&text, path)
}

/// Reads `version` from the project's `config.json` (`{"version": "X.Y.Z"}`);
/// `None` when the file does not exist.
pub fn read_project_version(project_root: &Path) -> Result<Option<String>> {
    let path = project_root.join("config.json");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(SecretsError::Read { path, source }),
    };
    let value: Value = serde_json::from_str(&text).map_err(|err| json_error(&path, &err))?;
    match value.get("version") {
        Some(Value::String(version)) => Ok(Some(version.clone())),
        Some(_) => Err(SecretsError::Version {
            path,
            message: "it is not a string".to_string(),
        }),
        None => Err(SecretsError::Version {
            path,
            message: "the key is missing".to_string(),
        }),
    }
}

/// Maps a serde_json error to `file:line:col`. Data errors are described by
/// the compiler, not by serde, whose text can quote a value.
fn json_error(path: &Path, err: &serde_json::Error) -> SecretsError {
    use serde_json::error::Category;
    let message = match err.classify() {
        Category::Data => {
            "expected a JSON object of targets keyed `<app>-<env>`, each an object of variables"
                .to_string()
        }
        Category::Io | Category::Syntax | Category::Eof => {
            let text = err.to_string();
            match text.rfind(" at line ") {
                Some(at) => text[..at].to_string(),
                None => text,
            }
        }
    };
    SecretsError::Json {
        path: path.to_path_buf(),
        line: err.line(),
        column: err.column().max(1),
        message,
    }
}

/// Deserializes the top-level object keeping key order and duplicates.
struct OrderedTargets;

impl<'de> Visitor<'de> for OrderedTargets {
    type Value = Vec<(String, Value)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object of targets")
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Value>()? {
            out.push((key, value));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environments_with_dashes_are_not_code_names() {
        let envs = vec!["prod".to_string(), "pre-prod".to_string()];
        let info = TargetInfo::parse_in("frontend-pre-prod-otter", None, &envs);
        assert_eq!(info.env.as_deref(), Some("pre-prod"));
        assert_eq!(info.code_name.as_deref(), Some("otter"));
        let info = TargetInfo::parse_in("frontend-pre-prod", None, &envs);
        assert_eq!(
            (info.env.as_deref(), info.code_name),
            (Some("pre-prod"), None)
        );
        let plain = TargetInfo::parse("frontend-pre-prod", None);
        assert_eq!(plain.code_name.as_deref(), Some("prod"));
    }
}
