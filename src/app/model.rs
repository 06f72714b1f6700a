//! The console's whole state.

use super::command_run::{CommandRow, Commands};
use super::git_pane::GitPane;
use super::header::Header;
use super::keymap::KeyMap;
use super::logs_pane::LogsPane;
use super::palette::Palette;
use super::pane::Pane;
use super::pipeline_pane::PipelinePane;
use super::prompt::Prompt;
use super::secrets_pane::SecretsPane;
use super::server_pane::{ProfileRow, ServerPane};
use super::testing_pane::{TestingPane, TierRow};
use super::tools_pane::{DocsPane, MigrationsPane};

/// Rows taken by the header, the menu bar and the panel borders; what is
/// left of the terminal's height is the log viewport.
pub const CHROME_ROWS: u16 = 5;

/// Everything the view draws from.
#[derive(Debug, Clone)]
pub struct Model {
    pub header: Header,
    pub pane: Pane,
    pub help_open: bool,
    /// Lines the help overlay is scrolled down by, when it is taller than
    /// the screen.
    pub help_scroll: usize,
    /// The terminal's height, for overlays that must fit it.
    pub screen_height: u16,
    pub logs: LogsPane,
    pub secrets: SecretsPane,
    pub server: ServerPane,
    pub git: GitPane,
    pub testing: TestingPane,
    pub migrations: MigrationsPane,
    pub docs: DocsPane,
    pub pipeline: PipelinePane,
    /// An open text prompt (search, filter) that takes every key.
    pub prompt: Option<Prompt>,
    /// Whether the console captures the mouse (wheel scrolling) or leaves
    /// it to the terminal (text selection).
    pub mouse_captured: bool,
    /// A one-line message for the status bar.
    pub status: Option<String>,
    pub quitting: bool,
    /// Which key each remappable action is on (runcli.toml's `[keys]`).
    pub keys: KeyMap,
    /// The `:` palette, when open (it takes every key).
    pub palette: Option<Palette>,
    /// The project's `[commands]` and the run the console shows.
    pub commands: Commands,
}

impl Model {
    /// A model opening on the Server pane with log caps from the manifest.
    pub fn new(header: Header, max_lines: usize, max_bytes: usize) -> Model {
        Model {
            header,
            pane: Pane::Server,
            help_open: false,
            help_scroll: 0,
            screen_height: 40,
            logs: LogsPane::new(max_lines, max_bytes),
            secrets: SecretsPane::default(),
            server: ServerPane::new(Vec::new()),
            git: GitPane::default(),
            testing: TestingPane::new(Vec::new()),
            migrations: MigrationsPane::default(),
            docs: DocsPane::default(),
            pipeline: PipelinePane::new(max_lines, max_bytes),
            prompt: None,
            mouse_captured: true,
            status: None,
            quitting: false,
            keys: KeyMap::default(),
            palette: None,
            commands: Commands::default(),
        }
    }

    /// The manifest's test tiers, for the Testing pane.
    pub fn with_tiers(mut self, tiers: Vec<TierRow>) -> Model {
        self.testing = TestingPane::new(tiers);
        self
    }

    /// The keys runcli.toml's `[keys]` remaps, for dispatch and help.
    pub fn with_keys(mut self, keys: KeyMap) -> Model {
        self.keys = keys;
        self
    }

    /// The manifest's `[pipeline]` graph, for the Pipeline pane.
    pub fn with_pipeline(mut self, steps: &[crate::ops::pipeline::PlanStep]) -> Model {
        self.pipeline.set_steps(steps);
        self
    }

    /// The manifest's `[commands]`, for the palette, their keys and help.
    pub fn with_commands(mut self, rows: Vec<CommandRow>) -> Model {
        self.commands = Commands::new(rows);
        self
    }

    /// The manifest's server profiles, for the Server pane.
    pub fn with_profiles(mut self, profiles: Vec<ProfileRow>) -> Model {
        self.server = ServerPane::new(profiles);
        self
    }
}
