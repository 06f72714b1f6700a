//! The template: Jinja-style source rendered with tera, strictly.
//!
//! A template means what Jinja2 renders from it with the generator's
//! settings (trim_blocks, lstrip_blocks, StrictUndefined), byte for byte.
//! Preparing a template normalizes newlines as Jinja2 does, lexes it,
//! refuses what cannot be rendered faithfully (`jinja`), translates Jinja
//! spellings into tera's (`translate`), wraps the operands tera would group
//! differently (`operands`), applies Jinja's whitespace rules,
//! instruments it (see `instrument`) and parses it with tera once. Rendering
//! fills a target's variables in; an undefined variable fails with the
//! template line.
//!
//! Tera 1, not tera 2: tera 2's errors carry spans, but it lets an undefined
//! variable through comparisons and `in` tests (`app == "api"` is simply
//! false), where tera 1 fails like Jinja's StrictUndefined. Tera 1 is the
//! stricter base; the instrumentation supplies the line it does not report.

pub(crate) mod expr;
mod instrument;
mod jinja;
mod lexer;
mod operands;
pub(crate) mod print;
mod translate;
mod whitespace;

use std::cell::Cell;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::envfile::placeholder;
use super::error::{JinjaIssue, Result, SecretsError};
use lexer::{Segment, TagKind};

/// Name of the one template inside the tera instance.
const NAME: &str = "secret-template";

thread_local! {
    /// Line of the last tag that started evaluating on this thread.
    static LAST_LINE: Cell<usize> = const { Cell::new(0) };
}

/// A parsed, instrumented template.
pub(crate) struct PreparedTemplate {
    tera: tera::Tera,
    path: PathBuf,
    variables: BTreeSet<String>,
}

impl PreparedTemplate {
    /// Prepares `source`; `path` names the template in messages.
    pub(crate) fn new(source: &str, path: &Path) -> Result<Self> {
        let syntax = |line: usize, message: String| SecretsError::TemplateSyntax {
            path: path.to_path_buf(),
            line,
            message,
        };
        if let Some(at) = source.find([placeholder::OPEN, placeholder::CLOSE]) {
            let line = source[..at].matches('\n').count() + 1;
            return Err(syntax(
                line,
                "U+E000/U+E001 are reserved by the compiler; remove them".to_string(),
            ));
        }
        let source = whitespace::normalize_newlines(source);
        let mut segments = lexer::lex(whitespace::drop_trailing_newline(&source))
            .map_err(|e| syntax(e.line, e.message))?;
        let mut issues = jinja::check(&segments);
        issues.extend(translate_tags(&mut segments));
        if !issues.is_empty() {
            return Err(SecretsError::Jinja {
                path: path.to_path_buf(),
                issues,
            });
        }
        let variables = referenced_variables(&segments);
        whitespace::apply(&mut segments);
        let built = instrument::build(&segments);
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![NAME]);
        tera.set_escape_fn(placeholder::encode);
        register_bookkeeping(&mut tera);
        tera.add_raw_template(NAME, &built.source).map_err(|err| {
            let (at, message) = syntax_error(&err);
            syntax(at.map_or(1, |(l, c)| built.template_line(l, c)), message)
        })?;
        Ok(PreparedTemplate {
            tera,
            path: path.to_path_buf(),
            variables,
        })
    }

    /// Every variable name the template reads somewhere.
    pub(crate) fn variables(&self) -> &BTreeSet<String> {
        &self.variables
    }

    /// Renders for one target. The result still holds value placeholders;
    /// `envfile::finish` turns it into env text.
    pub(crate) fn render(&self, target: &str, context: &Map<String, Value>) -> Result<String> {
        LAST_LINE.with(|l| l.set(0));
        let ctx = tera::Context::from_serialize(context).map_err(|_| SecretsError::Render {
            target: target.to_string(),
            path: self.path.clone(),
            line: None,
            message: "the target's variables are not a JSON object".to_string(),
        })?;
        self.tera.render(NAME, &ctx).map_err(|err| {
            let line = LAST_LINE.with(Cell::get);
            let line = (line > 0).then_some(line);
            let messages = chain(&err);
            if let Some(variable) = messages.iter().find_map(|m| undefined_variable(m)) {
                return SecretsError::UndefinedVariable {
                    target: target.to_string(),
                    hint: undefined_hint(target, &variable, context),
                    variable,
                    path: self.path.clone(),
                    line: line.unwrap_or(1),
                };
            }
            let message = messages
                .iter()
                .filter(|m| !m.starts_with("Failed to render"))
                .cloned()
                .collect::<Vec<_>>()
                .join(": ");
            SecretsError::Render {
                target: target.to_string(),
                path: self.path.clone(),
                line,
                message: redact(&message, context),
            }
        })
    }
}

