//! The Testing pane rendered from real parser output: the results table
//! with a failure selected, and locust's charts from recorded stats.

use std::path::Path;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use runcli::app::{
    Effect, EngineStatus, Header, HistoryEntry, Key, Model, Msg, TierResult, TierRow, update,
};
use runcli::parse::junit::parse_junit;
use runcli::parse::locust::{parse_history, parse_stats};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/parse");

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(Path::new(FIXTURES).join(path)).unwrap()
}

fn tier(name: &str, args: &[&str]) -> TierRow {
    TierRow {
        name: name.into(),
        description: format!("{name} tests"),
        args: args.iter().map(|a| a.to_string()).collect(),
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
    let mut m = Model::new(header, 1000, 1 << 20).with_tiers(vec![
        tier("unit", &[]),
        tier("integration", &[]),
        tier("load", &[]),
        tier("module", &["path"]),
    ]);
    update(
        &mut m,
        Msg::Resize {
            width: 110,
            height: 32,
        },
    );
    update(&mut m, Msg::Key(Key::Char('x')));
    m
}

/// Draws as the console does: each panel first told its rows.
fn draw(m: &Model) -> String {
    let mut m = m.clone();
    let rows = runcli::ui::hit::panel_rows(&m, 110, 32);
    update(&mut m, Msg::PanelRows(rows));
    let mut t = Terminal::new(TestBackend::new(110, 32)).unwrap();
    t.draw(|f| runcli::ui::view(&m, f)).unwrap();
    format!("{}", t.backend())
}

#[test]
fn results_table_with_a_failure_selected() {
    let mut m = model();
    let effects = update(&mut m, Msg::Key(Key::Enter));
    assert_eq!(
        effects,
        vec![Effect::RunTier {
            tier: "unit".into(),
            args: vec![]
        }]
    );
    let report = parse_junit(fixture("junit/pytest_mixed.xml")).unwrap();
    let failed = report.totals.failed + report.totals.errored;
    assert!(failed > 0, "the fixture has failures");
    update(
        &mut m,
        Msg::TierFinished(TierResult {
            tier: "unit".into(),
            exit_code: 1,
            duration_secs: 2.5,
            report: Some(report),
            report_note: None,
        }),
    );
    update(&mut m, Msg::TestsDone(Ok("unit: 1 failed".into())));
    update(
        &mut m,
        Msg::TestHistory(vec![HistoryEntry {
            tier: "unit".into(),
            start: 1_700_000_000,
            duration_secs: 2.5,
            passed: 3,
            failed: 1,
            errored: 0,
            skipped: 1,
            exit_code: 1,
            commit: None,
        }]),
    );
    update(&mut m, Msg::Key(Key::Tab));
    let shown = draw(&m);
    insta::assert_snapshot!(shown);
    assert!(shown.contains("FAIL"), "{shown}");
    assert!(shown.contains("✗ 1 failed"), "{shown}");
    let selected = m.testing.selected_case().unwrap();
    assert_ne!(
        selected.status,
        runcli::parse::junit::Status::Passed,
        "failures sort first"
    );
}

#[test]
fn load_charts_from_recorded_locust_stats() {
    let mut m = model();
    update(&mut m, Msg::Key(Key::Char('j')));
    update(&mut m, Msg::Key(Key::Char('j')));
    update(&mut m, Msg::Key(Key::Enter));
    let history = parse_history(fixture("locust/run_stats_history.csv")).unwrap();
    assert!(history.points.iter().any(|p| p.rps.unwrap_or(0.0) > 0.0));
    update(&mut m, Msg::LoadStats(history));
    update(
        &mut m,
        Msg::LoadTable(parse_stats(fixture("locust/run_stats.csv")).unwrap()),
    );
    let shown = draw(&m);
    insta::assert_snapshot!(shown);
    assert!(shown.contains("requests / s"), "{shown}");
    assert!(shown.contains("Aggregated"), "{shown}");
}

#[test]
fn module_tier_asks_for_a_path_then_runs_with_it() {
    let mut m = model();
    for _ in 0..3 {
        update(&mut m, Msg::Key(Key::Char('j')));
    }
    assert!(update(&mut m, Msg::Key(Key::Enter)).is_empty());
    for c in "tests/unit_tests/test_config.py".chars() {
        update(&mut m, Msg::Key(Key::Char(c)));
    }
    let effects = update(&mut m, Msg::Key(Key::Enter));
    assert_eq!(
        effects,
        vec![Effect::RunTier {
            tier: "module".into(),
            args: vec![("path".into(), "tests/unit_tests/test_config.py".into())],
        }]
    );
}
