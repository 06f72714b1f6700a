//! Writing safely: git guard, mode 0600, backups, atomic replacement and
//! paths that stay inside the project.

mod secrets_support;

use std::fs;
use std::path::Path;

use runcli::secrets::{
    BACKUP_DIR, Compiler, SecretOutput, SecretsConfig, SecretsError, WriteStatus,
};
use secrets_support::{compiler, expected, files, fixture_project, git_repo, read, write};

const IGNORE_OUTPUTS: &str = "integration.env\nclient/.env*.local\nsecrets/build/\n";

#[test]
fn a_tracked_output_is_refused_with_how_to_untrack_it() {
    let dir = fixture_project();
    write(dir.path(), "integration.env", "COMMITTED=1\n");
    git_repo(
        dir.path(),
        Some(IGNORE_OUTPUTS),
        &["integration.env", ".gitignore"],
    );
    let compiler = compiler(dir.path());
    let err = compiler.compile_env("local", false).unwrap_err();
    assert!(
        matches!(&err, SecretsError::Tracked { path } if path == Path::new("integration.env")),
        "{err}"
    );
    let msg = err.to_string();
    assert!(msg.contains("git rm --cached integration.env"), "{msg}");
    assert!(
        msg.contains(".gitignore") && msg.contains("--allow-tracked"),
        "{msg}"
    );
    // Nothing was written: not the tracked file, not the other output.
    assert_eq!(read(dir.path(), "integration.env"), "COMMITTED=1\n");
    assert!(!dir.path().join("client/.env.local").exists());
    // The user may insist.
    let written = compiler.compile_env("local", true).unwrap();
    assert_eq!(written.len(), 2);
    assert_eq!(read(dir.path(), "integration.env"), expected("api-local"));
}

#[test]
fn an_output_gitignore_does_not_ignore_is_refused_with_how_to_ignore_it() {
    let dir = fixture_project();
    git_repo(dir.path(), Some("integration.env\n"), &[".gitignore"]);
    let err = compiler(dir.path())
        .compile_env("local", false)
        .unwrap_err();
    assert!(
        matches!(&err, SecretsError::NotIgnored { path } if path == Path::new("client/.env.local")),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("add `client/.env.local` to .gitignore"),
        "{err}"
    );
    assert!(
        !dir.path().join("integration.env").exists(),
        "nothing is written"
    );
    // check() warns about it without writing.
    let report = compiler(dir.path()).check();
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.to_string().contains("client/.env.local"))
    );
}

#[test]
fn ignored_outputs_in_a_project_below_the_repository_root_are_written() {
    let repo_dir = tempfile::tempdir().unwrap();
    let project = repo_dir.path().join("service");
    fs::create_dir_all(&project).unwrap();
    for name in [
        "secret--template.env",
        "secret--template-values.env",
        "config.json",
    ] {
        fs::copy(secrets_support::fixtures().join(name), project.join(name)).unwrap();
    }
    git_repo(
        repo_dir.path(),
        Some("service/integration.env\n.env*.local\n"),
        &[".gitignore"],
    );
    let written = compiler(&project).compile_env("staging", false).unwrap();
    assert_eq!(written.len(), 3);
    assert_eq!(
        read(&project, "client/.env.otter.local"),
        expected("frontend-staging-otter")
    );
}

#[cfg(unix)]
#[test]
fn outputs_and_backups_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = fixture_project();
    // A world-readable previous file is replaced by a private one.
    write(dir.path(), "integration.env", "OLD=1\n");
    fs::set_permissions(
        dir.path().join("integration.env"),
        fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let written = compiler(dir.path()).compile_env("local", false).unwrap();
    for file in &written {
        assert_eq!(mode(&file.path), 0o600, "{}", file.path.display());
    }
    let backup = written[0]
        .backup
        .as_ref()
        .expect("the old file is backed up");
    assert_eq!(mode(backup), 0o600);
    assert_eq!(mode(&dir.path().join(BACKUP_DIR)), 0o700);
    // Unchanged content: the mode is still enforced.
    fs::set_permissions(&written[1].path, fs::Permissions::from_mode(0o644)).unwrap();
    let again = compiler(dir.path()).compile_env("local", false).unwrap();
    assert_eq!(again[1].status, WriteStatus::Unchanged);
    assert_eq!(mode(&again[1].path), 0o600);
}

