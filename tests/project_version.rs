//! The project version from config.json.

use std::fs;
use std::path::Path;

use runcli::project::{DiscoverOptions, Project, ProjectError, discover};

fn project_at(root: &Path) -> Project {
    discover(&DiscoverOptions {
        explicit: Some(root.to_path_buf()),
        env_project: None,
        cwd: root.to_path_buf(),
    })
    .unwrap()
}

#[test]
fn version_comes_from_config_json() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("config.json"),
        "{\"version\": \"1.4.2\", \"name\": \"x\"}",
    )
    .unwrap();
    let p = project_at(tmp.path());
    assert_eq!(p.version().as_deref(), Some("1.4.2"));
    fs::write(tmp.path().join("config.json"), "{\"version\": \"2.0.0\"}").unwrap();
    assert_eq!(p.read_version().unwrap().as_deref(), Some("2.0.0"));
}

#[test]
fn missing_config_json_is_no_version() {
    let tmp = tempfile::tempdir().unwrap();
    let p = project_at(tmp.path());
    assert_eq!(p.version(), None);
    assert!(matches!(p.read_version(), Ok(None)));
}

#[test]
fn malformed_config_json_is_an_error_with_its_position() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("config.json"), "{\n  \"version\": 3\n}\n").unwrap();
    let p = project_at(tmp.path());
    assert_eq!(p.version(), None);
    let err = p.read_version().unwrap_err();
    assert!(matches!(err, ProjectError::Parse { .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("config.json:2:"), "{text}");
    assert!(text.contains("\"version\""), "{text}");
}

#[test]
fn version_file_can_be_moved_in_the_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir_all(tmp.path().join("meta")).unwrap();
    fs::write(
        tmp.path().join("runcli.toml"),
        "[project]\nversion_file = \"meta/v.json\"\n",
    )
    .unwrap();
    fs::write(tmp.path().join("config.json"), "{\"version\": \"0.0.1\"}").unwrap();
    fs::write(tmp.path().join("meta/v.json"), "{\"version\": \"9.8.7\"}").unwrap();
    assert_eq!(project_at(tmp.path()).version().as_deref(), Some("9.8.7"));
}
