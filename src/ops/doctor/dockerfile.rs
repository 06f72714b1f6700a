//! The build stages a Dockerfile names (`FROM image AS name`), so a compose
//! `build.target` can be checked without asking the builder.

/// Stage names in order, as written. Instructions are case-insensitive;
/// `--platform=...` flags are skipped; comments and other lines ignored.
pub fn stages(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            if !words.next()?.eq_ignore_ascii_case("FROM") {
                return None;
            }
            let mut rest = words.skip_while(|w| w.starts_with("--"));
            rest.next()?; // the image
            if !rest.next()?.eq_ignore_ascii_case("AS") {
                return None;
            }
            rest.next().map(str::to_string)
        })
        .collect()
}

/// Whether `target` is one of `stages`; stage names compare
/// case-insensitively, as the builder does.
pub fn has_stage(stages: &[String], target: &str) -> bool {
    stages.iter().any(|s| s.eq_ignore_ascii_case(target))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_named_stages_in_any_case_and_after_flags() {
        let text = "# syntax=docker/dockerfile:1\nARG PY=3.11\nFROM python:${PY} AS base\n\
                    RUN echo from x as y\nfrom base as API\n\
                    FROM --platform=$BUILDPLATFORM base AS host\nFROM scratch\n  FROM base  As  last\n";
        assert_eq!(stages(text), vec!["base", "API", "host", "last"]);
        assert!(has_stage(&stages(text), "api"));
        assert!(!has_stage(&stages(text), "scratch"));
    }
}
