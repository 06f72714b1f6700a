//! The keys the help overlay lists: the global ones and the current pane's.

use super::pane::Pane;

/// A key and what it does.
pub type KeyHelp = (&'static str, &'static str);

/// Keys that work in every pane.
pub const GLOBAL_KEYS: &[KeyHelp] = &[
    ("s x m e d g l", "switch pane: the letters of the menu bar"),
    ("?", "open / close this help"),
    ("q", "quit (containers keep running)"),
    ("Ctrl-C", "quit"),
];

/// Keys of one pane.
pub fn pane_keys(pane: Pane) -> &'static [KeyHelp] {
    match pane {
        Pane::Logs => &[
            ("Tab", "move focus between the container list and the log"),
            (
                "j / k, Down / Up",
                "select a container, or scroll the focused log",
            ),
            ("Enter", "focus the selected container's log"),
            (
                "PgUp / PgDn, wheel",
                "scroll the log a page (pauses follow)",
            ),
            ("g / Home", "oldest line (log focused)"),
            ("G / End", "newest line and follow again"),
            ("Esc", "back to the container list"),
        ],
        Pane::Secrets => &[
            ("j / k", "pick an environment, or a key of its outputs"),
            ("Tab", "move focus between environments and keys"),
            ("Enter", "compile the selected environment"),
            ("a", "compile every target to secrets/build/"),
            ("r", "reveal / hide the selected key's value"),
            ("R", "read the template, values and files again"),
        ],
        _ => &[],
    }
}
