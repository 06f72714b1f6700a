//! The engine handle: one bollard client for one endpoint, cheap to clone.

use std::sync::Arc;
use std::time::Duration;

use bollard::{API_DEFAULT_VERSION, Docker};

use super::endpoint::Endpoint;
use super::error::{EngineError, REQUEST_TIMEOUT_SECS, root_cause, tls_failure};

/// What to do when a tcp engine speaks TLS and runcli was not told to.
const PLAIN_HTTP_HINT: &str = "Set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to the folder with ca.pem, cert.pem and key.pem, as for the docker CLI, or use a docker context that holds them.";

/// What the engine says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineInfo {
    /// Which engine answers: `Docker`, or `Podman` through its
    /// Docker-compatible API.
    pub product: &'static str,
    /// The engine's version, e.g. `20.10.24`.
    pub version: String,
    /// The newest API version the engine speaks, e.g. `1.41`.
    pub api_version: String,
    /// The engine's OS, e.g. `linux`.
    pub os: String,
    /// The engine's architecture, e.g. `amd64`.
    pub arch: String,
}

/// A connection to one Docker engine. Clones share the same client.
#[derive(Clone)]
pub struct Engine {
    docker: Docker,
    endpoint: Arc<Endpoint>,
    described: Arc<str>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("endpoint", &self.described)
            .finish()
    }
}

impl Engine {
    /// Prepares a client for `endpoint` without sending a request.
    ///
    /// A unix socket path that does not exist fails here already, as
    /// [`EngineError::Unreachable`]. A TLS endpoint reads its certificates
    /// here; the engine's certificate is always verified (a context's
    /// SkipTLSVerify is not honoured).
    pub fn connect(endpoint: &Endpoint) -> Result<Engine, EngineError> {
        let described = endpoint.describe();
        let docker = open(endpoint, &described)?;
        Ok(Engine {
            docker,
            endpoint: Arc::new(endpoint.clone()),
            described: described.into(),
        })
    }

    /// The endpoint this engine talks to.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// Asks the engine for its version; any failure to get an answer within
    /// `timeout` is [`EngineError::Unreachable`].
    pub async fn ping(&self, timeout: Duration) -> Result<EngineInfo, EngineError> {
        let answer = tokio::time::timeout(timeout, self.docker.version()).await;
        let version = match answer {
            Err(_) => {
                return Err(
                    self.unreachable(format!("no answer within {:.1} s", timeout.as_secs_f64()))
                );
            }
            Ok(Err(bollard::errors::Error::DockerResponseServerError {
                status_code: 400,
                message,
            })) if message.contains("HTTP request to an HTTPS server") => {
                return Err(self.tls(
                    "the engine expects TLS but runcli spoke plain HTTP".to_string(),
                    PLAIN_HTTP_HINT.to_string(),
                ));
            }
            Ok(Err(err @ bollard::errors::Error::DockerResponseServerError { .. })) => {
                return Err(self.err("ping the engine", err));
            }
            Ok(Err(err)) => return Err(self.connect_failure(&err)),
            Ok(Ok(v)) => v,
        };
        let podman = version
            .components
            .iter()
            .flatten()
            .any(|c| c.name.starts_with("Podman"));
        Ok(EngineInfo {
            product: if podman { "Podman" } else { "Docker" },
            version: version.version.unwrap_or_default(),
            api_version: version.api_version.unwrap_or_default(),
            os: version.os.unwrap_or_default(),
            arch: version.arch.unwrap_or_default(),
        })
    }

    /// The bollard client, for the other files of this layer.
    pub(crate) fn api(&self) -> &Docker {
        &self.docker
    }

    /// Maps a bollard error of `op` to an [`EngineError`] naming this endpoint.
    pub(crate) fn err(&self, op: &str, err: bollard::errors::Error) -> EngineError {
        EngineError::from_bollard(op, &self.described, err)
    }

