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
    /// Host TCP ports it publishes, ascending (`o` opens the first).
    pub published: Vec<u16>,
}

impl ContainerRow {
    /// How the combined view tags this container's lines: its service, or
    /// `web-2` (compose's form, from the name's replica number) when
    /// several rows share the service, so replicas stay apart.
    pub fn source(&self, all: &[ContainerRow]) -> String {
        let shared = all
            .iter()
            .filter(|r| r.service == self.service)
            .nth(1)
            .is_some();
        if !shared {
            return self.service.clone();
        }
        match self.name.rsplit_once('-') {
            Some((_, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                format!("{}-{n}", self.service)
            }
            _ => self.name.clone(),
        }
    }
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
    /// Containers whose stream into the combined view ended.
    pub ended_streams: Vec<String>,
    /// `[environments]` names, in the order `r` cycles through them.
    pub environments: Vec<String>,
    /// The environment whose stack the pane shows instead of the local
    /// containers; `None` for the local project.
    pub env: Option<EnvLogs>,
}

/// One service of an environment's stack, as the Logs list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRow {
    /// The compose service (`api`).
    pub name: String,
    /// The Swarm service (`STACK_api`).
    pub swarm_name: String,
    pub running: u64,
    pub desired: u64,
}

/// The Logs pane pointed at an environment: its services and which one
/// (or all, when the pane is combined) the log view follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvLogs {
    pub name: String,
    pub services: Vec<ServiceRow>,
    pub selected: usize,
    /// Why there are no rows: still connecting, or the engine's error.
    pub note: Option<String>,
}

impl EnvLogs {
    /// The id of this environment's stream: one service's, or all of them.
    pub fn stream(&self, combined: bool) -> Option<String> {
        if combined {
            return (!self.services.is_empty())
                .then(|| format!("env:{}/{ALL_CONTAINERS}", self.name));
        }
        let row = self.services.get(self.selected)?;
        Some(format!("env:{}/{}", self.name, row.swarm_name))
    }
}

/// The stream id of the combined view.
pub const ALL_CONTAINERS: &str = "*all*";

/// The id of one container's stream into the combined view.
pub fn combined_stream(container_id: &str) -> String {
    format!("{ALL_CONTAINERS}/{container_id}")
}

/// The container a combined-view stream id belongs to.
pub fn combined_container(stream: &str) -> Option<&str> {
    stream.strip_prefix(ALL_CONTAINERS)?.strip_prefix('/')
}

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
            ended_streams: Vec::new(),
            environments: Vec::new(),
            env: None,
        }
    }

    /// The file name an export of the panel gets.
    pub fn panel_name(&self) -> String {
        match &self.env {
            Some(env) if self.combined => format!("{}-all", env.name),
            Some(env) => env
                .services
                .get(env.selected)
                .map_or_else(|| env.name.clone(), |s| s.swarm_name.clone()),
            None => self
                .selected_container()
                .map_or_else(|| "log".to_string(), |c| c.name.clone()),
        }
    }

    /// Whether the list has rows to follow.
    pub fn has_rows(&self) -> bool {
        match &self.env {
            Some(env) => !env.services.is_empty(),
            None => !self.containers.is_empty(),
        }
    }

    pub fn selected_container(&self) -> Option<&ContainerRow> {
        self.containers.get(self.selected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, service: &str) -> ContainerRow {
        ContainerRow {
            id: name.into(),
            name: name.into(),
            service: service.into(),
            state: "running".into(),
            running: true,
            published: Vec::new(),
        }
    }

    #[test]
    fn replicas_are_told_apart_and_single_services_keep_their_name() {
        let rows = vec![
            row("demo-db-1", "db"),
            row("demo-web-1", "web"),
            row("demo-web-2", "web"),
        ];
        let sources: Vec<String> = rows.iter().map(|r| r.source(&rows)).collect();
        assert_eq!(sources, vec!["db", "web-1", "web-2"]);
    }
}
