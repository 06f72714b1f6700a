//! `SSL_CERT_FILE` names the CA runcli trusts, as for curl and OpenSSL: a
//! deploy waiting on an HTTPS `/ping` behind a private CA answers once the
//! CA is pointed at. One test per process, since the variable is read once.

mod tls_support;

use runcli::ops::deploy::ping;
use tls_support::TestCa;

#[test]
fn ssl_cert_file_replaces_the_system_store() {
    let ca = TestCa::new();
    let port = ca.serve(&["localhost"], "4.5.6");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("ca.pem");
    std::fs::write(&file, &ca.pem).expect("write CA");
    // SAFETY: the only test in this binary, and nothing else reads the
    // environment concurrently.
    unsafe { std::env::set_var("SSL_CERT_FILE", &file) };
    assert_eq!(
        ping(&format!("https://localhost:{port}/ping")),
        Ok("4.5.6".to_string())
    );
}
