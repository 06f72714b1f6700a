//! The `:` palette (as in k9s): one list of everything the console can
//! run without a selection — the project's commands, the server profiles,
//! the test tiers, the panes and the pane actions that need no selected
//! row — filtered by a fuzzy match of what is typed against each entry's
//! name and description, best match first.
//!
//! Matching is nucleo's (the matcher of the helix editor): smart case,
//! space-separated words each matched, and the indices of the matched
//! characters kept so the view can highlight them.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::actions::{Action, Scope};
use super::command_run::CommandRow;
use super::keymap::KeyMap;
use super::pane::Pane;
use super::prompt::{Prompt, PromptKind};
use super::server_pane::ProfileRow;
use super::testing_pane::TierRow;

/// Pane actions the palette offers: those that act on the pane as a
/// whole. The others act on a selected row or an open draft, which the
/// palette cannot know the user meant.
const PANE_ACTIONS: &[&str] = &[
    "help",
    "quit",
    "server.stats",
    "server.down",
    "server.down-volumes",
    "server.clean",
    "testing.all",
    "testing.cancel",
    "testing.sort",
    "migrations.upgrade",
    "migrations.upgrade-to",
    "migrations.downgrade",
    "migrations.new",
    "migrations.reload",
    "secrets.all",
    "secrets.reload",
    "docs.build",
    "docs.apidoc",
    "docs.open",
    "git.patch",
    "git.minor",
    "git.reload",
    "logs.combined",
    "pipeline.run",
    "pipeline.target",
    "pipeline.cancel",
];

/// What Enter on an entry does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Runs the project's command (asking first when it asks).
    Command(String),
    /// Starts the profile, as Enter on the Server pane does.
    Profile(String),
    /// Runs the tier, as Enter on the Testing pane does.
    Tier(String),
    /// Switches to the pane.
    Pane(Pane),
    /// Does the action, on its pane.
    Action(&'static Action),
    /// Shows the last command's output again.
    Output,
}

/// One row of the palette.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// `command`, `profile`, `tier`, `pane`, `action`.
    pub kind: &'static str,
    pub name: String,
    pub description: String,
    /// The key that does the same outside the palette, as mapped now.
    pub key: Option<String>,
    pub target: Target,
}

/// An entry that matches what is typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index into [`Palette::entries`].
    pub entry: usize,
    pub score: u32,
    /// Character indices of the name that matched.
    pub name_chars: Vec<usize>,
    /// Character indices of the description that matched.
    pub description_chars: Vec<usize>,
}

/// The open palette.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Palette {
    pub input: Prompt,
    pub entries: Vec<Entry>,
    /// Matching entries, best first (all of them, in order, when nothing
    /// is typed).
    pub hits: Vec<Hit>,
    /// Index into `hits`.
    pub selected: usize,
}

/// What the palette lists.
pub struct Sources<'a> {
    pub commands: &'a [CommandRow],
    pub profiles: &'a [ProfileRow],
    pub tiers: &'a [TierRow],
    pub keys: &'a KeyMap,
    /// A command has run: offer its output again.
    pub has_output: bool,
}

impl Palette {
    pub fn new(sources: &Sources<'_>) -> Palette {
        let mut palette = Palette {
            input: Prompt::new(PromptKind::Palette, ""),
            entries: entries(sources),
            hits: Vec::new(),
            selected: 0,
        };
        palette.refilter();
        palette
    }

    /// Matches the entries against the input again; the best is selected.
    pub fn refilter(&mut self) {
        self.hits = filter(&self.entries, self.input.text());
        self.selected = 0;
    }

    pub fn selected_entry(&self) -> Option<&Entry> {
        let hit = self.hits.get(self.selected)?;
        self.entries.get(hit.entry)
    }

    /// Moves the selection by `delta`, wrapping at the ends.
    pub fn step(&mut self, delta: isize) {
        let len = self.hits.len();
        if len == 0 {
            return;
        }
        let len = len as isize;
        self.selected = (self.selected as isize + delta).rem_euclid(len) as usize;
    }
}

/// Every entry, in the order an empty query lists them.
pub fn entries(sources: &Sources<'_>) -> Vec<Entry> {
    let mut out = Vec::new();
    for c in sources.commands {
        let mut description = c.description.clone();
        if c.confirm {
            description.push_str(" (asks first)");
        }
        out.push(Entry {
            kind: "command",
            name: c.name.clone(),
            description,
            key: c.key.map(String::from),
            target: Target::Command(c.name.clone()),
        });
    }
    if sources.has_output {
        out.push(Entry {
            kind: "output",
            name: "output".to_string(),
            description: "show the last command's output again".to_string(),
            key: None,
            target: Target::Output,
        });
    }
    for p in sources.profiles {
        out.push(Entry {
            kind: "profile",
            name: p.name.clone(),
            description: format!("start: {}", p.description),
            key: None,
            target: Target::Profile(p.name.clone()),
        });
    }
    for t in sources.tiers {
        out.push(Entry {
            kind: "tier",
            name: t.name.clone(),
            description: format!("run tests: {}", t.description),
            key: None,
            target: Target::Tier(t.name.clone()),
        });
    }
    for pane in Pane::ALL {
        out.push(Entry {
            kind: "pane",
            name: pane.title().to_lowercase(),
            description: format!("switch to the {} pane", pane.title()),
            key: Some(sources.keys.pane_key(pane).to_string()),
            target: Target::Pane(pane),
        });
    }
    for (action, key) in sources.keys.entries() {
        if !PANE_ACTIONS.contains(&action.name) {
            continue;
        }
        let description = match action.scope {
            Scope::Global => action.description.to_string(),
            Scope::Pane(pane) => format!("{} ({})", action.description, pane.title()),
        };
        out.push(Entry {
            kind: "action",
            name: action.name.to_string(),
            description,
            key: Some(key.to_string()),
            target: Target::Action(action),
        });
    }
    out
}

