//! A one-line text prompt in the status bar (search, filter).

/// What a prompt's text is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// `/`: literal search in the focused log.
    Search,
    /// `f`: regex filter of the focused log.
    Filter,
    /// `m` in the Git pane: the bump's commit, tag and history message.
    CommitMessage,
    /// A tier's argument (the `module` tier's test path).
    TierArg,
    /// `n` in the Migrations pane: the new revision's message.
    MigrationMessage,
    /// `U` in the Migrations pane: the revision to upgrade to.
    UpgradeRevision,
    /// `D` in the Migrations pane: the revision to downgrade to.
    DowngradeRevision,
    /// A pipeline's confirm step for production: the environment's name.
    ConfirmEnv,
    /// The `:` palette's query.
    Palette,
    /// A project command's `args` values.
    CommandArgs,
}

impl PromptKind {
    pub fn label(self) -> &'static str {
        match self {
            PromptKind::Search => "/",
            PromptKind::Filter => "filter (regex, empty clears): ",
            PromptKind::CommitMessage => "message: ",
            PromptKind::MigrationMessage => "new revision message: ",
            PromptKind::UpgradeRevision => "upgrade to revision (empty: head): ",
            PromptKind::DowngradeRevision => {
                "downgrade to revision (empty: one back; -2, base, a1b2c3): "
            }
            PromptKind::TierArg => "test path (e.g. tests/unit_tests/test_config.py): ",
            PromptKind::ConfirmEnv => "type production to deploy it (anything else cancels): ",
            PromptKind::Palette => ":",
            PromptKind::CommandArgs => "values (split as a shell does): ",
        }
    }
}

/// An open prompt, what has been typed, and where the cursor is. The
/// editing keys are the shell's (readline's): Ctrl-U, Ctrl-W, Ctrl-A/E.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    text: String,
    /// Byte offset of the cursor in `text`, always on a char boundary.
    cursor: usize,
}

impl Prompt {
    /// A prompt holding `text`, the cursor at its end.
    pub fn new(kind: PromptKind, text: &str) -> Prompt {
        Prompt {
            kind,
            text: text.to_string(),
            cursor: text.len(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor's position in characters, for drawing it.
    pub fn cursor_chars(&self) -> usize {
        self.text[..self.cursor].chars().count()
    }

    /// Types `c` at the cursor.
    pub fn insert(&mut self, c: char) {
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
    }

    /// Backspace: deletes the character before the cursor.
    pub fn backspace(&mut self) {
        if let Some(c) = self.text[..self.cursor].chars().next_back() {
            self.cursor -= c.len_utf8();
            self.text.remove(self.cursor);
        }
    }

    /// Ctrl-U: deletes everything before the cursor.
    pub fn clear_to_start(&mut self) {
        self.text.replace_range(..self.cursor, "");
        self.cursor = 0;
    }

    /// Ctrl-W: deletes the word before the cursor and the blanks after it,
    /// as a shell does.
    pub fn delete_word(&mut self) {
        let before = &self.text[..self.cursor];
        let word_end = before.trim_end().len();
        let start = before[..word_end]
            .rfind(char::is_whitespace)
            .map_or(0, |i| {
                i + before[i..].chars().next().map_or(1, char::len_utf8)
            });
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    pub fn left(&mut self) {
        if let Some(c) = self.text[..self.cursor].chars().next_back() {
            self.cursor -= c.len_utf8();
        }
    }

    pub fn right(&mut self) {
        if let Some(c) = self.text[self.cursor..].chars().next() {
            self.cursor += c.len_utf8();
        }
    }

    /// Ctrl-A, Home.
    pub fn home(&mut self) {
        self.cursor = 0;
    }

    /// Ctrl-E, End.
    pub fn end(&mut self) {
        self.cursor = self.text.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> Prompt {
        let mut p = Prompt::new(PromptKind::Search, "");
        text.chars().for_each(|c| p.insert(c));
        p
    }

    #[test]
    fn typing_inserts_at_the_cursor() {
        let mut p = typed("helo");
        p.left();
        p.insert('l');
        assert_eq!((p.text(), p.cursor_chars()), ("hello", 4));
        p.home();
        p.insert('>');
        assert_eq!((p.text(), p.cursor_chars()), (">hello", 1));
        p.end();
        p.insert('!');
        assert_eq!(p.text(), ">hello!");
    }

    #[test]
    fn left_right_stop_at_the_ends_and_step_whole_characters() {
        let mut p = typed("dé");
        p.right();
        assert_eq!(p.cursor_chars(), 2);
        p.left();
        assert_eq!(p.cursor_chars(), 1);
        p.left();
        p.left();
        assert_eq!(p.cursor_chars(), 0);
        p.right();
        p.backspace();
        assert_eq!(p.text(), "é");
    }

    #[test]
    fn backspace_deletes_before_the_cursor_only() {
        let mut p = typed("abc");
        p.home();
        p.backspace();
        assert_eq!(p.text(), "abc");
        p.end();
        p.left();
        p.backspace();
        assert_eq!((p.text(), p.cursor_chars()), ("ac", 1));
    }

    #[test]
    fn ctrl_u_clears_to_the_start_and_keeps_the_rest() {
        let mut p = typed("drop this keep");
        for _ in 0.." keep".len() {
            p.left();
        }
        p.clear_to_start();
        assert_eq!((p.text(), p.cursor_chars()), (" keep", 0));
    }

    #[test]
    fn ctrl_w_deletes_the_word_before_the_cursor() {
        let mut p = typed("tests/unit  fix löwe  ");
        p.delete_word();
        assert_eq!(p.text(), "tests/unit  fix ");
        p.delete_word();
        assert_eq!(p.text(), "tests/unit  ");
        p.delete_word();
        assert_eq!((p.text(), p.cursor_chars()), ("", 0));
        p.delete_word();
        assert_eq!(p.text(), "");

        let mut p = typed("one two");
        p.left();
        p.left();
        p.delete_word();
        assert_eq!((p.text(), p.cursor_chars()), ("one wo", 4));
    }
}
