//! A service's `healthcheck:`: `test` as a shell string or a list starting
//! with `CMD`, `CMD-SHELL` or `NONE`, Go-style durations, `disable: true`.

use std::time::Duration;

use super::node::{Kind, Node};
use super::read::Reader;
use super::spec::Healthcheck;
use super::units::parse_duration;
use crate::project::error::ProjectError;

pub fn healthcheck(r: Reader<'_>, node: &Node) -> Result<Option<Healthcheck>, ProjectError> {
    if node.is_null() {
        return Ok(None);
    }
    r.map(node, "healthcheck")?;
    let disabled = match node.get("disable") {
        Some(flag) if !flag.is_null() => r.boolean(flag, "healthcheck.disable")?,
        _ => false,
    };
    let test = match node.get("test") {
        None => Vec::new(),
        Some(test) => test_command(r, test)?,
    };
    if disabled || test.first().is_some_and(|t| t == "NONE") {
        return Ok(Some(Healthcheck {
            test: vec!["NONE".into()],
            interval: None,
            timeout: None,
            retries: None,
            start_period: None,
            start_interval: None,
        }));
    }
    let retries = match node.get("retries") {
        Some(n) if !n.is_null() => Some(r.number(n, "healthcheck.retries")?),
        _ => None,
    };
    Ok(Some(Healthcheck {
        test,
        interval: duration(r, node, "interval")?,
        timeout: duration(r, node, "timeout")?,
        retries,
        start_period: duration(r, node, "start_period")?,
        start_interval: duration(r, node, "start_interval")?,
    }))
}

fn test_command(r: Reader<'_>, test: &Node) -> Result<Vec<String>, ProjectError> {
    match &test.kind {
        Kind::Null => Ok(Vec::new()),
        Kind::Scalar(shell) => Ok(vec!["CMD-SHELL".into(), shell.clone()]),
        _ => {
            let words = r.strings(test, "healthcheck.test")?;
            match words.first().map(String::as_str) {
                Some("CMD" | "CMD-SHELL" | "NONE") => Ok(words),
                _ => Err(r.invalid(
                    test,
                    "a healthcheck test list starts with CMD, CMD-SHELL or NONE \
                     (e.g. [\"CMD\", \"pg_isready\"]), or is a shell string",
                )),
            }
        }
    }
}

fn duration(r: Reader<'_>, node: &Node, key: &str) -> Result<Option<Duration>, ProjectError> {
    match node.get(key) {
        Some(value) if !value.is_null() => {
            let text = r.string(value, &format!("healthcheck.{key}"))?;
            parse_duration(&text)
                .map(Some)
                .map_err(|m| r.invalid(value, format!("healthcheck.{key}: {m}")))
        }
        _ => Ok(None),
    }
}
