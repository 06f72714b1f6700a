//! `/ping` over HTTPS: verified against the roots the agent trusts, with an
//! error that says what to do when the server's CA is not among them.

mod tls_support;

use std::time::Duration;

use runcli::ops::deploy::ping_with;
use runcli::ops::http_get;
use tls_support::TestCa;
use ureq::tls::{Certificate, RootCerts};

fn trusting(ca: &TestCa) -> ureq::Agent {
    let root = Certificate::from_der(ca.der.as_ref()).to_owned();
    http_get::agent_trusting(
        RootCerts::new_with_certs(&[root]),
        Duration::from_secs(5),
        true,
    )
}

#[test]
fn https_ping_reports_the_version_when_the_ca_is_trusted() {
    let ca = TestCa::new();
    let port = ca.serve(&["localhost", "127.0.0.1"], "1.2.3");
    let agent = trusting(&ca);
    for host in ["localhost", "127.0.0.1"] {
        let url = format!("https://{host}:{port}/ping");
        assert_eq!(ping_with(&agent, &url), Ok("1.2.3".to_string()), "{url}");
    }
}

#[test]
fn an_unknown_ca_is_refused_with_what_to_do() {
    let ca = TestCa::new();
    let port = ca.serve(&["localhost"], "1.2.3");
    let stranger = trusting(&TestCa::new());
    let err = ping_with(&stranger, &format!("https://localhost:{port}/ping"))
        .expect_err("a certificate from an unknown CA must be refused");
    assert!(err.contains("not trusted here"), "{err}");
    assert!(err.contains("SSL_CERT_FILE"), "{err}");
}

#[test]
fn the_system_store_does_not_trust_a_private_ca() {
    let ca = TestCa::new();
    let port = ca.serve(&["localhost"], "1.2.3");
    let system = http_get::agent(Duration::from_secs(5), true);
    let err = ping_with(&system, &format!("https://localhost:{port}/ping"))
        .expect_err("the system's roots know nothing of the test CA");
    assert!(err.contains("UnknownIssuer"), "{err}");
    assert!(err.contains("not trusted here"), "{err}");
}

#[test]
fn a_certificate_for_another_name_is_refused_naming_why() {
    let ca = TestCa::new();
    let port = ca.serve(&["api.example"], "1.2.3");
    let err = ping_with(&trusting(&ca), &format!("https://localhost:{port}/ping"))
        .expect_err("the certificate is not for localhost");
    assert!(err.contains("not valid for name \"localhost\""), "{err}");
    assert!(err.contains("api.example"), "{err}");
}
