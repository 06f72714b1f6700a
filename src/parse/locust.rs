//! locust's `--csv PREFIX` statistics: `PREFIX_stats.csv` (one row per
//! endpoint and an `Aggregated` row) and `PREFIX_stats_history.csv` (one
//! row per sample). Columns are found by header name, never by position:
//! locust versions name, add and drop columns. `N/A` reads as no value.

mod read;

use serde::Serialize;

pub use read::{parse_history, parse_stats};

use super::error::ParseError;

/// One response-time percentile column such as `95%`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Percentile {
    /// The header as written, e.g. `99.9%`.
    pub label: String,
    /// 0.999 for `99.9%`.
    pub quantile: f64,
    /// Milliseconds; `None` for `N/A` (no requests yet).
    pub ms: Option<f64>,
}

/// A row of `_stats.csv`: one endpoint, or the `Aggregated` total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EndpointStats {
    /// `Type` (HTTP method); empty on the aggregated row.
    pub method: String,
    pub name: String,
    pub requests: u64,
    pub failures: u64,
    pub median_ms: Option<f64>,
    pub average_ms: Option<f64>,
    pub min_ms: Option<f64>,
    pub max_ms: Option<f64>,
    pub average_content_size: Option<f64>,
    pub rps: Option<f64>,
    pub failures_per_s: Option<f64>,
    pub percentiles: Vec<Percentile>,
}

impl EndpointStats {
    /// The value of the percentile column for `quantile` (0.95 for `95%`).
    pub fn percentile(&self, quantile: f64) -> Option<f64> {
        percentile(&self.percentiles, quantile)
    }
}

fn percentile(list: &[Percentile], quantile: f64) -> Option<f64> {
    list.iter()
        .find(|p| (p.quantile - quantile).abs() < 1e-9)
        .and_then(|p| p.ms)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatsTable {
    /// Endpoints in file order.
    pub rows: Vec<EndpointStats>,
    /// The `Aggregated` (older locust: `Total`) row, when present.
    pub aggregated: Option<EndpointStats>,
}

/// One `Aggregated` sample of `_stats_history.csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// Unix seconds.
    pub timestamp: i64,
    pub users: u64,
    pub rps: Option<f64>,
    pub failures_per_s: Option<f64>,
    pub p50: Option<f64>,
    pub p95: Option<f64>,
    pub total_requests: Option<u64>,
    pub total_failures: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct History {
    pub points: Vec<Point>,
}

/// What is wrong with a locust CSV file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocustErrorKind {
    #[error("the file is empty; locust writes the header row as soon as it starts")]
    Empty,
    #[error("{0}")]
    Csv(String),
    #[error(
        "no `{column}` column (found: {}); is this a locust --csv {file} file?",
        found.join(", ")
    )]
    MissingColumn {
        column: &'static str,
        file: &'static str,
        found: Vec<String>,
    },
    #[error("`{column}` is `{value}`, expected {expected}")]
    BadValue {
        column: String,
        value: String,
        expected: &'static str,
    },
    #[error("the row has {found} fields, the header {expected}")]
    RowLength { expected: usize, found: usize },
}

pub type LocustError = ParseError<LocustErrorKind>;
