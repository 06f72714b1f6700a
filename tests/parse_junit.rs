//! JUnit XML reports of pytest and unittest-xml-reporting, malformed ones,
//! and random input that must give Ok or Err, never a panic.

use proptest::prelude::*;
use runcli::parse::junit::{JunitErrorKind, Report, Status, parse_junit};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/parse/junit/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn parse(name: &str) -> Report {
    parse_junit(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn case<'a>(report: &'a Report, name: &str) -> &'a runcli::parse::junit::TestCase {
    report
        .cases()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no case {name}"))
}

#[test]
fn pytest_report_counts_every_outcome_from_the_cases() {
    let report = parse("pytest_mixed.xml");
    assert_eq!(report.suites.len(), 1);
    let suite = &report.suites[0];
    assert_eq!(suite.name, "pytest");
    assert_eq!(suite.hostname.as_deref(), Some("3f1c2a9e8b7d"));
    assert_eq!(suite.tests.len(), 7);
    let t = report.totals;
    assert_eq!(
        (t.passed, t.failed, t.errored, t.skipped, t.total),
        (3, 1, 1, 2, 7)
    );
    assert!(!t.ok());
    assert!((report.duration - 1.284).abs() < 1e-9);
}

#[test]
fn pytest_failure_keeps_message_traceback_and_captured_output() {
    let report = parse("pytest_mixed.xml");
    let failed = case(&report, "test_predict_rejects_empty_payload");
    assert_eq!(failed.status, Status::Failed);
    assert_eq!(failed.classname, "tests.unit_tests.test_routes");
    assert_eq!(
        failed.full_name(),
        "tests.unit_tests.test_routes::test_predict_rejects_empty_payload"
    );
    let message = failed.message.as_deref().unwrap_or_default();
    assert!(message.starts_with("assert 500 == 400\n +  where 500 = <WrapperTestResponse"));
    let details = failed.details.as_deref().unwrap_or_default();
    assert!(details.contains("client = <FlaskClient <Flask 'api'>>"));
    assert!(
        details
            .trim_end()
            .ends_with("tests/unit_tests/test_routes.py:27: AssertionError")
    );
    assert!((failed.duration - 0.021).abs() < 1e-9);
    let out = failed.system_out.as_deref().unwrap_or_default();
    assert!(out.contains("empty payload & no defaults"));
}

#[test]
fn pytest_setup_error_is_errored_not_failed() {
    let report = parse("pytest_mixed.xml");
    let errored = case(&report, "test_user_roundtrip");
    assert_eq!(errored.status, Status::Errored);
    assert!(
        errored
            .message
            .as_deref()
            .unwrap_or_default()
            .starts_with("failed on setup with \"sqlalchemy.exc.OperationalError")
    );
    assert!(
        errored
            .details
            .as_deref()
            .unwrap_or_default()
            .contains("db.create_all()")
    );
}

#[test]
fn pytest_skip_and_xfail_are_skipped_and_told_apart() {
    let report = parse("pytest_mixed.xml");
    let skip = case(&report, "test_gpu_inference");
    assert_eq!(skip.status, Status::Skipped);
    assert_eq!(skip.kind.as_deref(), Some("pytest.skip"));
    assert_eq!(skip.message.as_deref(), Some("CUDA not available"));
    assert!(!skip.expected_failure);
    assert_eq!(
        skip.details.as_deref(),
        Some("/app/tests/unit_tests/test_model.py:22: CUDA not available")
    );
    let xfail = case(&report, "test_batch_predict");
    assert_eq!(xfail.status, Status::Skipped);
    assert!(xfail.expected_failure);
    assert_eq!(xfail.details, None);
}

#[test]
fn pytest_properties_and_passing_cases() {
    let report = parse("pytest_mixed.xml");
    let scored = case(&report, "test_predict_returns_scores");
    assert_eq!(scored.status, Status::Passed);
    assert_eq!(scored.properties.len(), 1);
    assert_eq!(scored.properties[0].name, "model_version");
    assert_eq!(scored.properties[0].value, "2024.05.1");
    assert_eq!(scored.message, None);
    let param = case(&report, "test_scores_sum_to_one[3-classes]");
    assert_eq!(param.status, Status::Passed);
    assert_eq!(param.suite, "pytest");
}

#[test]
fn older_pytest_with_root_testsuite_and_file_line() {
    let report = parse("pytest_legacy_root_testsuite.xml");
    assert_eq!(report.suites.len(), 1);
    let t = report.totals;
    assert_eq!((t.passed, t.failed, t.skipped, t.total), (2, 1, 1, 4));
    let failed = case(&report, "test_env_defaults");
    assert_eq!(
        failed.file.as_deref(),
        Some("tests/unit_tests/test_config.py")
    );
    assert_eq!(failed.line, Some(20));
    assert_eq!(failed.message.as_deref(), Some("KeyError: 'DATABASE_URL'"));
    let version = case(&report, "test_version");
    assert_eq!(version.system_out.as_deref(), Some("version=1.4.2\n"));
}

