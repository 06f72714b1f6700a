//! `[environments.NAME]`: deploy targets on Docker Swarm. Each names the
//! engine that manages the swarm, the stack, what to deploy from which
//! compose files, the registry the nodes pull from, the secrets environment
//! compiled for the containers and the URL where the API answers. Optional;
//! the embedded default has none, since only a project knows its hosts.

use serde::{Deserialize, Serialize};

use super::position::Seg;

/// One deploy target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    /// An engine address in any form DOCKER_HOST takes (`tcp://`, `ssh://`,
    /// `unix://`), or a docker context name.
    pub engine: String,
    /// The swarm stack: services are `STACK_SERVICE`, the network `STACK_default`.
    pub stack: String,
    /// Compose files merged in order; `[compose] files` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compose_files: Option<Vec<String>>,
    /// Services to deploy; every service with an image or a build when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub services: Option<Vec<String>>,
    /// The secrets environment whose compiled values become the containers'
    /// environment; none when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secrets: Option<String>,
    /// `HOST[:PORT][/PATH]` images are pushed to and pulled from.
    pub registry: String,
    /// Where the deployed API answers `/ping`; the secrets values file's
    /// `api_host` for that environment when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A problem with one key of an environment, for the validator to locate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvironmentIssue {
    pub key: &'static str,
    pub index: Option<usize>,
    pub message: String,
}

impl EnvironmentIssue {
    fn at(key: &'static str, message: impl Into<String>) -> Self {
        EnvironmentIssue {
            key,
            index: None,
            message: message.into(),
        }
    }

    /// The key path below `environments.NAME`.
    pub fn segs<'a>(&self, name: &'a str) -> Vec<Seg<'a>> {
        let mut segs = vec![Seg::Key("environments"), Seg::Key(name), Seg::Key(self.key)];
        segs.extend(self.index.map(Seg::Index));
        segs
    }
}

impl Environment {
    /// Checks the values serde accepts but Swarm or a registry would not;
    /// `secrets` is checked by the caller, which knows the environments.
    pub fn check(&self) -> Result<(), EnvironmentIssue> {
        if self.engine.trim().is_empty() {
            return Err(EnvironmentIssue::at(
                "engine",
                "empty; give an engine address (tcp://HOST:2376, ssh://USER@HOST) or a docker context name",
            ));
        }
        if !is_stack_name(&self.stack) {
            return Err(EnvironmentIssue::at(
                "stack",
                format!(
                    "`{}` is not a stack name; use letters, digits, `_`, `.` and `-`, \
                     starting with a letter or digit",
                    self.stack
                ),
            ));
        }
        if let Some(files) = &self.compose_files
            && files.is_empty()
        {
            return Err(EnvironmentIssue::at(
                "compose_files",
                "no compose files; list at least one or remove the key to use [compose] files",
            ));
        }
        if let Some(services) = &self.services {
            if services.is_empty() {
                return Err(EnvironmentIssue::at(
                    "services",
                    "no services; list at least one or remove the key to deploy all",
                ));
            }
            if let Some((i, _)) = services.iter().enumerate().find(|(_, s)| s.is_empty()) {
                return Err(EnvironmentIssue {
                    key: "services",
                    index: Some(i),
                    message: "an empty service name".into(),
                });
            }
        }
        check_registry(&self.registry).map_err(|m| EnvironmentIssue::at("registry", m))?;
        if let Some(url) = &self.url {
            check_url(url).map_err(|m| EnvironmentIssue::at("url", m))?;
        }
        Ok(())
    }
}

/// Stack names as `docker stack deploy` takes them.
fn is_stack_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

fn check_registry(registry: &str) -> Result<(), String> {
    if registry.is_empty() {
        return Err("empty; give HOST[:PORT] of the registry the nodes pull from".into());
    }
    if registry.contains("://") {
        return Err(format!(
            "`{registry}` has a scheme; write HOST[:PORT] (images are named REGISTRY/NAME:VERSION)"
        ));
    }
    if registry.ends_with('/') || registry.chars().any(char::is_whitespace) {
        return Err(format!("`{registry}` is not HOST[:PORT][/PATH]"));
    }
    Ok(())
}

/// A URL with an http or https scheme and a host.
pub fn check_url(text: &str) -> Result<(), String> {
    match url::Url::parse(text) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(()),
        Ok(_) => Err(format!("`{text}` is not an http:// or https:// URL")),
        Err(e) => Err(format!("`{text}` is not a URL: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> Environment {
        Environment {
            engine: "ssh://deploy@staging-host".into(),
            stack: "model-staging".into(),
            compose_files: None,
            services: None,
            secrets: None,
            registry: "registry.example:5000".into(),
            url: None,
        }
    }

    #[test]
    fn a_plain_environment_passes() {
        assert_eq!(env().check(), Ok(()));
    }

    #[test]
    fn bad_values_name_their_key() {
        let cases: Vec<(Environment, &str)> = vec![
            (
                Environment {
                    stack: "-x".into(),
                    ..env()
                },
                "stack",
            ),
            (
                Environment {
                    engine: " ".into(),
                    ..env()
                },
                "engine",
            ),
            (
                Environment {
                    registry: "https://r:5000".into(),
                    ..env()
                },
                "registry",
            ),
            (
                Environment {
                    url: Some("api-staging.example".into()),
                    ..env()
                },
                "url",
            ),
            (
                Environment {
                    services: Some(vec![]),
                    ..env()
                },
                "services",
            ),
            (
                Environment {
                    compose_files: Some(vec![]),
                    ..env()
                },
                "compose_files",
            ),
        ];
        for (bad, key) in cases {
            assert_eq!(bad.check().map_err(|i| i.key), Err(key), "{bad:?}");
        }
    }
}
