//! The Git pane: the work tree's state, and the old menu's bump modes
//! composed in the pane (patch or minor, with commit, tag and push),
//! confirmed from a summary of what they will do.

/// The work tree as the pane shows it, one labelled fact a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitFacts {
    pub lines: Vec<(String, String)>,
}

/// A bump being composed: what it will do once confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BumpDraft {
    pub minor: bool,
    pub message: String,
    pub commit: bool,
    pub tag: bool,
    pub push: bool,
}

impl BumpDraft {
    pub fn new(minor: bool) -> BumpDraft {
        BumpDraft {
            minor,
            message: String::new(),
            commit: true,
            tag: true,
            push: false,
        }
    }

    /// Tag and push need the bump commit, as they did in the old menu.
    pub fn normalise(&mut self) {
        if !self.commit {
            self.tag = false;
            self.push = false;
        }
    }
}

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
