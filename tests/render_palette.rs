//! The `:` palette and a command's output overlay on a 120x40 screen,
//! reached through update(): the palette filtered by a query with the
//! matched characters highlighted, and a finished command's output with
//! its exit status in the title and the status bar.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};
use runcli::app::{
    CommandRow, EngineStatus, Header, Key, LogLine, Model, Msg, ProfileRow, TierRow, update,
};

fn command(name: &str, description: &str, key: Option<char>, confirm: bool) -> CommandRow {
    CommandRow {
        name: name.into(),
        description: description.into(),
        key,
        args: Vec::new(),
        confirm,
        place: "host".into(),
    }
}

fn model() -> Model {
    let header = Header {
        project: "demo".into(),
        version: Some("0.1.0".into()),
        git: None,
        engine: EngineStatus::Offline {
            endpoint: "unix:///x.sock".into(),
            reason: "test".into(),
        },
    };
    let mut m = Model::new(header, 1000, 1 << 20)
        .with_profiles(vec![ProfileRow {
            name: "local".into(),
            description: "debug API on :5001".into(),
            health: None,
            url: None,
            health_url: None,
        }])
        .with_tiers(vec![TierRow {
            name: "unit".into(),
            description: "unit tests".into(),
            args: Vec::new(),
        }])
        .with_commands(vec![
            command(
                "hello",
                "greets from a one-off app container",
                Some('h'),
                false,
            ),
            command("where", "prints the project root", None, false),
            command("wipe", "pretends to wipe the data", None, true),
        ]);
    update(
        &mut m,
        Msg::Resize {
            width: 120,
            height: 40,
        },
    );
    m
}

fn terminal(m: &Model) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    t.draw(|f| runcli::ui::view(m, f)).unwrap();
    t
}

fn typed(m: &mut Model, text: &str) {
    for c in text.chars() {
        update(m, Msg::Key(Key::Char(c)));
    }
}

#[test]
fn palette_open_with_a_query() {
    let mut m = model();
    update(&mut m, Msg::Key(Key::Char(':')));
    typed(&mut m, "he");
    let t = terminal(&m);
    let screen = format!("{}", t.backend());
    insta::assert_snapshot!(screen);
    assert!(screen.contains(":he"), "{screen}");
    let hello = screen
        .find("› command hello [h]")
        .expect("hello listed, selected");
    let help = screen
        .find("action  help [?]")
        .expect("the help action listed");
    assert!(hello < help, "the closer match comes first: {screen}");
    // The matched characters of the first entry are marked (snapshots do
    // not show colour).
    let buffer = t.backend().buffer();
    let marked = buffer
        .content()
        .iter()
        .filter(|c| c.fg == Color::Yellow && c.modifier.contains(Modifier::BOLD))
        .count();
    assert!(
        marked >= 4,
        "two characters each in at least two entries: {marked}"
    );
}

#[test]
fn finished_command_output_with_its_exit_status() {
    let mut m = model();
    update(&mut m, Msg::Key(Key::Char('h')));
    update(
        &mut m,
        Msg::CommandOutput {
            name: "hello".into(),
            lines: vec![
                LogLine::stdout("» $ sh -c 'echo hello' (one-off app)"),
                LogLine::stdout("hello from the app"),
            ],
        },
    );
    update(
        &mut m,
        Msg::CommandDone {
            name: "hello".into(),
            outcome: Ok(3),
            url: None,
        },
    );
    let screen = format!("{}", terminal(&m).backend());
    insta::assert_snapshot!(screen);
    assert!(screen.contains("Run: hello: exited 3"), "{screen}");
    assert!(screen.contains("hello from the app"), "{screen}");
}

#[test]
fn help_lists_the_commands_keys() {
    let mut m = model();
    update(&mut m, Msg::Key(Key::Char('?')));
    let screen = format!("{}", terminal(&m).backend());
    assert!(screen.contains("The project's commands"), "{screen}");
    assert!(
        screen.contains("h                   hello: greets from a one-off app container"),
        "{screen}"
    );
    assert!(
        !screen.contains("where:"),
        "a command without a key: {screen}"
    );
}
