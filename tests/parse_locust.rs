//! locust `--csv` statistics: current and older column names, `N/A`,
//! files still being written, bad files, and random bytes.

use proptest::prelude::*;
use runcli::parse::locust::{LocustErrorKind, parse_history, parse_stats};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/parse/locust/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

#[test]
fn stats_rows_and_aggregated() {
    let table = parse_stats(fixture("run_stats.csv")).expect("valid");
    let names: Vec<_> = table.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["/ping", "/predict", "/predict?batch=1", "/version"]);
    let predict = &table.rows[1];
    assert_eq!(predict.method, "POST");
    assert_eq!((predict.requests, predict.failures), (2398, 37));
    assert_eq!(predict.median_ms, Some(41.0));
    assert_eq!(predict.average_ms, Some(52.6130183));
    assert_eq!(predict.min_ms, Some(12.448));
    assert_eq!(predict.max_ms, Some(1203.551));
    assert_eq!(predict.rps, Some(19.985));
    assert_eq!(predict.failures_per_s, Some(0.308));
    assert_eq!(predict.percentiles.len(), 11);
    assert_eq!(predict.percentile(0.95), Some(110.0));
    assert_eq!(predict.percentile(0.999), Some(980.0));
    assert_eq!(predict.percentiles[8].label, "99.9%");

    let aggregated = table.aggregated.as_ref().expect("aggregated row");
    assert_eq!(aggregated.method, "");
    assert_eq!(aggregated.requests, 7322);
    // The aggregated row sums the endpoints' counts.
    let sum: u64 = table.rows.iter().map(|r| r.requests).sum();
    assert_eq!(aggregated.requests, sum);
    assert_eq!(aggregated.percentile(0.5), Some(5.0));
}

#[test]
fn not_available_values_are_none() {
    let table = parse_stats(fixture("run_stats.csv")).expect("valid");
    let version = &table.rows[3];
    assert_eq!(version.requests, 0);
    assert!(version.percentiles.iter().all(|p| p.ms.is_none()));
    assert_eq!(version.percentile(0.95), None);
    assert_eq!(version.median_ms, Some(0.0));
}

#[test]
fn older_locust_column_names_and_quoting() {
    let table = parse_stats(fixture("legacy_0x_requests.csv")).expect("valid");
    assert_eq!(table.rows.len(), 2);
    assert_eq!(table.rows[0].method, "GET");
    assert_eq!(table.rows[1].failures, 6);
    assert!(table.rows[1].percentiles.is_empty());
    assert_eq!(table.rows[1].failures_per_s, None);
    let total = table.aggregated.expect("Total row");
    assert_eq!((total.name.as_str(), total.requests), ("Total", 1800));
}

#[test]
fn columns_are_found_by_name_not_position() {
    let csv = "Name,Failure Count,Type,Request Count,95%,Requests/s\n\
               /ping,1,GET,10,12,2.5\n\
               Aggregated,1,,10,12,2.5\n";
    let table = parse_stats(csv).expect("valid");
    let ping = &table.rows[0];
    assert_eq!(
        (ping.method.as_str(), ping.requests, ping.failures),
        ("GET", 10, 1)
    );
    assert_eq!(ping.percentile(0.95), Some(12.0));
    assert_eq!(ping.median_ms, None);
    assert!(table.aggregated.is_some());
}

#[test]
fn header_only_is_an_empty_table() {
    let csv = "Type,Name,Request Count,Failure Count\r\n";
    let table = parse_stats(csv).expect("valid");
    assert!(table.rows.is_empty());
    assert!(table.aggregated.is_none());
}

#[test]
fn history_keeps_only_aggregated_points() {
    let history = parse_history(fixture("run_stats_history.csv")).expect("valid");
    let stamps: Vec<_> = history.points.iter().map(|p| p.timestamp).collect();
    assert_eq!(
        stamps,
        [1714641243, 1714641244, 1714641245, 1714641246, 1714641247]
    );
    let first = &history.points[0];
    assert_eq!(first.users, 0);
    assert_eq!((first.p50, first.p95), (None, None));
    assert_eq!(first.rps, Some(0.0));
    let busy = &history.points[3];
    assert_eq!(busy.users, 10);
    assert_eq!(busy.rps, Some(29.0));
    assert_eq!(busy.failures_per_s, Some(0.5));
    assert_eq!((busy.p50, busy.p95), (Some(5.0), Some(66.0)));
    assert_eq!(
        (busy.total_requests, busy.total_failures),
        (Some(116), Some(2))
    );
    let users: Vec<_> = history.points.iter().map(|p| p.users).collect();
    assert!(users.windows(2).all(|w| w[0] <= w[1]), "{users:?}");
}

