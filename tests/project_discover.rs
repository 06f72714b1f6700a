//! Project discovery: `--project`, `RUNCLI_PROJECT`, nearest runcli.toml,
//! git work tree, in that order.

use std::fs;
use std::path::{Path, PathBuf};

use runcli::project::{
    DefaultReason, DiscoverOptions, Manifest, ManifestSource, Project, ProjectError, RootSource,
    discover,
};

fn manifest_named(dir: &Path, name: &str) {
    fs::create_dir_all(dir).unwrap();
    fs::write(
        dir.join("runcli.toml"),
        format!("[project]\nname = \"{name}\"\n"),
    )
    .unwrap();
}

fn opts(explicit: Option<&Path>, env: Option<&Path>, cwd: &Path) -> DiscoverOptions {
    DiscoverOptions {
        explicit: explicit.map(Path::to_path_buf),
        env_project: env.map(Path::to_path_buf),
        cwd: cwd.to_path_buf(),
    }
}

fn real(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap()
}

fn found(o: &DiscoverOptions) -> Project {
    match discover(o) {
        Ok(p) => p,
        Err(e) => panic!("discovery failed: {e}"),
    }
}

#[test]
fn explicit_flag_wins_over_env_and_ancestors() {
    let tmp = tempfile::tempdir().unwrap();
    let flag = tmp.path().join("flag");
    let env = tmp.path().join("env");
    let cwd = tmp.path().join("cwd");
    manifest_named(&flag, "from-flag");
    manifest_named(&env, "from-env");
    manifest_named(&cwd, "from-cwd");
    let p = found(&opts(Some(&flag), Some(&env), &cwd));
    assert_eq!(p.name, "from-flag");
    assert_eq!(p.root, real(&flag));
    assert_eq!(
        p.manifest_source,
        ManifestSource::File(real(&flag).join("runcli.toml"))
    );
}

#[test]
fn env_project_wins_over_ancestors() {
    let tmp = tempfile::tempdir().unwrap();
    let env = tmp.path().join("env");
    let cwd = tmp.path().join("cwd");
    manifest_named(&env, "from-env");
    manifest_named(&cwd, "from-cwd");
    let p = found(&opts(None, Some(&env), &cwd));
    assert_eq!(p.name, "from-env");
    assert_eq!(p.root, real(&env));
}

#[test]
fn relative_explicit_dir_is_resolved_against_cwd_and_named_after_its_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("My Model.Server_2");
    fs::create_dir_all(root.join("api")).unwrap();
    let p = found(&opts(Some(Path::new("..")), None, &root.join("api")));
    assert_eq!(p.root, real(&root));
    assert_eq!(p.name, "mymodelserver_2");
}

#[test]
fn explicit_dir_without_manifest_uses_the_embedded_default() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("plain");
    fs::create_dir_all(&root).unwrap();
    for (explicit, env, given) in [
        (Some(root.as_path()), None, RootSource::Flag),
        (None, Some(root.as_path()), RootSource::Env),
    ] {
        let p = found(&opts(explicit, env, tmp.path()));
        assert_eq!(p.root, real(&root));
        assert_eq!(p.manifest, Manifest::default());
        assert_eq!(
            p.manifest_source,
            ManifestSource::EmbeddedDefault {
                reason: DefaultReason::ExplicitDir {
                    given,
                    dir: real(&root)
                }
            }
        );
        let shown = p.manifest_source.to_string();
        assert!(
            shown.starts_with("embedded default (no runcli.toml"),
            "{shown}"
        );
        assert!(shown.contains(&given.to_string()), "{shown}");
    }
}

#[test]
fn explicit_path_that_is_no_folder_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("file.txt");
    fs::write(&file, "x").unwrap();
    let missing = tmp.path().join("missing");
    for path in [&file, &missing] {
        let err = discover(&opts(Some(path), None, tmp.path())).unwrap_err();
        assert!(matches!(err, ProjectError::NotAFolder { .. }), "{err:?}");
        let text = err.to_string();
        assert!(text.starts_with("--project "), "{text}");
        assert!(text.contains(&path.display().to_string()), "{text}");
    }
}

