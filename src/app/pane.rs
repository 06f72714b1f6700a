//! The console's panes, keyed as the old `__run_cli` menu keyed them.

/// One pane of the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    Server,
    Testing,
    Migrations,
    Secrets,
    Docs,
    Git,
    Logs,
    /// The delivery pipeline. Its letter is `i` (p*i*peline): the old
    /// menu's letters are taken, pane letters work from every pane, and
    /// `p` / `P` are the Git pane's patch and push, so it takes a letter
    /// no pane action uses.
    Pipeline,
}

impl Pane {
    /// Every pane in menu order.
    pub const ALL: [Pane; 8] = [
        Pane::Server,
        Pane::Testing,
        Pane::Migrations,
        Pane::Secrets,
        Pane::Docs,
        Pane::Git,
        Pane::Logs,
        Pane::Pipeline,
    ];

    /// The menu key, the same letter the old menu used.
    pub fn key(self) -> char {
        match self {
            Pane::Server => 's',
            Pane::Testing => 'x',
            Pane::Migrations => 'm',
            Pane::Secrets => 'e',
            Pane::Docs => 'd',
            Pane::Git => 'g',
            Pane::Logs => 'l',
            Pane::Pipeline => 'i',
        }
    }

    /// The pane for a menu key, if any.
    pub fn from_key(c: char) -> Option<Pane> {
        Pane::ALL.into_iter().find(|p| p.key() == c)
    }

    pub fn title(self) -> &'static str {
        match self {
            Pane::Server => "Server",
            Pane::Testing => "Testing",
            Pane::Migrations => "Migrations",
            Pane::Secrets => "Secrets",
            Pane::Docs => "Docs",
            Pane::Git => "Git",
            Pane::Logs => "Logs",
            Pane::Pipeline => "Pipeline",
        }
    }
}
