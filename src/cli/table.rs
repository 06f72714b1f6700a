//! Plain-text columns for headless listings. Fixed widths let a long cell
//! (an image such as `selenium/standalone-chrome:4.7.2-20221219`) run into
//! the next column, so each column is as wide as its widest cell instead.

/// Space between two columns: wide enough to tell them apart by eye and
/// for `awk`/`split_whitespace` to keep cells with single spaces readable.
const GAP: &str = "  ";

/// The rows as lines, each column padded to its widest cell (counted in
/// chars) and separated by [`GAP`]; the last column is not padded, so no
/// line ends in spaces. Rows may have fewer cells than others.
pub fn columns<R: AsRef<[String]>>(rows: &[R]) -> Vec<String> {
    let mut widths: Vec<usize> = Vec::new();
    for row in rows {
        for (i, cell) in row.as_ref().iter().enumerate() {
            let len = cell.chars().count();
            match widths.get_mut(i) {
                Some(w) => *w = (*w).max(len),
                None => widths.push(len),
            }
        }
    }
    rows.iter()
        .map(|row| {
            let cells = row.as_ref();
            let mut line = String::new();
            for (i, cell) in cells.iter().enumerate() {
                if i + 1 == cells.len() {
                    line.push_str(cell);
                } else {
                    let width = widths.get(i).copied().unwrap_or(0);
                    line.push_str(&format!("{cell:<width$}{GAP}"));
                }
            }
            line.trim_end().to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn each_column_starts_where_the_widest_cell_before_it_ends() {
        let lines = columns(&[row(&["a", "bb", "c"]), row(&["dddd", "e", "f"])]);
        assert_eq!(lines, vec!["a     bb  c", "dddd  e   f"]);
    }

    #[test]
    fn short_rows_and_an_empty_table_are_fine() {
        let lines = columns(&[row(&["name", "x"]), row(&["n"])]);
        assert_eq!(lines, vec!["name  x", "n"]);
        assert!(columns::<Vec<String>>(&[]).is_empty());
    }

    #[test]
    fn widths_count_chars_not_bytes() {
        let lines = columns(&[row(&["café", "x"]), row(&["cafes", "y"])]);
        assert_eq!(lines, vec!["café   x", "cafes  y"]);
    }
}
