//! The console's remappable actions: each one's stable name, where it
//! works and its default key (the key its handler matches on). The key map
//! (`keymap.rs`) moves them; this file only says what they are.

use super::key::Key;
use super::pane::Pane;

/// Where an action's key works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every pane: the pane letters, help and quit.
    Global,
    Pane(Pane),
}

impl Scope {
    /// The name `runcli keys` prints, and the table a remap is written in.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Global => "global",
            Scope::Pane(pane) => pane_name(pane),
        }
    }

    /// Whether an action of each scope can be reached in one pane, so
    /// they may not share a key.
    pub fn meets(self, other: Scope) -> bool {
        self == Scope::Global || other == Scope::Global || self == other
    }
}

/// The lowercase pane name action names start with.
pub fn pane_name(pane: Pane) -> &'static str {
    match pane {
        Pane::Server => "server",
        Pane::Testing => "testing",
        Pane::Migrations => "migrations",
        Pane::Secrets => "secrets",
        Pane::Docs => "docs",
        Pane::Git => "git",
        Pane::Logs => "logs",
        Pane::Pipeline => "pipeline",
    }
}

/// One remappable action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Action {
    pub name: &'static str,
    pub scope: Scope,
    pub default: Key,
    pub description: &'static str,
}

const fn global(name: &'static str, key: char, description: &'static str) -> Action {
    Action {
        name,
        scope: Scope::Global,
        default: Key::Char(key),
        description,
    }
}

const fn on(pane: Pane, name: &'static str, key: char, description: &'static str) -> Action {
    Action {
        name,
        scope: Scope::Pane(pane),
        default: Key::Char(key),
        description,
    }
}

use Pane::{Docs, Git, Logs, Migrations, Pipeline, Secrets, Server, Testing};

