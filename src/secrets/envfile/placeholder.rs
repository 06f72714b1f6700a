//! Marks where the template printed a value.
//!
//! Tera passes every printed value through an escape function; the compiler's
//! prints the value hex-encoded between two private-use characters. The
//! rendered text thus keeps its line structure whatever a value holds
//! (newlines, quotes), and the env file pass knows exactly which bytes came
//! from values, so it can quote them for dotenv.

/// Opens a placeholder.
pub(crate) const OPEN: char = '\u{E000}';
/// Closes a placeholder.
pub(crate) const CLOSE: char = '\u{E001}';

/// The escape function given to tera. An empty value stays empty so that
/// bookkeeping calls and empty values leave no trace.
pub(crate) fn encode(value: &str) -> String {
    if value.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(value.len() * 2 + 6);
    out.push(OPEN);
    for byte in value.bytes() {
        out.push_str(&format!("{byte:02x}"));
    }
    out.push(CLOSE);
    out
}

/// True when `text` holds a placeholder.
pub(crate) fn contains(text: &str) -> bool {
    text.contains(OPEN)
}

/// True when a value holds a reserved character.
pub(crate) fn is_reserved(value: &str) -> bool {
    value.contains([OPEN, CLOSE])
}

/// Replaces every placeholder by its value. Tera escapes some values twice
/// (a `default` filter's fallback), so decoding repeats until none is left.
pub(crate) fn decode(text: &str) -> String {
    let mut current = text.to_string();
    while contains(&current) {
        let next = replace(&current, |hex| {
            let bytes: Option<Vec<u8>> = (0..hex.len())
                .step_by(2)
                .map(|i| {
                    hex.get(i..i + 2)
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                })
                .collect();
            bytes.and_then(|b| String::from_utf8(b).ok())
        });
        if next == current {
            break;
        }
        current = next;
    }
    current
}

/// Replaces every placeholder by a mask, for error messages.
pub(crate) fn redact(text: &str) -> String {
    replace(text, |_| Some("•••".to_string()))
}

fn replace(text: &str, mut with: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(OPEN) {
        out.push_str(&rest[..open]);
        let body = &rest[open + OPEN.len_utf8()..];
        let Some(close) = body.find(CLOSE) else {
            out.push_str(&rest[open..]);
            return out;
        };
        match with(&body[..close]) {
            Some(value) => out.push_str(&value),
            None => out.push_str(&rest[open..open + OPEN.len_utf8() + close + CLOSE.len_utf8()]),
        }
        rest = &body[close + CLOSE.len_utf8()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_survive_single_and_double_encoding() {
        let value = "a b\n\"c\" $d #e 'f' ü";
        assert_eq!(
            decode(&format!("K={}", encode(value))),
            format!("K={value}")
        );
        assert_eq!(decode(&encode(&encode(value))), value);
        assert!(!encode(value).contains('\n'));
        assert_eq!(encode(""), "");
    }

    #[test]
    fn redact_hides_the_value() {
        let text = format!("bad {}", encode("hunter2"));
        assert_eq!(redact(&text), "bad •••");
    }
}
