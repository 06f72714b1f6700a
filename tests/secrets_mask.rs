//! Previews, diffs and errors never show a secret value; revealing one
//! needs its key.

mod secrets_support;

use std::path::Path;

use runcli::secrets::{Change, Compiler, SecretsConfig};
use secrets_support::{project, write};

const OLD_SECRET: &str = "hZ7q-OLDx9-s3cr3t-Kp";
const NEW_SECRET: &str = "n3w-Pa55!zz \"Qv8\"\nRt-9w";
const REMOVED_SECRET: &str = "tok_R3m0v3d-9f8e7d";
const SHORT_SECRET: &str = "pw9Xq";

fn secrets() -> [&'static str; 4] {
    [OLD_SECRET, NEW_SECRET, REMOVED_SECRET, SHORT_SECRET]
}

/// Fails if `text` holds any 4-character piece of any secret.
fn assert_no_secret(text: &str) {
    for secret in secrets() {
        let chars: Vec<char> = secret.chars().collect();
        for window in chars.windows(4) {
            let piece: String = window.iter().collect();
            assert!(
                !text.contains(&piece),
                "{piece:?} of a secret leaked into:\n{text}"
            );
        }
    }
}

fn diff_project() -> tempfile::TempDir {
    let values = serde_json::json!({
        "api-local": {"password": NEW_SECRET, "short": SHORT_SECRET, "env": "testing"}
    });
    let dir = project(
        "VERSION={{ version }}\nPASSWORD={{ password }}\nSHORT={{ short }}\nENV={{ env }}\n",
        &values.to_string(),
    );
    write(
        dir.path(),
        "integration.env",
        &format!("VERSION=1.0.0\nPASSWORD={OLD_SECRET}\nTOKEN={REMOVED_SECRET}\nENV=testing\n"),
    );
    dir
}

fn compiler(dir: &Path) -> Compiler {
    Compiler::new(dir, &SecretsConfig::default(), None).unwrap()
}

#[test]
fn diff_output_never_contains_a_secret_value() {
    let dir = diff_project();
    let diff = compiler(dir.path())
        .diff("api-local", Path::new("integration.env"))
        .unwrap();
    let changes: Vec<(&str, Change)> = diff
        .entries
        .iter()
        .map(|e| (e.key.as_str(), e.change))
        .collect();
    assert_eq!(
        changes,
        [
            ("VERSION", Change::Unchanged),
            ("PASSWORD", Change::Changed),
            ("SHORT", Change::Added),
            ("ENV", Change::Unchanged),
            ("TOKEN", Change::Removed),
        ]
    );
    assert!(diff.has_changes());
    let shown = diff.to_string();
    assert!(shown.contains("~ PASSWORD") && shown.contains("- TOKEN") && shown.contains("+ SHORT"));
    assert_no_secret(&shown);
    assert_no_secret(&format!("{diff:?}"));
    assert_no_secret(&serde_json::to_string(&diff).unwrap());
    // Environment-level diffs too.
    let mut config = SecretsConfig::default();
    if let Some(local) = config.environments.get_mut("local") {
        local.outputs.truncate(1);
    }
    let compiler = Compiler::new(dir.path(), &config, None).unwrap();
    let diffs = compiler.diff_env("local").unwrap();
    assert_eq!(diffs.len(), 1);
    assert_no_secret(&diffs[0].to_string());
}

#[test]
fn revealing_needs_the_key() {
    let dir = diff_project();
    let diff = compiler(dir.path())
        .diff("api-local", Path::new("integration.env"))
        .unwrap();
    let password = diff.reveal("PASSWORD").expect("PASSWORD is in the diff");
    assert_eq!(
        (password.old, password.new),
        (Some(OLD_SECRET), Some(NEW_SECRET))
    );
    let token = diff.reveal("TOKEN").unwrap();
    assert_eq!((token.old, token.new), (Some(REMOVED_SECRET), None));
    assert!(diff.reveal("NOPE").is_none());
}

#[test]
fn previews_are_masked_and_reveal_one_key() {
    let dir = diff_project();
    let preview = compiler(dir.path()).preview("api-local").unwrap();
    assert_no_secret(&preview.to_string());
    assert_no_secret(&format!("{preview:?}"));
    assert_no_secret(&serde_json::to_string(&preview).unwrap());
    assert_eq!(preview.reveal("SHORT"), Some(SHORT_SECRET));
    // Long values show two characters and the length; short ones nothing.
    let masks: Vec<String> = preview.entries.iter().map(|e| e.value.masked()).collect();
    assert_eq!(masks[1], format!("n3•••••• ({} chars)", NEW_SECRET.len()));
    assert_eq!(masks[2], "••••••");
}

#[test]
fn rendered_debug_and_errors_hide_values() {
    let dir = diff_project();
    let rendered = compiler(dir.path()).render("api-local").unwrap();
    assert_no_secret(&format!("{rendered:?}"));
    // A tera error that would quote the value is redacted.
    let values = serde_json::json!({"api-local": {"password": NEW_SECRET}});
    let dir = project("N={{ password | first }}\n", &values.to_string());
    let err = compiler(dir.path()).render("api-local").unwrap_err();
    assert_no_secret(&err.to_string());
    assert_no_secret(&format!("{err:?}"));
    assert!(err.to_string().contains("secret--template.env:1:"), "{err}");
    // So is an undefined variable next to secret ones.
    let dir = project("A={{ password }}\nB={{ missing }}\n", &values.to_string());
    let err = compiler(dir.path()).render("api-local").unwrap_err();
    assert_no_secret(&format!("{err} {err:?}"));
}

#[test]
fn a_missing_file_diffs_as_all_added() {
    let dir = diff_project();
    std::fs::remove_file(dir.path().join("integration.env")).unwrap();
    let diff = compiler(dir.path())
        .diff("api-local", Path::new("integration.env"))
        .unwrap();
    assert!(!diff.exists);
    assert!(diff.entries.iter().all(|e| e.change == Change::Added));
    assert!(diff.to_string().contains("(new file)"));
}
