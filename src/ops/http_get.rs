//! The HTTP GETs runcli makes itself: a profile's health URL and an
//! environment's `/ping`. Plain HTTP, or HTTPS verified against the
//! system's trust store the way curl verifies it (`SSL_CERT_FILE` and
//! `SSL_CERT_DIR` replace the store, as for OpenSSL), so a deployment behind
//! a company CA works once that CA is trusted on the machine.

use std::sync::OnceLock;
use std::time::Duration;

use ureq::tls::{Certificate, RootCerts, TlsConfig};

/// An agent that gives up after `timeout` and trusts the system's roots;
/// with `status_as_error` false, a 4xx/5xx is an answer, not an error.
pub fn agent(timeout: Duration, status_as_error: bool) -> ureq::Agent {
    agent_trusting(system_roots().clone(), timeout, status_as_error)
}

/// As [`agent`], trusting exactly `roots` (a test's own CA, say).
pub fn agent_trusting(roots: RootCerts, timeout: Duration, status_as_error: bool) -> ureq::Agent {
    let tls = TlsConfig::builder().root_certs(roots).build();
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(status_as_error)
        .tls_config(tls)
        .build();
    ureq::Agent::new_with_config(config)
}

/// Why a GET got no answer, in words that say what to do when the
/// server's certificate comes from a CA not trusted here.
pub fn describe(error: &ureq::Error) -> String {
    use rustls::CertificateError::{BadSignature, UnknownIssuer};
    match tls_error(error) {
        Some(tls @ rustls::Error::InvalidCertificate(UnknownIssuer | BadSignature)) => format!(
            "{tls}: the CA that signed the server's certificate is not trusted here; \
             add it to the system's trust store, or point SSL_CERT_FILE at it"
        ),
        Some(tls) => tls.to_string(),
        None => error.to_string(),
    }
}

/// The TLS error behind `error`: ureq reports a refused handshake as an
/// I/O error that carries rustls' own.
fn tls_error(error: &ureq::Error) -> Option<&rustls::Error> {
    match error {
        ureq::Error::Rustls(tls) => Some(tls),
        ureq::Error::Io(io) => io.get_ref()?.downcast_ref::<rustls::Error>(),
        _ => None,
    }
}

/// The system's trusted roots, read once per process. A store that cannot
/// be read in part still gives the certificates that could be; none at all
/// makes every HTTPS URL fail with the advice from [`describe`].
fn system_roots() -> &'static RootCerts {
    static ROOTS: OnceLock<RootCerts> = OnceLock::new();
    ROOTS.get_or_init(|| {
        let found = rustls_native_certs::load_native_certs();
        for error in &found.errors {
            tracing::warn!("reading the system's trusted certificates: {error}");
        }
        RootCerts::from(
            found
                .certs
                .iter()
                .map(|der| Certificate::from_der(der.as_ref()).to_owned()),
        )
    })
}