/// Variables read by any expression or statement (comments excluded).
fn referenced_variables(segments: &[Segment]) -> BTreeSet<String> {
    segments
        .iter()
        .filter_map(|s| match s {
            Segment::Tag(t) if t.kind != TagKind::Comment => Some(t),
            _ => None,
        })
        .flat_map(|t| expr::variables(&t.inner))
        .map(|(name, _)| name)
        .collect()
}

/// Rewrites every tag into tera's spelling; a string literal no tera
/// quote can hold is an issue.
fn translate_tags(segments: &mut [Segment]) -> Vec<JinjaIssue> {
    let mut issues = Vec::new();
    for seg in segments {
        let Segment::Tag(tag) = seg else { continue };
        if tag.kind == TagKind::Comment {
            continue;
        }
        match translate::expression(&tag.inner) {
            Ok(inner) => tag.inner = operands::wrap(&inner),
            Err(literal) => issues.push(JinjaIssue {
                line: tag.line,
                found: literal,
                instead: "use at most two kinds of quote inside one string literal".to_string(),
            }),
        }
    }
    issues
}

fn record_line(args: &HashMap<String, Value>) {
    if let Some(n) = args.get("n").and_then(Value::as_u64) {
        LAST_LINE.with(|l| l.set(usize::try_from(n).unwrap_or(0)));
    }
}

/// Tera's notion of truth, for the strict wrapper of lone variables.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

fn register_bookkeeping(tera: &mut tera::Tera) {
    tera.register_function(instrument::LINE_FN, |args: &HashMap<String, Value>| {
        record_line(args);
        Ok(Value::String(String::new()))
    });
    tera.register_function(instrument::LINE_TEST_FN, |args: &HashMap<String, Value>| {
        record_line(args);
        Ok(Value::Bool(true))
    });
    tera.register_function(instrument::TRUTH_FN, |args: &HashMap<String, Value>| {
        Ok(Value::Bool(args.get("v").is_some_and(truthy)))
    });
    // Jinja2's `none` test: true for null only (undefined is not None).
    tera.register_tester("none", |value: Option<&Value>, _: &[Value]| {
        Ok(value.is_some_and(Value::is_null))
    });
    tera.register_function(translate::NOT_FN, |args: &HashMap<String, Value>| {
        Ok(Value::Bool(!args.get("v").is_some_and(truthy)))
    });
    tera.register_function(operands::VALUE_FN, |args: &HashMap<String, Value>| {
        Ok(args.get("v").cloned().unwrap_or(Value::Null))
    });
    tera.register_function(instrument::PRINT_FN, |args: &HashMap<String, Value>| {
        let value = args.get("v").unwrap_or(&Value::Null);
        print::python_str(value)
            .map(Value::String)
            .map_err(tera::Error::msg)
    });
}

/// Messages of an error and its sources.
fn chain(err: &tera::Error) -> Vec<String> {
    let mut out = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(e) = source {
        out.push(e.to_string());
        source = e.source();
    }
    out
}

/// The name in tera's "Variable `x` not found in context" message.
fn undefined_variable(message: &str) -> Option<String> {
    let rest = message.strip_prefix("Variable `")?;
    let (name, tail) = rest.split_once('`')?;
    tail.starts_with(" not found in context")
        .then(|| name.to_string())
}

