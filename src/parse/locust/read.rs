//! CSV mechanics: header lookup by name (with the spellings of older
//! locust versions), typed fields, and positions for errors.

use csv::{ReaderBuilder, StringRecord};

use super::{
    EndpointStats, History, LocustError, LocustErrorKind as Kind, Percentile, Point, StatsTable,
    percentile,
};
use crate::parse::error::{Position, decode_utf8};

const STATS: &str = "_stats.csv";
const HISTORY: &str = "_stats_history.csv";

/// Parses `PREFIX_stats.csv`.
pub fn parse_stats(csv: impl AsRef<[u8]>) -> Result<StatsTable, LocustError> {
    let table = Table::read(csv.as_ref())?;
    let col = |names: &[&'static str]| table.column(names, STATS);
    let name = col(&["Name"])?;
    let requests = col(&["Request Count", "# requests"])?;
    let failures = col(&["Failure Count", "# failures"])?;
    let method = table.find(&["Type", "Method"]);
    let median = table.find(&["Median Response Time"]);
    let average = table.find(&["Average Response Time"]);
    let min = table.find(&["Min Response Time", "Min"]);
    let max = table.find(&["Max Response Time", "Max"]);
    let size = table.find(&["Average Content Size"]);
    let rps = table.find(&["Requests/s", "Current RPS"]);
    let fps = table.find(&["Failures/s", "Current Failures/s"]);
    let mut rows = Vec::new();
    let mut aggregated = None;
    for row in table.rows() {
        let row = row?;
        let method = row.text(method).to_string();
        let stats = EndpointStats {
            name: row.text(Some(name)).to_string(),
            requests: row.count(requests)?,
            failures: row.count(failures)?,
            median_ms: row.number(median)?,
            average_ms: row.number(average)?,
            min_ms: row.number(min)?,
            max_ms: row.number(max)?,
            average_content_size: row.number(size)?,
            rps: row.number(rps)?,
            failures_per_s: row.number(fps)?,
            percentiles: row.percentiles(&table.percentiles)?,
            method,
        };
        let is_total = matches!(stats.method.as_str(), "" | "None")
            && matches!(stats.name.as_str(), "Aggregated" | "Total");
        if is_total {
            aggregated = Some(stats);
        } else {
            rows.push(stats);
        }
    }
    Ok(StatsTable { rows, aggregated })
}

/// Parses `PREFIX_stats_history.csv`, keeping only the `Aggregated` rows
/// (with `--csv-full-history` locust adds one row per endpoint).
pub fn parse_history(csv: impl AsRef<[u8]>) -> Result<History, LocustError> {
    let table = Table::read(csv.as_ref())?;
    let col = |names: &[&'static str]| table.column(names, HISTORY);
    let timestamp = col(&["Timestamp"])?;
    let users = col(&["User Count"])?;
    let name = col(&["Name"])?;
    let rps = table.find(&["Requests/s"]);
    let fps = table.find(&["Failures/s"]);
    let total_requests = table.find(&["Total Request Count", "# requests"]);
    let total_failures = table.find(&["Total Failure Count", "# failures"]);
    let mut points = Vec::new();
    for row in table.rows() {
        let row = row?;
        if !matches!(row.text(Some(name)), "Aggregated" | "Total") {
            continue;
        }
        let percentiles = row.percentiles(&table.percentiles)?;
        points.push(Point {
            timestamp: row.timestamp(timestamp)?,
            users: row.count(users)?,
            rps: row.number(rps)?,
            failures_per_s: row.number(fps)?,
            p50: percentile(&percentiles, 0.5),
            p95: percentile(&percentiles, 0.95),
            total_requests: match total_requests {
                Some(i) => Some(row.count(i)?),
                None => None,
            },
            total_failures: match total_failures {
                Some(i) => Some(row.count(i)?),
                None => None,
            },
        });
    }
    Ok(History { points })
}

struct Table<'t> {
    text: &'t str,
    headers: Vec<String>,
    /// Index, label and quantile of every `NN%` column.
    percentiles: Vec<(usize, String, f64)>,
}

impl<'t> Table<'t> {
    fn read(bytes: &'t [u8]) -> Result<Self, LocustError> {
        let text =
            decode_utf8(bytes).map_err(|(pos, msg)| LocustError::new(pos, Kind::Csv(msg)))?;
        if text.trim().is_empty() {
            return Err(LocustError::new(Position::line(1), Kind::Empty));
        }
        let mut reader = ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let mut header = StringRecord::new();
        match reader.read_record(&mut header) {
            Ok(true) => {}
            Ok(false) => return Err(LocustError::new(Position::line(1), Kind::Empty)),
            Err(err) => return Err(csv_error(text, &err)),
        }
        let headers: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
        let percentiles = headers
            .iter()
            .enumerate()
            .filter_map(|(i, h)| {
                let number: f64 = h.strip_suffix('%')?.parse().ok()?;
                (number.is_finite() && (0.0..=100.0).contains(&number))
                    .then(|| (i, h.clone(), number / 100.0))
            })
            .collect();
        Ok(Table {
            text,
            headers,
            percentiles,
        })
    }

    fn find(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|name| {
            self.headers
                .iter()
                .position(|h| h.eq_ignore_ascii_case(name))
        })
    }

    fn column(&self, names: &[&'static str], file: &'static str) -> Result<usize, LocustError> {
        self.find(names).ok_or_else(|| {
            LocustError::new(
                Position::line(1),
                Kind::MissingColumn {
                    column: names[0],
                    file,
                    found: self.headers.clone(),
                },
            )
        })
    }

    /// Data rows with their line numbers. A short last row without a final
    /// newline is a row locust is still writing, and is left out.
    fn rows(&self) -> impl Iterator<Item = Result<Row<'_>, LocustError>> + '_ {
        let still_writing = !self.text.ends_with('\n');
        let width = self.headers.len();
        let mut lines = LineCounter::default();
        let mut records = ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(self.text.as_bytes())
            .into_records()
            .peekable();
        std::iter::from_fn(move || {
            loop {
                let record = match records.next()? {
                    Ok(record) => record,
                    Err(err) => return Some(Err(csv_error(self.text, &err))),
                };
                let line = record
                    .position()
                    .map_or(1, |p| lines.line_at(self.text, record_start(self.text, p)));
                if record.len() == 1 && record.get(0).is_some_and(|f| f.trim().is_empty()) {
                    continue;
                }
                if record.len() != width {
                    if record.len() < width && still_writing && records.peek().is_none() {
                        return None;
                    }
                    return Some(Err(LocustError::new(
                        Position::line(line),
                        Kind::RowLength {
                            expected: width,
                            found: record.len(),
                        },
                    )));
                }
                return Some(Ok(Row {
                    table: self,
                    record,
                    line,
                }));
            }
        })
    }
}

/// Byte offset where a record starts. The csv crate's own line count
/// drifts on CRLF files (locust writes those), and its byte offset may
/// point at the line break that ends the previous record.
fn record_start(text: &str, position: &csv::Position) -> usize {
    let bytes = text.as_bytes();
    let mut at = usize::try_from(position.byte()).unwrap_or(usize::MAX);
    while matches!(bytes.get(at), Some(b'\r' | b'\n')) {
        at += 1;
    }
    at.min(text.len())
}

/// Counts lines forward from the last record, so numbering every row of a
/// long history costs one pass over the text, not one per row.
#[derive(Default)]
struct LineCounter {
    at: usize,
    newlines: usize,
}

impl LineCounter {
    fn line_at(&mut self, text: &str, offset: usize) -> usize {
        if offset < self.at {
            *self = LineCounter::default();
        }
        let bytes = text.as_bytes();
        self.newlines += bytes[self.at..offset]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.at = offset;
        self.newlines + 1
    }
}

fn csv_error(text: &str, err: &csv::Error) -> LocustError {
    let line = err.position().map_or(1, |p| {
        LineCounter::default().line_at(text, record_start(text, p))
    });
    let message = match err.kind() {
        csv::ErrorKind::Utf8 { .. } => "the text is not valid UTF-8; save the file as UTF-8".into(),
        _ => err.to_string(),
    };
    LocustError::new(Position::line(line), Kind::Csv(message))
}

struct Row<'t> {
    table: &'t Table<'t>,
    record: StringRecord,
    line: usize,
}

