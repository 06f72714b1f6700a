//! `runcli secrets ...` as scripts run it, on a copy of the demo project.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo");

/// A git repository holding the demo's secrets inputs and .gitignore.
fn demo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for file in [
        "secret--template.env",
        "secret--template-values.env",
        "config.json",
        ".gitignore",
    ] {
        std::fs::copy(Path::new(DEMO).join(file), dir.path().join(file)).unwrap();
    }
    git2::Repository::init(dir.path()).unwrap();
    dir
}

fn runcli(project: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_runcli"))
        .arg("--project")
        .arg(project)
        .args(args)
        .env_remove("RUNCLI_PROJECT")
        .output()
        .expect("run runcli")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn compile_local_in_the_demo_writes_both_files_0600() {
    let dir = demo_copy();
    let out = runcli(dir.path(), &["secrets", "compile", "local"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let api: PathBuf = dir.path().join("integration.env");
    let frontend = dir.path().join("client/.env.local");
    let vars: Vec<(String, String)> = dotenvy::from_path_iter(&api)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        vars.contains(&("ENV".to_string(), "testing".to_string())),
        "{vars:?}"
    );
    assert!(vars.contains(&("VERSION".to_string(), "0.1.0".to_string())));
    let front: Vec<(String, String)> = dotenvy::from_path_iter(&frontend)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        front.iter().any(|(k, _)| k == "VITE_API_BASE_URL"),
        "{front:?}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for path in [&api, &frontend] {
            let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", path.display());
        }
    }
}

#[test]
fn diff_and_list_never_print_a_value() {
    let dir = demo_copy();
    let values: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("secret--template-values.env")).unwrap(),
    )
    .unwrap();
    let database_url = values["api-local"]["database_url"]
        .as_str()
        .unwrap()
        .to_string();
    for args in [
        &["secrets", "diff", "local"][..],
        &["secrets", "list"][..],
        &["secrets", "check"][..],
    ] {
        let out = runcli(dir.path(), args);
        let shown = text(&out);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {shown}");
        assert!(
            !shown.contains(&database_url),
            "{args:?} printed a secret: {shown}"
        );
        assert!(
            !shown.contains("docker@"),
            "{args:?} printed a secret: {shown}"
        );
    }
    let diff = text(&runcli(dir.path(), &["secrets", "diff", "local"]));
    assert!(diff.contains("+ DATABASE_URL"), "{diff}");
}

#[test]
fn an_output_git_does_not_ignore_is_refused_with_exit_2_and_a_fix() {
    let dir = demo_copy();
    std::fs::write(dir.path().join(".gitignore"), "client/\n").unwrap();
    let out = runcli(dir.path(), &["secrets", "compile", "local"]);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(2), "{shown}");
    assert!(shown.contains("integration.env"), "{shown}");
    assert!(shown.contains(".gitignore"), "says how to fix it: {shown}");
    assert!(!dir.path().join("integration.env").exists());
    let allowed = runcli(
        dir.path(),
        &["secrets", "compile", "local", "--allow-tracked"],
    );
    assert_eq!(allowed.status.code(), Some(0), "{}", text(&allowed));
    assert!(dir.path().join("integration.env").exists());
}

#[test]
fn an_undefined_variable_fails_check_naming_target_variable_and_line() {
    let dir = demo_copy();
    let template = dir.path().join("secret--template.env");
    let mut body = std::fs::read_to_string(&template).unwrap();
    body.push_str("EXTRA={{ not_defined_anywhere }}\n");
    std::fs::write(&template, body.as_bytes()).unwrap();
    let line = body.lines().count();
    let out = runcli(dir.path(), &["secrets", "check"]);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(shown.contains("not_defined_anywhere"), "{shown}");
    assert!(shown.contains("api-local"), "{shown}");
    assert!(shown.contains(&format!(":{line}")), "line {line}: {shown}");
}
