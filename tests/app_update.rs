//! update() driven by messages alone: no terminal, no runtime, no engine.

use runcli::app::{
    ContainerRow, Effect, EngineStatus, Header, Key, LogLine, LogsFocus, Model, Msg, Pane, update,
};

fn model() -> Model {
    let header = Header {
        project: "demo".to_string(),
        version: Some("0.1.0".to_string()),
        git: None,
        engine: EngineStatus::Connecting {
            endpoint: "unix:///var/run/docker.sock".to_string(),
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
    m.pane = Pane::Logs;
    m
}

fn row(id: &str, service: &str) -> ContainerRow {
    ContainerRow {
        id: id.to_string(),
        name: format!("demo-{service}-1"),
        service: service.to_string(),
        state: "running".to_string(),
        running: true,
        published: Vec::new(),
    }
}

fn key(m: &mut Model, c: char) -> Vec<Effect> {
    update(m, Msg::Key(Key::Char(c)))
}

fn lines(n: usize) -> Vec<LogLine> {
    (0..n)
        .map(|i| LogLine::stdout(format!("line {i}")))
        .collect()
}

#[test]
fn menu_keys_switch_panes_like_the_old_menu() {
    let mut m = model();
    for (c, pane) in [
        ('s', Pane::Server),
        ('x', Pane::Testing),
        ('m', Pane::Migrations),
        ('e', Pane::Secrets),
        ('d', Pane::Docs),
        ('g', Pane::Git),
        ('l', Pane::Logs),
    ] {
        key(&mut m, c);
        assert_eq!(m.pane, pane, "key {c}");
    }
}

#[test]
fn entering_logs_refreshes_containers_and_git_refreshes_git() {
    let mut m = model();
    assert_eq!(key(&mut m, 'g'), vec![Effect::RefreshGit]);
    assert_eq!(key(&mut m, 'l'), vec![Effect::RefreshContainers]);
}

#[test]
fn help_opens_swallows_keys_and_closes() {
    let mut m = model();
    key(&mut m, '?');
    assert!(m.help_open);
    assert!(key(&mut m, 'x').is_empty());
    assert_eq!(m.pane, Pane::Logs, "keys under the help overlay do nothing");
    update(&mut m, Msg::Key(Key::Esc));
    assert!(!m.help_open);
}

#[test]
fn q_and_ctrl_c_quit() {
    let mut m = model();
    assert_eq!(key(&mut m, 'q'), vec![Effect::Quit]);
    assert!(m.quitting);
    let mut m = model();
    key(&mut m, '?');
    assert_eq!(update(&mut m, Msg::Key(Key::CtrlC)), vec![Effect::Quit]);
}

#[test]
fn engine_online_asks_for_containers_and_offline_keeps_logs() {
    let mut m = model();
    let effects = update(
        &mut m,
        Msg::EngineOnline {
            endpoint: "unix:///var/run/docker.sock".to_string(),
            version: "20.10.24".to_string(),
            remote: false,
        },
    );
    assert_eq!(effects, vec![Effect::RefreshContainers]);
    update(&mut m, Msg::Containers(vec![row("a", "api")]));
    update(
        &mut m,
        Msg::LogLines {
            container_id: "a".to_string(),
            lines: lines(5),
        },
    );
    update(
        &mut m,
        Msg::EngineOffline {
            endpoint: "unix:///var/run/docker.sock".to_string(),
            reason: "connection refused".to_string(),
        },
    );
    assert!(!m.header.engine.is_online());
    assert_eq!(m.logs.view.buffer.len(), 5, "what was received stays");
}

#[test]
fn first_container_list_follows_the_first_container() {
    let mut m = model();
    let effects = update(
        &mut m,
        Msg::Containers(vec![row("a", "api"), row("b", "db")]),
    );
    assert_eq!(
        effects,
        vec![Effect::FollowLogs {
            container_id: "a".to_string(),
            tail: 1000
        }]
    );
    assert_eq!(m.logs.following.as_deref(), Some("a"));
}

#[test]
fn selecting_another_container_stops_the_old_stream() {
    let mut m = model();
    update(
        &mut m,
        Msg::Containers(vec![row("a", "api"), row("b", "db")]),
    );
    update(
        &mut m,
        Msg::LogLines {
            container_id: "a".to_string(),
            lines: lines(3),
        },
    );
    let effects = key(&mut m, 'j');
    assert_eq!(
        effects,
        vec![
            Effect::StopLogs {
                container_id: "a".to_string()
            },
            Effect::FollowLogs {
                container_id: "b".to_string(),
                tail: 1000
            },
        ]
    );
    assert!(m.logs.view.buffer.is_empty(), "the new panel starts empty");
    update(
        &mut m,
        Msg::LogLines {
            container_id: "a".to_string(),
            lines: lines(3),
        },
    );
    assert!(
        m.logs.view.buffer.is_empty(),
        "late lines of the old stream are dropped"
    );
}

#[test]
fn a_refreshed_list_keeps_the_selection_on_the_same_container() {
    let mut m = model();
    update(
        &mut m,
        Msg::Containers(vec![row("a", "api"), row("b", "db")]),
    );
    key(&mut m, 'j');
    let effects = update(
        &mut m,
        Msg::Containers(vec![row("c", "web"), row("a", "api"), row("b", "db")]),
    );
    assert!(effects.is_empty());
    assert_eq!(m.logs.selected, 2);
}

#[test]
fn scrolling_up_pauses_follow_and_g_resumes_it() {
    let mut m = model();
    update(&mut m, Msg::Containers(vec![row("a", "api")]));
    update(
        &mut m,
        Msg::LogLines {
            container_id: "a".to_string(),
            lines: lines(200),
        },
    );
    update(&mut m, Msg::Key(Key::Enter));
    assert_eq!(m.logs.focus, LogsFocus::Log);
    key(&mut m, 'k');
    assert!(!m.logs.view.follow);
    update(
        &mut m,
        Msg::LogLines {
            container_id: "a".to_string(),
            lines: lines(10),
        },
    );
    assert_eq!(m.logs.view.back, 11);
    key(&mut m, 'G');
    assert!(m.logs.view.follow);
    assert_eq!(m.logs.view.back, 0);
    update(&mut m, Msg::Key(Key::Home));
    assert_eq!(
        m.logs.view.visible_range().0,
        0,
        "Home goes to the oldest line in a focused log"
    );
    key(&mut m, 'g');
    assert_eq!(
        m.pane,
        Pane::Git,
        "even from a focused log, g switches pane"
    );
}

#[test]
fn wheel_scrolls_the_log() {
    let mut m = model();
    update(&mut m, Msg::Containers(vec![row("a", "api")]));
    update(
        &mut m,
        Msg::LogLines {
            container_id: "a".to_string(),
            lines: lines(200),
        },
    );
    update(
        &mut m,
        Msg::Wheel {
            target: None,
            delta: -3,
        },
    );
    assert_eq!(m.logs.view.back, 3);
    update(
        &mut m,
        Msg::Wheel {
            target: None,
            delta: 2,
        },
    );
    assert_eq!(m.logs.view.back, 1);
}

#[test]
fn combined_view_follows_every_container_and_back() {
    let mut m = model();
    update(
        &mut m,
        Msg::Containers(vec![row("a", "api"), row("b", "db")]),
    );
    let effects = key(&mut m, 'a');
    assert_eq!(
        effects,
        vec![
            Effect::StopLogs {
                container_id: "a".to_string()
            },
            Effect::FollowAll {
                containers: vec![("a".into(), "api".into()), ("b".into(), "db".into())],
                tail: 1000,
            },
        ]
    );
    let mut line = LogLine::stdout("from db");
    line.origin = Some("db".into());
    update(
        &mut m,
        Msg::LogLines {
            container_id: runcli::app::ALL_CONTAINERS.to_string(),
            lines: vec![line],
        },
    );
    assert_eq!(m.logs.view.buffer.len(), 1);
    // A new container joins: the combined streams restart with it.
    let effects = update(
        &mut m,
        Msg::Containers(vec![row("a", "api"), row("b", "db"), row("c", "web")]),
    );
    assert!(
        matches!(effects.last(), Some(Effect::FollowAll { containers, .. }) if containers.len() == 3)
    );
    let effects = key(&mut m, 'a');
    assert_eq!(
        effects[0],
        Effect::StopLogs {
            container_id: runcli::app::ALL_CONTAINERS.to_string()
        }
    );
    assert!(matches!(&effects[1], Effect::FollowLogs { container_id, .. } if container_id == "a"));
}

#[test]
fn an_ended_stream_resumes_after_its_last_timestamp_when_the_container_runs() {
    let mut m = model();
    update(&mut m, Msg::Containers(vec![row("a", "api")]));
    let mut line = LogLine::stdout("before the engine went away");
    line.timestamp = Some("2026-11-29T07:00:00.123456789Z".into());
    update(
        &mut m,
        Msg::LogLines {
            container_id: "a".into(),
            lines: vec![line],
        },
    );
    update(
        &mut m,
        Msg::LogEnded {
            container_id: "a".into(),
            reason: "engine gone".into(),
        },
    );
    update(
        &mut m,
        Msg::EngineOffline {
            endpoint: "unix:///var/run/docker.sock".into(),
            reason: "gone".into(),
        },
    );
    assert_eq!(m.logs.view.buffer.len(), 1, "what was shown stays");
    let effects = update(&mut m, Msg::Containers(vec![row("a", "api")]));
    assert_eq!(
        effects,
        vec![Effect::ResumeLogs {
            container_id: "a".into(),
            after: "2026-11-29T07:00:00.123456789Z".into(),
            seen: 1,
        }]
    );
    assert!(
        update(&mut m, Msg::Containers(vec![row("a", "api")])).is_empty(),
        "once"
    );
}

#[test]
fn combined_view_resumes_only_the_streams_that_ended_each_after_its_own_last_line() {
    let mut m = model();
    update(
        &mut m,
        Msg::Containers(vec![row("a", "api"), row("b", "db"), row("c", "web")]),
    );
    key(&mut m, 'a');
    let stamped = |service: &str, at: &str| {
        let mut line = LogLine::stdout(format!("{service} at {at}"));
        line.origin = Some(service.into());
        line.timestamp = Some(format!("2026-11-29T07:00:{at}Z"));
        line
    };
    let send = |m: &mut Model, id: &str, line: LogLine| {
        update(
            m,
            Msg::LogLines {
                container_id: runcli::app::combined_stream(id),
                lines: vec![line],
            },
        )
    };
    send(&mut m, "a", stamped("api", "01.5"));
    send(&mut m, "b", stamped("db", "03.0"));
    send(&mut m, "a", stamped("api", "04.0"));
    send(&mut m, "b", stamped("db", "04.0"));
    send(&mut m, "a", stamped("api", "04.0"));
    assert_eq!(m.logs.view.buffer.len(), 5);
    // The engine went away: api's and web's streams ended, db's goes on.
    for id in ["a", "c"] {
        update(
            &mut m,
            Msg::LogEnded {
                container_id: runcli::app::combined_stream(id),
                reason: "engine gone".into(),
            },
        );
    }
    assert!(m.logs.ended.is_some());
    let mut stopped = row("c", "web");
    stopped.running = false;
    stopped.state = "exited (0)".into();
    let effects = update(
        &mut m,
        Msg::Containers(vec![row("a", "api"), row("b", "db"), stopped.clone()]),
    );
    assert_eq!(
        effects,
        vec![Effect::ResumeCombined {
            container_id: "a".into(),
            service: "api".into(),
            after: Some("2026-11-29T07:00:04.0Z".into()),
            seen: 2,
            tail: 333,
        }],
        "api resumes after its own last two lines of that instant; db never ended; \
         web is not running"
    );
    assert!(m.logs.ended.is_some(), "web's stream is still down");
    // web runs again and never logged: it picks up after the newest line.
    let effects = update(
        &mut m,
        Msg::Containers(vec![row("a", "api"), row("b", "db"), row("c", "web")]),
    );
    assert_eq!(
        effects,
        vec![Effect::ResumeCombined {
            container_id: "c".into(),
            service: "web".into(),
            after: Some("2026-11-29T07:00:04.0Z".into()),
            seen: 0,
            tail: 333,
        }]
    );
    assert!(m.logs.ended.is_none());
    assert_eq!(m.logs.view.buffer.len(), 5, "nothing shown was dropped");
}

#[test]
fn a_resume_counts_the_lines_shown_with_the_last_whole_second_stamp() {
    let mut m = model();
    update(&mut m, Msg::Containers(vec![row("a", "api")]));
    let stamps = [
        "2026-11-29T07:00:00Z",
        "2026-11-29T07:00:01Z",
        "2026-11-29T07:00:01Z",
    ];
    let lines = stamps
        .iter()
        .map(|ts| {
            let mut line = LogLine::stdout("podman line");
            line.timestamp = Some(ts.to_string());
            line
        })
        .collect();
    let id = || "a".to_string();
    update(
        &mut m,
        Msg::LogLines {
            container_id: id(),
            lines,
        },
    );
    let reason = "engine gone".to_string();
    update(
        &mut m,
        Msg::LogEnded {
            container_id: id(),
            reason,
        },
    );
    let effects = update(&mut m, Msg::Containers(vec![row("a", "api")]));
    let after = "2026-11-29T07:00:01Z".to_string();
    let resume = Effect::ResumeLogs {
        container_id: id(),
        after,
        seen: 2,
    };
    assert_eq!(effects, vec![resume]);
}
