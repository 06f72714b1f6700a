//! The Server pane: profiles with health, services with badges, the
//! operation's progress, and the keys that start and stop things.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use runcli::app::{
    Badge, ContainerRow, Effect, EngineStatus, Header, Key, LogLine, Model, Msg, ProfileRow,
    ServerFocus, ServiceAction, Tone, update,
};

fn profile(name: &str, description: &str) -> ProfileRow {
    ProfileRow {
        name: name.into(),
        description: description.into(),
        health: None,
        url: None,
        health_url: None,
    }
}

fn model() -> Model {
    let header = Header {
        project: "demo".into(),
        version: Some("0.1.0".into()),
        git: None,
        engine: EngineStatus::Online {
            endpoint: "unix:///var/run/docker.sock".into(),
            version: "20.10.24".into(),
            remote: false,
        },
    };
    let mut m = Model::new(header, 1000, 1 << 20).with_profiles(vec![
        profile(
            "local",
            "Flask debug server on :5001 against the compose database",
        ),
        profile("integration", "API, database, Chrome and the test host"),
        profile("notebook", "Jupyter on :8888"),
    ]);
    update(
        &mut m,
        Msg::Resize {
            width: 100,
            height: 30,
        },
    );
    m
}

fn draw(m: &Model) -> String {
    let mut t = Terminal::new(TestBackend::new(100, 30)).unwrap();
    t.draw(|f| runcli::ui::view(m, f)).unwrap();
    format!("{}", t.backend())
}

#[test]
fn starting_a_profile_shows_progress_health_and_services() {
    let mut m = model();
    let effects = update(&mut m, Msg::Key(Key::Enter));
    assert_eq!(
        effects,
        vec![Effect::ServerUp {
            profile: "local".into(),
            build: false
        }]
    );
    assert!(
        update(&mut m, Msg::Key(Key::Enter)).is_empty(),
        "one operation at a time"
    );
    for line in [
        "creating network demo_default",
        "db: started",
        "db: healthy",
        "migrate: exited 0",
    ] {
        update(&mut m, Msg::ServerProgress(line.into()));
    }
    update(
        &mut m,
        Msg::ProfileHealth {
            profile: "local".into(),
            badge: Badge::new("healthy", Tone::Good),
        },
    );
    update(
        &mut m,
        Msg::Containers(vec![
            ContainerRow {
                id: "d".into(),
                name: "demo-db-1".into(),
                service: "db".into(),
                state: "healthy".into(),
                running: true,
                published: Vec::new(),
            },
            ContainerRow {
                id: "a".into(),
                name: "demo-api-run-1a2b".into(),
                service: "api".into(),
                state: "running".into(),
                running: true,
                published: Vec::new(),
            },
        ]),
    );
    update(
        &mut m,
        Msg::LogLines {
            container_id: "d".into(),
            lines: vec![LogLine::stdout(
                "database system is ready to accept connections",
            )],
        },
    );
    let effects = update(&mut m, Msg::ServerDone(Ok("local is up".into())));
    assert_eq!(effects, vec![Effect::RefreshContainers]);
    let screen = draw(&m);
    insta::assert_snapshot!(screen);
    assert!(screen.contains("● healthy"), "{screen}");
    assert!(screen.contains("db: healthy"), "{screen}");
    assert!(screen.contains("ready to accept connections"), "{screen}");
}

#[test]
fn service_keys_act_on_the_selected_service() {
    let mut m = model();
    update(
        &mut m,
        Msg::Containers(vec![ContainerRow {
            id: "d".into(),
            name: "demo-db-1".into(),
            service: "db".into(),
            state: "exited (1)".into(),
            running: false,
            published: Vec::new(),
        }]),
    );
    update(&mut m, Msg::Key(Key::Tab));
    assert_eq!(m.server.focus, ServerFocus::Services);
    let effects = update(&mut m, Msg::Key(Key::Char('R')));
    assert_eq!(
        effects,
        vec![Effect::Service {
            service: "db".into(),
            action: ServiceAction::Restart,
            profile: Some("local".into()),
        }]
    );
}

#[test]
fn clean_asks_first() {
    let mut m = model();
    assert!(update(&mut m, Msg::Key(Key::Char('C'))).is_empty());
    assert!(m.status.as_deref().unwrap_or("").contains("y / n"));
    assert!(
        update(&mut m, Msg::Key(Key::Char('n'))).is_empty(),
        "anything but y cancels"
    );
    update(&mut m, Msg::Key(Key::Char('C')));
    assert_eq!(
        update(&mut m, Msg::Key(Key::Char('y'))),
        vec![Effect::ServerDown {
            volumes: false,
            prune: true
        }]
    );
}

fn container(id: &str, name: &str, service: &str, running: bool) -> ContainerRow {
    ContainerRow {
        id: id.into(),
        name: name.into(),
        service: service.into(),
        state: if running { "running" } else { "exited (137)" }.into(),
        running,
        published: Vec::new(),
    }
}

#[test]
fn replicas_show_their_number_and_service_keys_act_on_the_whole_service() {
    let mut m = model();
    update(
        &mut m,
        Msg::Containers(vec![
            container("d", "demo-db-1", "db", true),
            container("w1", "demo-web-1", "web", true),
            container("w2", "demo-web-2", "web", false),
        ]),
    );
    update(&mut m, Msg::Key(Key::Tab));
    update(&mut m, Msg::Key(Key::Char('j')));
    update(&mut m, Msg::Key(Key::Char('j')));
    assert_eq!(
        m.logs.selected_container().map(|c| c.name.as_str()),
        Some("demo-web-2")
    );
    let screen = draw(&m);
    insta::assert_snapshot!(screen);
    let row = |label: &str| {
        screen
            .lines()
            .find(|l| l.contains(&format!("● {label} ")))
            .unwrap_or_else(|| panic!("no row {label}: {screen}"))
            .to_string()
    };
    assert!(row("web-1").contains("running"), "{screen}");
    assert!(row("web-2").contains("exited (137)"), "{screen}");
    assert!(row("db").contains("running"), "{screen}");
    // Stop on web-2's row stops the service: both replicas.
    let effects = update(&mut m, Msg::Key(Key::Char('S')));
    assert_eq!(
        effects,
        vec![Effect::Service {
            service: "web".into(),
            action: ServiceAction::Stop,
            profile: Some("local".into()),
        }]
    );
    // The Logs pane's list names them alike.
    update(&mut m, Msg::ServerDone(Ok("web: stop done".into())));
    update(&mut m, Msg::Key(Key::Esc));
    update(&mut m, Msg::Key(Key::Char('l')));
    let logs = draw(&m);
    assert!(logs.contains("● web-1 running"), "{logs}");
    assert!(logs.contains("● web-2 exited (137)"), "{logs}");
}