#[test]
fn the_previous_file_is_kept_as_a_timestamped_backup() {
    let dir = fixture_project();
    let compiler = compiler(dir.path());
    let first = compiler.compile_env("local", false).unwrap();
    assert_eq!(first[0].status, WriteStatus::Created);
    assert!(first[0].backup.is_none());
    let second = compiler.compile_env("docker", false).unwrap();
    assert_eq!(second[0].status, WriteStatus::Updated);
    let backup = second[0].backup.as_ref().expect("backup");
    assert!(
        backup.starts_with(dir.path().join(BACKUP_DIR)),
        "{}",
        backup.display()
    );
    let name = backup.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("integration.env.20"), "{name}");
    assert_eq!(fs::read_to_string(backup).unwrap(), expected("api-local"));
    let client_backup = second[1].backup.as_ref().expect("backup");
    assert!(
        client_backup
            .to_string_lossy()
            .contains("client__.env.local.")
    );
    // The backups ignore themselves in git.
    assert_eq!(
        read(dir.path(), ".runcli/backups/.gitignore")
            .lines()
            .last(),
        Some("*")
    );
    // Same content again: nothing to back up.
    let third = compiler.compile_env("docker", false).unwrap();
    assert!(
        third
            .iter()
            .all(|w| w.status == WriteStatus::Unchanged && w.backup.is_none())
    );
}

#[test]
fn a_failed_backup_leaves_the_previous_file_intact() {
    let dir = fixture_project();
    let compiler = compiler(dir.path());
    compiler.compile_env("local", false).unwrap();
    // `.runcli` is a file, so the backup folder cannot be made (root included).
    write(dir.path(), ".runcli", "not a folder\n");
    let err = compiler.compile_env("docker", false).unwrap_err();
    assert!(matches!(err, SecretsError::Backup { .. }), "{err}");
    assert_eq!(read(dir.path(), "integration.env"), expected("api-local"));
    let leftovers: Vec<String> = files(dir.path())
        .into_iter()
        .filter(|f| f.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn an_output_that_cannot_be_written_stops_the_compile_before_any_write() {
    let dir = fixture_project();
    let compiler = compiler(dir.path());
    compiler.compile_env("local", false).unwrap();
    fs::remove_file(dir.path().join("client/.env.local")).unwrap();
    fs::create_dir_all(dir.path().join("client/.env.local")).unwrap();
    let err = compiler.compile_env("docker", false).unwrap_err();
    assert!(matches!(err, SecretsError::Write { .. }), "{err}");
    assert!(
        err.to_string().contains("previous file is unchanged"),
        "{err}"
    );
    assert_eq!(read(dir.path(), "integration.env"), expected("api-local"));
}

#[test]
fn a_render_failure_writes_nothing() {
    let dir = fixture_project();
    let compiler = compiler(dir.path());
    compiler.compile_env("local", false).unwrap();
    let values = read(dir.path(), "secret--template-values.env").replace(
        r#""database_url": "postgresql://postgres:docker@db:5432""#,
        r#""db": "x""#,
    );
    write(dir.path(), "secret--template-values.env", &values);
    let err = secrets_support::compiler(dir.path())
        .compile_env("docker", false)
        .unwrap_err();
    assert!(
        matches!(err, SecretsError::UndefinedVariable { .. }),
        "{err}"
    );
    assert_eq!(read(dir.path(), "integration.env"), expected("api-local"));
    assert_eq!(
        read(dir.path(), "client/.env.local"),
        expected("frontend-local")
    );
}

fn config_writing(path: &str) -> SecretsConfig {
    let mut config = SecretsConfig::default();
    if let Some(local) = config.environments.get_mut("local") {
        local.outputs = vec![SecretOutput {
            target: "api-local".into(),
            path: path.into(),
        }];
    }
    config
}

#[test]
fn configured_paths_cannot_leave_the_project() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("project");
    fs::create_dir_all(&root).unwrap();
    for name in [
        "secret--template.env",
        "secret--template-values.env",
        "config.json",
    ] {
        fs::copy(secrets_support::fixtures().join(name), root.join(name)).unwrap();
    }
    for path in [
        "../escaped.env".to_string(),
        outer.path().join("abs.env").display().to_string(),
    ] {
        let compiler = Compiler::new(&root, &config_writing(&path), None).unwrap();
        let err = compiler.compile_env("local", false).unwrap_err();
        assert!(
            matches!(err, SecretsError::UnsafePath { .. }),
            "{path}: {err}"
        );
        assert!(!compiler.check().is_ok(), "check reports {path}");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outer.path(), root.join("link")).unwrap();
        let compiler = Compiler::new(&root, &config_writing("link/through.env"), None).unwrap();
        let err = compiler.compile_env("local", false).unwrap_err();
        assert!(err.to_string().contains("symlinked folder"), "{err}");
    }
    // Nothing landed outside the project folder.
    assert_eq!(fs::read_dir(outer.path()).unwrap().count(), 1);
    // A path named explicitly is the caller's choice.
    let compiler = Compiler::new(&root, &SecretsConfig::default(), None).unwrap();
    let written = compiler
        .compile_target_to("api-local", &outer.path().join("explicit.env"), false)
        .unwrap();
    assert_eq!(
        fs::read_to_string(&written.path).unwrap(),
        expected("api-local")
    );
}
