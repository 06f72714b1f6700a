//! A streaming classifier for what `sphinx-build` and `sphinx-apidoc`
//! print, one line at a time, and [`BuildProgress`], which folds the lines
//! of one build into an overall percentage, the warnings and the outcome.
//! Classifying never fails: a line that is not understood is `Other`.

mod classify;
mod progress;

use serde::Serialize;

pub use classify::classify;
pub use progress::BuildProgress;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Warning,
    Error,
    Critical,
}

/// `path:line: WARNING: message`, with whatever part of the location
/// Sphinx knew.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub file: Option<String>,
    pub line: Option<u32>,
    /// Where inside the file, e.g. `docstring of api.routes.ping` (the line
    /// then counts from the docstring's start).
    pub context: Option<String>,
    pub level: Level,
    pub message: String,
    /// Sphinx's warning type, e.g. `toc.not_included`, when it prints one.
    pub category: Option<String>,
}

/// The end of a build: `build succeeded, 3 warnings.`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Finished {
    pub ok: bool,
    pub warnings: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SphinxLine {
    /// `reading sources... [ 50%] index`
    Progress {
        phase: String,
        percent: u8,
        item: String,
    },
    /// `copying static files... done`, `pickling environment... done`;
    /// `outcome` is empty while the step runs.
    Step {
        phase: String,
        outcome: String,
    },
    Warning(Warning),
    Finished(Finished),
    /// sphinx-apidoc: `Creating file docs/source/api.rst.`
    Created {
        file: String,
    },
    /// sphinx-apidoc: `File docs/source/modules.rst already exists, skipping.`
    Kept {
        file: String,
    },
    /// `Extension error:`, `Exception occurred:` ...: the build stopped.
    /// The reason is often on the next line (see [`BuildProgress`]).
    Aborted {
        reason: String,
    },
    Other,
}
