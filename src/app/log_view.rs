//! A log buffer plus how the user looks at it: position, filter, search
//! and display toggles.
//!
//! The position is kept as lines back from the newest shown line, so the
//! view needs no knowledge of the screen beyond its row count: following
//! means zero lines back, and a paused view grows its distance as new lines
//! arrive so what the user is reading stays put. Filter and search results
//! are kept as absolute line ids and extended as lines arrive, so neither
//! drawing nor appending rescans the buffer.

use regex::Regex;

use super::log_buffer::{LogBuffer, LogLine};
use super::log_query::{LevelFilter, LevelPatterns};

/// A committed search and where the user is in its matches.
#[derive(Debug, Clone)]
pub struct Search {
    pub text: String,
    pub regex: Regex,
    /// Absolute ids of shown lines that match, oldest first.
    matches: Vec<u64>,
    /// Index into `matches` of the match last jumped to.
    current: Option<usize>,
}

/// One log panel's state.
#[derive(Debug, Clone)]
pub struct LogView {
    pub buffer: LogBuffer,
    /// New lines keep the newest line in view.
    pub follow: bool,
    /// How many shown lines the bottom of the view sits above the newest.
    pub back: usize,
    /// Rows the panel shows; scrolling stops when the oldest line is on top.
    pub rows: usize,
    pub show_timestamps: bool,
    /// Render ANSI colours (else strip them).
    pub ansi: bool,
    pub wrap: bool,
    pub level: LevelFilter,
    filter: Option<(String, Regex)>,
    /// Absolute ids of the lines the filter and level keep; `None` shows all.
    shown: Option<Vec<u64>>,
    search: Option<Search>,
    levels: LevelPatterns,
}

impl LogView {
    pub fn new(max_lines: usize, max_bytes: usize) -> LogView {
        LogView {
            buffer: LogBuffer::new(max_lines, max_bytes),
            follow: true,
            back: 0,
            rows: 20,
            show_timestamps: false,
            ansi: true,
            wrap: false,
            level: LevelFilter::All,
            filter: None,
            shown: None,
            search: None,
            levels: LevelPatterns::new(),
        }
    }

    /// Tells the view how many rows it has. A paused view showing its
    /// oldest line keeps showing it (a traceback opened at its top stays
    /// there when the panel's size becomes known); otherwise the newest
    /// line shown stays put.
    pub fn set_rows(&mut self, rows: usize) {
        let at_top = !self.follow && self.back == self.len().saturating_sub(self.rows);
        self.rows = rows.max(1);
        if at_top {
            self.back = self.len();
        }
        self.clamp();
    }