    /// A request that got no HTTP answer: a TLS handshake that failed on a
    /// TLS endpoint, else an unreachable engine.
    ///
    /// With TLS 1.3 an engine that refuses the client certificate says so
    /// after the client considers the handshake done; depending on timing
    /// the alert arrives as the error, or the connection just closes before
    /// the request goes out. On a TLS endpoint that connected, the latter is
    /// reported as TLS too, since a healthy engine does not do it.
    fn connect_failure(&self, err: &bollard::errors::Error) -> EngineError {
        let Some(tls) = &self.endpoint.tls else {
            return self.unreachable(root_cause(err));
        };
        let reason = match (tls_failure(err), err) {
            (Some(reason), _) => reason,
            (None, bollard::errors::Error::HyperLegacyError { err: e }) if !e.is_connect() => {
                format!(
                    "the engine closed the connection right after the TLS handshake ({}), as it does when it refuses the client certificate",
                    root_cause(err)
                )
            }
            _ => return self.unreachable(root_cause(err)),
        };
        self.tls(
            reason,
            format!(
                "Check that {} is the CA that signed the engine's certificate (which must name the host of the address), that the engine trusts the client certificate {}, and that the engine speaks TLS on this port.",
                tls.ca.display(),
                tls.cert.display()
            ),
        )
    }

    fn tls(&self, reason: String, hint: String) -> EngineError {
        EngineError::Tls {
            endpoint: self.described.to_string(),
            reason,
            hint,
        }
    }

    fn unreachable(&self, reason: String) -> EngineError {
        EngineError::Unreachable {
            endpoint: self.described.to_string(),
            reason,
        }
    }
}

/// Picks bollard's transport from the address's scheme.
fn open(endpoint: &Endpoint, described: &str) -> Result<Docker, EngineError> {
    let host = endpoint.host.as_str();
    let map = |e| EngineError::from_bollard("connect", described, e);
    let unsupported = |reason: &str| EngineError::UnsupportedHost {
        endpoint: described.to_string(),
        reason: reason.to_string(),
    };
    let (scheme, _) = host
        .split_once("://")
        .ok_or_else(|| unsupported("the address has no scheme such as unix:// or tcp://"))?;
    match scheme {
        "unix" => open_unix(host).ok_or_else(|| unsupported("unix sockets need a unix system"))?,
        "npipe" => {
            open_npipe(host).ok_or_else(|| unsupported("named pipes need Windows"))?
        }
        "tcp" | "http" | "https" => match &endpoint.tls {
            Some(tls) => Docker::connect_with_ssl(
                host,
                &tls.key,
                &tls.cert,
                &tls.ca,
                REQUEST_TIMEOUT_SECS,
                API_DEFAULT_VERSION,
            ),
            None if scheme == "https" => {
                return Err(unsupported(
                    "https:// needs client certificates: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH",
                ));
            }
            None => Docker::connect_with_http(host, REQUEST_TIMEOUT_SECS, API_DEFAULT_VERSION),
        },
        "ssh" => open_ssh(host).map_err(|reason| unsupported(&reason))?,
        other => return Err(unsupported(&format!("unknown scheme \"{other}\""))),
    }
    .map_err(map)
}

#[cfg(unix)]
fn open_unix(host: &str) -> Option<Result<Docker, bollard::errors::Error>> {
    Some(Docker::connect_with_unix(
        host,
        REQUEST_TIMEOUT_SECS,
        API_DEFAULT_VERSION,
    ))
}

#[cfg(not(unix))]
fn open_unix(_host: &str) -> Option<Result<Docker, bollard::errors::Error>> {
    None
}

#[cfg(windows)]
fn open_npipe(host: &str) -> Option<Result<Docker, bollard::errors::Error>> {
    Some(Docker::connect_with_named_pipe(
        host,
        REQUEST_TIMEOUT_SECS,
        API_DEFAULT_VERSION,
    ))
}

#[cfg(not(windows))]
fn open_npipe(_host: &str) -> Option<Result<Docker, bollard::errors::Error>> {
    None
}

#[cfg(unix)]
fn open_ssh(host: &str) -> Result<Result<Docker, bollard::errors::Error>, String> {
    let target = super::ssh::SshTarget::parse(host)?;
    Ok(super::ssh::connect(target, REQUEST_TIMEOUT_SECS))
}

#[cfg(not(unix))]
fn open_ssh(_host: &str) -> Result<Result<Docker, bollard::errors::Error>, String> {
    Err("ssh needs a unix system".to_string())
}
