//! Walks the XML tree of a JUnit report into [`Report`].

use roxmltree::{Document, Node};

use super::{
    Counts, JunitError, JunitErrorKind as Kind, Property, Report, Status, Suite, TestCase,
};
use crate::parse::error::{Position, decode_utf8};

/// Deeper nesting than this is not a real report; refusing it keeps the
/// recursive walk's stack small whatever the input.
const MAX_DEPTH: usize = 64;

/// Parses a JUnit XML report (UTF-8 bytes or text).
pub fn parse_junit(xml: impl AsRef<[u8]>) -> Result<Report, JunitError> {
    let text = decode_utf8(xml.as_ref())
        .map_err(|(pos, msg)| JunitError::new(pos, Kind::Encoding(msg)))?;
    let doc = Document::parse(text).map_err(|err| xml_error(text, &err))?;
    let root = doc.root_element();
    let reader = Reader { text };
    let name = root.tag_name().name();
    if name != "testsuites" && name != "testsuite" {
        return Err(reader.error(
            root.range().start,
            Kind::WrongRoot {
                found: name.to_string(),
            },
        ));
    }
    let mut suites = Vec::new();
    let duration = reader.walk(root, None, 0, &mut suites)?;
    let mut totals = Counts::default();
    for case in suites.iter().flat_map(|s| s.tests.iter()) {
        totals.add(case.status);
    }
    Ok(Report {
        suites,
        totals,
        duration,
    })
}

fn xml_error(text: &str, err: &roxmltree::Error) -> JunitError {
    let position = match err {
        roxmltree::Error::UnexpectedEndOfStream | roxmltree::Error::UnclosedRootNode => {
            Position::of_offset(text, text.len())
        }
        _ => {
            let pos = err.pos();
            Position::at(pos.row as usize, pos.col as usize)
        }
    };
    let message = err.to_string();
    let suffix = format!(" at {}", err.pos());
    let message = message
        .strip_suffix(&suffix)
        .unwrap_or(&message)
        .to_string();
    JunitError::new(position, Kind::Xml(message))
}

struct Reader<'t> {
    text: &'t str,
}

impl Reader<'_> {
    fn error(&self, offset: usize, kind: Kind) -> JunitError {
        JunitError::new(Position::of_offset(self.text, offset), kind)
    }

    /// Collects the suites under `node` (a `<testsuites>` or `<testsuite>`)
    /// into `out`; returns the node's duration in seconds.
    fn walk(
        &self,
        node: Node,
        inherited_file: Option<&str>,
        depth: usize,
        out: &mut Vec<Suite>,
    ) -> Result<f64, JunitError> {
        if depth > MAX_DEPTH {
            return Err(self.error(node.range().start, Kind::TooDeep(MAX_DEPTH)));
        }
        let name = node.attribute("name").unwrap_or_default().to_string();
        let file = node.attribute("file").or(inherited_file);
        let time = self.seconds(node, "time")?;
        let slot = out.len();
        let mut tests = Vec::new();
        let mut children = 0.0;
        let mut has_child_suites = false;
        for child in node.children().filter(Node::is_element) {
            match child.tag_name().name() {
                "testcase" => tests.push(self.case(child, &name, file)?),
                "testsuite" | "testsuites" => {
                    has_child_suites = true;
                    children += self.walk(child, file, depth + 1, out)?;
                }
                _ => {}
            }
        }
        let own: f64 = tests.iter().map(|t| t.duration).sum();
        let is_suite = node.tag_name().name() == "testsuite";
        if !tests.is_empty() || (is_suite && !has_child_suites) {
            let suite = Suite {
                name,
                file: file.map(str::to_string),
                timestamp: node.attribute("timestamp").map(str::to_string),
                hostname: node.attribute("hostname").map(str::to_string),
                duration: time.unwrap_or(own),
                properties: properties(node),
                system_out: child_text(node, "system-out"),
                system_err: child_text(node, "system-err"),
                tests,
            };
            out.insert(slot, suite);
        }
        Ok(time.unwrap_or(own + children))
    }

    fn case(&self, node: Node, suite: &str, file: Option<&str>) -> Result<TestCase, JunitError> {
        let name = node.attribute("name").ok_or_else(|| {
            self.error(
                node.range().start,
                Kind::MissingAttribute {
                    element: "testcase",
                    attribute: "name",
                },
            )
        })?;
        let line = match node.attribute_node("line") {
            None => None,
            Some(attr) => Some(attr.value().trim().parse::<u32>().map_err(|_| {
                self.bad(
                    node,
                    "line",
                    attr.value(),
                    attr.range_value().start,
                    "a line number",
                )
            })?),
        };
        let outcome = Outcome::of(node);
        let status = outcome.status();
        let kind = outcome
            .first
            .and_then(|el| el.attribute("type"))
            .map(str::to_string);
        let message = outcome
            .first
            .and_then(|el| el.attribute("message"))
            .map(str::to_string);
        let expected_failure = status == Status::Skipped
            && (kind.as_deref() == Some("pytest.xfail")
                || message
                    .as_deref()
                    .is_some_and(|m| m.starts_with("expected failure")));
        Ok(TestCase {
            suite: suite.to_string(),
            classname: node.attribute("classname").unwrap_or_default().to_string(),
            name: name.to_string(),
            file: node.attribute("file").or(file).map(str::to_string),
            line,
            duration: self.seconds(node, "time")?.unwrap_or(0.0),
            status,
            message,
            kind,
            details: outcome.details(),
            expected_failure,
            properties: properties(node),
            system_out: child_text(node, "system-out"),
            system_err: child_text(node, "system-err"),
        })
    }

    /// A `time`-like attribute: absent is `None`, anything but a finite,
    /// non-negative number is an error.
    fn seconds(&self, node: Node, attribute: &'static str) -> Result<Option<f64>, JunitError> {
        let Some(attr) = node.attribute_node(attribute) else {
            return Ok(None);
        };
        match attr.value().trim().parse::<f64>() {
            Ok(secs) if secs.is_finite() && secs >= 0.0 => Ok(Some(secs)),
            _ => Err(self.bad(
                node,
                attribute,
                attr.value(),
                attr.range_value().start,
                "a number of seconds such as 0.042",
            )),
        }
    }

    fn bad(
        &self,
        node: Node,
        attribute: &'static str,
        value: &str,
        offset: usize,
        expected: &'static str,
    ) -> JunitError {
        self.error(
            offset,
            Kind::BadAttribute {
                element: node.tag_name().name().to_string(),
                attribute,
                value: value.to_string(),
                expected,
            },
        )
    }
}

