//! A log buffer plus where the user is looking in it.
//!
//! The position is kept as lines back from the newest line, so the view
//! needs no knowledge of the screen: following means zero lines back, and a
//! paused view grows its distance as new lines arrive so what the user is
//! reading stays put.

use super::log_buffer::{LogBuffer, LogLine};

/// One log panel's state.
#[derive(Debug, Clone)]
pub struct LogView {
    pub buffer: LogBuffer,
    /// New lines keep the newest line in view.
    pub follow: bool,
    /// How many lines the bottom of the view sits above the newest line.
    pub back: usize,
    /// Rows the panel shows, known from the terminal size; scrolling stops
    /// when the oldest line reaches the top.
    pub rows: usize,
}

impl LogView {
    pub fn new(max_lines: usize, max_bytes: usize) -> LogView {
        LogView {
            buffer: LogBuffer::new(max_lines, max_bytes),
            follow: true,
            back: 0,
            rows: 20,
        }
    }

    /// Tells the view how many rows it has.
    pub fn set_rows(&mut self, rows: usize) {
        self.rows = rows.max(1);
        self.clamp();
    }

    /// Appends lines; a paused view keeps showing the same lines.
    pub fn append(&mut self, lines: Vec<LogLine>) {
        let added = lines.len();
        self.buffer.extend(lines);
        if !self.follow {
            self.back += added;
        }
        self.clamp();
    }

    /// Scrolls towards older lines; pauses following.
    pub fn scroll_up(&mut self, lines: usize) {
        if lines == 0 || self.buffer.is_empty() {
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
        self.scroll_up(self.buffer.len());
    }

    /// `G`/End: the newest line, following again.
    pub fn to_bottom(&mut self) {
        self.follow = true;
        self.back = 0;
    }

    pub fn clear(&mut self) {
        self.buffer.clear();
        self.back = 0;
        self.follow = true;
    }

    fn clamp(&mut self) {
        self.back = self.back.min(self.buffer.len().saturating_sub(self.rows));
    }

    /// The index range of the visible lines.
    pub fn visible_range(&self) -> (usize, usize) {
        let end = self.buffer.len().saturating_sub(self.back);
        let start = end.saturating_sub(self.rows);
        (start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(range: std::ops::Range<usize>) -> Vec<LogLine> {
        range.map(|i| LogLine::stdout(format!("{i}"))).collect()
    }

    #[test]
    fn following_shows_the_newest_lines() {
        let mut view = LogView::new(1000, 1 << 20);
        view.set_rows(10);
        view.append(lines(0..100));
        assert_eq!(view.visible_range(), (90, 100));
    }

    #[test]
    fn paused_view_stays_on_the_same_lines() {
        let mut view = LogView::new(1000, 1 << 20);
        view.set_rows(10);
        view.append(lines(0..100));
        view.scroll_up(20);
        assert!(!view.follow);
        assert_eq!(view.visible_range(), (70, 80));
        view.append(lines(100..150));
        assert_eq!(view.visible_range(), (70, 80));
        view.to_bottom();
        assert_eq!(view.visible_range(), (140, 150));
    }

    #[test]
    fn top_and_clamping() {
        let mut view = LogView::new(1000, 1 << 20);
        view.set_rows(10);
        view.append(lines(0..30));
        view.to_top();
        assert_eq!(view.visible_range(), (0, 10));
        view.scroll_down(5);
        assert_eq!(view.visible_range(), (5, 15));
    }
}
