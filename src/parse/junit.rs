//! JUnit XML reports as pytest (`--junitxml`) and unittest-xml-reporting
//! write them, turned into suites of test cases with their outcome.
//!
//! Totals are counted from the test cases, never from the `tests=`,
//! `failures=` ... header attributes, which some writers get wrong.

mod read;

use serde::Serialize;

pub use read::parse_junit;

use super::error::ParseError;

/// How one test case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Passed,
    Failed,
    Errored,
    Skipped,
}

/// A `<property name=".." value=".."/>` of a suite or a test case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Property {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestCase {
    /// Name of the suite that holds the case.
    pub suite: String,
    /// Dotted module/class path; empty when the writer gave none.
    pub classname: String,
    pub name: String,
    /// The case's `file`, else its suite's.
    pub file: Option<String>,
    /// As written (pytest's xunit1 family writes it 0-based).
    pub line: Option<u32>,
    /// Seconds.
    pub duration: f64,
    pub status: Status,
    /// `message` of the failure, error or skip.
    pub message: Option<String>,
    /// `type` of the failure, error or skip (`AssertionError`, `pytest.xfail`).
    pub kind: Option<String>,
    /// The traceback or skip location text.
    pub details: Option<String>,
    /// A skip that stands for an expected failure (pytest xfail,
    /// unittest `expectedFailure`).
    pub expected_failure: bool,
    pub properties: Vec<Property>,
    pub system_out: Option<String>,
    pub system_err: Option<String>,
}

impl TestCase {
    /// `classname::name`, or the bare name when there is no classname.
    pub fn full_name(&self) -> String {
        if self.classname.is_empty() {
            self.name.clone()
        } else {
            format!("{}::{}", self.classname, self.name)
        }
    }
}

/// A `<testsuite>` that holds test cases (or none at all). Suites that only
/// wrap other suites are not listed; their children are, in document order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suite {
    pub name: String,
    pub file: Option<String>,
    pub timestamp: Option<String>,
    pub hostname: Option<String>,
    /// Seconds: the suite's `time`, else the sum of its cases.
    pub duration: f64,
    pub properties: Vec<Property>,
    pub system_out: Option<String>,
    pub system_err: Option<String>,
    pub tests: Vec<TestCase>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub passed: usize,
    pub failed: usize,
    pub errored: usize,
    pub skipped: usize,
    pub total: usize,
}

impl Counts {
    pub fn add(&mut self, status: Status) {
        self.total += 1;
        match status {
            Status::Passed => self.passed += 1,
            Status::Failed => self.failed += 1,
            Status::Errored => self.errored += 1,
            Status::Skipped => self.skipped += 1,
        }
    }

    /// No failure and no error.
    pub fn ok(&self) -> bool {
        self.failed == 0 && self.errored == 0
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub suites: Vec<Suite>,
    pub totals: Counts,
    /// Seconds: the root's `time`, else the sum over its suites.
    pub duration: f64,
}

impl Report {
    pub fn cases(&self) -> impl Iterator<Item = &TestCase> {
        self.suites.iter().flat_map(|s| s.tests.iter())
    }
}

/// What is wrong with a JUnit report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JunitErrorKind {
    #[error("{0}")]
    Encoding(String),
    #[error(
        "malformed XML: {0}; the report is probably truncated or was not written by a JUnit writer"
    )]
    Xml(String),
    #[error(
        "the root element is <{found}>, expected <testsuites> or <testsuite>; is this a JUnit XML report?"
    )]
    WrongRoot { found: String },
    #[error("<{element}> has no `{attribute}` attribute")]
    MissingAttribute {
        element: &'static str,
        attribute: &'static str,
    },
    #[error("<{element}> has {attribute}=\"{value}\", expected {expected}")]
    BadAttribute {
        element: String,
        attribute: &'static str,
        value: String,
        expected: &'static str,
    },
    #[error("test suites are nested deeper than {0} levels")]
    TooDeep(usize),
}

pub type JunitError = ParseError<JunitErrorKind>;
