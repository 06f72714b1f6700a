//! A one-line text prompt in the status bar (search, filter).

/// What a prompt's text is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// `/`: literal search in the focused log.
    Search,
    /// `f`: regex filter of the focused log.
    Filter,
    /// `m` in the Git pane: the bump's commit, tag and history message.
    CommitMessage,
    /// A tier's argument (the `module` tier's test path).
    TierArg,
    /// `n` in the Migrations pane: the new revision's message.
    MigrationMessage,
    /// `U` in the Migrations pane: the revision to upgrade to.
    UpgradeRevision,
    /// `D` in the Migrations pane: the revision to downgrade to.
    DowngradeRevision,
}

impl PromptKind {
    pub fn label(self) -> &'static str {
        match self {
            PromptKind::Search => "/",
            PromptKind::Filter => "filter (regex, empty clears): ",
            PromptKind::CommitMessage => "message: ",
            PromptKind::MigrationMessage => "new revision message: ",
            PromptKind::UpgradeRevision => "upgrade to revision (empty: head): ",
            PromptKind::DowngradeRevision => "downgrade to revision (e.g. -2, base, a1b2c3): ",
            PromptKind::TierArg => "test path (e.g. tests/unit_tests/test_config.py): ",
        }
    }
}

/// An open prompt and what has been typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
}
