//! What `update()` asks the outside world to do. Effects are data; the
//! console's effect runner turns them into tasks.

use super::git_pane::BumpDraft;
use super::server_pane::ServiceAction;
use super::tools_pane::MigrationAction;

/// One piece of IO to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Leave the console (containers keep running).
    Quit,
    /// List the project's containers again.
    RefreshContainers,
    /// Stream a container's log, starting with its last `tail` lines.
    FollowLogs { container_id: String, tail: usize },
    /// Stream every listed container's log into the combined view, each
    /// line tagged with its service; `tail` lines of history in all.
    FollowAll {
        containers: Vec<(String, String)>,
        tail: usize,
    },
    /// Follow a container's log again after its stream ended (engine gone,
    /// container restarted), from the lines after the timestamp `after`, of
    /// which the last `seen` lines shown carry that very timestamp (Podman's
    /// have whole seconds, so many lines share one).
    ResumeLogs {
        container_id: String,
        after: String,
        seen: usize,
    },
    /// Follow one container's log into the combined view again after its
    /// stream ended: after the timestamp `after` (less the `seen` lines of
    /// its service shown with it), else its last `tail` lines.
    ResumeCombined {
        container_id: String,
        service: String,
        after: Option<String>,
        seen: usize,
        tail: usize,
    },
    /// Stream CPU and memory samples of these containers (replacing any
    /// streams open before); an empty list stops them all.
    WatchStats(Vec<String>),
    /// Cancel a container's log stream.
    StopLogs { container_id: String },
    /// List the services of environment `env`'s stack (`Msg::EnvServices`).
    LoadEnvServices { env: String },
    /// Follow these Swarm services of environment `env` (every task, every
    /// node) as stream `stream`, each line prefixed `SERVICE.SLOT@NODE | `;
    /// `tail` lines of history in all. `StopLogs` with the stream id stops it.
    FollowEnvLogs {
        env: String,
        stream: String,
        /// (Swarm service, compose service) pairs.
        services: Vec<(String, String)>,
        tail: usize,
    },
    /// Read the git state for the header and the Git pane again.
    RefreshGit,
    /// Work out what a bump will do, writing nothing.
    GitPlan(BumpDraft),
    /// Do the bump (plan again, then apply; undone on failure).
    GitApply(BumpDraft),
    /// Write a panel's lines to a file under the project's `.runcli/logs/`.
    ExportLog { name: String, lines: Vec<String> },
    /// Capture the mouse (wheel scrolls) or release it (text selection).
    SetMouseCapture(bool),
    /// Start a server profile (`runcli server up PROFILE --detach`).
    ServerUp { profile: String, build: bool },
    /// Take the project down; `volumes` also removes named volumes,
    /// `prune` the project's images.
    ServerDown { volumes: bool, prune: bool },
    /// Start, stop, restart or rebuild one service (every replica of it).
    Service {
        service: String,
        action: ServiceAction,
        profile: Option<String>,
    },
    /// Open a URL in the browser (`$BROWSER`, else the platform's opener).
    OpenUrl(String),
    /// Put text on the clipboard of the terminal's side (OSC 52, so it
    /// reaches the user's machine over ssh too).
    CopyText(String),
    /// Stop and remove one profile's serving and own containers, leaving
    /// the compose services it started running.
    StopProfile(String),
    /// Run a migrations command in the API service.
    Migrate(MigrationAction),
    /// Build the html docs in the docs service, after sphinx-apidoc when
    /// `apidoc` (as `runcli docs build [--apidoc]`).
    BuildDocs { apidoc: bool },
    /// Open a file with the platform's opener (the built index.html).
    OpenPath(String),
    /// Run a test tier (or `all`) as one-shot containers; `args` fill the
    /// tier's placeholders (the `module` tier's path).
    RunTier {
        tier: String,
        args: Vec<(String, String)>,
    },
    /// Stop the running tier and remove its container.
    CancelTier,
    /// Read data/reports/runcli-history.jsonl.
    LoadTestHistory,
    /// Read the secrets template, values and compiled files for the pane.
    LoadSecrets,
    /// Compile one environment's env files, or every target when `None`.
    CompileSecrets { env: Option<String> },
    /// Hand the terminal to an interactive shell in a running container
    /// until it exits (the event loop's to run: it owns the terminal).
    Exec {
        container_id: String,
        service: String,
    },
    /// Run `[pipeline]` as `runcli pipeline run [--to ENV] [--from STEP]`.
    RunPipeline {
        to: Option<String>,
        from: Option<String>,
    },
    /// Stop the running pipeline (the running step stops by itself).
    CancelPipeline,
    /// The answer to the confirm step the pipeline waits on.
    AnswerPipeline(bool),
    /// Run the project's command `name` with its `args` values, as
    /// `runcli run NAME ARGS...` (already confirmed when it asks).
    RunCommand { name: String, args: Vec<String> },
    /// Stop the running project command.
    CancelCommand,
}
