//! Everything that can happen to the console, as data.

use super::git_pane::GitFacts;
use super::header::GitSummary;
use super::key::Key;
use super::log_buffer::LogLine;
use super::log_panel::Panel;
use super::logs_pane::{ContainerRow, ServiceRow};
use super::pipeline_pane::PipelineUpdate;
use super::secrets_pane::SecretsSnapshot;
use super::server_pane::Badge;
use super::target::Target;
use super::testing_pane::{HistoryEntry, TierResult};
use crate::parse::alembic::{Current, History};
use crate::parse::locust::{History as LoadHistory, StatsTable};

/// One event for `update()`.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(Key),
    /// Mouse wheel over `target` (the focused panel when `None`):
    /// negative scrolls towards older lines.
    Wheel {
        target: Option<Target>,
        delta: i32,
    },
    /// A left click on `target`: switch pane, select a row, focus a panel.
    Click(Target),
    /// The rows each log panel of the current pane has on screen, as the
    /// view lays them out (paging and scroll limits use them).
    PanelRows(Vec<(Panel, usize)>),
    Resize {
        width: u16,
        height: u16,
    },
    EngineOnline {
        endpoint: String,
        version: String,
        remote: bool,
    },
    EngineOffline {
        endpoint: String,
        reason: String,
    },
    /// Something about the project's containers changed (engine event).
    ContainersChanged,
    Containers(Vec<ContainerRow>),
    LogLines {
        container_id: String,
        lines: Vec<LogLine>,
    },
    LogEnded {
        container_id: String,
        reason: String,
    },
    /// An environment's stack services, or why they cannot be listed.
    EnvServices {
        env: String,
        services: Result<Vec<ServiceRow>, String>,
    },
    Git(Option<GitSummary>),
    /// The Git pane's facts, or why the repository cannot be read.
    GitFacts(Result<GitFacts, String>),
    /// The lines of a bump's plan, or why it cannot be done.
    GitPlanned(Result<Vec<String>, String>),
    /// A bump's outcome.
    GitApplied(Result<String, String>),
    /// A line of a server operation's progress.
    ServerProgress(String),
    /// A profile's health URL answered (or stopped answering).
    ProfileHealth {
        profile: String,
        badge: Badge,
    },
    /// A profile reported a URL to open.
    ProfileUrl {
        profile: String,
        url: String,
    },
    /// A server operation ended: what it did, or why it failed.
    ServerDone(Result<String, String>),
    /// A CPU / memory sample of a running container.
    Stats {
        container_id: String,
        cpu_percent: f64,
        memory_bytes: u64,
    },
    /// Lines of a migrations command's output.
    MigrationOutput(Vec<LogLine>),
    /// A migrations action ended; a refresh carries what it read.
    Migrated {
        outcome: Result<String, String>,
        current: Option<Result<Current, String>>,
        history: Option<Result<History, String>>,
    },
    /// Lines of the docs build's output.
    DocsOutput(Vec<LogLine>),
    /// The docs build ended: the index path, or why it failed.
    DocsBuilt(Result<String, String>),
    /// A tier started (in `all`, each in turn).
    TierStarted(String),
    /// Lines of the running tier's output.
    TierOutput(Vec<LogLine>),
    /// A tier finished, with its parsed report.
    TierFinished(TierResult),
    /// A whole test run (one tier or `all`) ended: summary or error.
    TestsDone(Result<String, String>),
    /// The run history, oldest first.
    TestHistory(Vec<HistoryEntry>),
    /// Locust's stats history while the load tier runs.
    LoadStats(LoadHistory),
    /// Locust's final stats table.
    LoadTable(StatsTable),
    /// A message for the status bar (a task's outcome).
    Status(String),
    /// The Secrets pane's snapshot, or why the inputs cannot be read.
    SecretsLoaded(Result<SecretsSnapshot, String>),
    /// A compile finished: the files written, or what went wrong.
    SecretsCompiled(Result<Vec<String>, String>),
    /// The pipeline run's events, ticks, questions and end.
    Pipeline(PipelineUpdate),
    /// Lines a project command printed (and runcli's steps for it).
    CommandOutput {
        name: String,
        lines: Vec<LogLine>,
    },
    /// A project command ended: its exit status, or why it did not run
    /// to its end; `url` is a profile command's URL to open.
    CommandDone {
        name: String,
        outcome: Result<i64, String>,
        url: Option<String>,
    },
}
