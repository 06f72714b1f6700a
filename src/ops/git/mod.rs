//! The Git pane's operations, through git2 only: `status`, and a version
//! bump (the version file and a history entry) optionally committed,
//! tagged and pushed. `plan` checks every precondition and describes the
//! bump for a confirmation; `apply` carries it out and, when a step fails,
//! undoes the ones before it. All blocking: call them from
//! `spawn_blocking` in async code.

mod apply;
mod error;
pub mod history;
mod plan;
mod push;
mod repo;
mod status;
mod undo;
pub mod version;
mod version_file;

pub use apply::{BumpOutcome, apply};
pub use error::GitError;
pub use plan::{BumpPlan, BumpRequest, Step, plan};
pub use repo::RemoteInfo;
pub use status::{GitStatus, Upstream, status};
pub use version::{BumpKind, Bumped};