fn undefined_hint(target: &str, variable: &str, context: &Map<String, Value>) -> String {
    let root = variable.split(['.', '[']).next().unwrap_or(variable);
    if root != variable && context.contains_key(root) {
        // Jinja2 also indexes strings (`s[0]`); tera only lists and objects.
        format!(
            "`{root}` is there but has no such item; runcli indexes lists and objects, not strings"
        )
    } else if variable == "version" {
        "the version comes from config.json (`{\"version\": \"X.Y.Z\"}`); add that file".to_string()
    } else {
        format!(
            "add it to the `{target}` entry of the values file, or guard the line with `{{% if {variable} is defined %}}`"
        )
    }
}

/// ((line, column) in the tera source, message) of a tera parse error.
fn syntax_error(err: &tera::Error) -> (Option<(usize, usize)>, String) {
    let text = chain(err).join("\n");
    let at = text.split_once(" --> ").and_then(|(_, rest)| {
        let spot: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ':')
            .collect();
        let (line, column) = spot.split_once(':')?;
        Some((line.parse().ok()?, column.parse().ok()?))
    });
    let message = text
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("= "))
        .map(str::to_string)
        .unwrap_or_else(|| text.lines().last().unwrap_or_default().to_string());
    (
        at,
        format!("runcli cannot render this as Jinja2 does (its renderer, tera, says: {message})"),
    )
}

/// Removes values from a message that tera may have quoted.
fn redact(message: &str, context: &Map<String, Value>) -> String {
    let mut out = placeholder::redact(message);
    // Tera quotes values as written, Debug-escaped or JSON-escaped.
    let mut secrets: Vec<String> = context
        .values()
        .filter_map(Value::as_str)
        .filter(|s| s.chars().count() >= 3)
        .flat_map(|s| {
            let debug = format!("{s:?}");
            let json = Value::String(s.to_string()).to_string();
            [s.to_string(), unquote(&debug), unquote(&json)]
        })
        .collect();
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for secret in secrets {
        out = out.replace(&secret, "•••");
    }
    out
}

fn unquote(s: &str) -> String {
    s.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(s)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(src: &str, ctx: Value) -> Result<String> {
        let t = PreparedTemplate::new(src, Path::new("t.env"))?;
        let Value::Object(map) = ctx else { panic!() };
        t.render("api-local", &map).map(|s| placeholder::decode(&s))
    }

    #[test]
    fn undefined_variables_fail_with_the_line_even_in_conditions() {
        let src = "A={{ a }}\n{% if a == \"x\" %}\n{% elif b %}\nB=1\n{% endif %}\n";
        let err = render(src, serde_json::json!({"a": "y"})).unwrap_err();
        assert!(
            matches!(&err, SecretsError::UndefinedVariable { variable, line: 3, .. } if variable == "b"),
            "{err}"
        );
    }

    #[test]
    fn failures_in_loops_and_assignments_name_their_line() {
        let src = "{% for x in xs %}\nX={{ x }}\n{% endfor %}\n{% set y = nope %}\n";
        let err = render(src, serde_json::json!({"xs": ["a"]})).unwrap_err();
        assert!(
            matches!(err, SecretsError::UndefinedVariable { line: 4, .. }),
            "{err}"
        );
        let err = render(
            "A=1\n{% for x in missing %}{% endfor %}",
            serde_json::json!({}),
        )
        .unwrap_err();
        assert!(
            matches!(err, SecretsError::UndefinedVariable { line: 2, .. }),
            "{err}"
        );
    }

    #[test]
    fn text_joined_to_a_brace_by_stripping_stays_text() {
        let src = "A={ \n{%- if true %}}{% endif %}\n";
        assert_eq!(render(src, serde_json::json!({})).unwrap(), "A={}");
    }

    #[test]
    fn guarded_variables_are_fine() {
        let src = "{% if b is defined and b %}B={{ b }}{% else %}none{% endif %}";
        assert_eq!(render(src, serde_json::json!({})).unwrap(), "none");
    }

    #[test]
    fn syntax_errors_name_the_template_line() {
        let err = render("A=1\n\n{# x #}\nB={{ a + }}\n", serde_json::json!({})).unwrap_err();
        assert!(
            matches!(err, SecretsError::TemplateSyntax { line: 4, .. }),
            "{err}"
        );
    }
}
