//! The Secrets pane rendered from a real snapshot of the demo's inputs:
//! masked values on screen, a value only after `r` on its row.

use std::path::Path;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use runcli::app::{EngineStatus, Header, Key, Model, Msg, update};
use runcli::project::{DiscoverOptions, discover};

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo");

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

fn model_on_secrets(dir: &Path) -> Model {
    let project = discover(&DiscoverOptions {
        explicit: Some(dir.to_path_buf()),
        env_project: None,
        cwd: dir.to_path_buf(),
    })
    .unwrap();
    let header = Header {
        project: "demo".into(),
        version: Some("0.1.0".into()),
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
            height: 30,
        },
    );
    update(&mut m, Msg::Key(Key::Char('e')));
    let snapshot = runcli::ops::secrets::snapshot(&project);
    update(&mut m, Msg::SecretsLoaded(snapshot));
    m
}

fn screen(m: &Model) -> String {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|f| runcli::ui::view(m, f)).unwrap();
    format!("{}", terminal.backend())
}

fn database_url() -> String {
    let values: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(DEMO).join("secret--template-values.env")).unwrap(),
    )
    .unwrap();
    values["api-local"]["database_url"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn secrets_pane_shows_keys_with_masked_values() {
    let dir = demo_copy();
    let m = model_on_secrets(dir.path());
    let shown = screen(&m);
    insta::assert_snapshot!(shown);
    assert!(shown.contains("DATABASE_URL"), "{shown}");
    assert!(
        !shown.contains(&database_url()),
        "a secret reached the screen: {shown}"
    );
    assert!(!shown.contains("postgres:docker"), "{shown}");
}

#[test]
fn a_value_shows_only_for_the_row_revealed_with_r() {
    let dir = demo_copy();
    let mut m = model_on_secrets(dir.path());
    update(&mut m, Msg::Key(Key::Tab));
    // Row 1 of api-local is DATABASE_URL (row 0 is VERSION). The panel is
    // narrower than the URL: look for its first 30 characters.
    update(&mut m, Msg::Key(Key::Char('j')));
    let part: String = database_url().chars().take(30).collect();
    assert!(!screen(&m).contains(&part));
    update(&mut m, Msg::Key(Key::Char('r')));
    assert!(screen(&m).contains(&part), "r reveals the selected key");
    update(&mut m, Msg::Key(Key::Char('j')));
    assert!(!screen(&m).contains(&part), "moving on hides it again");
}

#[test]
fn enter_compiles_the_selected_environment() {
    let dir = demo_copy();
    let mut m = model_on_secrets(dir.path());
    let effects = update(&mut m, Msg::Key(Key::Enter));
    assert_eq!(
        effects,
        vec![runcli::app::Effect::CompileSecrets {
            env: Some("local".into())
        }]
    );
    assert!(m.secrets.busy);
}
