//! Where each part of the screen goes. The draw code and the mouse's hit
//! test (`hit.rs`) both take their rectangles from here, so a click lands
//! on what is drawn under it and a panel's row count is the one it shows.

use ratatui::layout::{Constraint, Layout, Margin, Rect};

use crate::app::{PipelinePane, ServerPane, TestingPane};

/// The console's four bands: header, menu bar, the pane, status line.
pub fn screen(area: Rect) -> [Rect; 4] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// A bordered block's inside.
pub fn inner(area: Rect) -> Rect {
    area.inner(Margin::new(1, 1))
}

/// The Server pane: profiles (the block and its list rows), services,
/// the activity panel and the serving log.
pub struct ServerAreas {
    pub profiles: Rect,
    pub profile_rows: Rect,
    pub about: Rect,
    pub services: Rect,
    pub activity: Rect,
    pub log: Rect,
}

pub fn server(pane: &ServerPane, area: Rect) -> ServerAreas {
    let [left, right] =
        Layout::horizontal([Constraint::Length(36), Constraint::Min(30)]).areas(area);
    let profiles_height = u16::try_from(pane.profiles.len() + 5).unwrap_or(u16::MAX);
    let [profiles, services] =
        Layout::vertical([Constraint::Length(profiles_height), Constraint::Min(3)]).areas(left);
    let [profile_rows, about] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(3)]).areas(inner(profiles));
    let [activity, log] =
        Layout::vertical([Constraint::Length(9), Constraint::Min(3)]).areas(right);
    ServerAreas {
        profiles,
        profile_rows,
        about,
        services,
        activity,
        log,
    }
}

/// The Testing pane. The right side holds either locust's charts, or the
/// run's output, or the results table over the selected test's traceback.
pub struct TestingAreas {
    pub tiers: Rect,
    pub trend: Rect,
    pub right: Rect,
    pub output: Option<Rect>,
    pub results: Option<Rect>,
    pub traceback: Option<Rect>,
}

pub fn testing(pane: &TestingPane, area: Rect) -> TestingAreas {
    let [left, right] =
        Layout::horizontal([Constraint::Length(34), Constraint::Min(30)]).areas(area);
    let [tiers, trend] = Layout::vertical([Constraint::Min(6), Constraint::Length(9)]).areas(left);
    let mut areas = TestingAreas {
        tiers,
        trend,
        right,
        output: None,
        results: None,
        traceback: None,
    };
    if pane.shows_output() {
        areas.output = Some(right);
    } else if pane.shows_results() {
        let [results, traceback] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(right);
        areas.results = Some(results);
        areas.traceback = Some(traceback);
    }
    areas
}

/// The Logs pane: the containers, the log.
pub fn logs(area: Rect) -> [Rect; 2] {
    Layout::horizontal([Constraint::Length(32), Constraint::Min(20)]).areas(area)
}

/// The Docs pane: gauge, about line, warnings, Sphinx's output.
pub fn docs(area: Rect) -> [Rect; 4] {
    let [gauge, about, rest] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(3),
        Constraint::Min(4),
    ])
    .areas(area);
    let [warnings, output] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(rest);
    [gauge, about, warnings, output]
}

/// The Secrets pane: the environments, the diff and findings.
pub fn secrets(area: Rect) -> [Rect; 2] {
    Layout::horizontal([Constraint::Length(24), Constraint::Min(30)]).areas(area)
}

/// The Migrations pane: revisions, the tool's output.
pub fn migrations(area: Rect) -> [Rect; 2] {
    Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area)
}

/// The Pipeline pane: the steps (a header row and one row each, at most
/// half the height), the selected step's output under them.
pub fn pipeline(pane: &PipelinePane, area: Rect) -> [Rect; 2] {
    let wanted = u16::try_from(pane.steps.len() + 3).unwrap_or(u16::MAX);
    let height = wanted.clamp(5, (area.height / 2).max(5));
    Layout::vertical([Constraint::Length(height), Constraint::Min(3)]).areas(area)
}

/// The first item a list of one-row items shows when `selected` is kept
/// in view in `rows` rows (ratatui scrolls a fresh list no further).
pub fn list_offset(selected: usize, rows: u16) -> usize {
    let rows = usize::from(rows.max(1));
    (selected + 1).saturating_sub(rows)
}
