//! Compose's value formats: durations as Go writes them (`1m30s`, `500ms`,
//! `1.5h`) and byte sizes as the Docker CLI reads them (`2gb`, `512m`,
//! `1024`; binary multiples). Small and exact to those grammars, which no
//! general-purpose crate follows (humantime reads `1 day`, not `1.5h`).

use std::time::Duration;

/// A Go duration string; negative durations are refused.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let bad = || {
        format!(
            "`{text}` is not a duration; write it like 30s, 1m30s, 500ms or 1h (units h, m, s, ms, us, ns)"
        )
    };
    let s = text.strip_prefix('+').unwrap_or(text);
    if s == "0" {
        return Ok(Duration::ZERO);
    }
    if s.is_empty() {
        return Err(bad());
    }
    let mut nanos: u128 = 0;
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .ok_or_else(bad)?;
        let (number, tail) = rest.split_at(digits);
        let unit_len = tail
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(tail.len());
        let (unit, tail) = tail.split_at(unit_len);
        let scale: u128 = match unit {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return Err(bad()),
        };
        let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
        if (whole.is_empty() && frac.is_empty()) || frac.contains('.') {
            return Err(bad());
        }
        let whole: u128 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| bad())?
        };
        nanos = nanos.saturating_add(whole.saturating_mul(scale));
        if !frac.is_empty() {
            let digits = frac.len().min(18) as u32;
            let frac: u128 = frac[..digits as usize].parse().map_err(|_| bad())?;
            nanos = nanos.saturating_add(frac * scale / 10u128.pow(digits));
        }
        rest = tail;
    }
    let secs = u64::try_from(nanos / 1_000_000_000).map_err(|_| bad())?;
    Ok(Duration::new(secs, (nanos % 1_000_000_000) as u32))
}

/// A byte size: a number, optionally followed by `k`, `m`, `g`, `t` or `p`
/// (times 1024 each step) and an optional `b` (`2gb`, `512M`, `100`).
pub fn parse_bytes(text: &str) -> Result<u64, String> {
    let bad =
        || format!("`{text}` is not a size; write it like 2gb, 512m, 64k or a number of bytes");
    let lower = text.trim().to_ascii_lowercase();
    let number_len = lower
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(lower.len());
    let (number, unit) = lower.split_at(number_len);
    let unit = unit.strip_prefix(' ').unwrap_or(unit);
    let unit = unit.strip_suffix('b').unwrap_or(unit);
    let unit = unit.strip_suffix('i').unwrap_or(unit);
    let multiplier: f64 = match unit {
        "" => 1.0,
        "k" => 1024.0,
        "m" => 1024.0 * 1024.0,
        "g" => 1024.0 * 1024.0 * 1024.0,
        "t" => 1024.0_f64.powi(4),
        "p" => 1024.0_f64.powi(5),
        _ => return Err(bad()),
    };
    if number.is_empty() || number.starts_with('.') || number.ends_with('.') {
        return Err(bad());
    }
    let value: f64 = number.parse().map_err(|_| bad())?;
    let bytes = value * multiplier;
    if !bytes.is_finite() || bytes >= u64::MAX as f64 {
        return Err(bad());
    }
    Ok(bytes as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_follow_go() {
        let ok = |s: &str| parse_duration(s).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ok("1m30s"), Duration::from_secs(90));
        assert_eq!(ok("10s"), Duration::from_secs(10));
        assert_eq!(ok("500ms"), Duration::from_millis(500));
        assert_eq!(ok("1.5h"), Duration::from_secs(5400));
        assert_eq!(ok("2h45m"), Duration::from_secs(9900));
        assert_eq!(ok("0"), Duration::ZERO);
        assert_eq!(ok("3us"), Duration::from_micros(3));
        for bad in ["", "10", "1x", "-1s", "s", "1..5s", "1 s"] {
            assert!(parse_duration(bad).is_err(), "{bad} parsed");
        }
    }

    #[test]
    fn sizes_are_binary_multiples() {
        let ok = |s: &str| parse_bytes(s).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ok("2gb"), 2 * 1024 * 1024 * 1024);
        assert_eq!(ok("2g"), 2 * 1024 * 1024 * 1024);
        assert_eq!(ok("512M"), 512 * 1024 * 1024);
        assert_eq!(ok("64k"), 64 * 1024);
        assert_eq!(ok("1.5k"), 1536);
        assert_eq!(ok("100"), 100);
        assert_eq!(ok("100b"), 100);
        assert_eq!(ok("1GiB"), 1024 * 1024 * 1024);
        for bad in ["", "gb", "2x", "-1", "1.g"] {
            assert!(parse_bytes(bad).is_err(), "{bad} parsed");
        }
    }
}
