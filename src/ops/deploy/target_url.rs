//! Where an environment's API answers: its `url`, else the `api_host` its
//! secrets values give. Acceptance and smoke tiers run against it.

use crate::project::Project;

use super::{environment, secrets};

/// The environment's URL, or `None` when it names neither a `url` nor
/// secrets whose values give an `api_host`.
pub fn environment_url(project: &Project, env_name: &str) -> Option<String> {
    let env = environment(project, env_name).ok()?;
    if let Some(url) = &env.url {
        return Some(url.clone());
    }
    let secrets_env = env.secrets.as_deref()?;
    let version = project.read_version().ok().flatten().unwrap_or_default();
    secrets::compile(project, secrets_env, &version)
        .ok()?
        .api_host
}
