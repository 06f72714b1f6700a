//! Locust's numbers while the load tier runs: requests per second and
//! p50 / p95 latency over time, and the final table per endpoint.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::Span;
use ratatui::widgets::{Axis, Block, Cell, Chart, Dataset, GraphType, Row, Table};

use crate::parse::locust::{History, StatsTable};

pub fn draw(history: Option<&History>, table: Option<&StatsTable>, frame: &mut Frame, area: Rect) {
    let [rps_area, latency_area, table_area] = Layout::vertical([
        Constraint::Percentage(35),
        Constraint::Percentage(35),
        Constraint::Percentage(30),
    ])
    .areas(area);
    let points = history.map(|h| h.points.as_slice()).unwrap_or_default();
    let start = points.first().map_or(0, |p| p.timestamp);
    let series = |pick: fn(&crate::parse::locust::Point) -> Option<f64>| -> Vec<(f64, f64)> {
        points
            .iter()
            .filter_map(|p| pick(p).map(|v| ((p.timestamp - start) as f64, v)))
            .collect()
    };
    let rps = series(|p| p.rps);
    let p50 = series(|p| p.p50);
    let p95 = series(|p| p.p95);
    line_chart(
        frame,
        rps_area,
        " requests / s ",
        &[("rps", Color::Green, &rps)],
    );
    line_chart(
        frame,
        latency_area,
        " latency ms ",
        &[("p50", Color::Cyan, &p50), ("p95", Color::Magenta, &p95)],
    );
    draw_table(table, frame, table_area);
}

/// A named, coloured line of (seconds, value) points.
type Series<'a> = (&'a str, Color, &'a Vec<(f64, f64)>);

fn line_chart(frame: &mut Frame, area: Rect, title: &str, series: &[Series<'_>]) {
    let max_x = series
        .iter()
        .flat_map(|(_, _, s)| s.iter().map(|(x, _)| *x))
        .fold(1.0, f64::max);
    let max_y = series
        .iter()
        .flat_map(|(_, _, s)| s.iter().map(|(_, y)| *y))
        .fold(1.0, f64::max)
        * 1.1;
    let datasets: Vec<Dataset> = series
        .iter()
        .map(|(name, colour, data)| {
            Dataset::default()
                .name(*name)
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(Style::new().fg(*colour))
                .data(data)
        })
        .collect();
    let chart = Chart::new(datasets)
        .block(Block::bordered().title(title.to_string()))
        .x_axis(
            Axis::default()
                .title("s")
                .bounds([0.0, max_x])
                .labels([Span::raw("0"), Span::raw(format!("{max_x:.0}"))]),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, max_y])
                .labels([Span::raw("0"), Span::raw(format!("{max_y:.0}"))]),
        );
    frame.render_widget(chart, area);
}

fn draw_table(table: Option<&StatsTable>, frame: &mut Frame, area: Rect) {
    let block = Block::bordered().title(" endpoints ");
    let Some(table) = table else {
        frame.render_widget(
            block.title_bottom(" the table comes when the run ends "),
            area,
        );
        return;
    };
    let fmt = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |v| format!("{v:.0}"));
    let rows: Vec<Row> = table
        .rows
        .iter()
        .chain(table.aggregated.iter())
        .map(|e| {
            Row::new(vec![
                Cell::from(format!("{} {}", e.method, e.name)),
                Cell::from(e.requests.to_string()),
                Cell::from(e.failures.to_string()),
                Cell::from(fmt(e.median_ms)),
                Cell::from(fmt(e.percentile(0.95))),
                Cell::from(e.rps.map_or_else(|| "-".to_string(), |v| format!("{v:.1}"))),
            ])
        })
        .collect();
    let widget = Table::new(
        rows,
        [
            Constraint::Min(16),
            Constraint::Length(8),
            Constraint::Length(6),
            Constraint::Length(6),
            Constraint::Length(6),
            Constraint::Length(7),
        ],
    )
    .header(
        Row::new(["endpoint", "requests", "fails", "p50", "p95", "rps"])
            .style(Style::new().add_modifier(Modifier::BOLD)),
    )
    .block(block);
    frame.render_widget(widget, area);
}
