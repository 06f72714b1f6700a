//! Writes a value so that dotenvy reads back exactly that value.
//!
//! dotenvy 0.15 reads an unquoted value up to whitespace, expands `$NAME`
//! outside single quotes, and inside double quotes accepts the escapes
//! `\\`, `\"`, `\$`, `\'`, `\ ` and `\n`. So a value made only of plain
//! characters is written bare (what people expect to see in an env file) and
//! anything else is double-quoted with `\`, `"` and `$` escaped and each
//! newline written as `\n`, which keeps one variable per line.

/// Characters that need no quoting.
fn is_plain(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_-./:@%+,=?&~^*!;<>|[]{}()".contains(c)
}

/// The dotenv spelling of `value`.
pub fn quote_value(value: &str) -> String {
    if value.chars().all(is_plain) {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '$' => out.push_str("\\$"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_back(value: &str) -> String {
        let line = format!("K={}\n", quote_value(value));
        let mut iter = dotenvy::from_read_iter(line.as_bytes());
        let (key, read) = iter.next().unwrap().unwrap();
        assert_eq!(key, "K");
        assert!(iter.next().is_none());
        read
    }

    #[test]
    fn plain_values_stay_bare() {
        assert_eq!(
            quote_value("postgresql://u:p@db:5432/x"),
            "postgresql://u:p@db:5432/x"
        );
        assert_eq!(quote_value(""), "");
    }

    #[test]
    fn every_ascii_character_round_trips() {
        for c in (0u8..128).map(char::from) {
            let value = format!("a{c}b{c}");
            assert_eq!(read_back(&value), value, "character {:?}", c);
        }
    }
}
