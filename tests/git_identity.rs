//! A bump that commits needs user.name and user.email; without them it is
//! refused before anything is written. Its own test binary: it points
//! libgit2's global and system config at an empty folder for the process.

mod git_support;

use git_support::*;
use git2::ConfigLevel;
use runcli::ops::git::{self, BumpKind, BumpRequest, GitError};

#[test]
fn no_identity_is_a_clear_error_and_changes_nothing() {
    let empty = tempfile::tempdir().unwrap();
    for level in [ConfigLevel::Global, ConfigLevel::XDG, ConfigLevel::System] {
        // SAFETY: no other thread of this test binary uses libgit2 yet.
        unsafe { git2::opts::set_search_path(level, empty.path()).unwrap() };
    }
    let (dir, repo) = repo_with_version("1.2.3");
    {
        let mut config = repo
            .config()
            .unwrap()
            .open_level(ConfigLevel::Local)
            .unwrap();
        config.remove("user.name").unwrap();
        config.remove("user.email").unwrap();
    }
    let before_head = head(&repo);
    let mut request = BumpRequest::new(BumpKind::Patch);
    request.message = Some("Release".into());
    request.commit = true;
    let err = git::plan(&project(dir.path()), &request).unwrap_err();
    assert!(matches!(err, GitError::NoSignature { .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("git config --global user.name"), "{text}");
    assert!(text.contains("user.email"), "{text}");
    assert!(err.is_usage());
    assert_eq!(read(dir.path(), "config.json"), CONFIG);
    assert_eq!(read(dir.path(), "HISTORY.rst"), HISTORY);
    assert_eq!(head(&repo), before_head);

    // Without a commit no identity is needed.
    let files_only = BumpRequest {
        message: None,
        commit: false,
        ..request
    };
    git::apply(
        &git::plan(&project(dir.path()), &files_only).unwrap(),
        |_| {},
    )
    .unwrap();
    assert!(read(dir.path(), "config.json").contains("1.2.4"));
}
