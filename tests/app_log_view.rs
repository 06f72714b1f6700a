//! A log panel's state: following, pausing, filter, level, search and the
//! match counter, including when the buffer trims its oldest lines.

use runcli::app::LogLine;
use runcli::app::LogView;
use runcli::app::log_query::{filter_regex, search_regex};

fn view(rows: usize) -> LogView {
    let mut v = LogView::new(1000, 1 << 20);
    v.set_rows(rows);
    v
}

fn lines(texts: &[&str]) -> Vec<LogLine> {
    texts.iter().map(|t| LogLine::stdout(*t)).collect()
}

fn numbered(range: std::ops::Range<usize>) -> Vec<LogLine> {
    range.map(|i| LogLine::stdout(format!("{i}"))).collect()
}

fn visible(v: &LogView) -> Vec<String> {
    let (start, end) = v.visible_range();
    (start..end)
        .map(|i| v.shown_line(i).unwrap().text.clone())
        .collect()
}

#[test]
fn following_shows_the_newest_lines() {
    let mut v = view(10);
    v.append(numbered(0..100));
    assert_eq!(v.visible_range(), (90, 100));
}

#[test]
fn paused_view_stays_on_the_same_lines_and_g_follows_again() {
    let mut v = view(10);
    v.append(numbered(0..100));
    v.scroll_up(20);
    assert!(!v.follow);
    assert_eq!(v.visible_range(), (70, 80));
    v.append(numbered(100..150));
    assert_eq!(v.visible_range(), (70, 80));
    v.to_bottom();
    assert_eq!(v.visible_range(), (140, 150));
}

#[test]
fn top_stops_at_the_oldest_line() {
    let mut v = view(10);
    v.append(numbered(0..30));
    v.to_top();
    assert_eq!(v.visible_range(), (0, 10));
    v.scroll_down(5);
    assert_eq!(v.visible_range(), (5, 15));
}

#[test]
fn filter_shows_only_matching_lines_including_new_ones() {
    let mut v = view(10);
    v.append(lines(&[
        "GET /ping 200",
        "POST /users 201",
        "GET /ping 500",
    ]));
    v.set_filter(Some(("ping".into(), filter_regex("ping").unwrap())));
    assert_eq!(visible(&v), vec!["GET /ping 200", "GET /ping 500"]);
    v.append(lines(&["GET /users 200", "GET /PING 200"]));
    assert_eq!(v.len(), 3);
    v.set_filter(None);
    assert_eq!(v.len(), 5);
}

#[test]
fn level_filter_cycles_warn_and_error() {
    let mut v = view(10);
    v.append(lines(&[
        "INFO start",
        "WARNING disk",
        "ERROR boom",
        "INFO ok",
    ]));
    v.cycle_level();
    assert_eq!(visible(&v), vec!["WARNING disk", "ERROR boom"]);
    v.cycle_level();
    assert_eq!(visible(&v), vec!["ERROR boom"]);
    v.cycle_level();
    assert_eq!(v.len(), 4);
}

#[test]
fn search_counts_matches_and_n_moves_between_them() {
    let mut v = view(4);
    v.append(numbered(0..100));
    v.set_search(Some(("7".into(), search_regex("7").unwrap())));
    // 7, 17, 27, ..., 97 and 70..79: 19 lines hold a 7.
    assert_eq!(v.match_counter(), Some((0, 19)));
    v.jump_match(false);
    assert_eq!(v.match_counter(), Some((19, 19)));
    assert!(!v.follow, "jumping pauses follow");
    let (start, end) = v.visible_range();
    assert!((start..end).any(|i| v.shown_line(i).unwrap().text == "97"));
    v.jump_match(false);
    assert_eq!(v.match_counter(), Some((18, 19)));
    let (start, end) = v.visible_range();
    assert!((start..end).any(|i| v.is_current_match(i) && v.shown_line(i).unwrap().text == "87"));
    v.jump_match(true);
    assert_eq!(v.match_counter(), Some((19, 19)));
}

#[test]
fn search_only_counts_lines_the_filter_shows() {
    let mut v = view(10);
    v.append(lines(&["a error", "b error", "a ok"]));
    v.set_filter(Some(("^a".into(), filter_regex("^a").unwrap())));
    v.set_search(Some(("error".into(), search_regex("error").unwrap())));
    assert_eq!(v.match_counter(), Some((0, 1)));
}

#[test]
fn trimmed_lines_leave_filter_and_search_consistent() {
    let mut v = LogView::new(100, 1 << 20);
    v.set_rows(5);
    v.set_filter(Some(("x".into(), filter_regex("x").unwrap())));
    v.set_search(Some(("x1".into(), search_regex("x1").unwrap())));
    for i in 0..1000 {
        let text = if i % 2 == 0 {
            format!("x{i}")
        } else {
            format!("y{i}")
        };
        v.append(vec![LogLine::stdout(text)]);
    }
    assert!(v.buffer.len() <= 100);
    assert!(v.len() <= 50);
    for i in 0..v.len() {
        assert!(v.shown_line(i).unwrap().text.starts_with('x'));
    }
    let (_, total) = v.match_counter().unwrap();
    let expected = (0..v.len())
        .filter(|&i| v.shown_line(i).unwrap().text.contains("x1"))
        .count();
    assert_eq!(total, expected);
    assert_eq!(visible(&v).last().map(String::as_str), Some("x998"));
}

#[test]
fn a_view_at_its_oldest_line_stays_there_when_its_rows_change() {
    // A traceback opened at its top before the panel's size was known.
    let mut v = view(20);
    v.append(numbered(0..13));
    v.to_top();
    v.set_rows(5);
    assert_eq!(visible(&v), ["0", "1", "2", "3", "4"]);
    v.set_rows(8);
    assert_eq!(visible(&v)[0], "0");
    // Elsewhere the newest line shown stays put.
    let mut v = view(10);
    v.append(numbered(0..100));
    v.scroll_up(20);
    v.set_rows(5);
    assert_eq!(visible(&v), ["75", "76", "77", "78", "79"]);
}
