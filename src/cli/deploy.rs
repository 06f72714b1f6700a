//! `runcli deploy ENV [--version X.Y.Z]`, `runcli rollback ENV` and
//! `runcli status ENV`: environments on Docker Swarm ([environments] in
//! runcli.toml). Progress goes to stderr, the result to stdout; under
//! `--json` stdout carries one object per event and a last result object.
//! A deploy Swarm rolled back exits 1 with `rolled back: REASON`.

use std::process::ExitCode;
use std::time::Duration;

use serde_json::json;

use super::exit::{Failure, Usage};
use super::output::Output;
use crate::ops::deploy::{
    self, DeployError, DeployEvent, DeployOptions, StackStatus, connect_environment, environment,
};
use crate::ops::deploy_guard;
use crate::project::Project;

/// `runcli deploy`'s arguments.
#[derive(Debug, clap::Args)]
pub struct DeployArgs {
    /// The environment: a name under [environments] in runcli.toml.
    pub env: String,
    /// The version to deploy (default: config.json's).
    #[arg(long, value_name = "X.Y.Z")]
    pub version: Option<String>,
    /// Seconds Swarm may take to converge and the URL to report the version.
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    pub timeout: u64,
    /// Deploy although tracked files have changes not committed.
    #[arg(long)]
    pub allow_dirty: bool,
    /// Confirms a deploy to the environment named production.
    #[arg(long)]
    pub yes_production: bool,
}

/// Turns a deploy error into the exit code DESIGN.md gives it.
fn classify(e: DeployError) -> anyhow::Error {
    match e {
        DeployError::Project(e) => e.into(),
        DeployError::Engine(e) => e.into(),
        DeployError::Stack(e) => e.into(),
        e if e.is_config() => Usage(e.to_string()).into(),
        e => Failure(e.to_string()).into(),
    }
}

fn printer(out: Output) -> impl Fn(DeployEvent) + Send + Sync {
    move |event| {
        let (record, line) = match &event {
            DeployEvent::Phase(text) => (
                json!({"event": "phase", "text": text}),
                format!("==> {text}"),
            ),
            DeployEvent::Progress(text) => {
                (json!({"event": "progress", "text": text}), text.clone())
            }
            DeployEvent::Service { name, created } => (
                json!({"event": "service", "name": name, "created": created}),
                format!("{} {name}", if *created { "created" } else { "updated" }),
            ),
        };
        if out.is_json() {
            let _ = out.record(&record);
        }
        eprintln!("{line}");
    }
}

pub async fn deploy(project: &Project, args: DeployArgs, out: Output) -> anyhow::Result<ExitCode> {
    let env = environment(project, &args.env).map_err(classify)?;
    if args.env == "production" && !args.yes_production {
        return Err(Usage(
            "a deploy to production needs --yes-production (the console asks to type its name)"
                .to_string(),
        )
        .into());
    }
    // What ships is a commit: a clean work tree, and config.json's version
    // at HEAD (agreeing with HEAD's vX.Y.Z tag) unless --version says.
    let version_file = &project.manifest.project.version_file;
    let checked = deploy_guard::check(&project.root, version_file, args.allow_dirty);
    let version = match (checked, args.version) {
        (Ok(cleared), version) => version.unwrap_or(cleared.version),
        // The tree is checked before the version file: a version given
        // on the command line needs no file.
        (Err(deploy_guard::GuardError::NoVersionFile { .. }), Some(version)) => version,
        (Err(deploy_guard::GuardError::Git(e)), _) => return Err(e.into()),
        (Err(e), _) => return Err(Usage(e.to_string()).into()),
    };
    let local = super::server::connect().await?;
    let target = connect_environment(&args.env, env)
        .await
        .map_err(classify)?;
    let options = DeployOptions {
        timeout: Duration::from_secs(args.timeout),
    };
    let emit = printer(out);
    let deployed = deploy::deploy(
        &local, &target, project, &args.env, &version, &options, &emit,
    )
    .await
    .map_err(classify)?;
    if out.is_json() {
        out.record(&json!({
            "deployed": deployed.version,
            "environment": args.env,
            "services": deployed.services,
            "url": deployed.url,
        }))?;
    } else {
        let at = deployed
            .url
            .map(|u| format!("; {u}/ping reports it"))
            .unwrap_or_default();
        out.say(format!("deployed {} to {}{at}", deployed.version, args.env));
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn rollback(
    project: &Project,
    env_name: &str,
    timeout: u64,
    out: Output,
) -> anyhow::Result<ExitCode> {
    let env = environment(project, env_name).map_err(classify)?;
    let target = connect_environment(env_name, env).await.map_err(classify)?;
    let options = DeployOptions {
        timeout: Duration::from_secs(timeout),
    };
    let emit = printer(out);
    let versions = deploy::rollback(&target, env, &options, &emit)
        .await
        .map_err(classify)?;
    if out.is_json() {
        let services: Vec<_> = versions
            .iter()
            .map(|(name, version)| json!({"name": name, "version": version}))
            .collect();
        out.record(&json!({"rolled_back": env_name, "services": services}))?;
    } else {
        for (name, version) in &versions {
            out.say(format!("{name} rolled back to {version}"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn status(project: &Project, env_name: &str, out: Output) -> anyhow::Result<ExitCode> {
    let env = environment(project, env_name).map_err(classify)?;
    let target = connect_environment(env_name, env).await.map_err(classify)?;
    let status = deploy::status(&target, &env.stack)
        .await
        .map_err(classify)?;
    if out.is_json() {
        out.record(&status)?;
    } else {
        print_status(&status, out);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_status(status: &StackStatus, out: Output) {
    if status.services.is_empty() {
        out.say(format!("stack {} has no services", status.stack));
        return;
    }
    for s in &status.services {
        let update = s
            .update
            .as_deref()
            .map(|u| format!("  update {u}"))
            .unwrap_or_default();
        out.say(format!(
            "{}  {}/{} running  {}{update}",
            s.name, s.running, s.desired, s.image
        ));
        for t in &s.tasks {
            let slot = t.slot.map(|n| n.to_string()).unwrap_or_else(|| "-".into());
            let error = t
                .error
                .as_deref()
                .map(|e| format!("  ({e})"))
                .unwrap_or_default();
            out.say(format!(
                "  slot {slot}  {}  on {}  {}{error}",
                t.version, t.node, t.state
            ));
        }
    }
}