impl Row<'_> {
    fn text(&self, index: Option<usize>) -> &str {
        index
            .and_then(|i| self.record.get(i))
            .unwrap_or_default()
            .trim()
    }

    fn bad(&self, index: usize, expected: &'static str) -> LocustError {
        let position = match self.column_of(index) {
            Some(col) => Position::at(self.line, col),
            None => Position::line(self.line),
        };
        LocustError::new(
            position,
            Kind::BadValue {
                column: self.table.headers.get(index).cloned().unwrap_or_default(),
                value: self.text(Some(index)).to_string(),
                expected,
            },
        )
    }

    /// Character column of field `index`, when the line has no quoting that
    /// would shift it.
    fn column_of(&self, index: usize) -> Option<usize> {
        let source = self.table.text.lines().nth(self.line.checked_sub(1)?)?;
        if source.contains('"') {
            return None;
        }
        Some(
            1 + source
                .split(',')
                .take(index)
                .map(|f| f.chars().count() + 1)
                .sum::<usize>(),
        )
    }

    fn count(&self, index: usize) -> Result<u64, LocustError> {
        self.text(Some(index))
            .parse()
            .map_err(|_| self.bad(index, "a whole number"))
    }

    /// A number, with `N/A` or an empty field as `None`.
    fn number(&self, index: Option<usize>) -> Result<Option<f64>, LocustError> {
        let Some(index) = index else {
            return Ok(None);
        };
        match self.text(Some(index)) {
            "" | "N/A" => Ok(None),
            value => match value.parse::<f64>() {
                Ok(n) if n.is_finite() => Ok(Some(n)),
                _ => Err(self.bad(index, "a number or N/A")),
            },
        }
    }

    fn timestamp(&self, index: usize) -> Result<i64, LocustError> {
        let value = self.text(Some(index));
        if let Ok(secs) = value.parse::<i64>() {
            return Ok(secs);
        }
        match value.parse::<f64>() {
            Ok(secs) if secs.is_finite() && secs.abs() < 1e15 => Ok(secs.trunc() as i64),
            _ => Err(self.bad(index, "unix seconds")),
        }
    }

    fn percentiles(
        &self,
        columns: &[(usize, String, f64)],
    ) -> Result<Vec<Percentile>, LocustError> {
        columns
            .iter()
            .map(|(index, label, quantile)| {
                Ok(Percentile {
                    label: label.clone(),
                    quantile: *quantile,
                    ms: self.number(Some(*index))?,
                })
            })
            .collect()
    }
}
