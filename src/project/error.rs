//! Errors of the project model. Each message says what is wrong, where
//! (`file:line:col` when there is one) and how to fix it.

use std::fmt;
use std::path::PathBuf;

use thiserror::Error;

use super::root::RootSource;

/// A 1-based line and column (in characters) inside a text file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

impl fmt::Display for LineCol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// `path:line:col` when the position is known, else `path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub pos: Option<LineCol>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pos {
            Some(pos) => write!(f, "{}:{pos}", self.path.display()),
            None => write!(f, "{}", self.path.display()),
        }
    }
}

#[derive(Debug, Error)]
pub enum ProjectError {
    /// runcli.toml is not valid TOML or does not fit the schema.
    #[error("{at}: {message}")]
    Parse { at: Location, message: String },

    /// runcli.toml parses but a value contradicts another or is out of range.
    #[error("{at}: {message}")]
    Invalid { at: Location, message: String },

    /// A file or folder could not be read or written.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// `--project` / `RUNCLI_PROJECT` names something that is not a folder.
    #[error(
        "{given} {}: not a folder ({reason}); pass the project's root folder",
        path.display()
    )]
    NotAFolder {
        given: RootSource,
        path: PathBuf,
        reason: String,
    },

    /// No runcli.toml in any ancestor and no git work tree.
    #[error(
        "no project found from {}: no runcli.toml in it or any parent folder, and it is not inside \
         a git work tree. Run runcli inside a project, pass --project DIR (or set RUNCLI_PROJECT), \
         or run `runcli init` in the project's root folder",
        cwd.display()
    )]
    NotFound { cwd: PathBuf },

    /// git could not be asked where the work tree is.
    #[error("cannot look for a git work tree from {}: {source}", path.display())]
    Git {
        path: PathBuf,
        #[source]
        source: git2::Error,
    },

    /// The git repository found has no work tree to use as the root.
    #[error(
        "the git repository at {} is bare (no work tree); pass --project DIR",
        path.display()
    )]
    BareRepository { path: PathBuf },

    /// The root folder's name has no character compose accepts in a project name.
    #[error(
        "cannot derive a project name from the folder {}: it has no letters or digits; set \
         `name` under [project] in runcli.toml",
        root.display()
    )]
    ProjectName { root: PathBuf },

    /// A command template names a value that was not given.
    #[error("{context}: {message}")]
    Placeholder { context: String, message: String },

    /// A compose file is not valid YAML.
    #[error("{at}: {message}; fix the YAML syntax there")]
    ComposeSyntax { at: Location, message: String },

    /// A compose key outside the subset runcli runs; never silently ignored.
    #[error(
        "{at}: {}`{key}` is not supported by runcli (keys read here: {supported}); remove it, \
         or prefix it with `x-` to keep it as an extension that runcli ignores",
        service_prefix(.service)
    )]
    ComposeUnsupported {
        at: Location,
        /// Key path, relative to the service when there is one (`ports[0].mode`).
        key: String,
        service: Option<String>,
        supported: String,
    },

    /// A compose value is malformed or names something that does not exist.
    #[error("{at}: {}{message}", service_prefix(.service))]
    ComposeInvalid {
        at: Location,
        service: Option<String>,
        message: String,
    },

    /// Services wait for each other in a circle, so none can start.
    #[error(
        "{}services depend on each other in a cycle: {}; remove one of these depends_on \
         entries",
        at_prefix(.at),
        cycle.join(" -> ")
    )]
    ComposeCycle {
        at: Option<Location>,
        cycle: Vec<String>,
    },

    /// A dependency's compose profiles are all off, and it is required.
    #[error(
        "service `{dependency}` is needed by `{service}` but its profiles ({}) are not active; \
         activate one (COMPOSE_PROFILES={}), give both services a common profile, or mark the \
         dependency `required: false`",
        profiles.join(", "),
        profiles.first().map_or("", String::as_str)
    )]
    ComposeDisabledDependency {
        service: String,
        dependency: String,
        profiles: Vec<String>,
    },

    /// A service was asked for that no compose file defines.
    #[error(
        "no service `{service}` in the compose files (services: {}); check the name in \
         runcli.toml or add the service",
        known.join(", ")
    )]
    ComposeUnknownService { service: String, known: Vec<String> },
}

fn at_prefix(at: &Option<Location>) -> String {
    at.as_ref().map(|at| format!("{at}: ")).unwrap_or_default()
}

fn service_prefix(service: &Option<String>) -> String {
    service
        .as_ref()
        .map(|name| format!("service `{name}`: "))
        .unwrap_or_default()
}
