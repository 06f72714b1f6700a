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
}
