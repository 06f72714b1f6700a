//! The keys the help overlay lists: the global ones and the current pane's.
//!
//! A key column names keys separated by spaces, `/` or `,` (a `/` that
//! starts the column is the `/` key); tests/app_keys.rs feeds every key to
//! `update()` on each pane and fails when a key that did something is not
//! named here, so help cannot fall behind the handlers.
//!
//! A remappable key is written as its action's name in braces
//! (`{logs.search}`) and shown as the key the map puts it on, so a
//! `[keys]` remap changes help and dispatch together.

use super::keymap::KeyMap;
use super::pane::Pane;

/// A key column, as shown, and what the keys do.
pub type KeyHelp = (String, &'static str);

/// A key column with `{action}` placeholders, and what the keys do.
type HelpRow = (&'static str, &'static str);

/// Keys that work in every pane, as `map` puts them.
pub fn global_keys(map: &KeyMap) -> Vec<KeyHelp> {
    GLOBAL_HELP.iter().map(|row| shown(row, map)).collect()
}

/// Keys of one pane, as `map` puts them.
pub fn pane_keys(pane: Pane, map: &KeyMap) -> Vec<KeyHelp> {
    pane_help(pane).iter().map(|row| shown(row, map)).collect()
}

/// The log panel keys of `pane`'s output panels, which take them while
/// focused; none for the Logs pane (its own rows say them) and for panes
/// without a log panel.
pub fn panel_keys(pane: Pane, map: &KeyMap) -> Vec<KeyHelp> {
    if !has_panels(pane) {
        return Vec::new();
    }
    PANEL_HELP.iter().map(|row| shown(row, map)).collect()
}

/// Lines the help overlay of `pane` has, with `keyed_commands` commands
/// that have a key: each section's title and rows, a blank line between
/// sections (`ui::help` draws exactly these).
pub fn line_count(pane: Pane, map: &KeyMap, keyed_commands: usize) -> usize {
    let own = pane_keys(pane, map).len().max(1);
    let panel = panel_keys(pane, map).len();
    let mut lines = 1 + own;
    if panel > 0 {
        lines += 2 + panel;
    }
    lines += 2 + global_keys(map).len();
    if keyed_commands > 0 {
        lines += 2 + keyed_commands;
    }
    lines
}

/// Whether `pane` has log panels besides the Logs pane's own.
fn has_panels(pane: Pane) -> bool {
    matches!(
        pane,
        Pane::Server | Pane::Testing | Pane::Migrations | Pane::Docs | Pane::Pipeline
    )
}

/// Whether help names action `name` somewhere (a test keeps every
/// remappable action in `?`).
pub fn mentions(name: &str) -> bool {
    let placeholder = format!("{{{name}}}");
    GLOBAL_HELP
        .iter()
        .chain(PANEL_HELP)
        .chain(
            crate::app::Pane::ALL
                .iter()
                .flat_map(|p| pane_help(*p).iter()),
        )
        .any(|(column, _)| column.contains(&placeholder))
}

fn shown((column, what): &HelpRow, map: &KeyMap) -> KeyHelp {
    let mut text = (*column).to_string();
    for (action, key) in map.entries() {
        let placeholder = format!("{{{}}}", action.name);
        if text.contains(&placeholder) {
            text = text.replace(&placeholder, &key.to_string());
        }
    }
    (text, what)
}

const GLOBAL_HELP: &[HelpRow] = &[
    (
        "{pane.server} {pane.testing} {pane.migrations} {pane.secrets} {pane.docs} {pane.git} {pane.logs} {pane.pipeline}",
        "switch pane: the menu bar's letters, from any pane",
    ),
    ("{help}", "open / close this help"),
    ("{quit}", "quit (containers keep running)"),
    (
        "{palette}",
        "palette: find and run a command, profile, tier or action",
    ),
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

/// Every output panel's keys (the Logs pane's, written once for all).
const PANEL_HELP: &[HelpRow] = &[
    ("Tab, Esc", "next list or panel / back to the pane's list"),
    (
        "j / k, PgUp / PgDn",
        "scroll a line / a page, as the wheel does (pauses follow)",
    ),
    (
        "Home / End, {logs.bottom}",
        "oldest line / newest line and follow again",
    ),
    (
        "{logs.search} then {logs.next} / {logs.previous}",
        "search (literal, smart case); older / newer match",
    ),
    (
        "{logs.filter}  {logs.level}",
        "filter by regex (empty clears); level: all, WARN+, ERROR",
    ),
    (
        "{logs.timestamps}  {logs.colours}  {logs.wrap}  {logs.mouse}",
        "timestamps, colours, wrap on / off; release the mouse",
    ),
    ("{logs.write}", "write the panel's lines to .runcli/logs/"),
];

fn pane_help(pane: Pane) -> &'static [HelpRow] {
    match pane {
        Pane::Logs => &[
            (
                "Tab / Enter, Esc",
                "focus the selected container's log / the list again",
            ),
            (
                "{logs.combined}",
                "all services in one panel, coloured prefixes / one at a time",
            ),
            (
                "{logs.source}",
                "source: local containers, then each [environments] stack on Swarm",
            ),
            ("j / k", "select a container, or scroll the focused log"),
            ("PgUp / PgDn, wheel", "scroll a page (pauses follow)"),
            (
                "Home / End, {logs.bottom}",
                "oldest line / newest line and follow again",
            ),
            (
                "{logs.search} then {logs.next} / {logs.previous}",
                "search (literal, smart case); older / newer match",
            ),
            (
                "{logs.filter}",
                "filter: show only lines matching a regex (empty clears)",
            ),
            ("{logs.level}", "level: all, WARN and worse, ERROR only"),
            (
                "{logs.timestamps}  {logs.colours}  {logs.wrap}",
                "timestamps, ANSI colours, wrap: on / off",
            ),
            ("{logs.write}", "write the panel's lines to .runcli/logs/"),
            (
                "{logs.shell}",
                "a shell in the selected container; exit returns here",
            ),
            (
                "{logs.mouse}",
                "release the mouse to select text / capture it again",
            ),
        ],
        Pane::Secrets => &[
            ("j / k", "pick an environment, or a key of its outputs"),
            ("Tab, Esc", "move focus between environments and keys"),
            ("Enter", "compile the selected environment"),
            ("{secrets.all}", "compile every target to secrets/build/"),
            ("{secrets.reveal}", "reveal / hide the selected key's value"),
            (
                "{secrets.reload}",
                "read the template, values and files again",
            ),
        ],
        Pane::Server => &[
            ("j / k", "pick a profile, or a service"),
            (
                "Tab",
                "move focus: profiles, services, activity, the service's log",
            ),
            (
                "Enter / {server.start}",
                "start the selected profile and wait for its health URL",
            ),
            (
                "{server.rebuild}",
                "rebuild the images, then start (profile) / rebuild a service",
            ),
            (
                "{server.service-start}  {server.service-stop}  {server.service-restart}",
                "start, stop, restart the selected service",
            ),
            (
                "{server.service-stop} (profile)",
                "stop the profile's serving and own containers; services stay up",
            ),
            (
                "{server.open}",
                "open the profile's URL, or the container's published port, in the browser",
            ),
            (
                "y",
                "copy that URL to the clipboard (OSC 52, works over ssh)",
            ),
            (
                "{server.stats}",
                "CPU and memory sparklines per service: on / off",
            ),
            ("Enter (service)", "open its log in the Logs pane"),
            (
                "{server.shell}",
                "a shell in the selected service's container; exit returns here",
            ),
            (
                "{server.down}",
                "down: remove the project's containers and network",
            ),
            (
                "{server.down-volumes}",
                "down and remove named volumes (asks first)",
            ),
            (
                "{server.clean}",
                "clean: down, then remove the project's images (asks first)",
            ),
        ],
        Pane::Git => &[
            ("{git.patch} / {git.minor}", "compose a patch / minor bump"),
            (
                "{git.commit}  {git.tag}  {git.push}",
                "while composing: commit, tag, push on / off",
            ),
            ("{git.message}", "while composing: type the message"),
            ("{git.kind}", "while composing: patch / minor"),
            ("Esc", "while composing: drop the draft"),
            ("Enter", "review what the bump will do; then y does it"),
            ("{git.reload}", "read the repository again"),
        ],
        Pane::Testing => &[
            ("j / k", "pick a tier, or a test in the results"),
            (
                "Tab",
                "move focus: tiers, results, the selected test's traceback (or the output)",
            ),
            (
                "Enter / {testing.run}",
                "run the selected tier (module asks for a path)",
            ),
            (
                "{testing.all}",
                "run all: unit, integration, acceptance, smoke; stops at the first failure",
            ),
            (
                "{testing.cancel}",
                "cancel the running tier (its container is removed)",
            ),
            ("{testing.sort}", "sort results by status, name or duration"),
        ],
        Pane::Migrations => &[
            (
                "Tab",
                "move focus between the revisions and the tool's output",
            ),
            ("{migrations.upgrade}", "upgrade to head"),
            (
                "{migrations.upgrade-to}",
                "upgrade to a revision you type (empty: head)",
            ),
            (
                "{migrations.downgrade}",
                "downgrade to a revision you type (empty: one back); asks first",
            ),
            (
                "{migrations.new}",
                "new revision from the models: type its message",
            ),
            ("{migrations.reload}", "read current and history again"),
        ],
        Pane::Docs => &[
            (
                "Enter / {docs.build}",
                "build the html (sphinx-build) from the sources as they are",
            ),
            (
                "{docs.apidoc}",
                "sphinx-apidoc (rewrites the API stubs), then the html build",
            ),
            ("{docs.open}", "open the built index.html"),
            ("j / k", "move through the warnings"),
            ("Tab", "move focus between the warnings and Sphinx's output"),
        ],
        Pane::Pipeline => &[
            ("j / k", "pick a step: its output shows below"),
            ("Tab", "move focus between the steps and the step's output"),
            (
                "Enter / {pipeline.run}",
                "run the pipeline, every step or up to the target",
            ),
            (
                "{pipeline.from}",
                "run from the selected step; the steps it needs count as passed",
            ),
            (
                "{pipeline.target}",
                "target: every step, or up to each environment's deploy (--to)",
            ),
            (
                "{pipeline.cancel}",
                "cancel the run: no further step starts, the running one stops",
            ),
            (
                "(production)",
                "type production at the prompt to deploy it; anything else cancels",
            ),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::ACTIONS;

    #[test]
    fn every_action_is_in_help_and_every_placeholder_is_an_action() {
        for action in ACTIONS {
            assert!(mentions(action.name), "{} is not in `?`", action.name);
        }
        let map = KeyMap::default();
        for pane in Pane::ALL {
            let panel = panel_keys(pane, &map);
            for (column, _) in pane_keys(pane, &map)
                .iter()
                .chain(&panel)
                .chain(&global_keys(&map))
            {
                assert!(!column.contains('{'), "{column}");
            }
        }
    }
}