#[test]
fn nearest_ancestor_with_a_manifest_wins() {
    let tmp = tempfile::tempdir().unwrap();
    let outer = tmp.path().join("outer");
    let inner = outer.join("inner");
    manifest_named(&outer, "outer");
    manifest_named(&inner, "inner");
    let deep = inner.join("a/b");
    fs::create_dir_all(&deep).unwrap();
    let p = found(&opts(None, None, &deep));
    assert_eq!(p.name, "inner");
    assert_eq!(p.root, real(&inner));
    let p = found(&opts(None, None, &outer));
    assert_eq!(p.name, "outer");
    assert_eq!(
        p.manifest_source.to_string(),
        format!(
            "runcli.toml at {}",
            real(&outer).join("runcli.toml").display()
        )
    );
}

#[test]
fn ancestor_manifest_wins_over_the_git_root() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    git2::Repository::init(&repo).unwrap();
    let service = repo.join("service");
    manifest_named(&service, "service");
    fs::create_dir_all(service.join("src")).unwrap();
    let p = found(&opts(None, None, &service.join("src")));
    assert_eq!(p.root, real(&service));
}

#[test]
fn git_work_tree_root_with_the_embedded_default() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("Model_Repo");
    git2::Repository::init(&repo).unwrap();
    let cwd = repo.join("api/routes");
    fs::create_dir_all(&cwd).unwrap();
    let p = found(&opts(None, None, &cwd));
    assert_eq!(p.root, real(&repo));
    assert_eq!(p.name, "model_repo");
    assert_eq!(p.manifest, Manifest::default());
    assert_eq!(
        p.manifest_source,
        ManifestSource::EmbeddedDefault {
            reason: DefaultReason::GitWorkTree { root: real(&repo) }
        }
    );
    assert_eq!(
        p.manifest_source.to_string(),
        format!(
            "embedded default (no runcli.toml; git work tree root {})",
            real(&repo).display()
        )
    );
}

#[test]
fn nothing_found_says_how_to_fix_it() {
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tmp.path().join("nowhere");
    fs::create_dir_all(&cwd).unwrap();
    let err = discover(&opts(None, None, &cwd)).unwrap_err();
    assert!(matches!(err, ProjectError::NotFound { .. }), "{err:?}");
    let text = err.to_string();
    for hint in [
        "--project",
        "RUNCLI_PROJECT",
        "runcli init",
        "git work tree",
    ] {
        assert!(text.contains(hint), "{text} lacks {hint}");
    }
    assert!(text.contains(&real(&cwd).display().to_string()), "{text}");
}

#[test]
fn a_broken_manifest_found_by_ancestry_is_reported_not_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("broken");
    fs::create_dir_all(root.join("sub")).unwrap();
    fs::write(root.join("runcli.toml"), "[logs]\nmax_lines = \"many\"\n").unwrap();
    let err = discover(&opts(None, None, &root.join("sub"))).unwrap_err();
    let text = err.to_string();
    let expected = format!("{}:2:13:", real(&root).join("runcli.toml").display());
    assert!(
        text.starts_with(&expected),
        "{text} does not start with {expected}"
    );
}

#[test]
fn a_folder_name_without_letters_needs_an_explicit_name() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("__");
    fs::create_dir_all(&root).unwrap();
    let err = discover(&opts(Some(&root), None, tmp.path())).unwrap_err();
    assert!(matches!(err, ProjectError::ProjectName { .. }), "{err:?}");
    assert!(err.to_string().contains("[project]"), "{err}");
    manifest_named(&root, "named");
    assert_eq!(found(&opts(Some(&root), None, tmp.path())).name, "named");
}
