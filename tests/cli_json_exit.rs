//! The exit codes of README "Headless commands" under `--json`, on the
//! bundled demo project: an engine at a dead socket exits 3 from every
//! command that needs one, an unknown profile, tier, tier argument, secrets
//! environment or service exits 2 naming the known ones; each run's stdout
//! is JSON only and ends with the `{"error": ...}` object.

mod common;
mod json_support;

use std::path::Path;
use std::process::Output;

use common::{docker_or_skip, output_text as text, runcli_env};
use json_support::json_lines;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo");
const DEAD: &str = "unix:///nonexistent.sock";

fn at_dead_socket(args: &[&str]) -> Output {
    runcli_env(Path::new(DEMO), args, &[("DOCKER_HOST", DEAD.to_string())])
}

/// The error object a failed run ends with.
fn last_error(out: &Output) -> String {
    let objects = json_lines(out);
    let last = objects
        .last()
        .unwrap_or_else(|| panic!("no object on stdout: {}", text(out)));
    last["error"]
        .as_str()
        .unwrap_or_else(|| panic!("the last object is not the error: {last}"))
        .to_string()
}

#[test]
fn an_engine_at_a_dead_socket_exits_3_from_every_engine_command() {
    for args in [
        &["--json", "doctor"][..],
        &["--json", "server", "list"],
        &["--json", "server", "up", "local", "--detach"],
        &["--json", "server", "down"],
        &["--json", "logs"],
        &["--json", "migrate", "current"],
        &["--json", "migrate", "history"],
        &["--json", "docs", "build"],
        &["--json", "test", "run", "unit"],
    ] {
        let out = at_dead_socket(args);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {}", text(&out));
        let error = last_error(&out);
        assert!(error.contains("nonexistent.sock"), "{args:?}: {error}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&error),
            "{args:?}: said on stderr too: {stderr}"
        );
    }
}

#[test]
fn unknown_names_exit_2_listing_the_known_ones_before_the_engine_is_asked() {
    let cases: [(&[&str], &[&str]); 4] = [
        (
            &["--json", "server", "up", "nope"],
            &["local", "integration", "notebook"],
        ),
        (&["--json", "test", "run", "nope"], &["unit", "module"]),
        (&["--json", "test", "run", "unit", "extra"], &["none"]),
        (&["--json", "secrets", "diff", "nope"], &["local"]),
    ];
    for (args, known) in cases {
        let out = at_dead_socket(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        let error = last_error(&out);
        for name in known {
            assert!(error.contains(name), "{args:?} names {name}: {error}");
        }
    }
}

#[tokio::test]
async fn an_unknown_service_exits_2_on_a_real_engine() {
    if docker_or_skip().await.is_none() {
        return;
    }
    let out = runcli_env(Path::new(DEMO), &["--json", "logs", "nope"], &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let error = last_error(&out);
    for service in ["nope", "db", "api", "notebook"] {
        assert!(error.contains(service), "names {service}: {error}");
    }
}