#[test]
fn history_being_written_drops_the_unfinished_row() {
    let done = parse_history(fixture("run_stats_history.csv")).expect("valid");
    let live = parse_history(fixture("run_stats_history_in_progress.csv")).expect("valid");
    assert_eq!(live, done);
}

#[test]
fn short_row_in_the_middle_is_an_error_with_its_line() {
    let err = parse_history(fixture("short_row_history.csv")).expect_err("short row");
    assert_eq!(err.line(), 4);
    assert!(
        matches!(err.kind, LocustErrorKind::RowLength { .. }),
        "{err:?}"
    );
}

#[test]
fn bad_number_names_line_column_and_header() {
    let bytes = fixture("bad_number_stats.csv");
    let err = parse_stats(&bytes)
        .expect_err("bad number")
        .with_path("load/run_stats.csv");
    let text = String::from_utf8(bytes).expect("ascii");
    let line = text.lines().nth(2).expect("fixture");
    assert_eq!(err.line(), 3);
    assert_eq!(err.column(), line.find("many").map(|c| c + 1));
    match &err.kind {
        LocustErrorKind::BadValue { column, value, .. } => {
            assert_eq!((column.as_str(), value.as_str()), ("Failure Count", "many"))
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(
        err.to_string().starts_with("load/run_stats.csv:3:"),
        "{err}"
    );
}

#[test]
fn wrong_file_says_which_column_is_missing() {
    let err = parse_stats(fixture("wrong_file_failures.csv")).expect_err("failures file");
    match &err.kind {
        LocustErrorKind::MissingColumn { column, found, .. } => {
            assert_eq!(*column, "Request Count");
            assert_eq!(found, &["Method", "Name", "Error", "Occurrences"]);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(err.line(), 1);
    // The stats file is not a history file either.
    let err = parse_history(fixture("run_stats.csv")).expect_err("stats as history");
    assert!(err.to_string().contains("`Timestamp`"), "{err}");
}

#[test]
fn empty_and_non_utf8_input() {
    assert_eq!(
        parse_stats("").expect_err("empty").kind,
        LocustErrorKind::Empty
    );
    assert_eq!(
        parse_history("\r\n").expect_err("blank").kind,
        LocustErrorKind::Empty
    );
    let err = parse_stats(b"Type,Name,Request Count,Failure Count\nGET,/caf\xe9,1,0\n")
        .expect_err("latin-1");
    assert!(matches!(err.kind, LocustErrorKind::Csv(_)));
    assert_eq!(err.line(), 2);
}

#[test]
fn byte_order_mark_does_not_hide_the_first_column() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(fixture("run_stats.csv"));
    assert_eq!(parse_stats(bytes).expect("bom").rows[0].method, "GET");
}

const FIXTURES: &[&str] = &[
    "run_stats.csv",
    "run_stats_history.csv",
    "legacy_0x_requests.csv",
];

#[test]
fn every_truncation_of_every_fixture_is_ok_or_err() {
    for name in FIXTURES {
        let bytes = fixture(name);
        for end in 0..bytes.len() {
            let _ = parse_stats(&bytes[..end]);
            let _ = parse_history(&bytes[..end]);
        }
    }
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_stats(&bytes);
        let _ = parse_history(&bytes);
    }

    #[test]
    fn csv_like_text_never_panics(text in "(Name|Timestamp|User Count|Request Count|Failure Count|Aggregated|N/A|95%|[0-9.]|,|\"|\r?\n){0,80}") {
        let _ = parse_stats(&text);
        let _ = parse_history(&text);
    }

    #[test]
    fn mutated_fixtures_never_panic(
        which in 0..FIXTURES.len(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let mut bytes = fixture(FIXTURES[which]);
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        let _ = parse_stats(&bytes);
        let _ = parse_history(&bytes);
    }
}

#[test]
fn line_numbers_stay_right_deep_into_a_long_crlf_history() {
    let text = String::from_utf8(fixture("run_stats_history.csv")).expect("ascii");
    let (header, body) = text.split_once("\r\n").expect("header");
    let mut rows: Vec<String> = body.repeat(200).split("\r\n").map(str::to_string).collect();
    rows.retain(|r| !r.is_empty());
    // Break the Timestamp of data row 1000 (line 1001 after the header).
    rows[999] = format!("soon{}", &rows[999][10..]);
    let csv = format!("{header}\r\n{}\r\n", rows.join("\r\n"));
    let err = parse_history(&csv).expect_err("bad timestamp");
    assert_eq!((err.line(), err.column()), (1001, Some(1)));
    let fine = format!("{header}\r\n{}", body.repeat(200));
    assert_eq!(parse_history(&fine).expect("valid").points.len(), 5 * 200);
}
