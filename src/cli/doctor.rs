//! `runcli doctor`: what runcli found, then every problem of the project on
//! its own line (`file:line: what is wrong — how to fix it`), then a summary.
//! Exit 0 when all is well, 1 when any problem was found, 2 when runcli.toml
//! itself does not load (nothing else can be checked), 3 when the engine is
//! unreachable: the project checks need no engine, so they are printed
//! first and the engine error last. Under `--json`: one `facts` object,
//! one `problem` object per finding, one `summary` object (README "JSON
//! output"); the human lines go to stderr.

use std::collections::BTreeSet;
use std::process::ExitCode;
use std::time::Duration;

use serde_json::json;

use crate::engine::{self, Endpoint, Engine, EngineError, EngineInfo};
use crate::ops::doctor::{self, EngineFacts};
use crate::ops::git_summary;
use crate::project::Project;

use super::Args;
use super::output::Output;

const PING_TIMEOUT: Duration = Duration::from_secs(2);

pub async fn run(args: &Args, out: Output) -> anyhow::Result<ExitCode> {
    let project = super::discover(args)?;
    out.say(format!(
        "project   {} ({})",
        project.name,
        project.root.display()
    ));
    out.say(format!("manifest  {}", project.manifest_source));
    let version = project.version();
    match &version {
        Some(v) => out.say(format!("version   {v} (config.json)")),
        None => out.say("version   none (no config.json with a \"version\")"),
    }
    let root = project.root.clone();
    let git = tokio::task::spawn_blocking(move || git_summary::read(&root)).await?;
    match &git {
        Some(g) => out.say(format!(
            "git       {} @ {}{}",
            g.branch.as_deref().unwrap_or("detached HEAD"),
            g.short_commit.as_deref().unwrap_or("no commits yet"),
            if g.dirty {
                " (uncommitted changes)"
            } else {
                " (clean)"
            }
        )),
        None => out.say("git       not a git repository (version bumps and the Git pane need one)"),
    }
    let endpoint = engine::resolve_endpoint()?;
    let engine = ping(&endpoint, &project).await;
    match &engine {
        Ok((info, _)) => out.say(format!(
            "engine    {}: {} {} (API {}, {}/{}){}",
            endpoint.describe(),
            info.product,
            info.version,
            info.api_version,
            info.os,
            info.arch,
            if endpoint.remote { " REMOTE" } else { "" }
        )),
        Err(_) => out.say(format!(
            "engine    {}: unreachable (see below)",
            endpoint.describe()
        )),
    }
    if out.is_json() {
        out.record(&json!({
            "kind": "facts",
            "project": project.name,
            "root": project.root,
            "manifest": project.manifest_source.to_string(),
            "version": version.map(|v| v.to_string()),
            "git": git.as_ref().map(|g| json!({
                "branch": g.branch,
                "commit": g.short_commit,
                "dirty": g.dirty,
            })),
            "engine": json!({
                "endpoint": endpoint.describe(),
                "remote": endpoint.remote,
                "reachable": engine.is_ok(),
                "version": engine.as_ref().ok().map(|(info, _)| info.version.clone()),
                "api_version": engine.as_ref().ok().map(|(info, _)| info.api_version.clone()),
            }),
        }))?;
    }
    let facts = EngineFacts {
        own_ports: engine.as_ref().ok().and_then(|(_, ports)| ports.clone()),
    };
    let findings = tokio::task::spawn_blocking(move || doctor::check(&project, &facts)).await?;
    out.say("");
    for finding in &findings {
        if out.is_json() {
            out.record(&problem_json(finding))?;
        }
        out.say(finding);
    }
    let summary = match findings.len() {
        0 => "all is well".to_string(),
        1 => "1 problem".to_string(),
        n => format!("{n} problems"),
    };
    if out.is_json() {
        out.record(&json!({
            "kind": "summary",
            "problems": findings.len(),
            "engine_reachable": engine.is_ok(),
        }))?;
    }
    if let Err(e) = engine {
        match findings.len() {
            0 => out.say("no problems in the project, but the engine is unreachable"),
            _ => out.say(format!("{summary}, and the engine is unreachable")),
        }
        return Err(e.into());
    }
    out.say(summary);
    Ok(if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The engine's facts, and the host ports the project's running
/// containers publish (so the port check does not flag them); `None` when
/// they could not be listed.
async fn ping(
    endpoint: &Endpoint,
    project: &Project,
) -> Result<(EngineInfo, Option<BTreeSet<u16>>), EngineError> {
    let engine = Engine::connect(endpoint)?;
    let info = engine.ping(PING_TIMEOUT).await?;
    let ports = engine
        .project_containers(&project.name)
        .await
        .ok()
        .map(|containers| {
            containers
                .into_iter()
                .filter(|c| c.state.is_running())
                .flat_map(|c| c.published)
                .collect()
        });
    Ok((info, ports))
}

/// A finding as `{"kind":"problem","file","line","col","message","fix"}`:
/// `at` (`path[:line[:col]]`) split into its parts, null where absent. A
/// finding made from an error names its place at the start of its message
/// (`file:line:col: ...`): that place is split off the same way.
fn problem_json(finding: &doctor::Finding) -> serde_json::Value {
    let (at, message) = match finding.at.as_deref() {
        Some(at) => (Some(at), finding.problem.as_str()),
        None => leading_place(&finding.problem),
    };
    let (file, line, col) = split_at(at);
    json!({
        "kind": "problem",
        "file": file,
        "line": line,
        "col": col,
        "message": message,
        "fix": finding.fix,
    })
}

/// `file:12[:5]: rest` into the place and the rest; a message that does
/// not start with a numbered place is left whole.
fn leading_place(message: &str) -> (Option<&str>, &str) {
    let Some((head, rest)) = message.split_once(": ") else {
        return (None, message);
    };
    match split_at(Some(head)) {
        (Some(_), Some(_), _) if !head.contains(' ') => (Some(head), rest),
        _ => (None, message),
    }
}

/// `path`, `path:12` or `path:12:5` into its parts; the numbers are taken
/// from the end so a path holding a colon stays whole.
fn split_at(at: Option<&str>) -> (Option<&str>, Option<u32>, Option<u32>) {
    let Some(at) = at else {
        return (None, None, None);
    };
    let number = |s: &str| s.parse::<u32>().ok();
    match at.rsplit_once(':') {
        Some((rest, last)) if number(last).is_some() => match rest.rsplit_once(':') {
            Some((file, mid)) if number(mid).is_some() => (Some(file), number(mid), number(last)),
            _ => (Some(rest), number(last), None),
        },
        _ => (Some(at), None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::split_at;

    #[test]
    fn a_place_splits_into_file_line_and_col() {
        assert_eq!(split_at(None), (None, None, None));
        assert_eq!(split_at(Some("a.yaml")), (Some("a.yaml"), None, None));
        assert_eq!(split_at(Some("a.yaml:3")), (Some("a.yaml"), Some(3), None));
        assert_eq!(
            split_at(Some("dir/a.yaml:3:7")),
            (Some("dir/a.yaml"), Some(3), Some(7))
        );
        assert_eq!(split_at(Some("c:x.yaml")), (Some("c:x.yaml"), None, None));
    }

    #[test]
    fn an_error_message_gives_up_its_leading_place() {
        use super::leading_place;
        assert_eq!(
            leading_place("a.yaml:4:5: unknown key `colour`"),
            (Some("a.yaml:4:5"), "unknown key `colour`")
        );
        assert_eq!(
            leading_place("tier `unit` names service `x`: not defined"),
            (None, "tier `unit` names service `x`: not defined")
        );
        assert_eq!(leading_place("no place"), (None, "no place"));
    }
}
