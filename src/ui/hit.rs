//! What is under a screen cell, for the mouse: a pane's tab, a row of a
//! list or table, or a log panel. It lays the screen out with the draw
//! code's own functions (`layout.rs`, the menu's tabs), so a click means
//! what the person sees under the pointer. Pure: model and size in,
//! answer out.

use ratatui::layout::{Position, Rect};
use ratatui::text::Span;

use super::{layout, menu};
use crate::app::{List, Model, Pane, Panel, Target};

/// What the cell at (`column`, `row`) of a `width` x `height` screen
/// shows, if it is something a click or the wheel acts on.
pub fn target(model: &Model, width: u16, height: u16, column: u16, row: u16) -> Option<Target> {
    let [_, menu_area, body, _] = layout::screen(Rect::new(0, 0, width, height));
    let at = Position::new(column, row);
    if menu_area.contains(at) {
        return tab_at(model, menu_area, column);
    }
    if !body.contains(at) {
        return None;
    }
    regions(model, body)
        .into_iter()
        .find(|(area, _)| area.contains(at))
        .and_then(|(_, region)| match region {
            Region::Panel(panel) => Some(Target::Panel(panel)),
            Region::List {
                list,
                rows,
                selected,
            } => {
                let offset = layout::list_offset(selected, rows.height);
                let index = offset + usize::from(row.checked_sub(rows.y)?);
                rows.contains(at).then_some(Target::Row { list, index })
            }
        })
}

/// The rows each log panel of the current pane shows on a `width` x
/// `height` screen (its height less the borders).
pub fn panel_rows(model: &Model, width: u16, height: u16) -> Vec<(Panel, usize)> {
    let [_, _, body, _] = layout::screen(Rect::new(0, 0, width, height));
    regions(model, body)
        .into_iter()
        .filter_map(|(area, region)| match region {
            Region::Panel(panel) => Some((panel, usize::from(area.height.saturating_sub(2)))),
            Region::List { .. } => None,
        })
        .collect()
}

fn tab_at(model: &Model, menu_area: Rect, column: u16) -> Option<Target> {
    let mut x = menu_area.x;
    for (pane, text) in menu::tabs(&model.keys) {
        let width = u16::try_from(Span::raw(text).width()).unwrap_or(u16::MAX);
        if (x..x.saturating_add(width)).contains(&column) {
            return Some(Target::Tab(pane));
        }
        x = x.saturating_add(width + menu::TAB_GAP);
    }
    None
}

/// A part of a pane the mouse acts on.
enum Region {
    Panel(Panel),
    /// A list whose items start at `rows.y`, one row each, scrolled to
    /// keep `selected` in view.
    List {
        list: List,
        rows: Rect,
        selected: usize,
    },
}

/// The clickable parts of the current pane, with where they are drawn.
fn regions(model: &Model, body: Rect) -> Vec<(Rect, Region)> {
    let list = |list: List, area: Rect, rows: Rect, selected: usize| {
        (
            area,
            Region::List {
                list,
                rows,
                selected,
            },
        )
    };
    match model.pane {
        Pane::Server => {
            let a = layout::server(&model.server, body);
            let selected = model.server.selected_profile;
            let services = layout::inner(a.services);
            vec![
                list(List::Profiles, a.profile_rows, a.profile_rows, selected),
                list(List::Services, a.services, services, model.logs.selected),
                (a.activity, Region::Panel(Panel::Activity)),
                (a.log, Region::Panel(Panel::Logs)),
            ]
        }
        Pane::Logs => {
            let [containers, log] = layout::logs(body);
            let rows = layout::inner(containers);
            vec![
                list(List::Containers, containers, rows, model.logs.selected),
                (log, Region::Panel(Panel::Logs)),
            ]
        }
        Pane::Testing => {
            let a = layout::testing(&model.testing, body);
            let mut out = vec![list(
                List::Tiers,
                a.tiers,
                layout::inner(a.tiers),
                model.testing.selected_tier,
            )];
            if let Some(output) = a.output {
                out.push((output, Region::Panel(Panel::TestOutput)));
            }
            if let Some(results) = a.results {
                // The table's first row is its header.
                let mut rows = layout::inner(results);
                rows.y += 1;
                rows.height = rows.height.saturating_sub(1);
                out.push(list(
                    List::Results,
                    results,
                    rows,
                    model.testing.selected_test,
                ));
            }
            if let Some(traceback) = a.traceback {
                out.push((traceback, Region::Panel(Panel::Traceback)));
            }
            out
        }
        Pane::Migrations => {
            let [_, output] = layout::migrations(body);
            vec![(output, Region::Panel(Panel::MigrationOutput))]
        }
        Pane::Docs => {
            let [_, _, warnings, output] = layout::docs(body);
            vec![
                list(
                    List::Warnings,
                    warnings,
                    layout::inner(warnings),
                    model.docs.selected_warning,
                ),
                (output, Region::Panel(Panel::SphinxOutput)),
            ]
        }
        Pane::Pipeline => {
            let [steps, output] = layout::pipeline(&model.pipeline, body);
            // The table's first row is its header.
            let mut rows = layout::inner(steps);
            rows.y += 1;
            rows.height = rows.height.saturating_sub(1);
            vec![
                list(List::Steps, steps, rows, model.pipeline.selected),
                (output, Region::Panel(Panel::PipelineOutput)),
            ]
        }
        // Only once the inputs are read is the environments list drawn.
        Pane::Secrets if model.secrets.snapshot.is_some() => {
            let [envs, _] = layout::secrets(body);
            vec![list(
                List::Environments,
                envs,
                layout::inner(envs),
                model.secrets.selected_env,
            )]
        }
        // The Git pane shows status only: nothing to select.
        Pane::Secrets | Pane::Git => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{EngineStatus, Header};

    fn model() -> Model {
        let header = Header {
            project: "demo".into(),
            version: None,
            git: None,
            engine: EngineStatus::Connecting {
                endpoint: "unix:///x.sock".into(),
            },
        };
        Model::new(header, 100, 1 << 16)
    }

    /// Every cell of each tab maps to that tab's pane, the gaps between
    /// them to nothing, read off the drawn menu bar itself.
    #[test]
    fn a_click_on_any_cell_of_a_tab_maps_to_its_pane() {
        let model = model();
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
        terminal.draw(|f| super::super::view(&model, f)).unwrap();
        let buffer = terminal.backend().buffer().clone();
        let bar: String = (0..120u16)
            .map(|x| buffer[(x, 1)].symbol().to_string())
            .collect();
        for pane in Pane::ALL {
            let label = format!(" {} {} ", pane.key(), pane.title());
            let start = bar.find(&label).expect("tab drawn") as u16;
            for column in start..start + label.len() as u16 {
                assert_eq!(
                    target(&model, 120, 40, column, 1),
                    Some(Target::Tab(pane)),
                    "column {column} of {label:?}"
                );
            }
            let after = start + label.len() as u16;
            assert_eq!(
                target(&model, 120, 40, after, 1),
                None,
                "gap after {label:?}"
            );
        }
        assert_eq!(target(&model, 120, 40, 5, 0), None, "the header is no tab");
    }
}
