//! The Server pane's `o` (open), `y` (copy) and `S` on a profile (stop
//! it): update() emits the effects with the right URL or profile, and
//! says so when there is nothing to open.

use runcli::app::{
    ContainerRow, Effect, EngineStatus, Header, Key, Model, Msg, Pane, ProfileRow, ServerFocus,
    update,
};

fn model(profiles: Vec<ProfileRow>) -> Model {
    let header = Header {
        project: "demo".to_string(),
        version: None,
        git: None,
        engine: EngineStatus::Connecting {
            endpoint: "unix:///var/run/docker.sock".to_string(),
        },
    };
    let mut m = Model::new(header, 1000, 1 << 20);
    update(
        &mut m,
        Msg::Resize {
            width: 120,
            height: 40,
        },
    );
    m.server.profiles = profiles;
    m.pane = Pane::Server;
    m
}

fn profile(name: &str, url: Option<&str>, health_url: Option<&str>) -> ProfileRow {
    ProfileRow {
        name: name.to_string(),
        description: String::new(),
        health: None,
        url: url.map(str::to_string),
        health_url: health_url.map(str::to_string),
    }
}

fn container(service: &str, published: Vec<u16>) -> ContainerRow {
    ContainerRow {
        id: format!("id-{service}"),
        name: format!("demo-{service}-1"),
        service: service.to_string(),
        state: "running".to_string(),
        running: true,
        published,
    }
}

fn key(m: &mut Model, c: char) -> Vec<Effect> {
    update(m, Msg::Key(Key::Char(c)))
}

#[test]
fn o_opens_the_profiles_health_url_root_and_y_copies_it() {
    let mut m = model(vec![profile(
        "local",
        None,
        Some("http://localhost:5001/ping"),
    )]);
    let url = "http://localhost:5001/".to_string();
    assert_eq!(key(&mut m, 'o'), vec![Effect::OpenUrl(url.clone())]);
    assert_eq!(key(&mut m, 'y'), vec![Effect::CopyText(url.clone())]);
    let status = m.status.clone().unwrap_or_default();
    assert!(status.starts_with("copied URL"), "{status}");
    assert!(status.contains(&url), "{status}");
}

#[test]
fn a_reported_url_wins_over_the_health_url() {
    let token = "http://127.0.0.1:8888/lab?token=abc";
    let mut m = model(vec![
        profile("local", None, Some("http://localhost:5001/ping")),
        profile("notebook", None, Some("http://localhost:8888/api")),
    ]);
    update(
        &mut m,
        Msg::ProfileUrl {
            profile: "notebook".to_string(),
            url: token.to_string(),
        },
    );
    key(&mut m, 'j');
    assert_eq!(key(&mut m, 'o'), vec![Effect::OpenUrl(token.to_string())]);
    assert_eq!(key(&mut m, 'y'), vec![Effect::CopyText(token.to_string())]);
}

#[test]
fn a_profile_without_a_url_says_so_and_emits_nothing() {
    let mut m = model(vec![profile("tests", None, None)]);
    for c in ['o', 'y'] {
        m.status = None;
        assert!(key(&mut m, c).is_empty());
        let status = m.status.clone().unwrap_or_default();
        assert!(status.contains("nothing to open"), "{status}");
    }
}

#[test]
fn on_a_container_o_opens_its_first_published_port() {
    let mut m = model(vec![profile("local", None, None)]);
    update(
        &mut m,
        Msg::Containers(vec![
            container("api", vec![5001, 9000]),
            container("db", Vec::new()),
        ]),
    );
    m.server.focus = ServerFocus::Services;
    let selected = m.logs.selected_container().map(|c| c.service.clone());
    let (with_port, without) = if selected.as_deref() == Some("api") {
        ('k', 'j')
    } else {
        ('j', 'k')
    };
    let _ = key(&mut m, with_port);
    assert_eq!(
        key(&mut m, 'o'),
        vec![Effect::OpenUrl("http://localhost:5001/".to_string())]
    );
    assert_eq!(
        key(&mut m, 'y'),
        vec![Effect::CopyText("http://localhost:5001/".to_string())]
    );
    let _ = key(&mut m, without);
    m.status = None;
    assert!(key(&mut m, 'o').is_empty());
    let status = m.status.clone().unwrap_or_default();
    assert!(status.contains("publishes no TCP port"), "{status}");
}

#[test]
fn capital_s_on_a_profile_stops_that_profile_once() {
    let mut m = model(vec![
        profile("local", None, None),
        profile("notebook", Some("http://x/"), None),
    ]);
    key(&mut m, 'j');
    assert_eq!(
        key(&mut m, 'S'),
        vec![Effect::StopProfile("notebook".to_string())]
    );
    assert_eq!(m.server.busy.as_deref(), Some("stop notebook"));
    assert_eq!(m.server.profiles[1].url, None);
    // One operation at a time: a second S waits.
    assert!(key(&mut m, 'S').is_empty());
    update(
        &mut m,
        Msg::ServerDone(Ok("stopped demo-api-notebook".into())),
    );
    assert_eq!(m.server.busy, None);
}
