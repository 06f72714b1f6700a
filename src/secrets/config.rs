//! The `[secrets]` section of runcli.toml: where the template and values live
//! and which targets each environment compiles to which files.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One compiled output: a target of the values file written to a path
/// relative to the project root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretOutput {
    /// Key of the values file, e.g. `api-local`.
    pub target: String,
    /// Output path relative to the project root, e.g. `integration.env`.
    pub path: String,
}

/// Outputs of one environment (local, docker, develop, staging, prod).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretEnvironment {
    pub outputs: Vec<SecretOutput>,
}

/// Inputs and outputs of the env file compiler.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SecretsConfig {
    /// The Jinja-style template of env lines.
    pub template: String,
    /// The JSON object of targets (`api-local`, `frontend-prod`, ...).
    pub values: String,
    /// Where `compile --all` writes `<target>.env`.
    pub all_dir: String,
    /// Environment name to its outputs.
    pub environments: BTreeMap<String, SecretEnvironment>,
    /// Output of a client code-name target `frontend-<env>-<code>` when
    /// environment `<env>` compiles, with `{env}` and `{code}` filled in.
    /// The default `client/.env.{code}.local` is what Vite loads for
    /// `vite --mode <code>`, next to the frontend's own `client/.env.local`.
    pub code_name_path: String,
}

impl Default for SecretsConfig {
    fn default() -> Self {
        let env = |api: &str, frontend: &str| SecretEnvironment {
            outputs: vec![
                SecretOutput {
                    target: api.to_string(),
                    path: "integration.env".to_string(),
                },
                SecretOutput {
                    target: frontend.to_string(),
                    path: "client/.env.local".to_string(),
                },
            ],
        };
        let environments = ["local", "docker", "develop", "staging", "prod"]
            .into_iter()
            .map(|name| {
                (
                    name.to_string(),
                    env(&format!("api-{name}"), &format!("frontend-{name}")),
                )
            })
            .collect();
        SecretsConfig {
            template: "secret--template.env".to_string(),
            values: "secret--template-values.env".to_string(),
            all_dir: "secrets/build".to_string(),
            environments,
            code_name_path: "client/.env.{code}.local".to_string(),
        }
    }
}
