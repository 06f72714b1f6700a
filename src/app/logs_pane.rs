//! The Logs pane: the project's containers and the selected one's log.

use super::log_view::LogView;

/// One project container as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerRow {
    pub id: String,
    pub name: String,
    pub service: String,
    /// "running", "exited (1)", "restarting", ...
    pub state: String,
    pub running: bool,
}

/// Which part of the pane takes j/k.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogsFocus {
    List,
    Log,
}

/// State of the Logs pane.
#[derive(Debug, Clone)]
pub struct LogsPane {
    pub containers: Vec<ContainerRow>,
    pub selected: usize,
    pub focus: LogsFocus,
    /// The container whose log stream fills `view`.
    pub following: Option<String>,
    pub view: LogView,
    /// Why the stream ended, when it did (container stopped, engine gone).
    pub ended: Option<String>,
    /// Every container's log in one panel, each line prefixed by its service.
    pub combined: bool,
    /// The containers the combined view streams now.
    pub streams: Vec<String>,
}

/// The stream id of the combined view.
pub const ALL_CONTAINERS: &str = "*all*";

impl LogsPane {
    pub fn new(max_lines: usize, max_bytes: usize) -> LogsPane {
        LogsPane {
            containers: Vec::new(),
            selected: 0,
            focus: LogsFocus::List,
            following: None,
            view: LogView::new(max_lines, max_bytes),
            ended: None,
            combined: false,
            streams: Vec::new(),
        }
    }

    pub fn selected_container(&self) -> Option<&ContainerRow> {
        self.containers.get(self.selected)
    }
}
