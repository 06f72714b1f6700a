//! `runcli init`: manifest and wrappers, never overwriting.

use std::fs;
use std::path::Path;

use runcli::project::{EMBEDDED_MANIFEST, InitOutcome, Manifest, ProjectError, init};

const NAMES: [&str; 3] = ["runcli.toml", "__run_cli.sh", "__run_cli.bat"];

fn outcomes(root: &Path) -> Vec<(String, InitOutcome)> {
    init(root)
        .unwrap()
        .files
        .into_iter()
        .map(|f| {
            assert_eq!(f.path.parent(), Some(root));
            let name = f.path.file_name().unwrap().to_string_lossy().into_owned();
            (name, f.outcome)
        })
        .collect()
}

#[test]
fn writes_the_manifest_and_both_wrappers() {
    let tmp = tempfile::tempdir().unwrap();
    let got = outcomes(tmp.path());
    let expected: Vec<(String, InitOutcome)> = NAMES
        .iter()
        .map(|n| (n.to_string(), InitOutcome::Written))
        .collect();
    assert_eq!(got, expected);
    let manifest = fs::read_to_string(tmp.path().join("runcli.toml")).unwrap();
    assert_eq!(manifest, EMBEDDED_MANIFEST);
    let written = Manifest::load(&tmp.path().join("runcli.toml")).unwrap();
    assert_eq!(written, Manifest::default());
    let bat = fs::read_to_string(tmp.path().join("__run_cli.bat")).unwrap();
    assert!(bat.contains("--project"));
    assert_eq!(
        bat.matches('\n').count(),
        bat.matches("\r\n").count(),
        "bat must be CRLF"
    );
    let sh = fs::read_to_string(tmp.path().join("__run_cli.sh")).unwrap();
    assert!(sh.starts_with("#!/bin/sh\n"));
    assert!(!sh.contains('\r'));
}

#[cfg(unix)]
#[test]
fn shell_wrapper_is_executable() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    init(tmp.path()).unwrap();
    let mode = fs::metadata(tmp.path().join("__run_cli.sh"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o755);
}

#[test]
fn existing_files_are_kept_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let mine = "[project]\nname = \"mine\"\n";
    fs::write(tmp.path().join("runcli.toml"), mine).unwrap();
    let got = outcomes(tmp.path());
    assert_eq!(got[0], ("runcli.toml".to_string(), InitOutcome::Kept));
    assert_eq!(got[1].1, InitOutcome::Written);
    assert_eq!(
        fs::read_to_string(tmp.path().join("runcli.toml")).unwrap(),
        mine
    );
    fs::write(tmp.path().join("__run_cli.sh"), "custom").unwrap();
    let again = outcomes(tmp.path());
    assert!(
        again.iter().all(|(_, o)| *o == InitOutcome::Kept),
        "{again:?}"
    );
    assert_eq!(
        fs::read_to_string(tmp.path().join("__run_cli.sh")).unwrap(),
        "custom"
    );
}

#[test]
fn missing_folder_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("not-here");
    let err = init(&missing).unwrap_err();
    assert!(matches!(err, ProjectError::Io { .. }), "{err:?}");
    assert!(
        err.to_string().contains(&missing.display().to_string()),
        "{err}"
    );
    assert!(!missing.exists());
}

#[cfg(unix)]
mod wrapper {
    use super::*;
    use std::os::unix::fs::PermissionsExt;
    use std::process::Command;
    use std::sync::Mutex;

    /// Writing an executable while another thread forks can make exec fail
    /// with ETXTBSY; these tests write and run scripts one at a time.
    static SERIAL: Mutex<()> = Mutex::new(());

    fn serial() -> std::sync::MutexGuard<'static, ()> {
        SERIAL
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A stand-in `runcli` that prints each argument on its own line.
    fn fake_runcli(dir: &Path) -> std::path::PathBuf {
        fs::create_dir_all(dir).unwrap();
        let path = dir.join("runcli");
        fs::write(
            &path,
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n",
        )
        .unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    fn project(tmp: &Path) -> std::path::PathBuf {
        let root = tmp.join("my project");
        fs::create_dir_all(&root).unwrap();
        init(&root).unwrap();
        root
    }

    fn lines(out: &std::process::Output) -> Vec<String> {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(String::from)
            .collect()
    }

    #[test]
    fn passes_arguments_with_the_project_folder_via_runcli_bin() {
        let _serial = serial();
        let tmp = tempfile::tempdir().unwrap();
        let root = project(tmp.path());
        let bin = fake_runcli(&tmp.path().join("bin"));
        let out = Command::new(root.join("__run_cli.sh"))
            .args(["test", "run", "two words"])
            .current_dir(tmp.path())
            .env("RUNCLI_BIN", &bin)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let here = fs::canonicalize(&root).unwrap().display().to_string();
        assert_eq!(
            lines(&out),
            ["--project", here.as_str(), "test", "run", "two words"]
        );
    }

    #[test]
    fn finds_runcli_on_path() {
        let _serial = serial();
        let tmp = tempfile::tempdir().unwrap();
        let root = project(tmp.path());
        let bin_dir = tmp.path().join("bin");
        fake_runcli(&bin_dir);
        let path = format!("{}:/usr/bin:/bin", bin_dir.display());
        let out = Command::new("sh")
            .arg(root.join("__run_cli.sh"))
            .arg("doctor")
            .env_remove("RUNCLI_BIN")
            .env("PATH", path)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        assert_eq!(lines(&out).last().map(String::as_str), Some("doctor"));
    }

    #[test]
    fn says_how_to_install_when_runcli_is_missing() {
        let _serial = serial();
        let tmp = tempfile::tempdir().unwrap();
        let root = project(tmp.path());
        let out = Command::new("sh")
            .arg(root.join("__run_cli.sh"))
            .env("RUNCLI_BIN", tmp.path().join("no-such-runcli"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(127));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("install runcli and put it on PATH, or set RUNCLI_BIN"),
            "{err}"
        );
    }
}
