//! Key presses as the app sees them, free of any terminal library, so
//! `update()` can be driven from tests without a terminal.

/// A key press the console reacts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Enter,
    Backspace,
    Esc,
    Tab,
    BackTab,
    /// Ctrl-C: quits like `q`, even inside panes that capture letters.
    CtrlC,
    /// Ctrl-U, Ctrl-W, Ctrl-A, Ctrl-E: a prompt's line editing (clear to
    /// the start, delete a word, start, end), as in a shell.
    CtrlU,
    CtrlW,
    CtrlA,
    CtrlE,
    /// Ctrl with any other letter: only ever a key a `[keys]` remap names.
    Ctrl(char),
    /// A function key, F1 to F12.
    F(u8),
}

impl Key {
    /// Reads a key as runcli.toml's `[keys]` writes it: one character
    /// (`"x"`, `"D"`, `"%"`), `"shift-d"` (= `"D"`), `"ctrl-r"`, `"F5"`, or
    /// a named key (`"space"`, `"enter"`, `"esc"`, `"tab"`, arrows, ...).
    /// Names are case-blind; a single character is not.
    pub fn parse(text: &str) -> Option<Key> {
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return (!c.is_control()).then_some(Key::Char(c));
        }
        let lower = text.to_ascii_lowercase();
        if let Some(rest) = lower.strip_prefix("shift-") {
            return single_letter(rest).map(|c| Key::Char(c.to_ascii_uppercase()));
        }
        if let Some(rest) = lower.strip_prefix("ctrl-") {
            return single_letter(rest).map(|c| match c {
                'c' => Key::CtrlC,
                'u' => Key::CtrlU,
                'w' => Key::CtrlW,
                'a' => Key::CtrlA,
                'e' => Key::CtrlE,
                c => Key::Ctrl(c),
            });
        }
        if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
            return (1..=12).contains(&n).then_some(Key::F(n));
        }
        Some(match lower.as_str() {
            "space" => Key::Char(' '),
            "up" => Key::Up,
            "down" => Key::Down,
            "left" => Key::Left,
            "right" => Key::Right,
            "pgup" | "pageup" => Key::PageUp,
            "pgdn" | "pagedown" => Key::PageDown,
            "home" => Key::Home,
            "end" => Key::End,
            "enter" => Key::Enter,
            "backspace" => Key::Backspace,
            "esc" => Key::Esc,
            "tab" => Key::Tab,
            "backtab" | "shift-tab" => Key::BackTab,
            _ => return None,
        })
    }
}

fn single_letter(text: &str) -> Option<char> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_lowercase() => Some(c),
        _ => None,
    }
}

/// How help and `runcli keys` write a key: as the help overlay always has
/// (`u`, `Enter`, `Ctrl-C`, `PgUp`).
impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self {
            Key::Char(' ') => "Space",
            Key::Char(c) => return write!(f, "{c}"),
            Key::Ctrl(c) => return write!(f, "Ctrl-{}", c.to_ascii_uppercase()),
            Key::F(n) => return write!(f, "F{n}"),
            Key::Up => "Up",
            Key::Down => "Down",
            Key::Left => "Left",
            Key::Right => "Right",
            Key::PageUp => "PgUp",
            Key::PageDown => "PgDn",
            Key::Home => "Home",
            Key::End => "End",
            Key::Enter => "Enter",
            Key::Backspace => "Backspace",
            Key::Esc => "Esc",
            Key::Tab => "Tab",
            Key::BackTab => "Shift-Tab",
            Key::CtrlC => "Ctrl-C",
            Key::CtrlU => "Ctrl-U",
            Key::CtrlW => "Ctrl-W",
            Key::CtrlA => "Ctrl-A",
            Key::CtrlE => "Ctrl-E",
        };
        f.write_str(name)
    }
}

#[cfg(test)]
mod tests {
    use super::Key;

    #[test]
    fn key_notation_reads_what_help_writes() {
        assert_eq!(Key::parse("x"), Some(Key::Char('x')));
        assert_eq!(Key::parse("D"), Some(Key::Char('D')));
        assert_eq!(Key::parse("shift-d"), Some(Key::Char('D')));
        assert_eq!(Key::parse("ctrl-r"), Some(Key::Ctrl('r')));
        assert_eq!(Key::parse("Ctrl-U"), Some(Key::CtrlU));
        assert_eq!(Key::parse("F5"), Some(Key::F(5)));
        assert_eq!(Key::parse("f13"), None);
        assert_eq!(Key::parse("ctrl-"), None);
        assert_eq!(Key::parse("hyper-x"), None);
        for key in [Key::Ctrl('r'), Key::F(5), Key::Char(' '), Key::PageUp] {
            assert_eq!(Key::parse(&key.to_string()), Some(key), "{key}");
        }
    }
}
