//! `runcli doctor`: what runcli found, then every problem of the project on
//! its own line (`file:line: what is wrong — how to fix it`), then a summary.
//! Exit 0 when all is well, 1 when any problem was found, 2 when runcli.toml
//! itself does not load (nothing else can be checked), 3 when the engine is
//! unreachable: the project checks need no engine, so they are printed
//! first and the engine error last.

use std::collections::BTreeSet;
use std::process::ExitCode;
use std::time::Duration;

use crate::engine::{self, Endpoint, Engine, EngineError, EngineInfo};
use crate::ops::doctor::{self, EngineFacts};
use crate::ops::git_summary;
use crate::project::Project;

use super::Args;

const PING_TIMEOUT: Duration = Duration::from_secs(2);

pub async fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let project = super::discover(args)?;
    println!("project   {} ({})", project.name, project.root.display());
    println!("manifest  {}", project.manifest_source);
    match project.version() {
        Some(v) => println!("version   {v} (config.json)"),
        None => println!("version   none (no config.json with a \"version\")"),
    }
    let root = project.root.clone();
    let git = tokio::task::spawn_blocking(move || git_summary::read(&root)).await?;
    match git {
        Some(g) => println!(
            "git       {} @ {}{}",
            g.branch.as_deref().unwrap_or("detached HEAD"),
            g.short_commit.as_deref().unwrap_or("no commits yet"),
            if g.dirty {
                " (uncommitted changes)"
            } else {
                " (clean)"
            }
        ),
        None => {
            println!("git       not a git repository (version bumps and the Git pane need one)")
        }
    }
    let endpoint = engine::resolve_endpoint()?;
    let engine = ping(&endpoint, &project).await;
    match &engine {
        Ok((info, _)) => println!(
            "engine    {}: {} {} (API {}, {}/{}){}",
            endpoint.describe(),
            info.product,
            info.version,
            info.api_version,
            info.os,
            info.arch,
            if endpoint.remote { " REMOTE" } else { "" }
        ),
        Err(_) => println!("engine    {}: unreachable (see below)", endpoint.describe()),
    }
    let facts = EngineFacts {
        own_ports: engine.as_ref().ok().and_then(|(_, ports)| ports.clone()),
    };
    let findings = tokio::task::spawn_blocking(move || doctor::check(&project, &facts)).await?;
    println!();
    for finding in &findings {
        println!("{finding}");
    }
    let summary = match findings.len() {
        0 => "all is well".to_string(),
        1 => "1 problem".to_string(),
        n => format!("{n} problems"),
    };
    if let Err(e) = engine {
        match findings.len() {
            0 => println!("no problems in the project, but the engine is unreachable"),
            _ => println!("{summary}, and the engine is unreachable"),
        }
        return Err(e.into());
    }
    println!("{summary}");
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
