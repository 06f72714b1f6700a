//! Every output panel is the log panel: focus moves through a pane's
//! lists and panels with Tab, the log keys act on the focused panel only,
//! search, filter and export target it, and the mouse (as `ui::hit` reads
//! it) switches panes, selects rows, focuses and scrolls panels. Ends with
//! snapshots of a scrolled traceback and of the Server pane's activity.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use runcli::app::{
    ContainerRow, Effect, EngineStatus, Header, Key, List, LogLine, LogsFocus, Model, Msg, Pane,
    Panel, ProfileRow, ServerFocus, Target, TestingFocus, TierResult, TierRow, update,
};
use runcli::parse::junit::parse_junit;
use runcli::ui::hit;

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

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
    let profiles = ["local", "integration"]
        .map(|name| ProfileRow {
            name: name.into(),
            description: format!("the {name} stack"),
            health: None,
            url: None,
            health_url: None,
        })
        .to_vec();
    let tiers = ["unit", "integration"]
        .map(|name| TierRow {
            name: name.into(),
            description: format!("{name} tests"),
            args: Vec::new(),
        })
        .to_vec();
    let mut m = Model::new(header, 1000, 1 << 20)
        .with_profiles(profiles)
        .with_tiers(tiers);
    update(
        &mut m,
        Msg::Resize {
            width: WIDTH,
            height: HEIGHT,
        },
    );
    fit(&mut m);
    m
}

/// What the console's loop does after each batch: each panel learns its rows.
fn fit(m: &mut Model) {
    let rows = hit::panel_rows(m, WIDTH, HEIGHT);
    update(m, Msg::PanelRows(rows));
}

fn key(m: &mut Model, key: Key) -> Vec<Effect> {
    let effects = update(m, Msg::Key(key));
    fit(m);
    effects
}

fn typed(m: &mut Model, text: &str) {
    for c in text.chars() {
        key(m, Key::Char(c));
    }
    key(m, Key::Enter);
}

fn draw(m: &Model) -> String {
    let mut t = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    t.draw(|f| runcli::ui::view(m, f)).unwrap();
    format!("{}", t.backend())
}

fn container(id: &str, service: &str) -> ContainerRow {
    ContainerRow {
        id: id.into(),
        name: format!("demo-{service}-1"),
        service: service.into(),
        state: "running".into(),
        running: true,
        published: Vec::new(),
    }
}

/// Operation progress: more lines than the activity panel shows.
fn busy_server(m: &mut Model, lines: usize) {
    for i in 0..lines {
        update(
            m,
            Msg::ServerProgress(format!("step {i:03}: pulled layer {i:03}")),
        );
    }
    fit(m);
}

/// A JUnit report whose one failure has a traceback of `frames` frames,
/// far taller than the traceback panel.
fn long_failure(frames: usize) -> TierResult {
    let mut details = String::new();
    for i in 0..frames {
        details.push_str(&format!(
            "api/model/layer_{i:02}.py:{}: in forward_{i:02}\n    return self.forward_{:02}(batch)\n",
            10 + i,
            i + 1
        ));
    }
    details.push_str("E   ValueError: shapes (3,) and (4,) not aligned\n");
    let xml = format!(
        "<testsuites><testsuite name=\"pytest\" tests=\"2\" failures=\"1\">\
         <testcase classname=\"tests.unit_tests.test_model\" name=\"test_predict_deep\" \
         file=\"tests/unit_tests/test_model.py\" line=\"41\" time=\"0.30\">\
         <failure message=\"ValueError: shapes (3,) and (4,) not aligned\">{details}</failure>\
         </testcase>\
         <testcase classname=\"tests.unit_tests.test_model\" name=\"test_load\" time=\"0.01\"/>\
         </testsuite></testsuites>"
    );
    TierResult {
        tier: "unit".into(),
        exit_code: 1,
        duration_secs: 0.4,
        report: Some(parse_junit(xml.into_bytes()).unwrap()),
        report_note: None,
    }
}

fn testing_with_failure(frames: usize) -> Model {
    let mut m = model();
    key(&mut m, Key::Char('x'));
    key(&mut m, Key::Enter);
    update(
        &mut m,
        Msg::TierOutput(vec![LogLine::stdout("collected 2 items")]),
    );
    update(&mut m, Msg::TierFinished(long_failure(frames)));
    update(&mut m, Msg::TestsDone(Ok("unit: 1 failed".into())));
    fit(&mut m);
    m
}

