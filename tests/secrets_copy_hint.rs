//! A template-shaped project as generated: the secrets inputs exist only as
//! the shipped `secret--template.env.txt` / `secret--template-values.env.txt`.
//! Every secrets command, and a server profile that compiles secrets, says
//! which files to copy, how, and that the copies stay ignored by git.

mod common;

use std::path::Path;

use common::{
    ProjectGuard, busybox_image, docker_or_skip, output_text as text, runcli, unique_project,
    write_busybox_context,
};
use runcli::engine::ContainerState;

const COPY: &str = "cp secret--template.env.txt secret--template.env && cp secret--template-values.env.txt secret--template-values.env";

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/secrets/jinja/template-style")
        .join(name)
}

/// A git work tree with the `.txt` pair, config.json and a .gitignore that
/// ignores env files, as the template's does.
fn shipped_project(dir: &Path) {
    for name in ["secret--template.env", "secret--template-values.env"] {
        std::fs::copy(fixture(name), dir.join(format!("{name}.txt"))).unwrap();
    }
    std::fs::copy(fixture("config.json"), dir.join("config.json")).unwrap();
    std::fs::write(dir.join(".gitignore"), "*.env\nclient/\nsecrets/build/\n").unwrap();
    git2::Repository::init(dir).unwrap();
}

fn assert_hint(shown: &str) {
    for needed in [
        "secret--template.env.txt",
        "secret--template-values.env.txt",
        COPY,
        "ignored by git",
    ] {
        assert!(shown.contains(needed), "missing {needed:?}: {shown}");
    }
}

#[test]
fn every_secrets_command_says_to_copy_the_shipped_files_then_compile_works() {
    let dir = tempfile::tempdir().unwrap();
    shipped_project(dir.path());
    for args in [
        &["secrets", "compile", "local"][..],
        &["secrets", "list"],
        &["secrets", "check"],
        &["secrets", "diff", "local"],
        &["secrets", "compile", "--all"],
    ] {
        let out = runcli(dir.path(), args);
        let shown = text(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {shown}");
        assert_hint(&shown);
    }
    assert!(!dir.path().join("integration.env").exists());

    let copied = std::process::Command::new("sh")
        .arg("-c")
        .arg(COPY)
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(copied.success());
    let out = runcli(dir.path(), &["secrets", "compile", "local"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let written = std::fs::read_to_string(dir.path().join("integration.env")).unwrap();
    assert!(
        written.starts_with("VERSION=\"2.7.1# --- Database\"\n"),
        "{written}"
    );
    // The copies and the outputs hold secrets: git must not offer them.
    let repo = git2::Repository::open(dir.path()).unwrap();
    for path in [
        "secret--template.env",
        "secret--template-values.env",
        "integration.env",
    ] {
        assert!(repo.is_path_ignored(path).unwrap(), "{path}");
    }
}

#[test]
fn the_secrets_pane_loads_the_same_hint() {
    let dir = tempfile::tempdir().unwrap();
    shipped_project(dir.path());
    let project = runcli::project::discover(&runcli::project::DiscoverOptions {
        explicit: Some(dir.path().to_path_buf()),
        env_project: None,
        cwd: dir.path().to_path_buf(),
    })
    .unwrap();
    let Err(message) = runcli::ops::secrets::snapshot(&project) else {
        panic!("the pane cannot load without the copies");
    };
    assert_hint(&message);
}

fn manifest(name: &str) -> String {
    format!(
        r#"[project]
name = "{name}"

[compose]
files = ["docker-compose.yaml"]

[profiles.db]
description = "the database alone"
services = ["db"]

[profiles.stack]
description = "compiles the local secrets after stopping everything"
down_first = true
secrets = "local"
services = ["db"]
"#
    )
}

const COMPOSE: &str = r#"services:
  db:
    build: .
    command: ["sh", "-c", "echo db up; sleep 600"]
"#;

#[tokio::test]
async fn a_profile_that_compiles_secrets_fails_before_stopping_or_starting_anything() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let name = unique_project("secrets-hint");
    let mut guard = ProjectGuard::new(&engine, &name);
    guard.images.push(format!("{name}-db"));
    busybox_image(&engine).await;
    let dir = tempfile::tempdir().unwrap();
    write_busybox_context(dir.path(), "");
    shipped_project(dir.path());
    std::fs::write(dir.path().join("runcli.toml"), manifest(&name)).unwrap();
    std::fs::write(dir.path().join("docker-compose.yaml"), COMPOSE).unwrap();

    let up = runcli(dir.path(), &["server", "up", "db", "--detach"]);
    assert_eq!(up.status.code(), Some(0), "{}", text(&up));
    let before = engine.project_containers(&name).await.unwrap();
    assert_eq!(before.len(), 1, "{before:?}");

    let out = runcli(dir.path(), &["server", "up", "stack", "--detach"]);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(2), "{shown}");
    assert_hint(&shown);
    assert!(shown.contains("stack"), "{shown}");
    // down_first did not run: the db container is the same and still running.
    let after = engine.project_containers(&name).await.unwrap();
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(after[0].id, before[0].id);
    assert_eq!(after[0].state, ContainerState::Running);
    assert!(!dir.path().join("integration.env").exists());
}