/// Every remappable action, globals first, then pane by pane in menu order.
pub const ACTIONS: &[Action] = &[
    global("pane.server", 's', "switch to the Server pane"),
    global("pane.testing", 'x', "switch to the Testing pane"),
    global("pane.migrations", 'm', "switch to the Migrations pane"),
    global("pane.secrets", 'e', "switch to the Secrets pane"),
    global("pane.docs", 'd', "switch to the Docs pane"),
    global("pane.git", 'g', "switch to the Git pane"),
    global("pane.logs", 'l', "switch to the Logs pane"),
    global("pane.pipeline", 'i', "switch to the Pipeline pane"),
    global("help", '?', "open / close the help overlay"),
    global("quit", 'q', "quit (containers keep running)"),
    global(
        "palette",
        ':',
        "the palette: commands, profiles, tiers and actions",
    ),
    on(Server, "server.start", 'u', "start the selected profile"),
    on(
        Server,
        "server.rebuild",
        'b',
        "rebuild, then start the profile / rebuild the service",
    ),
    on(
        Server,
        "server.service-start",
        'T',
        "start the selected service",
    ),
    on(
        Server,
        "server.service-stop",
        'S',
        "stop the selected service (on a profile: its serving and own containers)",
    ),
    on(
        Server,
        "server.service-restart",
        'R',
        "restart the selected service",
    ),
    on(
        Server,
        "server.open",
        'o',
        "open the selected profile's or container's URL in the browser",
    ),
    on(
        Server,
        "server.stats",
        '%',
        "CPU and memory sparklines on / off",
    ),
    on(
        Server,
        "server.shell",
        'E',
        "a shell in the selected service's container",
    ),
    on(
        Server,
        "server.down",
        'D',
        "remove the project's containers and network",
    ),
    on(
        Server,
        "server.down-volumes",
        'V',
        "down and remove named volumes",
    ),
    on(
        Server,
        "server.clean",
        'C',
        "down, then remove the project's images",
    ),
    on(Testing, "testing.run", 'r', "run the selected tier"),
    on(
        Testing,
        "testing.all",
        'A',
        "run all tiers, stop at the first failure",
    ),
    on(Testing, "testing.cancel", 'c', "cancel the running tier"),
    on(
        Testing,
        "testing.sort",
        'o',
        "sort results by status, name or duration",
    ),
    on(Migrations, "migrations.upgrade", 'u', "upgrade to head"),
    on(
        Migrations,
        "migrations.upgrade-to",
        'U',
        "upgrade to a revision you type",
    ),
    on(
        Migrations,
        "migrations.downgrade",
        'D',
        "downgrade to a revision you type",
    ),
    on(
        Migrations,
        "migrations.new",
        'n',
        "new revision from the models",
    ),
    on(
        Migrations,
        "migrations.reload",
        'R',
        "read current and history again",
    ),
    on(Secrets, "secrets.all", 'a', "compile every target"),
    on(
        Secrets,
        "secrets.reveal",
        'r',
        "reveal / hide the selected value",
    ),
    on(
        Secrets,
        "secrets.reload",
        'R',
        "read the inputs and files again",
    ),
    on(Docs, "docs.build", 'b', "build the html"),
    on(
        Docs,
        "docs.apidoc",
        'a',
        "sphinx-apidoc, then the html build",
    ),
    on(Docs, "docs.open", 'o', "open the built index.html"),
    on(Git, "git.patch", 'p', "compose a patch bump"),
    on(Git, "git.minor", 'n', "compose a minor bump"),
    on(Git, "git.reload", 'R', "read the repository again"),
    on(Git, "git.commit", 'c', "while composing: commit on / off"),
    on(Git, "git.tag", 't', "while composing: tag on / off"),
    on(Git, "git.push", 'P', "while composing: push on / off"),
    on(Git, "git.message", 'M', "while composing: type the message"),
    on(Git, "git.kind", 'k', "while composing: patch / minor"),
    on(
        Logs,
        "logs.combined",
        'a',
        "all services in one panel / one at a time",
    ),
    on(
        Logs,
        "logs.source",
        'r',
        "source: local, then each [environments] stack",
    ),
    on(Logs, "logs.bottom", 'G', "newest line, follow again"),
    on(Logs, "logs.search", '/', "search the log"),
    on(Logs, "logs.next", 'n', "older match"),
    on(Logs, "logs.previous", 'N', "newer match"),
    on(Logs, "logs.filter", 'f', "show only lines matching a regex"),
    on(
        Logs,
        "logs.level",
        'v',
        "level: all, WARN and worse, ERROR only",
    ),
    on(Logs, "logs.timestamps", 't', "timestamps on / off"),
    on(Logs, "logs.colours", 'c', "ANSI colours on / off"),
    on(Logs, "logs.wrap", 'W', "wrap on / off"),
    on(
        Logs,
        "logs.write",
        'w',
        "write the panel's lines to .runcli/logs/",
    ),
    on(Logs, "logs.mouse", 'M', "release / capture the mouse"),
    on(Logs, "logs.shell", 'E', "a shell in the selected container"),
    on(
        Pipeline,
        "pipeline.run",
        'r',
        "run the pipeline to the target",
    ),
    on(Pipeline, "pipeline.from", 'f', "run from the selected step"),
    on(
        Pipeline,
        "pipeline.target",
        't',
        "target: every step, or up to an environment's deploy",
    ),
    on(
        Pipeline,
        "pipeline.cancel",
        'c',
        "cancel the running pipeline",
    ),
];

/// The action named `name`, if there is one.
pub fn action(name: &str) -> Option<&'static Action> {
    ACTIONS.iter().find(|a| a.name == name)
}

/// Keys a remap may not take: they navigate, edit a prompt or answer a
/// question the same way everywhere.
pub fn is_fixed(key: Key) -> bool {
    matches!(
        key,
        Key::Up
            | Key::Down
            | Key::Left
            | Key::Right
            | Key::PageUp
            | Key::PageDown
            | Key::Home
            | Key::End
            | Key::Enter
            | Key::Backspace
            | Key::Esc
            | Key::Tab
            | Key::BackTab
            | Key::CtrlC
            | Key::CtrlU
            | Key::CtrlW
            | Key::CtrlA
            | Key::CtrlE
            | Key::Char('j' | 'k' | 'y')
    )
}
