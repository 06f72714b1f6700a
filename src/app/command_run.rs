//! The project's own commands (`[commands]` in runcli.toml) as the console
//! runs them: the rows the palette and help list, and the one command run
//! the console shows, with its output as a log view and how it ended.
//!
//! One run at a time, shown in an overlay over the current pane (as
//! lazydocker shows a custom command's output in its main panel): starting
//! another command while one runs is refused with a status message, and a
//! finished run's output stays until the next one starts.

use super::log_buffer::LogLine;
use super::log_view::LogView;

/// Lines a command's output panel keeps.
const OUTPUT_LINES: usize = 10_000;
/// Bytes a command's output panel keeps.
const OUTPUT_BYTES: usize = 4 << 20;

/// One `[commands.NAME]` table, as the console lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandRow {
    pub name: String,
    pub description: String,
    /// The single character that runs it from any pane.
    pub key: Option<char>,
    /// Names of the values it asks for before it runs.
    pub args: Vec<String>,
    /// Asks y/n before it runs.
    pub confirm: bool,
    /// Where it runs: `service app`, `host`, `profile local`.
    pub place: String,
}

/// How a run stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunState {
    Running,
    /// It ran to its end with this exit status.
    Exited(i64),
    /// It did not run to its end: why, as the status bar says it
    /// (`failed to start: ...`, `cancelled`).
    Failed(String),
}

/// The command run the console shows.
#[derive(Debug, Clone)]
pub struct CommandRun {
    pub name: String,
    pub state: RunState,
}

impl CommandRun {
    pub fn new(name: &str) -> CommandRun {
        CommandRun {
            name: name.to_string(),
            state: RunState::Running,
        }
    }

    /// `hello: running`, `hello: exited 0`, `hello: failed to start: why`:
    /// the panel's title and the status bar's words for it.
    pub fn summary(&self) -> String {
        match &self.state {
            RunState::Running => format!("{}: running", self.name),
            RunState::Exited(code) => format!("{}: exited {code}", self.name),
            RunState::Failed(reason) => format!("{}: {reason}", self.name),
        }
    }

    pub fn is_running(&self) -> bool {
        self.state == RunState::Running
    }
}

/// A command waiting for the user before it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    /// Its `args`, typed at the prompt.
    Args { name: String },
    /// `y` runs it with these values, `n` or Esc drops it.
    Confirm { name: String, args: Vec<String> },
}

/// Everything about the project's commands in the console.
#[derive(Debug, Clone)]
pub struct Commands {
    pub rows: Vec<CommandRow>,
    pub run: Option<CommandRun>,
    /// The last run's output: a log panel like every other
    /// (`Panel::CommandOutput`), emptied when a command starts.
    pub output: LogView,
    /// The output overlay is up (it takes the keys while it is).
    pub panel_open: bool,
    pub pending: Option<Pending>,
}

impl Default for Commands {
    fn default() -> Commands {
        Commands::new(Vec::new())
    }
}

impl Commands {
    pub fn new(rows: Vec<CommandRow>) -> Commands {
        Commands {
            rows,
            run: None,
            output: LogView::new(OUTPUT_LINES, OUTPUT_BYTES),
            panel_open: false,
            pending: None,
        }
    }

    /// Starts showing a run of `name`, with an empty output panel of the
    /// same height as the last.
    pub fn start(&mut self, name: &str) {
        let rows = self.output.rows;
        self.output = LogView::new(OUTPUT_LINES, OUTPUT_BYTES);
        self.output.set_rows(rows);
        self.run = Some(CommandRun::new(name));
        self.panel_open = true;
    }

    pub fn row(&self, name: &str) -> Option<&CommandRow> {
        self.rows.iter().find(|r| r.name == name)
    }

    /// The command on key `c`, if one is.
    pub fn on_key(&self, c: char) -> Option<&CommandRow> {
        self.rows.iter().find(|r| r.key == Some(c))
    }

    /// Adds output lines to the run they belong to.
    pub fn append(&mut self, name: &str, lines: Vec<LogLine>) {
        if self.run.as_ref().is_some_and(|r| r.name == name) {
            self.output.append(lines);
        }
    }
}
