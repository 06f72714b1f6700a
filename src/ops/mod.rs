//! Operations both faces share (console and headless commands). Each one
//! reports through plain data or a channel; none knows about the UI.
//! The types they exchange live here or in `crate::domain`, never in the
//! console's state module (tests/layering.rs holds that): the console reads
//! this layer's types, not the other way round.

pub mod commands;
pub mod deploy;
pub mod deploy_guard;
pub mod docs;
pub mod doctor;
pub mod exec;
pub mod exec_stdin;
pub mod git;
pub mod git_pane;
pub mod git_summary;
pub mod http_get;
pub mod log_follow;
pub mod log_lines;
pub mod migrations;
pub mod pipeline;
pub mod secrets;
pub mod server;
pub mod service_logs;
pub mod stack;
pub mod testing;
pub mod tool_run;
