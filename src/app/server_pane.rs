//! The Server pane: the manifest's profiles with their health, the
//! project's services with their badges, the running operation's progress,
//! and (shared with the Logs pane) the selected service's live log.

use std::collections::VecDeque;

/// How a badge is coloured: good, on its way, bad, or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Good,
    Pending,
    Bad,
    Neutral,
}

/// A state word with its tone: "healthy", "starting", "exited (1)".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Badge {
    pub text: String,
    pub tone: Tone,
}

impl Badge {
    pub fn new(text: impl Into<String>, tone: Tone) -> Badge {
        Badge {
            text: text.into(),
            tone,
        }
    }
}

/// One server profile of the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileRow {
    pub name: String,
    pub description: String,
    /// The health URL's badge, once the profile was started here.
    pub health: Option<Badge>,
    /// A URL the profile reported (e.g. Jupyter's tokenized URL).
    pub url: Option<String>,
}

/// What the user asked of the selected service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceAction {
    Start,
    Stop,
    Restart,
    Rebuild,
}

/// An action that waits for `y`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    /// Down, then remove the project's images.
    Clean,
    /// Down and remove the named volumes (the database's data).
    DownVolumes,
}

/// Which list takes j/k.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerFocus {
    Profiles,
    Services,
}

/// Most progress lines kept for the activity panel.
pub const PROGRESS_LINES: usize = 500;

/// State of the Server pane.
#[derive(Debug, Clone)]
pub struct ServerPane {
    pub profiles: Vec<ProfileRow>,
    pub selected_profile: usize,
    pub focus: ServerFocus,
    /// The operation running now ("up local", "down"), if any.
    pub busy: Option<String>,
    /// Progress of the current and past operations, newest last.
    pub progress: VecDeque<String>,
    pub confirm: Option<Confirm>,
    /// CPU percent samples per container id, newest last (sparklines).
    pub cpu: Vec<(String, VecDeque<u64>)>,
    /// Memory samples in MiB per container id, newest last.
    pub memory: Vec<(String, VecDeque<u64>)>,
}

impl ServerPane {
    pub fn new(profiles: Vec<ProfileRow>) -> ServerPane {
        ServerPane {
            profiles,
            selected_profile: 0,
            focus: ServerFocus::Profiles,
            busy: None,
            progress: VecDeque::new(),
            confirm: None,
            cpu: Vec::new(),
            memory: Vec::new(),
        }
    }

    pub fn selected(&self) -> Option<&ProfileRow> {
        self.profiles.get(self.selected_profile)
    }

    pub fn profile_mut(&mut self, name: &str) -> Option<&mut ProfileRow> {
        self.profiles.iter_mut().find(|p| p.name == name)
    }

    /// Adds a progress line, dropping the oldest past the cap.
    pub fn log_progress(&mut self, line: String) {
        if self.progress.len() == PROGRESS_LINES {
            self.progress.pop_front();
        }
        self.progress.push_back(line);
    }
}
