//! The pure state machine of the console: `Model`, `Msg`, `Effect` and
//! `update()`. Nothing here does IO or awaits, so every transition is
//! testable by feeding messages and looking at the state and effects.

pub mod actions;
pub mod command_run;
pub mod effect;
mod focus;
pub mod git_pane;
pub mod header;
pub mod help;
pub mod key;
pub mod keymap;
pub mod log_buffer;
pub mod log_panel;
pub mod log_query;
pub mod log_view;
pub mod logs_pane;
pub mod model;
pub mod msg;
pub mod palette;
pub mod pane;
pub mod pipeline_pane;
pub mod prompt;
pub mod secrets_pane;
pub mod server_pane;
pub mod target;
pub mod testing_pane;
pub mod tools_pane;
pub mod update;
mod update_commands;
mod update_env_logs;
mod update_exec;
mod update_git;
pub mod update_log_keys;
mod update_logs;
mod update_mouse;
mod update_palette;
mod update_pipeline;
mod update_secrets;
mod update_server;
mod update_testing;
mod update_tools;

pub use command_run::{CommandRow, CommandRun, Commands, Pending, RunState};
pub use effect::Effect;
pub use git_pane::{BumpDraft, GitFacts, GitPane, GitStage};
pub use header::{EngineStatus, GitSummary, Header};
pub use key::Key;
pub use log_buffer::{LogBuffer, LogLine, LogSource};
pub use log_panel::Panel;
pub use log_view::LogView;
pub use logs_pane::{
    ALL_CONTAINERS, ContainerRow, EnvLogs, LogsFocus, LogsPane, ServiceRow, combined_container,
    combined_stream,
};
pub use model::Model;
pub use msg::Msg;
pub use palette::Palette;
pub use pane::Pane;
pub use pipeline_pane::{Ask, PipelineFocus, PipelinePane, PipelineUpdate, StepRow, StepState};
pub use prompt::{Prompt, PromptKind};
pub use secrets_pane::{EnvSecrets, SecretsFocus, SecretsPane, SecretsSnapshot};
pub use server_pane::{
    Badge, Confirm, ProfileRow, ServerFocus, ServerPane, ServiceAction, StatsHistory, Tone,
};
pub use target::{List, Target};
pub use testing_pane::{HistoryEntry, SortKey, TestingFocus, TestingPane, TierResult, TierRow};
pub use tools_pane::{DocsFocus, DocsPane, MigrationAction, MigrationsFocus, MigrationsPane};
pub use update::update;
