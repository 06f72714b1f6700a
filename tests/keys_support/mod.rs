//! The model fixture of tests/app_keys.rs: every pane in each state where
//! its keys act, and every key the console can receive.

use std::path::Path;

use runcli::app::{
    BumpDraft, Confirm, ContainerRow, DocsFocus, EngineStatus, GitStage, Header, Key, LogLine,
    LogsFocus, MigrationsFocus, Model, Msg, Pane, PipelineFocus, PipelineUpdate, ProfileRow,
    SecretsFocus, ServerFocus, TestingFocus, TierRow, update,
};
use runcli::ops::pipeline::PipelineEvent;
use runcli::project::{DiscoverOptions, discover};

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/parse");

/// Every key the console can receive: printable ASCII and the named keys.
pub fn all_keys() -> Vec<Key> {
    let mut keys: Vec<Key> = (' '..='~').map(Key::Char).collect();
    keys.extend([
        Key::Up,
        Key::Down,
        Key::Left,
        Key::Right,
        Key::PageUp,
        Key::PageDown,
        Key::Home,
        Key::End,
        Key::Enter,
        Key::Backspace,
        Key::Esc,
        Key::Tab,
        Key::BackTab,
        Key::CtrlC,
        Key::CtrlU,
        Key::CtrlW,
        Key::CtrlA,
        Key::CtrlE,
        Key::Ctrl('f'),
        Key::F(5),
    ]);
    keys
}

fn row(id: &str, service: &str, running: bool) -> ContainerRow {
    ContainerRow {
        id: id.into(),
        name: format!("demo-{service}-1"),
        service: service.into(),
        state: if running { "running" } else { "exited (0)" }.into(),
        running,
        published: Vec::new(),
    }
}