#[test]
fn tab_walks_a_panes_lists_and_panels_and_esc_goes_back_to_the_list() {
    let mut m = model();
    let mut seen = vec![m.server.focus];
    for _ in 0..4 {
        key(&mut m, Key::Tab);
        seen.push(m.server.focus);
    }
    assert_eq!(
        seen,
        [
            ServerFocus::Profiles,
            ServerFocus::Services,
            ServerFocus::Activity,
            ServerFocus::Log,
            ServerFocus::Profiles
        ]
    );
    key(&mut m, Key::BackTab);
    assert_eq!(m.server.focus, ServerFocus::Log);
    assert_eq!(m.focused_panel(), Some(Panel::Logs), "the serving log");
    key(&mut m, Key::BackTab);
    assert_eq!(m.focused_panel(), Some(Panel::Activity));
    key(&mut m, Key::Esc);
    assert_eq!(m.server.focus, ServerFocus::Profiles);
    assert_eq!(m.focused_panel(), None);

    let mut t = testing_with_failure(3);
    assert_eq!(t.testing.focus, TestingFocus::Tiers);
    key(&mut t, Key::Tab);
    key(&mut t, Key::Tab);
    assert_eq!(t.focused_panel(), Some(Panel::Traceback));
    key(&mut t, Key::Tab);
    assert_eq!(t.testing.focus, TestingFocus::Tiers, "the ring closes");
    let mut empty = model();
    key(&mut empty, Key::Char('x'));
    key(&mut empty, Key::Tab);
    assert_eq!(
        empty.focused_panel(),
        Some(Panel::TestOutput),
        "without results the output panel is next"
    );
}

/// The Server pane with 60 activity lines and a container `api` whose log
/// holds 80 lines, its panels fitted to the screen.
fn server_with_a_log() -> Model {
    let mut m = model();
    busy_server(&mut m, 60);
    update(&mut m, Msg::Containers(vec![container("a", "api")]));
    update(
        &mut m,
        Msg::LogLines {
            container_id: "a".into(),
            lines: (0..80)
                .map(|i| LogLine::stdout(format!("GET /{i}")))
                .collect(),
        },
    );
    fit(&mut m);
    m
}

#[test]
fn log_keys_act_on_the_focused_panel_only() {
    let mut m = server_with_a_log();
    m.server.focus = ServerFocus::Activity;
    key(&mut m, Key::PageUp);
    let page = m.server.activity.rows;
    assert!(
        page > 1 && page < 60,
        "activity rows from the layout: {page}"
    );
    assert_eq!(m.server.activity.back, page);
    assert!(!m.server.activity.follow);
    assert!(m.logs.view.follow, "the serving log did not move");
    assert_eq!(m.logs.view.back, 0);
    key(&mut m, Key::Home);
    let (start, _) = m.server.activity.visible_range();
    assert_eq!(start, 0, "Home shows the oldest line");
    key(&mut m, Key::Char('G'));
    assert!(m.server.activity.follow);

    key(&mut m, Key::Tab);
    assert_eq!(m.focused_panel(), Some(Panel::Logs));
    key(&mut m, Key::Char('k'));
    assert_eq!(m.logs.view.back, 1, "now the serving log scrolls");
    assert!(m.server.activity.follow);
    key(&mut m, Key::Char('W'));
    assert!(m.logs.view.wrap && !m.server.activity.wrap);
}

#[test]
fn search_and_filter_prompts_commit_to_the_focused_panel() {
    let mut m = testing_with_failure(30);
    m.testing.focus = TestingFocus::Traceback;
    key(&mut m, Key::Char('/'));
    assert!(m.prompt.is_some());
    typed(&mut m, "forward_07");
    let search = m.testing.traceback.search().map(|s| s.text.clone());
    assert_eq!(search.as_deref(), Some("forward_07"));
    assert!(
        m.testing
            .traceback
            .match_counter()
            .is_some_and(|(_, n)| n >= 2)
    );
    assert!(m.testing.output.search().is_none());
    assert!(m.logs.view.search().is_none());

    key(&mut m, Key::Char('f'));
    typed(&mut m, "^E ");
    assert_eq!(m.testing.traceback.filter_text(), Some("^E "));
    assert_eq!(m.testing.traceback.len(), 1, "only the E line is kept");
    assert!(m.testing.output.filter_text().is_none());

    let mut migrations = model();
    key(&mut migrations, Key::Char('m'));
    update(
        &mut migrations,
        Msg::MigrationOutput(
            ["INFO  [alembic] upgrade a -> b", "ERROR boom", "INFO done"]
                .map(LogLine::stdout)
                .to_vec(),
        ),
    );
    key(&mut migrations, Key::Char('n'));
    assert!(
        migrations.prompt.is_some(),
        "on the revisions, n is still `new revision`"
    );
    key(&mut migrations, Key::Esc);
    key(&mut migrations, Key::Tab);
    assert_eq!(migrations.focused_panel(), Some(Panel::MigrationOutput));
    key(&mut migrations, Key::Char('f'));
    typed(&mut migrations, "INFO");
    assert_eq!(migrations.migrations.output.len(), 2);
}