#[test]
fn empty_suite_is_listed_with_no_tests() {
    let report = parse("pytest_empty.xml");
    assert_eq!(report.suites.len(), 1);
    assert!(report.suites[0].tests.is_empty());
    assert_eq!(report.totals.total, 0);
    assert!(report.totals.ok());
    assert!((report.duration - 0.011).abs() < 1e-9);
}

#[test]
fn xmlrunner_report_with_cdata_and_suite_output() {
    let report = parse("xmlrunner_report.xml");
    let names: Vec<_> = report.suites.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "tests.unit_tests.test_routes.RoutesTest-20240502091403",
            "tests.unit_tests.test_scoring.ScoringTest-20240502091403"
        ]
    );
    let t = report.totals;
    assert_eq!(
        (t.passed, t.failed, t.errored, t.skipped, t.total),
        (2, 1, 1, 2, 6)
    );
    let failed = case(&report, "test_predict_shape");
    assert_eq!(failed.kind.as_deref(), Some("AssertionError"));
    assert_eq!(failed.line, Some(24));
    assert!(
        failed
            .details
            .as_deref()
            .unwrap_or_default()
            .starts_with("Traceback (most recent call last):")
    );
    let errored = case(&report, "test_model_path");
    assert_eq!(errored.status, Status::Errored);
    assert_eq!(errored.message.as_deref(), Some("'MODEL_PATH'"));
    let routes = &report.suites[0];
    assert_eq!(
        routes.system_out.as_deref(),
        Some("loading model from /models/current\n")
    );
    assert_eq!(routes.system_err, None);
    let scoring = &report.suites[1];
    assert_eq!(scoring.properties[0].value, "3.11.9");
    let xfail = case(&report, "test_calibration");
    assert!(xfail.expected_failure);
    let skip = case(&report, "test_gpu");
    assert!(!skip.expected_failure);
    // Root has no time: the suites' own times add up.
    assert!((report.duration - (0.142 + 0.013)).abs() < 1e-9);
}

#[test]
fn nested_suites_are_flattened_in_document_order() {
    let report = parse("xmlrunner_nested.xml");
    let names: Vec<_> = report.suites.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "tests.integration_tests.test_db.DatabaseTest",
            "tests.integration_tests.test_api.ApiTest",
            "tests.smoke_tests.test_smoke.SmokeTest",
            "tests.load_tests",
        ]
    );
    let t = report.totals;
    assert_eq!(
        (t.passed, t.failed, t.errored, t.skipped, t.total),
        (2, 1, 1, 1, 5)
    );
    let insert = case(&report, "test_insert_user");
    assert_eq!(insert.suite, "tests.integration_tests.test_db.DatabaseTest");
    // The case has no file; its suite's is used.
    assert_eq!(
        insert.file.as_deref(),
        Some("tests/integration_tests/test_db.py")
    );
    assert!(
        insert
            .system_out
            .as_deref()
            .unwrap_or_default()
            .contains("-- \"quoted\" & <raw>")
    );
    // The root's own time wins over the sum of its suites (0.318).
    assert!((report.duration - 0.325).abs() < 1e-9);
}

#[test]
fn totals_ignore_header_attributes() {
    let xml = r#"<testsuite name="x" tests="10" failures="5" errors="3" skipped="2">
        <testcase classname="a" name="one" time="0.1"/>
        <testcase classname="a" name="two"><failure message="boom"/></testcase>
    </testsuite>"#;
    let report = parse_junit(xml).expect("valid");
    let t = report.totals;
    assert_eq!(
        (t.passed, t.failed, t.errored, t.skipped, t.total),
        (1, 1, 0, 0, 2)
    );
    // No time anywhere but on one case.
    assert!((report.duration - 0.1).abs() < 1e-9);
}

#[test]
fn failure_plus_teardown_error_is_failed_and_keeps_both_texts() {
    let xml = r#"<testsuites><testsuite name="pytest">
        <testcase classname="t" name="test_x" time="0.2">
          <failure message="assert False">call traceback</failure>
          <error message="failed on teardown with &quot;RuntimeError&quot;">teardown traceback</error>
        </testcase></testsuite></testsuites>"#;
    let report = parse_junit(xml).expect("valid");
    let case = case(&report, "test_x");
    assert_eq!(case.status, Status::Failed);
    assert_eq!(case.message.as_deref(), Some("assert False"));
    let details = case.details.as_deref().unwrap_or_default();
    assert!(details.starts_with("call traceback"));
    assert!(
        details.contains("error: failed on teardown with \"RuntimeError\"\nteardown traceback")
    );
}

