//! Errors of the env file compiler.
//!
//! Every message says what is wrong, where (file:line when there is one) and
//! how to fix it. No message ever contains a secret value: variables are named,
//! their values are not, and text coming from tera is redacted before it lands
//! here.

use std::fmt;
use std::path::PathBuf;

use thiserror::Error;

/// A Jinja construct runcli cannot render as Jinja2 renders it, with what
/// to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JinjaIssue {
    /// 1-based line in the template.
    pub line: usize,
    /// The construct as written in the template.
    pub found: String,
    /// What to write instead, or why there is no faithful rendering.
    pub instead: String,
}

impl fmt::Display for JinjaIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: `{}`: {}", self.line, self.found, self.instead)
    }
}

fn list_issues(issues: &[JinjaIssue]) -> String {
    issues.iter().map(|issue| format!("\n  {issue}")).collect()
}

fn known(list: &[String]) -> String {
    if list.is_empty() {
        "none".to_string()
    } else {
        list.join(", ")
    }
}

fn and_list(items: &[String]) -> String {
    match items {
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
        [] => String::new(),
    }
}

fn key_hint(key: &Option<String>) -> String {
    key.as_ref()
        .map(|key| format!(" (the `{key}` line)"))
        .unwrap_or_default()
}

/// Everything that can go wrong while loading, rendering or writing secrets.
#[derive(Debug, Error)]
pub enum SecretsError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{}:{line}:{column}: {message}", path.display())]
    Json {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },

    #[error(
        "{}: target `{target}` must be a JSON object of variables, e.g. {{\"app\": \"api\", \"env\": \"develop\"}}",
        path.display()
    )]
    TargetNotObject { path: PathBuf, target: String },

    #[error("{}: target `{target}` appears more than once; keep one entry", path.display())]
    DuplicateTarget { path: PathBuf, target: String },

    #[error(
        "{}: `version` must be a string like \"1.2.3\"; {message}",
        path.display()
    )]
    Version { path: PathBuf, message: String },

    #[error(
        "target `{target}`: the value of `{variable}` contains U+E000 or U+E001, private-use characters the compiler reserves; remove them"
    )]
    ReservedCharacter { target: String, variable: String },

    #[error(
        "{} not found, but the project ships {}; copy them in the project root: `{command}`, fill in the values, and keep the copies ignored by git (they hold secrets; never commit them)",
        and_list(missing),
        and_list(shipped)
    )]
    NotCopied {
        missing: Vec<String>,
        shipped: Vec<String>,
        command: String,
    },

    #[error("{}:{line}: {message}", path.display())]
    TemplateSyntax {
        path: PathBuf,
        line: usize,
        message: String,
    },

    #[error("{}: {} construct(s) runcli cannot render as Jinja2 does:{}", path.display(), issues.len(), list_issues(issues))]
    Jinja {
        path: PathBuf,
        issues: Vec<JinjaIssue>,
    },

    #[error(
        "{}:{line}: target `{target}` does not define `{variable}`; {hint}",
        path.display()
    )]
    UndefinedVariable {
        target: String,
        variable: String,
        path: PathBuf,
        line: usize,
        hint: String,
    },

    #[error("{}:{}: target `{target}` failed to render: {message}", path.display(), line.map(|l| l.to_string()).unwrap_or_else(|| "?".to_string()))]
    Render {
        target: String,
        path: PathBuf,
        line: Option<usize>,
        message: String,
    },

    #[error(
        "target `{target}`: line {line} of the compiled output{} is not a valid env line (KEY=value); fix that line of the template, and quote values that hold spaces",
        key_hint(key)
    )]
    InvalidLine {
        target: String,
        line: usize,
        key: Option<String>,
    },

    #[error(
        "target `{target}`: the compiled output does not read back as rendered{}; please report this with the template line",
        key_hint(key)
    )]
    ReadBack { target: String, key: Option<String> },

    #[error(
        "unknown target `{target}`; the values file defines: {}",
        known(known_targets)
    )]
    UnknownTarget {
        target: String,
        known_targets: Vec<String>,
    },

    #[error(
        "unknown environment `{env}`; runcli.toml [secrets.environments] defines: {}",
        known(known_envs)
    )]
    UnknownEnvironment {
        env: String,
        known_envs: Vec<String>,
    },

    #[error(
        "environment `{env}` writes target `{target}`, which {} does not define; add it there or remove the output from runcli.toml",
        values.display()
    )]
    MissingTarget {
        env: String,
        target: String,
        values: PathBuf,
    },

    #[error("refusing to write {}: {reason}", path.display())]
    UnsafePath { path: PathBuf, reason: String },

    #[error(
        "refusing to write {}: git tracks it, so the secrets would be committed; run `git rm --cached {}`, add `{}` to .gitignore, or pass --allow-tracked",
        path.display(), path.display(), path.display()
    )]
    Tracked { path: PathBuf },

    #[error(
        "refusing to write {}: .gitignore does not ignore it, so the secrets could be committed; add `{}` to .gitignore, or pass --allow-tracked",
        path.display(), path.display()
    )]
    NotIgnored { path: PathBuf },

    #[error("cannot ask git about {}: {message}", path.display())]
    Git { path: PathBuf, message: String },

    #[error("cannot write {}: {source}; the previous file is unchanged", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot back up {} to {}: {source}; nothing was written", path.display(), backup.display())]
    Backup {
        path: PathBuf,
        backup: PathBuf,
        source: std::io::Error,
    },

    #[error(
        "{} is not a valid env file (line {line}); fix or remove it before comparing",
        path.display()
    )]
    ExistingInvalid { path: PathBuf, line: usize },
}

/// Result of the secrets layer.
pub type Result<T, E = SecretsError> = std::result::Result<T, E>;
