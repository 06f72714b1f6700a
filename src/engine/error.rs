//! Errors of the engine layer, worded so a user knows what to do next.
//!
//! bollard's error type stays inside this module: callers see only
//! [`EngineError`], and map [`EngineError::is_unreachable`] to exit code 3.

use std::path::PathBuf;

/// Everything that can go wrong while talking to the Docker engine.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// No engine answers at the resolved endpoint.
    #[error(
        "cannot reach the Docker engine at {endpoint}: {reason}. Start the engine (dockerd / Docker Desktop) or point DOCKER_HOST or the docker context at a running one."
    )]
    Unreachable {
        /// Where runcli looked, as [`crate::engine::Endpoint::describe`] puts it.
        endpoint: String,
        /// What the transport said.
        reason: String,
    },

    /// TLS between runcli and the engine failed: the engine's certificate is
    /// not signed by the configured CA, the engine refused the client
    /// certificate, or only one side spoke TLS. Counts as unreachable.
    #[error("TLS with the Docker engine at {endpoint} failed: {reason}. {hint}")]
    Tls {
        /// Where the engine is, as [`crate::engine::Endpoint::describe`] puts it.
        endpoint: String,
        /// What the TLS layer or the engine said.
        reason: String,
        /// What to check, naming the certificate files in use.
        hint: String,
    },

    /// The endpoint names a transport runcli cannot use on this platform.
    #[error(
        "the Docker endpoint {endpoint} uses a transport runcli does not support here: {reason}. Use {SUPPORTED_SCHEMES} address in DOCKER_HOST or the docker context."
    )]
    UnsupportedHost {
        /// The endpoint as described to the user.
        endpoint: String,
        /// Why it is not supported.
        reason: String,
    },

    /// The docker CLI configuration (config.json, a context's meta.json) is unreadable.
    #[error("cannot use the docker configuration {}: {reason}. {hint}", path.display())]
    Config {
        /// The file that was read.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
        /// How to fix it.
        hint: String,
    },

    /// The engine did not answer within the allowed time.
    #[error(
        "the Docker engine at {endpoint} did not answer {op} within {secs} s; it may be overloaded or hung. Check `docker info` and retry."
    )]
    Timeout {
        /// What runcli was doing.
        op: String,
        /// Where the engine is.
        endpoint: String,
        /// The limit that passed.
        secs: u64,
    },

    /// The named object (container, image, network, volume) does not exist.
    #[error("{op}: {message}")]
    NotFound {
        /// What runcli was doing.
        op: String,
        /// The engine's message, naming the missing object.
        message: String,
    },

    /// The object exists in a state that forbids the request (name in use, container running).
    #[error("{op}: {message}")]
    Conflict {
        /// What runcli was doing.
        op: String,
        /// The engine's message.
        message: String,
    },

    /// An image build failed; `message` is the failing step's error.
    #[error("building image {tag} failed: {message}")]
    Build {
        /// The tag being built.
        tag: String,
        /// The engine's message for the failing step.
        message: String,
    },

    /// The build context could not be read or packed.
    #[error("cannot pack the build context {}: {reason}", path.display())]
    Context {
        /// The file or folder that failed.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },

    /// Any other refusal or failure reported by the engine API.
    #[error("{op} failed: {message}")]
    Api {
        /// What runcli was doing.
        op: String,
        /// The engine's message.
        message: String,
    },
}

impl EngineError {
    /// True when no engine answers (or none that runcli can talk TLS with),
    /// which callers report with exit code 3.
    pub fn is_unreachable(&self) -> bool {
        matches!(
            self,
            EngineError::Unreachable { .. } | EngineError::Tls { .. }
        )
    }

    /// True when the object asked for does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, EngineError::NotFound { .. })
    }

    /// Maps a bollard error for `op` against the engine at `endpoint` (a description).
    pub(crate) fn from_bollard(op: &str, endpoint: &str, err: bollard::errors::Error) -> Self {
        use bollard::errors::Error as B;
        let op = op.to_string();
        match err {
            B::DockerResponseServerError {
                status_code,
                message,
            } => match status_code {
                404 => EngineError::NotFound { op, message },
                409 => EngineError::Conflict { op, message },
                // Podman 4 answers a taken name with 500, not Docker's 409.
                500 if message.contains("is already in use") => {
                    EngineError::Conflict { op, message }
                }
                _ => EngineError::Api {
                    op,
                    message: format!("{message} (HTTP {status_code})"),
                },
            },
            B::RequestTimeoutError => EngineError::Timeout {
                op,
                endpoint: endpoint.to_string(),
                secs: REQUEST_TIMEOUT_SECS,
            },
            B::SocketNotFoundError(path) => EngineError::Unreachable {
                endpoint: endpoint.to_string(),
                reason: format!("no socket at {path}"),
            },
            B::HyperLegacyError { err } if err.is_connect() => EngineError::Unreachable {
                endpoint: endpoint.to_string(),
                reason: root_cause(&err),
            },
            B::IOError { err } if is_connect_io(&err) => EngineError::Unreachable {
                endpoint: endpoint.to_string(),
                reason: err.to_string(),
            },
            B::DockerStreamError { error } => EngineError::Api { op, message: error },
            B::CertPathError { path } => EngineError::Config {
                path,
                reason: "cannot read this TLS certificate file".to_string(),
                hint: "Point DOCKER_CERT_PATH (or the docker context's TLS material) at a folder with ca.pem, cert.pem and key.pem.".to_string(),
            },
            other => EngineError::Api {
                op,
                message: source_chain(&other),
            },
        }
    }
}

