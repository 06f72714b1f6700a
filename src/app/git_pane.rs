//! The Git pane: the work tree's state, and the old menu's bump modes
//! composed in the pane (patch or minor, with commit, tag and push),
//! confirmed from a summary of what they will do.

/// Made and read by the pane's operations; re-exported so
/// `app::git_pane::{BumpDraft, GitFacts}` keep naming them.
pub use crate::ops::git_pane::{BumpDraft, GitFacts};

/// Where the pane is in composing and confirming.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitStage {
    Idle,
    /// Choosing commit / tag / push and typing the message.
    Composing(BumpDraft),
    /// Waiting for the plan of a draft.
    Planning(BumpDraft),
    /// The plan's lines; `y` applies, anything else cancels.
    Confirming {
        draft: BumpDraft,
        plan: Vec<String>,
    },
    Applying(BumpDraft),
}

/// State of the Git pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitPane {
    pub facts: Option<Result<GitFacts, String>>,
    pub stage: GitStage,
    /// What the last action did, or why it failed.
    pub outcome: Option<Result<String, String>>,
}

impl Default for GitPane {
    fn default() -> Self {
        GitPane {
            facts: None,
            stage: GitStage::Idle,
            outcome: None,
        }
    }
}
