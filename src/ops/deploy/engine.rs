//! The environment's engine: `engine` as DOCKER_HOST would give it (with
//! DOCKER_TLS_VERIFY and DOCKER_CERT_PATH honoured for tcp), or a docker
//! context name, resolved as the docker CLI resolves either.

use crate::engine::{EndpointSource, Engine, docker_config_dir, resolve_endpoint_with};
use crate::project::{Environment, Project};

use super::DeployError;

/// `[environments.NAME]`, or an error listing the known names.
pub fn environment<'a>(project: &'a Project, name: &str) -> Result<&'a Environment, DeployError> {
    project.manifest.environments.get(name).ok_or_else(|| {
        let known: Vec<&str> = project
            .manifest
            .environments
            .keys()
            .map(String::as_str)
            .collect();
        DeployError::Config(if known.is_empty() {
            format!("no environment `{name}`: runcli.toml has no [environments] table")
        } else {
            format!("no environment `{name}`; known: {}", known.join(", "))
        })
    })
}

/// Connects to environment `name`'s engine and checks that it answers.
pub async fn connect_environment(name: &str, env: &Environment) -> Result<Engine, DeployError> {
    let spec = env.engine.clone();
    let outer = |key: &str| std::env::var(key).ok();
    let config = docker_config_dir(&outer).unwrap_or_default();
    let lookup = move |key: &str| -> Option<String> {
        let is_address = spec.contains("://");
        match key {
            "DOCKER_HOST" if is_address => Some(spec.clone()),
            "DOCKER_CONTEXT" if !is_address => Some(spec.clone()),
            "DOCKER_TLS_VERIFY" | "DOCKER_CERT_PATH" if is_address => std::env::var(key).ok(),
            _ => None,
        }
    };
    let mut endpoint = resolve_endpoint_with(&lookup, &config)?;
    if endpoint.source == EndpointSource::DockerHostEnv {
        endpoint.source = EndpointSource::Environment {
            name: name.to_string(),
        };
    }
    let engine = Engine::connect(&endpoint)?;
    engine.ping(std::time::Duration::from_secs(10)).await?;
    Ok(engine)
}
