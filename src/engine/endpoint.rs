//! Where the Docker engine is, resolved the way the docker CLI resolves it,
//! without touching the network: DOCKER_HOST, then DOCKER_CONTEXT, then the
//! `currentContext` of the docker config, then the platform default.

use std::fmt;
use std::path::{Path, PathBuf};

use super::context_store;
use super::error::EngineError;

/// The platform's default engine address.
#[cfg(unix)]
pub const DEFAULT_HOST: &str = "unix:///var/run/docker.sock";
/// The platform's default engine address.
#[cfg(windows)]
pub const DEFAULT_HOST: &str = "npipe:////./pipe/docker_engine";

/// Why runcli picked this endpoint, so messages can say where it looked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndpointSource {
    /// The DOCKER_HOST environment variable.
    DockerHostEnv,
    /// A docker context, named by DOCKER_CONTEXT or the config's `currentContext`.
    Context {
        /// The context's name.
        name: String,
    },
    /// Nothing was configured: the platform default socket or pipe.
    Default,
    /// The `engine` of a deploy target, `[environments.NAME]` in runcli.toml.
    Environment {
        /// The environment's name.
        name: String,
    },
}

/// Client certificate material for a TLS (tcp) endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsPaths {
    /// The CA bundle that signs the engine's certificate.
    pub ca: PathBuf,
    /// The client certificate.
    pub cert: PathBuf,
    /// The client key.
    pub key: PathBuf,
    /// False when the context asks to skip verifying the engine's certificate.
    pub verify: bool,
}

impl TlsPaths {
    /// The docker layout: `ca.pem`, `cert.pem` and `key.pem` in one folder.
    pub fn in_dir(dir: &Path, verify: bool) -> TlsPaths {
        TlsPaths {
            ca: dir.join("ca.pem"),
            cert: dir.join("cert.pem"),
            key: dir.join("key.pem"),
            verify,
        }
    }
}

/// A resolved engine address and how it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The address: `unix:///var/run/docker.sock`, `tcp://h:2376`,
    /// `npipe:////./pipe/docker_engine`, `ssh://user@h`.
    pub host: String,
    /// Where the address came from.
    pub source: EndpointSource,
    /// TLS material when the address is tcp with TLS.
    pub tls: Option<TlsPaths>,
    /// True when the engine may be on another machine (tcp, ssh), where host
    /// paths in bind mounts do not refer to this machine's files.
    pub remote: bool,
}

impl Endpoint {
    /// Builds an endpoint, deriving `remote` from the address's scheme.
    pub fn new(host: impl Into<String>, source: EndpointSource, tls: Option<TlsPaths>) -> Self {
        let host = host.into();
        let remote = !(host.starts_with("unix://") || host.starts_with("npipe://"));
        Endpoint {
            host,
            source,
            tls,
            remote,
        }
    }

    /// The platform default socket or pipe.
    pub fn platform_default() -> Self {
        Endpoint::new(DEFAULT_HOST, EndpointSource::Default, None)
    }

    /// The address plus where it came from, e.g.
    /// `unix:///var/run/docker.sock (from DOCKER_HOST)`.
    pub fn describe(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            EndpointSource::DockerHostEnv => write!(f, "{} (from DOCKER_HOST)", self.host),
            EndpointSource::Context { name } => {
                write!(f, "{} (from docker context \"{name}\")", self.host)
            }
            EndpointSource::Default => write!(f, "{} (the platform default)", self.host),
            EndpointSource::Environment { name } => {
                write!(f, "{} (from [environments.{name}])", self.host)
            }
        }
    }
}

/// Resolves the endpoint from the real environment and the user's docker config.
pub fn resolve_endpoint() -> Result<Endpoint, EngineError> {
    let env = |key: &str| std::env::var(key).ok();
    let dir = docker_config_dir(&env);
    resolve(&env, dir.as_deref())
}

/// Resolves the endpoint from `env` and the docker config folder `docker_config_dir`
/// (what DOCKER_CONFIG or `~/.docker` names); nothing else is read.
pub fn resolve_endpoint_with(
    env: &dyn Fn(&str) -> Option<String>,
    docker_config_dir: &Path,
) -> Result<Endpoint, EngineError> {
    resolve(env, Some(docker_config_dir))
}

/// The docker CLI's config folder: DOCKER_CONFIG, else `~/.docker`.
pub fn docker_config_dir(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    match non_empty(env("DOCKER_CONFIG")) {
        Some(dir) => Some(PathBuf::from(dir)),
        None => std::env::home_dir().map(|home| home.join(".docker")),
    }
}

fn resolve(
    env: &dyn Fn(&str) -> Option<String>,
    config_dir: Option<&Path>,
) -> Result<Endpoint, EngineError> {
    if let Some(host) = non_empty(env("DOCKER_HOST")) {
        let tls = tls_from_env(env, config_dir, &host);
        return Ok(Endpoint::new(host, EndpointSource::DockerHostEnv, tls));
    }
    let name = match non_empty(env("DOCKER_CONTEXT")) {
        Some(name) => Some(name),
        None => match config_dir {
            Some(dir) => context_store::current_context(dir)?,
            None => None,
        },
    };
    match (name, config_dir) {
        (None, _) => Ok(Endpoint::platform_default()),
        (Some(name), _) if name == "default" => Ok(Endpoint::platform_default()),
        (Some(name), Some(dir)) => {
            let ctx = context_store::load_context(dir, &name)?;
            let tls = if is_tcp(&ctx.host) {
                ctx.tls_dir
                    .map(|tls_dir| TlsPaths::in_dir(&tls_dir, !ctx.skip_tls_verify))
            } else {
                None
            };
            Ok(Endpoint::new(
                ctx.host,
                EndpointSource::Context { name },
                tls,
            ))
        }
        (Some(name), None) => Err(EngineError::Config {
            path: PathBuf::from("~/.docker"),
            reason: format!(
                "DOCKER_CONTEXT names \"{name}\" but no docker config folder was found"
            ),
            hint: "Set DOCKER_CONFIG to the folder holding contexts/, or unset DOCKER_CONTEXT."
                .to_string(),
        }),
    }
}

/// DOCKER_TLS_VERIFY turns on TLS for tcp hosts, with certificates from
/// DOCKER_CERT_PATH or the docker config folder, as the docker CLI does.
fn tls_from_env(
    env: &dyn Fn(&str) -> Option<String>,
    config_dir: Option<&Path>,
    host: &str,
) -> Option<TlsPaths> {
    non_empty(env("DOCKER_TLS_VERIFY"))?;
    if !is_tcp(host) {
        return None;
    }
    let dir = non_empty(env("DOCKER_CERT_PATH"))
        .map(PathBuf::from)
        .or_else(|| config_dir.map(Path::to_path_buf))?;
    Some(TlsPaths::in_dir(&dir, true))
}

fn is_tcp(host: &str) -> bool {
    host.starts_with("tcp://") || host.starts_with("https://")
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.is_empty())
}