/// The result elements of one test case, in document order.
struct Outcome<'a, 'input> {
    /// The element that decides the status (failure, else error, else skip).
    first: Option<Node<'a, 'input>>,
    all: Vec<Node<'a, 'input>>,
}

impl<'a, 'input> Outcome<'a, 'input> {
    fn of(case: Node<'a, 'input>) -> Self {
        let all: Vec<_> = case
            .children()
            .filter(|c| matches!(c.tag_name().name(), "failure" | "error" | "skipped"))
            .collect();
        let first = ["failure", "error", "skipped"]
            .iter()
            .find_map(|tag| all.iter().find(|c| c.tag_name().name() == *tag))
            .copied();
        Outcome { first, all }
    }

    fn status(&self) -> Status {
        match self.first.map(|el| el.tag_name().name()) {
            Some("failure") => Status::Failed,
            Some("error") => Status::Errored,
            Some("skipped") => Status::Skipped,
            _ => Status::Passed,
        }
    }

    /// The deciding element's text, then any other outcome (a teardown
    /// error after a failure) under a heading of its own.
    fn details(&self) -> Option<String> {
        let first = self.first?;
        let mut out = text_of(first).unwrap_or_default();
        for other in self.all.iter().filter(|el| el.id() != first.id()) {
            let heading = match other.attribute("message") {
                Some(m) => format!("{}: {m}", other.tag_name().name()),
                None => other.tag_name().name().to_string(),
            };
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&heading);
            if let Some(text) = text_of(*other) {
                out.push('\n');
                out.push_str(&text);
            }
        }
        (!out.is_empty()).then_some(out)
    }
}

/// All text (and CDATA) inside an element; `None` when blank.
fn text_of(node: Node) -> Option<String> {
    let text: String = node
        .descendants()
        .filter(Node::is_text)
        .filter_map(|t| t.text())
        .collect();
    (!text.trim().is_empty()).then_some(text)
}

fn child_text(node: Node, tag: &str) -> Option<String> {
    let texts: Vec<String> = node
        .children()
        .filter(|c| c.tag_name().name() == tag)
        .filter_map(text_of)
        .collect();
    (!texts.is_empty()).then(|| texts.join("\n"))
}

fn properties(node: Node) -> Vec<Property> {
    node.children()
        .filter(|c| c.tag_name().name() == "properties")
        .flat_map(|props| props.children())
        .filter(|p| p.tag_name().name() == "property")
        .map(|p| Property {
            name: p.attribute("name").unwrap_or_default().to_string(),
            value: p
                .attribute("value")
                .map(str::to_string)
                .or_else(|| text_of(p))
                .unwrap_or_default(),
        })
        .collect()
}
