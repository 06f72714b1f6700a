//! What the header shows: project, version, git state and the engine.

/// Made by the operation that reads it; re-exported so
/// `app::header::GitSummary` keeps naming it.
pub use crate::ops::git_summary::GitSummary;

/// The Docker engine as the console last saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngineStatus {
    /// Not asked yet.
    Connecting {
        endpoint: String,
    },
    Online {
        endpoint: String,
        version: String,
        /// A remote engine is marked so nobody mistakes it for the local one.
        remote: bool,
    },
    Offline {
        endpoint: String,
        reason: String,
    },
}

impl EngineStatus {
    pub fn is_online(&self) -> bool {
        matches!(self, EngineStatus::Online { .. })
    }
}

/// The header line's facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub project: String,
    pub version: Option<String>,
    pub git: Option<GitSummary>,
    pub engine: EngineStatus,
}
