//! `.dockerignore` rules, applied as the docker CLI applies them.
//!
//! Each line is trimmed; `#` lines and blank lines are skipped; `!` makes an
//! exception. A pattern is cleaned like Go's `filepath.Clean` and a leading
//! `/` dropped, so `/foo`, `./foo` and `foo/` all mean `foo` at the context
//! root. A pattern excludes a path when it matches the path or one of its
//! parent folders; the last matching line decides. Globs follow Go's
//! `filepath.Match` plus `**` (matched with globset; `{a,b}` alternates are a
//! globset extension docker lacks).

use globset::{GlobBuilder, GlobMatcher};

/// A parsed `.dockerignore`.
#[derive(Debug, Clone, Default)]
pub(crate) struct DockerIgnore {
    rules: Vec<Rule>,
}

#[derive(Debug, Clone)]
struct Rule {
    /// The cleaned pattern text, for the exception prefix test.
    text: String,
    glob: GlobMatcher,
    exception: bool,
}

/// A line that is not a valid pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PatternError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub reason: String,
}

impl DockerIgnore {
    /// Parses the text of a `.dockerignore` file.
    pub(crate) fn parse(text: &str) -> Result<Self, PatternError> {
        let mut rules = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (exception, pattern) = match line.strip_prefix('!') {
                Some(rest) => (true, rest.trim()),
                None => (false, line),
            };
            if pattern.is_empty() {
                return Err(PatternError {
                    line: index + 1,
                    reason: "\"!\" needs a pattern after it".to_string(),
                });
            }
            rules.push(
                Rule::new(pattern, exception).map_err(|reason| PatternError {
                    line: index + 1,
                    reason,
                })?,
            );
        }
        Ok(DockerIgnore { rules })
    }

    /// Adds an exception for `path` when the rules would exclude it; the docker
    /// CLI does so for the Dockerfile and `.dockerignore`, which the engine needs.
    pub(crate) fn keep(&mut self, path: &str) {
        if self.excludes(path)
            && let Ok(rule) = Rule::new(path, true)
        {
            self.rules.push(rule);
        }
    }

    /// Whether `rel` (relative to the context root, `/`-separated) is left out.
    pub(crate) fn excludes(&self, rel: &str) -> bool {
        let mut excluded = false;
        for rule in &self.rules {
            if rule.matches_self_or_parent(rel) {
                excluded = !rule.exception;
            }
        }
        excluded
    }

    /// Whether an excluded folder must still be walked because an exception
    /// may re-include something in it (the docker CLI's prefix test).
    pub(crate) fn may_reinclude_under(&self, dir_rel: &str) -> bool {
        let dir_slash = format!("{dir_rel}/");
        self.rules
            .iter()
            .filter(|r| r.exception)
            .any(|r| format!("{}/", r.text).starts_with(&dir_slash))
    }
}

impl Rule {
    fn new(pattern: &str, exception: bool) -> Result<Rule, String> {
        let text = clean(pattern);
        let glob = GlobBuilder::new(&text)
            .literal_separator(true)
            .backslash_escape(cfg!(unix))
            .build()
            .map_err(|e| format!("invalid pattern \"{pattern}\": {e}"))?
            .compile_matcher();
        Ok(Rule {
            text,
            glob,
            exception,
        })
    }

    fn matches_self_or_parent(&self, rel: &str) -> bool {
        if self.glob.is_match(rel) {
            return true;
        }
        rel.match_indices('/')
            .any(|(i, _)| self.glob.is_match(&rel[..i]))
    }
}

/// Go's `filepath.Clean` on a `/`-separated pattern, minus a leading `/`.
fn clean(pattern: &str) -> String {
    let pattern = if cfg!(windows) {
        pattern.replace('\\', "/")
    } else {
        pattern.to_string()
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in pattern.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !pattern.starts_with('/') {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> DockerIgnore {
        DockerIgnore::parse(text).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn root_anchored_and_parent_matching() {
        let d = rules("# comment\n\nsecret.txt\n/build/\n./docs\n");
        assert!(d.excludes("secret.txt"));
        assert!(
            !d.excludes("sub/secret.txt"),
            "patterns are anchored at the root"
        );
        assert!(d.excludes("build"));
        assert!(
            d.excludes("build/out/a.o"),
            "a parent folder match excludes"
        );
        assert!(d.excludes("docs/index.md"));
        assert!(!d.excludes("src/main.py"));
    }

    #[test]
    fn globs_and_exceptions_last_match_wins() {
        let d = rules("*.md\n!README.md\n**/__pycache__\nsrc/*/tmp\n");
        assert!(d.excludes("CHANGES.md"));
        assert!(!d.excludes("README.md"));
        assert!(!d.excludes("docs/CHANGES.md"), "* does not cross /");
        assert!(d.excludes("__pycache__/x.pyc"));
        assert!(d.excludes("a/b/__pycache__/x.pyc"));
        assert!(d.excludes("src/pkg/tmp/f"));
        assert!(!d.excludes("src/tmp"));
    }

    #[test]
    fn keep_reincludes_only_when_excluded() {
        let mut d = rules("*\n");
        assert!(d.excludes("Dockerfile"));
        d.keep("Dockerfile");
        assert!(!d.excludes("Dockerfile"));
        assert!(d.excludes("other"));
        assert!(rules("data\n!data/keep\n").may_reinclude_under("data"));
        assert!(!rules("data\n!other\n").may_reinclude_under("data"));
    }

    #[test]
    fn bare_exception_is_an_error_with_line() {
        let err = DockerIgnore::parse("a\n!\n").err();
        assert_eq!(err.map(|e| e.line), Some(2));
    }
}
