//! `runcli doctor`: what runcli found and what is wrong, with fixes.
//! Exit 0 when all is well, 2 on a project or manifest error, 3 when the
//! engine is unreachable.

use std::process::ExitCode;
use std::time::Duration;

use crate::engine::{self, Engine};
use crate::ops::git_summary;

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
    let engine = Engine::connect(&endpoint)?;
    let info = engine.ping(PING_TIMEOUT).await?;
    println!(
        "engine    {}: {} {} (API {}, {}/{}){}",
        endpoint.describe(),
        info.product,
        info.version,
        info.api_version,
        info.os,
        info.arch,
        if endpoint.remote { " REMOTE" } else { "" }
    );
    println!("all is well");
    Ok(ExitCode::SUCCESS)
}
