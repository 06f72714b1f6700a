//! Sets up and tears down the containers the benchmark scripts measure
//! against (BENCHMARKS.md). Every container carries compose labels for the
//! given project, so `down` (and a console opened on that project) finds it.
//!
//! ```text
//! fixture image                                 build the busybox image if missing
//! fixture log --project P --service S --lines N a running container whose log holds
//!                                               N lines (1..=N); prints its id when full
//! fixture idle --project P --service S          a running container that logs nothing
//! fixture down --project P                      remove every container of P
//! ```

mod support;

use std::time::Duration;

use anyhow::{Context, bail};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = support::args();
    let engine = support::connect().await?;
    let project = || -> anyhow::Result<String> {
        support::arg(&args, "--project")?.context("--project P is required")
    };
    let service = || -> anyhow::Result<String> {
        support::arg(&args, "--service")?.context("--service S is required")
    };
    match args.first().map(String::as_str) {
        Some("image") => {
            println!("{}", support::ensure_image(&engine).await?);
        }
        Some("log") => {
            support::ensure_image(&engine).await?;
            let lines: u64 = support::arg(&args, "--lines")?.unwrap_or(1_000_000);
            let script = format!("seq 1 {lines}; while :; do sleep 3600; done");
            let id = support::create_sh(&engine, &project()?, &service()?, &script).await?;
            engine.start(&id).await?;
            let limit = Duration::from_secs(180);
            support::wait_for_last_line(&engine, &id, &lines.to_string(), limit).await?;
            println!("{id}");
        }
        Some("idle") => {
            support::ensure_image(&engine).await?;
            let script = "while :; do sleep 3600; done";
            let id = support::create_sh(&engine, &project()?, &service()?, script).await?;
            engine.start(&id).await?;
            println!("{id}");
        }
        Some("down") => {
            let removed = support::remove_project(&engine, &project()?).await?;
            eprintln!("removed {removed} container(s)");
        }
        other => bail!("unknown command {other:?}: use image, log, idle or down"),
    }
    Ok(())
}
