//! One line of Sphinx output to a [`SphinxLine`].

use super::{Finished, Level, SphinxLine, Warning};

/// Classifies one line. Colour codes are ignored, and of a line that a
/// terminal redraws with `\r` only the last drawing counts.
pub fn classify(line: &str) -> SphinxLine {
    let last = line
        .split('\r')
        .rfind(|s| !s.trim().is_empty())
        .unwrap_or_default();
    let plain;
    let untrimmed = if last.contains('\u{1b}') {
        plain = strip_ansi_escapes::strip_str(last);
        plain.as_str()
    } else {
        last
    };
    let text = untrimmed.trim();
    if text.is_empty() {
        return SphinxLine::Other;
    }
    // Progress is never indented; indented text is a quoted source line.
    let indented = untrimmed.starts_with(char::is_whitespace);
    warning(text)
        .map(SphinxLine::Warning)
        .or_else(|| finished(text).map(SphinxLine::Finished))
        .or_else(|| apidoc(text))
        .or_else(|| aborted(text))
        .or_else(|| if indented { None } else { progress(text) })
        .unwrap_or(SphinxLine::Other)
}

/// Each marker with the `: ` that separates it from a location.
const LEVELS: [(&str, &str, Level); 7] = [
    ("WARNING: ", ": WARNING: ", Level::Warning),
    ("ERROR: ", ": ERROR: ", Level::Error),
    ("CRITICAL: ", ": CRITICAL: ", Level::Critical),
    ("SEVERE: ", ": SEVERE: ", Level::Critical),
    // docutils' own spelling, seen from older Sphinx.
    ("(WARNING/2) ", ": (WARNING/2) ", Level::Warning),
    ("(ERROR/3) ", ": (ERROR/3) ", Level::Error),
    ("(SEVERE/4) ", ": (SEVERE/4) ", Level::Critical),
];

fn warning(text: &str) -> Option<Warning> {
    let (location, level, message) = LEVELS
        .iter()
        .filter_map(|(marker, located, level)| {
            if let Some(message) = text.strip_prefix(marker) {
                return Some((0, None, *level, message));
            }
            let at = text.find(located)?;
            let message = &text[at + located.len()..];
            Some((at, Some(&text[..at]), *level, message))
        })
        .min_by_key(|(at, ..)| *at)
        .map(|(_, location, level, message)| (location, level, message))?;
    let mut warning = Warning {
        file: None,
        line: None,
        context: None,
        level,
        message: message.trim().to_string(),
        category: None,
    };
    split_category(&mut warning);
    if let Some(location) = location {
        split_location(&mut warning, location);
    }
    Some(warning)
}

/// `... [toc.not_included]` at the end names the warning type.
fn split_category(warning: &mut Warning) {
    let Some(body) = warning.message.strip_suffix(']') else {
        return;
    };
    let Some((message, category)) = body.rsplit_once(" [") else {
        return;
    };
    let is_type = !category.is_empty()
        && category
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
    if is_type {
        warning.category = Some(category.to_string());
        warning.message = message.trim_end().to_string();
    }
}

/// `path:12`, `path:` (no line), `path:docstring of mod.func:3`, `<unknown>:5`.
fn split_location(warning: &mut Warning, location: &str) {
    // A warning that lands on an unfinished `checking consistency... ` line.
    let mut place = location.rsplit_once("... ").map_or(location, |(_, l)| l);
    if let Some((head, tail)) = place.rsplit_once(':') {
        if tail.is_empty() {
            place = head;
        } else if let Ok(line) = tail.parse::<u32>() {
            warning.line = Some(line);
            place = head;
        }
    }
    if let Some(pos) = place.find("docstring of ") {
        let before = place[..pos].trim_end_matches(':');
        warning.context = Some(place[pos..].to_string());
        place = before;
    }
    if !place.is_empty() && place != "<unknown>" {
        warning.file = Some(place.to_string());
    }
}

/// `build succeeded.`, `build succeeded, 3 warnings.`,
/// `build finished with problems, 1 warning (with warnings treated as errors).`
fn finished(text: &str) -> Option<Finished> {
    let rest = text.strip_prefix("build ")?;
    let (ok, rest) = if let Some(rest) = rest.strip_prefix("succeeded") {
        (true, rest)
    } else {
        (false, rest.strip_prefix("finished with problems")?)
    };
    if rest == "." {
        return Some(Finished { ok, warnings: 0 });
    }
    let count = rest.strip_prefix(", ")?;
    let (number, word) = count.split_once(' ')?;
    if !word.starts_with("warning") {
        return None;
    }
    Some(Finished {
        ok,
        warnings: number.parse().ok()?,
    })
}

fn apidoc(text: &str) -> Option<SphinxLine> {
    if let Some(file) = text.strip_prefix("Creating file ") {
        let file = file.strip_suffix('.').unwrap_or(file);
        return Some(SphinxLine::Created { file: file.into() });
    }
    let file = text
        .strip_prefix("File ")?
        .strip_suffix(" already exists, skipping.")?;
    Some(SphinxLine::Kept { file: file.into() })
}

fn aborted(text: &str) -> Option<SphinxLine> {
    const HEADS: [&str; 7] = [
        "Sphinx error:",
        "Sphinx parallel build error:",
        "Extension error",
        "Configuration error:",
        "Theme error:",
        "Exception occurred:",
        "Interrupted!",
    ];
    let head = HEADS.iter().find(|h| text.starts_with(*h))?;
    let reason = text[head.len()..].trim_start_matches([':', ' ']);
    let reason = if reason.is_empty() && *head == "Interrupted!" {
        "interrupted"
    } else {
        reason
    };
    Some(SphinxLine::Aborted {
        reason: reason.to_string(),
    })
}

/// `reading sources... [ 50%] index` or `copying static files... done`.
fn progress(text: &str) -> Option<SphinxLine> {
    let (phase, rest) = text.split_once("...")?;
    if !is_phase(phase) {
        return None;
    }
    let rest = rest.trim();
    if let Some((number, item)) = rest.strip_prefix('[').and_then(|b| b.split_once("%]")) {
        let percent: u8 = number.trim().parse().ok().filter(|p| *p <= 100)?;
        return Some(SphinxLine::Progress {
            phase: phase.to_string(),
            percent,
            item: item.trim().to_string(),
        });
    }
    Some(SphinxLine::Step {
        phase: phase.to_string(),
        outcome: rest.to_string(),
    })
}

/// Phases are short lowercase phrases such as `copying static files` or
/// `dumping search index in English (code: en)`.
fn is_phase(phase: &str) -> bool {
    phase.len() <= 80
        && phase.starts_with(|c: char| c.is_ascii_lowercase())
        && !phase.ends_with(' ')
        && phase
            .chars()
            .all(|c| c.is_alphanumeric() || " ()[]:_-,".contains(c))
        && balanced(phase)
}

fn balanced(text: &str) -> bool {
    let mut open = Vec::new();
    for c in text.chars() {
        match c {
            '(' | '[' => open.push(c),
            ')' if open.pop() != Some('(') => return false,
            ']' if open.pop() != Some('[') => return false,
            _ => {}
        }
    }
    open.is_empty()
}
