//! The Git pane driven as a person would, on a temporary repository: compose
//! a patch bump with a message, review the plan, confirm, and see the
//! result in the repository.

mod git_support;

use git_support::{bare_origin, project, read, repo_with_version, tags};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use runcli::app::{Effect, EngineStatus, GitStage, Header, Key, Model, Msg, update};
use runcli::ops::git_pane;

fn model() -> Model {
    let header = Header {
        project: "demo".into(),
        version: Some("1.2.3".into()),
        git: None,
        engine: EngineStatus::Offline {
            endpoint: "unix:///x.sock".into(),
            reason: "test".into(),
        },
    };
    let mut m = Model::new(header, 1000, 1 << 20);
    update(
        &mut m,
        Msg::Resize {
            width: 100,
            height: 24,
        },
    );
    m
}

fn screen(m: &Model) -> String {
    let mut t = Terminal::new(TestBackend::new(100, 24)).unwrap();
    t.draw(|f| runcli::ui::view(m, f)).unwrap();
    format!("{}", t.backend())
}

fn typed(m: &mut Model, text: &str) {
    for c in text.chars() {
        update(m, Msg::Key(Key::Char(c)));
    }
}

#[test]
fn compose_review_confirm_and_push_a_patch_bump() {
    let (dir, repo) = repo_with_version("1.2.3");
    let (_remote_dir, bare) = bare_origin(&repo);
    let project = project(dir.path());
    let mut m = model();

    assert_eq!(
        update(&mut m, Msg::Key(Key::Char('g'))),
        vec![Effect::RefreshGit]
    );
    update(&mut m, Msg::GitFacts(git_pane::facts(&project)));
    assert!(screen(&m).contains("1.2.3"), "{}", screen(&m));

    typed(&mut m, "p");
    update(&mut m, Msg::Key(Key::Enter));
    assert!(
        m.status
            .as_deref()
            .unwrap_or("")
            .contains("needs a message")
    );
    typed(&mut m, "M");
    typed(&mut m, "Fix the login page");
    update(&mut m, Msg::Key(Key::Enter));
    typed(&mut m, "P");
    let effects = update(&mut m, Msg::Key(Key::Enter));
    let [Effect::GitPlan(draft)] = effects.as_slice() else {
        panic!("expected a plan request, got {effects:?}");
    };
    assert_eq!(draft.message, "Fix the login page");
    assert!(draft.commit && draft.tag && draft.push);

    update(&mut m, Msg::GitPlanned(git_pane::plan(&project, draft)));
    assert!(matches!(m.git.stage, GitStage::Confirming { .. }));
    let shown = screen(&m);
    insta::with_settings!({filters => vec![
        (r"\d{4}-\d{2}-\d{2}", "[date]"),
        (r"/\S*\.tmp\w+", "[tmp]"),
        (r"commit     [0-9a-f]{7}", "commit     [hash]"),
    ]}, {
        insta::assert_snapshot!(shown);
    });
    assert!(
        read(dir.path(), "config.json").contains("1.2.3"),
        "nothing written yet"
    );

    let effects = update(&mut m, Msg::Key(Key::Char('y')));
    let [Effect::GitApply(draft)] = effects.as_slice() else {
        panic!("expected an apply, got {effects:?}");
    };
    let outcome = git_pane::apply(&project, draft);
    assert!(outcome.is_ok(), "{outcome:?}");
    update(&mut m, Msg::GitApplied(outcome));
    assert!(read(dir.path(), "config.json").contains("1.2.4"));
    assert!(read(dir.path(), "HISTORY.rst").contains("* Fix the login page"));
    assert!(tags(&repo).contains(&"v1.2.4".to_string()));
    assert!(
        bare.find_reference("refs/tags/v1.2.4").is_ok(),
        "the tag reached the remote"
    );
    assert!(screen(&m).contains("bumped to 1.2.4"), "{}", screen(&m));
}

#[test]
fn only_y_n_and_esc_answer_and_n_changes_nothing() {
    let (dir, _repo) = repo_with_version("2.0.9");
    let project = project(dir.path());
    let mut m = model();
    update(&mut m, Msg::Key(Key::Char('g')));
    typed(&mut m, "n");
    typed(&mut m, "c");
    let effects = update(&mut m, Msg::Key(Key::Enter));
    let [Effect::GitPlan(draft)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    update(&mut m, Msg::GitPlanned(git_pane::plan(&project, draft)));
    let shown = screen(&m);
    assert!(shown.contains("config.json: 2.0.9 -> 2.1.0"), "{shown}");
    for other in ['x', 'q', 'm', 'p'] {
        assert!(update(&mut m, Msg::Key(Key::Char(other))).is_empty());
        assert!(
            matches!(m.git.stage, GitStage::Confirming { .. }),
            "{other} leaves the question open"
        );
    }
    assert!(!m.quitting);
    assert!(update(&mut m, Msg::Key(Key::Char('n'))).is_empty());
    assert_eq!(m.git.stage, GitStage::Idle);
    assert!(read(dir.path(), "config.json").contains("2.0.9"));
}