#[test]
fn export_writes_the_focused_panels_lines() {
    let mut m = model();
    busy_server(&mut m, 12);
    m.server.focus = ServerFocus::Activity;
    let effects = key(&mut m, Key::Char('w'));
    let expected: Vec<String> = (0..12)
        .map(|i| format!("step {i:03}: pulled layer {i:03}"))
        .collect();
    assert_eq!(
        effects,
        vec![Effect::ExportLog {
            name: "server-activity".into(),
            lines: expected
        }]
    );

    let mut t = testing_with_failure(5);
    t.testing.focus = TestingFocus::Traceback;
    let effects = key(&mut t, Key::Char('w'));
    let [Effect::ExportLog { name, lines }] = effects.as_slice() else {
        panic!("one export: {effects:?}");
    };
    assert_eq!(
        name,
        "traceback-tests.unit_tests.test_model--test_predict_deep"
    );
    assert_eq!(
        lines.first().map(String::as_str),
        Some("tests.unit_tests.test_model::test_predict_deep")
    );
    assert!(
        lines.iter().any(|l| l.contains("forward_04")),
        "the whole traceback: {lines:?}"
    );
}

#[test]
fn the_traceback_is_whole_and_follows_the_selection() {
    let mut m = testing_with_failure(40);
    let lines = m.testing.traceback.shown_text();
    assert!(lines.len() > 80, "{} lines", lines.len());
    assert!(lines.last().is_some_and(|l| l.contains("ValueError")));
    let (start, _) = m.testing.traceback.visible_range();
    assert_eq!(start, 0, "a traceback opens at its first line");
    m.testing.focus = TestingFocus::Results;
    key(&mut m, Key::Char('j'));
    assert_eq!(
        m.testing.traceback.shown_text(),
        vec!["tests.unit_tests.test_model::test_load", "passed"]
    );
}

#[test]
fn a_click_switches_pane_selects_a_row_and_focuses_a_panel() {
    let mut m = model();
    let effects = update(&mut m, Msg::Click(Target::Tab(Pane::Testing)));
    assert_eq!(m.pane, Pane::Testing);
    assert_eq!(effects, vec![Effect::LoadTestHistory], "as the x key does");

    let mut m = model();
    update(
        &mut m,
        Msg::Containers(vec![container("a", "api"), container("b", "db")]),
    );
    let effects = update(
        &mut m,
        Msg::Click(Target::Row {
            list: List::Services,
            index: 1,
        }),
    );
    assert_eq!(m.logs.selected, 1);
    assert_eq!(m.server.focus, ServerFocus::Services);
    assert!(
        effects.contains(&Effect::FollowLogs {
            container_id: "b".into(),
            tail: 1000
        }),
        "the selected container's log is followed: {effects:?}"
    );
    update(&mut m, Msg::Click(Target::Panel(Panel::Activity)));
    assert_eq!(m.focused_panel(), Some(Panel::Activity));

    let mut t = testing_with_failure(3);
    update(
        &mut t,
        Msg::Click(Target::Row {
            list: List::Results,
            index: 1,
        }),
    );
    assert_eq!(t.testing.focus, TestingFocus::Results);
    assert_eq!(
        t.testing.traceback.shown_text()[0],
        "tests.unit_tests.test_model::test_load"
    );
}

#[test]
fn the_wheel_scrolls_the_panel_under_the_pointer() {
    let mut m = server_with_a_log();
    m.server.focus = ServerFocus::Log;
    let activity = Some(Target::Panel(Panel::Activity));
    update(
        &mut m,
        Msg::Wheel {
            target: activity,
            delta: -3,
        },
    );
    assert_eq!(m.server.activity.back, 3, "the panel under the pointer");
    assert_eq!(m.logs.view.back, 0, "not the focused one");
    update(
        &mut m,
        Msg::Wheel {
            target: None,
            delta: -3,
        },
    );
    assert_eq!(m.logs.view.back, 3, "elsewhere: the focused panel");
}