/// Copies the demo's secrets inputs to a temporary git work tree.
fn secrets_dir() -> tempfile::TempDir {
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

/// A model where every pane has something its keys act on: profiles,
/// tiers, two containers with log lines, a read migration history, built
/// docs with warnings and the demo's secrets.
pub fn base() -> Model {
    let header = Header {
        project: "demo".into(),
        version: Some("0.1.0".into()),
        git: None,
        engine: EngineStatus::Offline {
            endpoint: "unix:///x.sock".into(),
            reason: "test".into(),
        },
    };
    let profiles = ["debug", "integration"]
        .map(|name| ProfileRow {
            name: name.into(),
            description: format!("{name} stack"),
            health: None,
            url: None,
            health_url: None,
        })
        .to_vec();
    let tiers = vec![
        TierRow {
            name: "unit".into(),
            description: "unit tests".into(),
            args: Vec::new(),
        },
        TierRow {
            name: "module".into(),
            description: "one module".into(),
            args: vec!["path".into()],
        },
    ];
    let graph = runcli::project::Manifest::default().pipeline;
    let plan = runcli::ops::pipeline::plan(&graph, None, None).unwrap();
    let mut m = Model::new(header, 1000, 1 << 20)
        .with_profiles(profiles)
        .with_tiers(tiers)
        .with_pipeline(&plan.steps);
    update(
        &mut m,
        Msg::Resize {
            width: 100,
            height: 30,
        },
    );
    update(
        &mut m,
        Msg::Containers(vec![row("a", "api", true), row("b", "db", true)]),
    );
    let lines = (0..100).map(|i| LogLine::stdout(format!("line {i}")));
    update(
        &mut m,
        Msg::LogLines {
            container_id: "a".into(),
            lines: lines.collect(),
        },
    );
    let output = (0..60).map(|i| LogLine::stdout(format!("tests/test_{i}.py PASSED")));
    update(&mut m, Msg::TierOutput(output.collect()));
    update(
        &mut m,
        Msg::Migrated {
            outcome: Ok("read".into()),
            current: None,
            history: None,
        },
    );
    let sphinx = std::fs::read_to_string(
        Path::new(FIXTURES).join("sphinx/build_succeeded_with_warnings.txt"),
    )
    .unwrap();
    update(
        &mut m,
        Msg::DocsOutput(sphinx.lines().map(LogLine::stdout).collect()),
    );
    update(
        &mut m,
        Msg::DocsBuilt(Ok("docs/build/html/index.html".into())),
    );
    let dir = secrets_dir();
    let project = discover(&DiscoverOptions {
        explicit: Some(dir.path().to_path_buf()),
        env_project: None,
        cwd: dir.path().to_path_buf(),
    })
    .unwrap();
    update(
        &mut m,
        Msg::SecretsLoaded(runcli::ops::secrets::snapshot(&project)),
    );
    assert!(m.secrets.snapshot.is_some(), "{:?}", m.secrets.load_error);
    for i in 0..40 {
        update(
            &mut m,
            Msg::Pipeline(PipelineUpdate::Event(PipelineEvent::Output {
                step: plan.steps[0].step.clone(),
                line: format!("safety line {i}"),
            })),
        );
    }
    m.status = None;
    m
}

/// Each pane in each state where its keys act, with a name for messages.
/// Questions (`y/n`) are states too; open prompts are not (they take
/// every letter as text, checked on their own below).
pub fn states() -> Vec<(String, Model)> {
    let base = base();
    let on = |pane: Pane, f: &dyn Fn(&mut Model)| {
        let mut m = base.clone();
        m.pane = pane;
        f(&mut m);
        m
    };
    let draft = BumpDraft::new(false);
    vec![
        ("server, profiles".into(), on(Pane::Server, &|_| {})),
        (
            "server, services".into(),
            on(Pane::Server, &|m| m.server.focus = ServerFocus::Services),
        ),
        (
            "server, activity panel".into(),
            on(Pane::Server, &|m| m.server.focus = ServerFocus::Activity),
        ),
        (
            "server, serving log".into(),
            on(Pane::Server, &|m| m.server.focus = ServerFocus::Log),
        ),
        (
            "server, asking".into(),
            on(Pane::Server, &|m| m.server.confirm = Some(Confirm::Clean)),
        ),
        ("testing, tiers".into(), on(Pane::Testing, &|_| {})),
        (
            "testing, results".into(),
            on(Pane::Testing, &|m| m.testing.focus = TestingFocus::Results),
        ),
        (
            "testing, output panel".into(),
            on(Pane::Testing, &|m| m.testing.focus = TestingFocus::Output),
        ),
        (
            "testing, traceback panel".into(),
            on(Pane::Testing, &|m| {
                let junit = std::fs::read(Path::new(FIXTURES).join("junit/pytest_mixed.xml"));
                let report = runcli::parse::junit::parse_junit(junit.unwrap()).unwrap();
                update(
                    m,
                    Msg::TierFinished(runcli::app::TierResult {
                        tier: "unit".into(),
                        exit_code: 1,
                        duration_secs: 1.0,
                        report: Some(report),
                        report_note: None,
                    }),
                );
                m.testing.focus = TestingFocus::Traceback;
            }),
        ),
        (
            "testing, running".into(),
            on(Pane::Testing, &|m| m.testing.running = Some("unit".into())),
        ),
        ("migrations".into(), on(Pane::Migrations, &|_| {})),
        (
            "migrations, asking".into(),
            on(Pane::Migrations, &|m| m.migrations.confirm_downgrade = true),
        ),
        (
            "migrations, output panel".into(),
            on(Pane::Migrations, &|m| {
                m.migrations.focus = MigrationsFocus::Output
            }),
        ),
        ("secrets, envs".into(), on(Pane::Secrets, &|_| {})),
        (
            "secrets, keys".into(),
            on(Pane::Secrets, &|m| m.secrets.focus = SecretsFocus::Vars),
        ),
        ("docs".into(), on(Pane::Docs, &|_| {})),
        (
            "docs, output panel".into(),
            on(Pane::Docs, &|m| m.docs.focus = DocsFocus::Output),
        ),
        ("git, idle".into(), on(Pane::Git, &|_| {})),
        (
            "git, composing".into(),
            on(Pane::Git, &|m| {
                m.git.stage = GitStage::Composing(draft.clone());
            }),
        ),
        (
            "git, planning".into(),
            on(Pane::Git, &|m| {
                m.git.stage = GitStage::Planning(draft.clone())
            }),
        ),
        (
            "git, asking".into(),
            on(Pane::Git, &|m| {
                m.git.stage = GitStage::Confirming {
                    draft: draft.clone(),
                    plan: vec!["write config.json".into()],
                }
            }),
        ),
        ("pipeline, steps".into(), on(Pane::Pipeline, &|_| {})),
        (
            "pipeline, output panel".into(),
            on(Pane::Pipeline, &|m| {
                m.pipeline.focus = PipelineFocus::Output
            }),
        ),
        (
            "pipeline, running".into(),
            on(Pane::Pipeline, &|m| m.pipeline.running = true),
        ),
        (
            "pipeline, asking".into(),
            on(Pane::Pipeline, &|m| {
                m.pipeline.running = true;
                update(
                    m,
                    Msg::Pipeline(PipelineUpdate::Confirm {
                        step: "confirm-staging".into(),
                        env: "staging".into(),
                    }),
                );
            }),
        ),
        ("logs, list".into(), on(Pane::Logs, &|_| {})),
        (
            "logs, focused log".into(),
            on(Pane::Logs, &|m| m.logs.focus = LogsFocus::Log),
        ),
    ]
}
