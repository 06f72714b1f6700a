//! The Server pane: the manifest's profiles with their health, the
//! project's services with their badges, the running operation's progress,
//! and (shared with the Logs pane) the selected service's live log.

use std::collections::VecDeque;

use super::log_buffer::LogLine;
use super::log_view::LogView;

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
    /// The manifest's health URL, if the profile has one.
    pub health_url: Option<String>,
}

impl ProfileRow {
    /// What `o` opens and `y` copies: the URL the profile reported, else
    /// the root of its health URL (the health path itself, `/ping`, is
    /// rarely the page a person wants).
    pub fn open_url(&self) -> Option<String> {
        self.url
            .clone()
            .or_else(|| self.health_url.as_deref().and_then(url_root))
    }
}

/// `http://localhost:5001/ping?x` -> `http://localhost:5001/`.
pub fn url_root(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if scheme.is_empty() || authority.is_empty() {
        return None;
    }
    Some(format!("{scheme}://{authority}/"))
}

/// What `o` opens on a container row: its first published TCP port on
/// this machine. Ports published on a remote engine's host are not here,
/// so this is right for a local engine only, as compose's `port` is.
pub fn port_url(published: &[u16]) -> Option<String> {
    published
        .first()
        .map(|port| format!("http://localhost:{port}/"))
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

/// Which list or log panel takes j/k; Tab visits them in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerFocus {
    Profiles,
    Services,
    /// The activity panel (operations' progress).
    Activity,
    /// The selected service's serving log.
    Log,
}

/// Most progress lines kept for the activity panel: a day of operations,
/// with each build's output, fits; older lines go first.
pub const PROGRESS_LINES: usize = 5_000;

/// State of the Server pane.
#[derive(Debug, Clone)]
pub struct ServerPane {
    pub profiles: Vec<ProfileRow>,
    pub selected_profile: usize,
    pub focus: ServerFocus,
    /// The operation running now ("up local", "down"), if any.
    pub busy: Option<String>,
    /// Progress of the current and past operations, newest last: a log
    /// panel, so it scrolls, searches and exports like every other.
    pub activity: LogView,
    pub confirm: Option<Confirm>,
    /// Whether CPU and memory are streamed (`%`); off by default, since
    /// every stats stream keeps the engine sampling.
    pub stats_on: bool,
    /// Samples per container id, newest last (sparklines).
    pub stats: Vec<(String, StatsHistory)>,
}

/// Samples kept per container for its sparklines.
pub const STATS_SAMPLES: usize = 60;

/// Recent CPU (percent) and memory (MiB) samples of one container.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatsHistory {
    pub cpu: VecDeque<u64>,
    pub memory_mib: VecDeque<u64>,
}

impl StatsHistory {
    pub fn push(&mut self, cpu_percent: f64, memory_bytes: u64) {
        if self.cpu.len() == STATS_SAMPLES {
            self.cpu.pop_front();
            self.memory_mib.pop_front();
        }
        // Sparklines take whole numbers: percent rounded, MiB truncated.
        self.cpu.push_back(cpu_percent.max(0.0).round() as u64);
        self.memory_mib.push_back(memory_bytes / (1024 * 1024));
    }
}

impl ServerPane {
    pub fn new(profiles: Vec<ProfileRow>) -> ServerPane {
        ServerPane {
            profiles,
            selected_profile: 0,
            focus: ServerFocus::Profiles,
            busy: None,
            activity: LogView::new(PROGRESS_LINES, 1 << 20),
            confirm: None,
            stats_on: false,
            stats: Vec::new(),
        }
    }

    pub fn selected(&self) -> Option<&ProfileRow> {
        self.profiles.get(self.selected_profile)
    }

    pub fn profile_mut(&mut self, name: &str) -> Option<&mut ProfileRow> {
        self.profiles.iter_mut().find(|p| p.name == name)
    }

    /// The stats of container `id`, if any arrived.
    pub fn stats_of(&self, id: &str) -> Option<&StatsHistory> {
        self.stats.iter().find(|(i, _)| i == id).map(|(_, h)| h)
    }

    /// Adds a progress line; the view drops the oldest past the cap.
    pub fn log_progress(&mut self, line: String) {
        self.activity.append(vec![LogLine::stdout(line)]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_health_urls_root_keeps_scheme_host_and_port_only() {
        assert_eq!(
            url_root("http://localhost:5001/ping").as_deref(),
            Some("http://localhost:5001/")
        );
        assert_eq!(
            url_root("https://api.example:8443?x=1").as_deref(),
            Some("https://api.example:8443/")
        );
        assert_eq!(url_root("localhost:5001/ping"), None);
        assert_eq!(url_root("http:///ping"), None);
        assert_eq!(
            port_url(&[8888, 9000]).as_deref(),
            Some("http://localhost:8888/")
        );
        assert_eq!(port_url(&[]), None);
    }
}
