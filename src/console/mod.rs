//! The console: terminal, event loop and the effect runner that turns
//! `update()`'s effects into tasks.

mod command_tasks;
#[cfg(debug_assertions)]
mod debug_panic;
mod effects;
pub mod engine_watch;
mod event_loop;
mod exec_handoff;
mod frame_stats;
mod input;
pub mod open_url;
mod pending_work;
mod pipeline_tasks;
mod relay;
mod server_tasks;
pub(crate) mod signals;
mod test_tasks;
mod tool_tasks;

/// The effect runner, for tests that drive the console's tasks without a
/// terminal.
pub use effects::EffectRunner;
pub use event_loop::run;
