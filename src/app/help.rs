//! The keys the help overlay lists: the global ones and the current pane's.
//!
//! A key column names keys separated by spaces, `/` or `,` (a `/` that
//! starts the column is the `/` key); tests/app_keys.rs feeds every key to
//! `update()` on each pane and fails when a key that did something is not
//! named here, so help cannot fall behind the handlers.

use super::pane::Pane;

/// A key and what it does.
pub type KeyHelp = (&'static str, &'static str);

/// Keys that work in every pane.
pub const GLOBAL_KEYS: &[KeyHelp] = &[
    (
        "s x m e d g l",
        "switch pane: the menu bar's letters, from any pane",
    ),
    ("?", "open / close this help"),
    ("q", "quit (containers keep running)"),
    ("Ctrl-C", "quit"),
    (
        "y / n, Esc",
        "answer a question: y does it, n or Esc cancels",
    ),
    (
        "(in a prompt)",
        "Ctrl-U clear · Ctrl-W word · Ctrl-A/E, arrows: move",
    ),
];

/// Keys of one pane.
pub fn pane_keys(pane: Pane) -> &'static [KeyHelp] {
    match pane {
        Pane::Logs => &[
            (
                "Tab / Enter, Esc",
                "focus the selected container's log / the list again",
            ),
            (
                "a",
                "all services in one panel, coloured prefixes / one at a time",
            ),
            ("j / k", "select a container, or scroll the focused log"),
            ("PgUp / PgDn, wheel", "scroll a page (pauses follow)"),
            (
                "Home / End, G",
                "oldest line / newest line and follow again",
            ),
            (
                "/ then n / N",
                "search (literal, smart case); older / newer match",
            ),
            (
                "f",
                "filter: show only lines matching a regex (empty clears)",
            ),
            ("v", "level: all, WARN and worse, ERROR only"),
            ("t  c  W", "timestamps, ANSI colours, wrap: on / off"),
            ("w", "write the panel's lines to .runcli/logs/"),
            ("E", "a shell in the selected container; exit returns here"),
            (
                "M",
                "release the mouse to select text (M again captures it)",
            ),
        ],
        Pane::Secrets => &[
            ("j / k", "pick an environment, or a key of its outputs"),
            ("Tab, Esc", "move focus between environments and keys"),
            ("Enter", "compile the selected environment"),
            ("a", "compile every target to secrets/build/"),
            ("r", "reveal / hide the selected key's value"),
            ("R", "read the template, values and files again"),
        ],
        Pane::Server => &[
            ("j / k", "pick a profile, or a service"),
            ("Tab", "move focus between profiles and services"),
            (
                "Enter / u",
                "start the selected profile and wait for its health URL",
            ),
            (
                "b",
                "rebuild the images, then start (profile) / rebuild a service",
            ),
            ("T  S  R", "start, stop, restart the selected service"),
            (
                "S (profile)",
                "stop the profile's serving and own containers; services stay up",
            ),
            (
                "o",
                "open the profile's URL, or the container's published port, in the browser",
            ),
            (
                "y",
                "copy that URL to the clipboard (OSC 52, works over ssh)",
            ),
            ("%", "CPU and memory sparklines per service: on / off"),
            ("Enter (service)", "open its log in the Logs pane"),
            (
                "E",
                "a shell in the selected service's container; exit returns here",
            ),
            ("D", "down: remove the project's containers and network"),
            ("V", "down and remove named volumes (asks first)"),
            (
                "C",
                "clean: down, then remove the project's images (asks first)",
            ),
        ],
        Pane::Git => &[
            ("p / n", "compose a patch / minor bump"),
            ("c  t  P", "while composing: commit, tag, push on / off"),
            ("M", "while composing: type the message"),
            ("k", "while composing: patch / minor"),
            ("Esc", "while composing: drop the draft"),
            ("Enter", "review what the bump will do; then y does it"),
            ("R", "read the repository again"),
        ],
        Pane::Testing => &[
            ("j / k", "pick a tier, or a test in the results"),
            ("Tab", "move focus between tiers and results"),
            (
                "Enter / r",
                "run the selected tier (module asks for a path)",
            ),
            (
                "A",
                "run all: unit, integration, acceptance, smoke; stops at the first failure",
            ),
            ("c", "cancel the running tier (its container is removed)"),
            ("o", "sort results by status, name or duration"),
        ],
        Pane::Migrations => &[
            ("u", "upgrade to head"),
            ("U", "upgrade to a revision you type (empty: head)"),
            (
                "D",
                "downgrade to a revision you type (empty: one back); asks first",
            ),
            ("n", "new revision from the models: type its message"),
            ("R", "read current and history again"),
        ],
        Pane::Docs => &[
            (
                "Enter / b",
                "build the html (sphinx-build) from the sources as they are",
            ),
            (
                "a",
                "sphinx-apidoc (rewrites the API stubs), then the html build",
            ),
            ("o", "open the built index.html"),
            ("j / k", "move through the warnings"),
        ],
    }
}