    /// Lines the view can show (all, or those the filter keeps).
    pub fn len(&self) -> usize {
        self.shown.as_ref().map_or(self.buffer.len(), Vec::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `index`-th shown line.
    pub fn shown_line(&self, index: usize) -> Option<&LogLine> {
        match &self.shown {
            None => self.buffer.get(index),
            Some(ids) => {
                let id = *ids.get(index)?;
                self.buffer
                    .get(usize::try_from(id - self.buffer.dropped()).ok()?)
            }
        }
    }

    /// Appends lines; a paused view keeps showing the same lines.
    pub fn append(&mut self, lines: Vec<LogLine>) {
        let mut added_shown = 0;
        for line in lines {
            let id = self.buffer.dropped() + self.buffer.len() as u64;
            let keep = self.keeps(&line);
            let hit = keep
                && self
                    .search
                    .as_ref()
                    .is_some_and(|s| s.regex.is_match(&line.text));
            self.buffer.push(line);
            if keep {
                added_shown += 1;
                if let Some(ids) = &mut self.shown {
                    ids.push(id);
                }
            }
            if hit && let Some(search) = &mut self.search {
                search.matches.push(id);
            }
        }
        self.prune();
        if !self.follow {
            self.back += added_shown;
        }
        self.clamp();
    }

    fn keeps(&self, line: &LogLine) -> bool {
        self.levels.keeps(self.level, &line.text)
            && self
                .filter
                .as_ref()
                .is_none_or(|(_, r)| r.is_match(&line.text))
    }

    /// Forgets ids of lines the buffer has trimmed.
    fn prune(&mut self) {
        let first = self.buffer.dropped();
        if let Some(ids) = &mut self.shown {
            let gone = ids.partition_point(|&id| id < first);
            ids.drain(..gone);
        }
        if let Some(search) = &mut self.search {
            let gone = search.matches.partition_point(|&id| id < first);
            search.matches.drain(..gone);
            search.current = search.current.and_then(|c| c.checked_sub(gone));
        }
    }

    /// Shows only lines matching `filter` (and the level); `None` clears it.
    pub fn set_filter(&mut self, filter: Option<(String, Regex)>) {
        self.filter = filter;
        self.rebuild_shown();
    }

    pub fn filter_text(&self) -> Option<&str> {
        self.filter.as_ref().map(|(t, _)| t.as_str())
    }

    /// Cycles all -> WARN+ -> ERROR.
    pub fn cycle_level(&mut self) {
        self.level = self.level.next();
        self.rebuild_shown();
    }

    fn rebuild_shown(&mut self) {
        self.shown = None;
        if self.filter.is_some() || self.level != LevelFilter::All {
            let first = self.buffer.dropped();
            let mut ids = Vec::new();
            for (i, line) in self.buffer.iter().enumerate() {
                if self.keeps(line) {
                    ids.push(first + i as u64);
                }
            }
            self.shown = Some(ids);
        }
        self.back = 0;
        self.follow = true;
        let text = self
            .search
            .as_ref()
            .map(|s| (s.text.clone(), s.regex.clone()));
        self.set_search(text);
    }

    /// Starts a search over the shown lines; `None` ends it.
    pub fn set_search(&mut self, search: Option<(String, Regex)>) {
        self.search = search.map(|(text, regex)| {
            let matches = (0..self.len())
                .filter(|&i| self.shown_line(i).is_some_and(|l| regex.is_match(&l.text)))
                .map(|i| self.id_of(i))
                .collect();
            Search {
                text,
                regex,
                matches,
                current: None,
            }
        });
    }

    pub fn search(&self) -> Option<&Search> {
        self.search.as_ref()
    }

    /// (current match number from 1, total matches), for the counter.
    pub fn match_counter(&self) -> Option<(usize, usize)> {
        let s = self.search.as_ref()?;
        Some((s.current.map_or(0, |c| c + 1), s.matches.len()))
    }

    /// `n` / `N`: jumps to the next older (`forward == false`) or newer match,
    /// starting from the newest when none was visited yet; pauses follow.
    pub fn jump_match(&mut self, newer: bool) {
        let Some(search) = &mut self.search else {
            return;
        };
        let count = search.matches.len();
        if count == 0 {
            return;
        }
        let next = match (search.current, newer) {
            (None, _) => count - 1,
            (Some(c), true) => (c + 1) % count,
            (Some(c), false) => c.checked_sub(1).unwrap_or(count - 1),
        };
        search.current = Some(next);
        let id = search.matches[next];
        if let Some(position) = self.position_of(id) {
            self.follow = false;
            let below = self.len() - 1 - position;
            self.back = below.saturating_sub(self.rows / 2);
            self.clamp();
        }
    }

    /// Whether the line with absolute id `id` is the current match.
    pub fn is_current_match(&self, index: usize) -> bool {
        self.search
            .as_ref()
            .and_then(|s| s.current.map(|c| s.matches[c]))
            .is_some_and(|id| id == self.id_of(index))
    }

    fn id_of(&self, index: usize) -> u64 {
        match &self.shown {
            None => self.buffer.dropped() + index as u64,
            Some(ids) => ids.get(index).copied().unwrap_or(u64::MAX),
        }
    }

    fn position_of(&self, id: u64) -> Option<usize> {
        match &self.shown {
            None => usize::try_from(id.checked_sub(self.buffer.dropped())?).ok(),
            Some(ids) => ids.binary_search(&id).ok(),
        }
    }

    /// Scrolls towards older lines; pauses following.
    pub fn scroll_up(&mut self, lines: usize) {
        if lines == 0 || self.is_empty() {
            return;
        }
        self.follow = false;
        self.back = self.back.saturating_add(lines);
        self.clamp();
    }

    /// Scrolls towards newer lines; following stays paused until `G`/End.
    pub fn scroll_down(&mut self, lines: usize) {
        self.back = self.back.saturating_sub(lines);
    }

    /// `g`/Home: the oldest line.
    pub fn to_top(&mut self) {
        self.scroll_up(self.len());
    }

    /// `G`/End: the newest line, following again.
    pub fn to_bottom(&mut self) {
        self.follow = true;
        self.back = 0;
    }

    pub fn clear(&mut self) {
        self.buffer.clear();
        self.prune();
        if let Some(ids) = &mut self.shown {
            ids.clear();
        }
        self.back = 0;
        self.follow = true;
    }

    fn clamp(&mut self) {
        self.back = self.back.min(self.len().saturating_sub(self.rows));
    }

    /// The range of shown-line indices visible now.
    pub fn visible_range(&self) -> (usize, usize) {
        let end = self.len().saturating_sub(self.back);
        let start = end.saturating_sub(self.rows);
        (start, end)
    }

    /// The text of every shown line, for writing the panel to a file.
    pub fn shown_text(&self) -> Vec<String> {
        (0..self.len())
            .filter_map(|i| self.shown_line(i))
            .map(|l| match (&l.timestamp, self.show_timestamps) {
                (Some(ts), true) => format!("{ts} {}", l.text),
                _ => l.text.clone(),
            })
            .collect()
    }
}