#[test]
fn truncated_report_points_at_the_end() {
    let bytes = fixture("malformed_truncated.xml");
    let err = parse_junit(&bytes)
        .expect_err("truncated")
        .with_path("reports/unit.xml");
    assert!(matches!(err.kind, JunitErrorKind::Xml(_)), "{err:?}");
    let text = String::from_utf8(bytes).expect("ascii fixture");
    assert_eq!(err.line(), text.lines().count());
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("reports/unit.xml:{}:", err.line())),
        "{shown}"
    );
    assert!(shown.contains("malformed XML"), "{shown}");
}

#[test]
fn wrong_root_names_the_element() {
    let err = parse_junit(fixture("malformed_wrong_root.xml")).expect_err("wrong root");
    assert_eq!(
        err.kind,
        JunitErrorKind::WrongRoot {
            found: "testrun".into()
        }
    );
    assert_eq!((err.line(), err.column()), (2, Some(1)));
    assert!(
        err.to_string()
            .contains("expected <testsuites> or <testsuite>")
    );
}

#[test]
fn bad_time_attribute_points_at_the_value() {
    let bytes = fixture("malformed_bad_time.xml");
    let err = parse_junit(&bytes).expect_err("bad time");
    let text = String::from_utf8(bytes).expect("ascii fixture");
    let line = text
        .lines()
        .position(|l| l.contains("\"fast\""))
        .expect("fixture")
        + 1;
    let col = text
        .lines()
        .nth(line - 1)
        .and_then(|l| l.find("fast"))
        .expect("fixture")
        + 1;
    assert_eq!((err.line(), err.column()), (line, Some(col)));
    match &err.kind {
        JunitErrorKind::BadAttribute {
            element,
            attribute,
            value,
            ..
        } => assert_eq!(
            (element.as_str(), *attribute, value.as_str()),
            ("testcase", "time", "fast")
        ),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn unquoted_attribute_is_an_xml_error_on_its_line() {
    let err = parse_junit(fixture("malformed_unquoted_attribute.xml")).expect_err("unquoted");
    assert!(matches!(err.kind, JunitErrorKind::Xml(_)), "{err:?}");
    assert_eq!(err.line(), 3);
    assert!(err.column().is_some());
}

#[test]
fn other_bad_inputs_are_errors() {
    let empty = parse_junit("").expect_err("empty");
    assert!(matches!(empty.kind, JunitErrorKind::Xml(_)));
    assert_eq!(empty.line(), 1);

    let nameless =
        parse_junit("<testsuite>\n<testcase time=\"1\"/></testsuite>").expect_err("no name");
    assert_eq!(
        nameless.kind,
        JunitErrorKind::MissingAttribute {
            element: "testcase",
            attribute: "name"
        }
    );
    assert_eq!((nameless.line(), nameless.column()), (2, Some(1)));

    let negative = parse_junit(r#"<testsuite time="-1"/>"#).expect_err("negative");
    assert!(matches!(negative.kind, JunitErrorKind::BadAttribute { .. }));

    let line = parse_junit(r#"<testsuite><testcase name="a" line="twelve"/></testsuite>"#)
        .expect_err("bad line");
    assert!(matches!(
        line.kind,
        JunitErrorKind::BadAttribute {
            attribute: "line",
            ..
        }
    ));

    let latin1 = parse_junit(b"<testsuite name=\"caf\xe9\"/>").expect_err("latin-1");
    assert!(matches!(latin1.kind, JunitErrorKind::Encoding(_)));
    assert_eq!((latin1.line(), latin1.column()), (1, Some(21)));
}

#[test]
fn byte_order_mark_is_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(fixture("pytest_empty.xml"));
    assert_eq!(parse_junit(bytes).expect("bom").totals.total, 0);
}

#[test]
fn absurd_nesting_is_refused_without_overflowing_the_stack() {
    let depth = 200_000;
    let xml = format!(
        "{}{}",
        "<testsuite>".repeat(depth),
        "</testsuite>".repeat(depth)
    );
    let err = parse_junit(xml).expect_err("too deep");
    assert!(matches!(err.kind, JunitErrorKind::TooDeep(_)), "{err:?}");
}

const FIXTURES: &[&str] = &[
    "pytest_mixed.xml",
    "pytest_legacy_root_testsuite.xml",
    "pytest_empty.xml",
    "xmlrunner_report.xml",
    "xmlrunner_nested.xml",
];

#[test]
fn every_truncation_of_every_fixture_is_ok_or_err() {
    for name in FIXTURES {
        let bytes = fixture(name);
        let mut errors = 0;
        for end in 0..bytes.len() {
            if parse_junit(&bytes[..end]).is_err() {
                errors += 1;
            }
        }
        // Cutting a report short must almost always be noticed.
        assert!(errors + 2 >= bytes.len(), "{name}: only {errors} errors");
    }
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_junit(&bytes);
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
        let _ = parse_junit(&bytes);
    }
}