/// The hit test reads the layout the draw code uses: a cell inside a
/// drawn panel or list row maps to it.
#[test]
fn hit_test_finds_panels_and_rows_where_they_are_drawn() {
    let mut m = model();
    busy_server(&mut m, 3);
    update(
        &mut m,
        Msg::Containers(vec![container("a", "api"), container("b", "db")]),
    );
    let screen = draw(&m);
    let rows: Vec<&str> = screen.lines().collect();
    let find = |text: &str| -> (u16, u16) {
        for (y, line) in rows.iter().enumerate() {
            if let Some(x) = line.find(text) {
                let column = line[..x].chars().count() - 1; // the quote
                return (column as u16, y as u16);
            }
        }
        panic!("{text} not on screen:\n{screen}");
    };
    let (x, y) = find("step 001");
    assert_eq!(
        hit::target(&m, WIDTH, HEIGHT, x, y),
        Some(Target::Panel(Panel::Activity))
    );
    let (x, y) = find("● db");
    assert_eq!(
        hit::target(&m, WIDTH, HEIGHT, x, y),
        Some(Target::Row {
            list: List::Services,
            index: 1
        })
    );
    let (x, y) = find("integration ");
    assert_eq!(
        hit::target(&m, WIDTH, HEIGHT, x, y),
        Some(Target::Row {
            list: List::Profiles,
            index: 1
        })
    );
    let mut t = testing_with_failure(3);
    let screen = draw(&t);
    let row = screen
        .lines()
        .position(|l| l.contains("pass   tests.unit_tests.test_model::test_load"))
        .expect("the passed test's row");
    assert_eq!(
        hit::target(&t, WIDTH, HEIGHT, 50, row as u16),
        Some(Target::Row {
            list: List::Results,
            index: 1
        }),
        "{screen}"
    );
    t.pane = Pane::Docs;
    assert_eq!(
        hit::target(&t, WIDTH, HEIGHT, 100, 20),
        Some(Target::Panel(Panel::SphinxOutput))
    );

    m.logs.focus = LogsFocus::List;
    m.pane = Pane::Logs;
    let (x, y) = (60, 20);
    assert_eq!(
        hit::target(&m, WIDTH, HEIGHT, x, y),
        Some(Target::Panel(Panel::Logs))
    );
}

#[test]
fn snapshot_traceback_panel_scrolled() {
    let mut m = testing_with_failure(40);
    key(&mut m, Key::Tab);
    key(&mut m, Key::Tab);
    assert_eq!(m.focused_panel(), Some(Panel::Traceback));
    key(&mut m, Key::PageDown);
    key(&mut m, Key::PageDown);
    key(&mut m, Key::Char('j'));
    let screen = draw(&m);
    assert!(
        !screen.contains("tests/unit_tests/test_model.py:41") && !screen.contains("forward_00"),
        "the top lines scrolled away:\n{screen}"
    );
    let (start, end) = m.testing.traceback.visible_range();
    assert!(start > 0);
    assert!(
        screen.contains(&format!("{}-{end} shown", start + 1)),
        "the footer says where:\n{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn snapshot_server_activity_panel() {
    let mut m = model();
    update(&mut m, Msg::Key(Key::Enter));
    busy_server(&mut m, 30);
    update(&mut m, Msg::ServerDone(Ok("local is up".into())));
    key(&mut m, Key::Tab);
    key(&mut m, Key::Tab);
    assert_eq!(m.focused_panel(), Some(Panel::Activity));
    key(&mut m, Key::PageUp);
    let screen = draw(&m);
    assert!(
        !screen.contains("step 029"),
        "scrolled up past the end:\n{screen}"
    );
    assert!(screen.contains("paused"), "{screen}");
    insta::assert_snapshot!(screen);
}

/// The Secrets pane's environments are a list like the others: a click on
/// an environment's row selects it, read off the drawn screen.
#[test]
fn a_click_on_an_environment_selects_it() {
    use runcli::app::{EnvSecrets, SecretsSnapshot};
    let mut m = model();
    let env = |name: &str| EnvSecrets {
        name: name.into(),
        diffs: Vec::new(),
        error: None,
    };
    m.secrets.snapshot = Some(SecretsSnapshot {
        envs: vec![env("local"), env("staging"), env("prod")],
        errors: Vec::new(),
        warnings: Vec::new(),
    });
    update(&mut m, Msg::Key(Key::Char('e')));
    let screen = draw(&m);
    let (x, y) = screen
        .lines()
        .enumerate()
        .find_map(|(y, line)| {
            let x = line.find("staging")?;
            Some((line[..x].chars().count() as u16, y as u16))
        })
        .expect("the staging row is drawn");
    let target = hit::target(&m, WIDTH, HEIGHT, x, y).expect("a row is under the pointer");
    assert_eq!(
        target,
        Target::Row {
            list: List::Environments,
            index: 1
        }
    );
    update(&mut m, Msg::Click(target));
    assert_eq!(m.secrets.selected_env, 1);
}