/// The entries matching `query`, best first; ties keep the list's order.
pub fn filter(entries: &[Entry], query: &str) -> Vec<Hit> {
    if query.trim().is_empty() {
        return (0..entries.len())
            .map(|entry| Hit {
                entry,
                score: 0,
                name_chars: Vec::new(),
                description_chars: Vec::new(),
            })
            .collect();
    }
    let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut indices = Vec::new();
    let mut hits: Vec<Hit> = entries
        .iter()
        .enumerate()
        .filter_map(|(entry, e)| {
            // Name and description as one text, so a query may take words
            // from both ("hello serv").
            let text = format!("{} {}", e.name, e.description);
            indices.clear();
            let score =
                pattern.indices(Utf32Str::new(&text, &mut buf), &mut matcher, &mut indices)?;
            indices.sort_unstable();
            indices.dedup();
            let name_len = e.name.chars().count();
            let (name, rest): (Vec<usize>, Vec<usize>) = indices
                .iter()
                .map(|&i| i as usize)
                .partition(|&i| i < name_len);
            Some(Hit {
                entry,
                score,
                name_chars: name,
                description_chars: rest
                    .into_iter()
                    .filter(|&i| i > name_len)
                    .map(|i| i - name_len - 1)
                    .collect(),
            })
        })
        .collect();
    hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.entry.cmp(&b.entry)));
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command(name: &str, description: &str, key: Option<char>) -> CommandRow {
        CommandRow {
            name: name.into(),
            description: description.into(),
            key,
            args: Vec::new(),
            confirm: false,
            place: "host".into(),
        }
    }

    fn sources<'a>(commands: &'a [CommandRow], keys: &'a KeyMap) -> Sources<'a> {
        Sources {
            commands,
            profiles: &[],
            tiers: &[],
            keys,
            has_output: false,
        }
    }

    fn names(entries: &[Entry], hits: &[Hit]) -> Vec<String> {
        hits.iter().map(|h| entries[h.entry].name.clone()).collect()
    }

    #[test]
    fn an_empty_query_lists_everything_commands_first() {
        let keys = KeyMap::default();
        let commands = [command("hello", "greets", Some('h'))];
        let all = entries(&sources(&commands, &keys));
        let hits = filter(&all, "  ");
        assert_eq!(hits.len(), all.len());
        assert_eq!(all[0].name, "hello");
        assert_eq!(all[0].key.as_deref(), Some("h"));
        assert!(all.iter().any(|e| e.target == Target::Pane(Pane::Docs)));
        assert!(all.iter().any(|e| e.name == "docs.build"));
        assert!(all.iter().any(|e| e.name == "pipeline.run"));
        // Actions on a selected row are not offered.
        assert!(!all.iter().any(|e| e.name == "server.start"));
    }

    #[test]
    fn the_best_match_comes_first_and_its_characters_are_marked() {
        let keys = KeyMap::default();
        let commands = [
            command("where", "prints the project root", None),
            command("hello", "greets from a one-off", None),
            command("wipe", "pretends to wipe the data", None),
        ];
        let all = entries(&sources(&commands, &keys));
        let hits = filter(&all, "hel");
        assert_eq!(
            names(&all, &hits).first().map(String::as_str),
            Some("hello")
        );
        assert_eq!(hits[0].name_chars, vec![0, 1, 2]);
        // A word of the description finds its entry too.
        let hits = filter(&all, "root");
        assert_eq!(
            names(&all, &hits).first().map(String::as_str),
            Some("where")
        );
        assert!(hits[0].name_chars.is_empty());
        assert_eq!(hits[0].description_chars, vec![19, 20, 21, 22]);
        assert!(filter(&all, "zzzq").is_empty());
    }

    #[test]
    fn remapped_keys_show_in_entries() {
        let keys =
            KeyMap::with_remaps([("pane.docs", "Z"), ("docs.build", "B")]).unwrap_or_default();
        let all = entries(&sources(&[], &keys));
        let key_of = |name: &str| {
            all.iter()
                .find(|e| e.name == name)
                .and_then(|e| e.key.clone())
        };
        assert_eq!(key_of("docs").as_deref(), Some("Z"));
        assert_eq!(key_of("docs.build").as_deref(), Some("B"));
    }

    #[test]
    fn the_selection_wraps_and_a_new_query_selects_the_best() {
        let keys = KeyMap::default();
        let commands = [command("a-one", "", None), command("a-two", "", None)];
        let mut p = Palette::new(&sources(&commands, &keys));
        p.step(-1);
        assert_eq!(p.selected, p.hits.len() - 1);
        p.step(1);
        assert_eq!(p.selected, 0);
        "two".chars().for_each(|c| p.input.insert(c));
        p.refilter();
        assert_eq!(p.selected_entry().map(|e| e.name.as_str()), Some("a-two"));
    }
}