/// The transports this build can use, for messages.
#[cfg(windows)]
const SUPPORTED_SCHEMES: &str = "an npipe:// or tcp://";
/// The transports this build can use, for messages.
#[cfg(not(windows))]
const SUPPORTED_SCHEMES: &str = "a unix://, tcp:// or ssh://";

/// Seconds a single engine request may wait for its response headers.
pub(crate) const REQUEST_TIMEOUT_SECS: u64 = 120;

/// Whether an IO error means nothing listens at the endpoint.
fn is_connect_io(err: &std::io::Error) -> bool {
    use std::io::ErrorKind as K;
    matches!(
        err.kind(),
        K::ConnectionRefused | K::NotFound | K::PermissionDenied | K::ConnectionReset
    )
}

/// The innermost cause ("Connection refused (os error 111)"), which is what a
/// user can act on; the wrappers above it only name the HTTP client's layers.
pub(crate) fn root_cause(err: &dyn std::error::Error) -> String {
    let mut cur = err;
    while let Some(src) = cur.source() {
        cur = src;
    }
    cur.to_string()
}

/// The TLS layer's complaint when `err` failed in the TLS handshake: rustls
/// reports through an IO error of kind InvalidData (an unknown issuer, a
/// refused client certificate, a peer that does not speak TLS), which the
/// HTTP connector may wrap in another IO error.
pub(crate) fn tls_failure(err: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(reason) = e.downcast_ref::<std::io::Error>().and_then(invalid_data) {
            return Some(reason);
        }
        cur = e.source();
    }
    None
}

fn invalid_data(io: &std::io::Error) -> Option<String> {
    if io.kind() == std::io::ErrorKind::InvalidData {
        return Some(root_cause(io));
    }
    io.get_ref()?
        .downcast_ref::<std::io::Error>()
        .and_then(invalid_data)
}

/// Joins an error with its sources, so "client error (Connect)" also shows
/// "Connection refused (os error 111)".
pub(crate) fn source_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut cur = err.source();
    while let Some(src) = cur {
        let s = src.to_string();
        if !text.contains(&s) {
            text.push_str(": ");
            text.push_str(&s);
        }
        cur = src.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreachable_message_names_endpoint_and_fix() {
        let e = EngineError::Unreachable {
            endpoint: "unix:///nonexistent.sock (from DOCKER_HOST)".into(),
            reason: "no socket at /nonexistent.sock".into(),
        };
        let msg = e.to_string();
        assert!(msg.contains("unix:///nonexistent.sock (from DOCKER_HOST)"));
        assert!(msg.contains("DOCKER_HOST"));
        assert!(msg.contains("Start the engine"));
        assert!(e.is_unreachable());
    }

    #[test]
    fn server_errors_map_by_status() {
        let nf = EngineError::from_bollard(
            "inspect container x",
            "here",
            bollard::errors::Error::DockerResponseServerError {
                status_code: 404,
                message: "No such container: x".into(),
            },
        );
        assert!(nf.is_not_found());
        assert!(!nf.is_unreachable());
        let gone = EngineError::from_bollard(
            "ping",
            "unix:///x.sock",
            bollard::errors::Error::SocketNotFoundError("/x.sock".into()),
        );
        assert!(gone.is_unreachable());
        assert!(gone.to_string().contains("/x.sock"));
    }

    #[test]
    fn tls_failure_finds_the_handshake_error_inside_the_connector_error() {
        use std::io::{Error, ErrorKind};
        let inner = Error::new(
            ErrorKind::InvalidData,
            "invalid peer certificate: UnknownIssuer",
        );
        let wrapped = Error::other(inner);
        assert_eq!(
            tls_failure(&wrapped).as_deref(),
            Some("invalid peer certificate: UnknownIssuer")
        );
        let refused = Error::new(ErrorKind::ConnectionRefused, "Connection refused");
        assert_eq!(tls_failure(&refused), None);
        assert_eq!(tls_failure(&Error::other(refused)), None);
    }

    #[test]
    fn tls_errors_count_as_unreachable_and_carry_the_hint() {
        let e = EngineError::Tls {
            endpoint: "tcp://10.0.0.5:2376 (from DOCKER_HOST)".into(),
            reason: "invalid peer certificate: UnknownIssuer".into(),
            hint: "Check that /certs/ca.pem is the CA".into(),
        };
        assert!(e.is_unreachable());
        let msg = e.to_string();
        assert!(msg.contains("TLS with the Docker engine at tcp://10.0.0.5:2376"));
        assert!(msg.contains("UnknownIssuer"));
        assert!(msg.contains("/certs/ca.pem"));
    }

    #[test]
    fn a_taken_name_is_a_conflict_on_docker_and_podman() {
        let answer = |status_code, message: &str| {
            EngineError::from_bollard(
                "create container web-1",
                "here",
                bollard::errors::Error::DockerResponseServerError {
                    status_code,
                    message: message.into(),
                },
            )
        };
        let docker = answer(
            409,
            "Conflict. The container name \"/web-1\" is already in use by container \"ab\".",
        );
        let podman = answer(
            500,
            "container create: creating container storage: the container name \"web-1\" is already in use by ab. You have to remove that container to be able to reuse that name: that name is already in use",
        );
        let other = answer(500, "runc create failed");
        assert!(matches!(docker, EngineError::Conflict { .. }));
        assert!(matches!(podman, EngineError::Conflict { .. }));
        assert!(matches!(other, EngineError::Api { .. }));
    }
}
