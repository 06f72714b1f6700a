//! What a log panel searches for and which lines it shows: a search
//! (literal, smart-case) and a filter (regex plus a level floor).

use regex::{Regex, RegexBuilder};

/// Lines shown by level: all, warnings and worse, or errors only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LevelFilter {
    #[default]
    All,
    Warn,
    Error,
}

impl LevelFilter {
    /// All -> Warn -> Error -> All.
    pub fn next(self) -> LevelFilter {
        match self {
            LevelFilter::All => LevelFilter::Warn,
            LevelFilter::Warn => LevelFilter::Error,
            LevelFilter::Error => LevelFilter::All,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LevelFilter::All => "all levels",
            LevelFilter::Warn => "WARN+",
            LevelFilter::Error => "ERROR",
        }
    }
}

/// Compiled level patterns; words as Python's logging and gunicorn print
/// them. The patterns are constants, so building them cannot fail; `None`
/// would keep every line rather than panic.
#[derive(Debug, Clone)]
pub struct LevelPatterns {
    warn: Option<Regex>,
    error: Option<Regex>,
}

impl LevelPatterns {
    pub fn new() -> LevelPatterns {
        let build = |pattern: &str| {
            RegexBuilder::new(pattern)
                .case_insensitive(true)
                .build()
                .ok()
        };
        LevelPatterns {
            warn: build(r"\b(warn|warning|error|err|critical|crit|fatal|exception|traceback)\b"),
            error: build(r"\b(error|err|critical|crit|fatal|exception|traceback)\b"),
        }
    }

    pub fn keeps(&self, level: LevelFilter, text: &str) -> bool {
        match level {
            LevelFilter::All => true,
            LevelFilter::Warn => self.warn.as_ref().is_none_or(|r| r.is_match(text)),
            LevelFilter::Error => self.error.as_ref().is_none_or(|r| r.is_match(text)),
        }
    }
}

impl Default for LevelPatterns {
    fn default() -> Self {
        LevelPatterns::new()
    }
}

/// A search: the literal text, matched case-insensitively unless it has
/// an upper-case letter (smart case).
pub fn search_regex(query: &str) -> Result<Regex, String> {
    let smart_case_sensitive = query.chars().any(char::is_uppercase);
    RegexBuilder::new(&regex::escape(query))
        .case_insensitive(!smart_case_sensitive)
        .build()
        .map_err(|e| e.to_string())
}

/// A filter: a regular expression, smart case as for search.
pub fn filter_regex(pattern: &str) -> Result<Regex, String> {
    let smart_case_sensitive = pattern.chars().any(char::is_uppercase);
    RegexBuilder::new(pattern)
        .case_insensitive(!smart_case_sensitive)
        .build()
        .map_err(|e| format!("invalid filter regex: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels() {
        let p = LevelPatterns::new();
        assert!(p.keeps(LevelFilter::Warn, "2026 WARNING something"));
        assert!(p.keeps(LevelFilter::Warn, "[ERROR] boom"));
        assert!(!p.keeps(LevelFilter::Error, "WARNING only"));
        assert!(p.keeps(LevelFilter::Error, "Traceback (most recent call last):"));
        assert!(!p.keeps(LevelFilter::Warn, "GET /ping 200"));
        assert!(!p.keeps(LevelFilter::Error, "terrible")); // a word, not a level
    }

    #[test]
    fn smart_case_and_literal_search() {
        assert!(search_regex("ping").unwrap().is_match("GET /PING"));
        assert!(!search_regex("Ping").unwrap().is_match("GET /ping"));
        assert!(search_regex("a.b").unwrap().is_match("xa.by"));
        assert!(!search_regex("a.b").unwrap().is_match("axb"));
        assert!(filter_regex("a.b").unwrap().is_match("axb"));
        assert!(filter_regex("(").is_err());
    }
}
