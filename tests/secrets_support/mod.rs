//! Shared helpers of the secrets tests: temporary projects and git repos.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use runcli::secrets::{Compiler, SecretsConfig};
use tempfile::TempDir;

/// The fixture folder: template, values, config.json and expected outputs.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/secrets")
}

/// Contents of `tests/fixtures/secrets/expected/<target>.env`.
pub fn expected(target: &str) -> String {
    let path = fixtures().join("expected").join(format!("{target}.env"));
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A temporary project holding the fixture template, values and config.json.
pub fn fixture_project() -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in [
        "secret--template.env",
        "secret--template-values.env",
        "config.json",
    ] {
        fs::copy(fixtures().join(name), dir.path().join(name)).expect("copy fixture");
    }
    dir
}

/// A temporary project with the given template and values (JSON) and
/// version 1.0.0.
pub fn project(template: &str, values: &str) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "secret--template.env", template);
    write(dir.path(), "secret--template-values.env", values);
    write(dir.path(), "config.json", r#"{"version": "1.0.0"}"#);
    dir
}

/// Writes `text` to `root/rel`, creating folders.
pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("mkdir");
    }
    fs::write(&path, text).expect("write");
}

pub fn read(root: &Path, rel: &str) -> String {
    fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The default manifest section.
pub fn compiler(root: &Path) -> Compiler {
    Compiler::new(root, &SecretsConfig::default(), None).unwrap_or_else(|e| panic!("{e}"))
}

/// Makes `root` a git repository with `.gitignore` and commits `tracked`
/// (paths relative to root, which must exist).
pub fn git_repo(root: &Path, gitignore: Option<&str>, tracked: &[&str]) -> git2::Repository {
    let repo = git2::Repository::init(root).expect("git init");
    if let Some(ignore) = gitignore {
        write(root, ".gitignore", ignore);
    }
    {
        let mut index = repo.index().expect("index");
        for path in tracked {
            index.add_path(Path::new(path)).expect("git add");
        }
        index.write().expect("index write");
        let tree_id = index.write_tree().expect("write tree");
        let tree = repo.find_tree(tree_id).expect("tree");
        let sig = git2::Signature::now("test", "test@example.invalid").expect("sig");
        repo.commit(Some("HEAD"), &sig, &sig, "init", &tree, &[])
            .expect("commit");
    }
    repo
}

/// Files (relative paths) under `root`, recursively, sorted.
pub fn files(root: &Path) -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        for entry in fs::read_dir(dir).expect("read_dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                if entry.file_name() != ".git" {
                    walk(&path, root, out);
                }
            } else if let Ok(rel) = path.strip_prefix(root) {
                out.push(rel.to_string_lossy().into_owned());
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out.sort();
    out
}
