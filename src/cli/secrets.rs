//! `runcli secrets list | check | diff ENV | compile ENV|--all`: the
//! Secrets pane's operations for scripts. Values are always masked, under
//! `--json` too (the objects of README "JSON output" carry the masks the
//! screen shows, never a value).

use std::process::ExitCode;

use clap::Subcommand;
use serde_json::json;

use super::output::Output;

use crate::ops;
use crate::ops::secrets::CompilerError;
use crate::project::Project;
use crate::secrets::{Compiler, WriteStatus};

#[derive(Debug, Subcommand)]
pub enum SecretsCommand {
    /// Environments with their outputs, and every target of the values file.
    List,
    /// Render every target and read it back; writes nothing.
    Check,
    /// What compiling ENV would change on disk, by key (values masked).
    Diff {
        /// An environment of runcli.toml ([secrets.environments]).
        env: String,
    },
    /// Write ENV's env files (atomically, mode 0600, old file backed up).
    Compile {
        /// An environment of runcli.toml ([secrets.environments]).
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        env: Option<String>,
        /// Every target to `<all_dir>/<target>.env` (default secrets/build).
        #[arg(long)]
        all: bool,
        /// Write outputs that git tracks or does not ignore.
        #[arg(long)]
        allow_tracked: bool,
    },
}

pub fn run(project: &Project, command: SecretsCommand, out: Output) -> anyhow::Result<ExitCode> {
    // Unwrapped, so the exit code sees the project or secrets error (2).
    let compiler = match ops::secrets::compiler(project) {
        Ok(compiler) => compiler,
        Err(CompilerError::Project(e)) => return Err(e.into()),
        Err(CompilerError::Secrets(e)) => return Err(e.into()),
    };
    match command {
        SecretsCommand::List => list(&compiler, out),
        SecretsCommand::Check => check(&compiler, out),
        SecretsCommand::Diff { env } => {
            for diff in compiler.diff_env(&env)? {
                if out.is_json() {
                    out.record(&json!({
                        "kind": "diff",
                        "env": env,
                        "target": diff.target,
                        "path": diff.path,
                        "exists": diff.exists,
                        "has_changes": diff.has_changes(),
                        "entries": diff.entries,
                    }))?;
                }
                out.say(diff.to_string().trim_end());
            }
            Ok(ExitCode::SUCCESS)
        }
        SecretsCommand::Compile {
            env,
            all,
            allow_tracked,
        } => {
            let written = match (all, env) {
                (true, _) => compiler.compile_all(allow_tracked)?,
                (false, Some(env)) => compiler.compile_env(&env, allow_tracked)?,
                (false, None) => anyhow::bail!("name an environment or give --all"),
            };
            for file in written {
                let status = match file.status {
                    WriteStatus::Created => "created",
                    WriteStatus::Updated => "updated",
                    WriteStatus::Unchanged => "unchanged",
                };
                let shown = file.path.strip_prefix(&project.root).unwrap_or(&file.path);
                let backup = file
                    .backup
                    .as_ref()
                    .map(|b| b.strip_prefix(&project.root).unwrap_or(b));
                if out.is_json() {
                    out.record(&json!({
                        "kind": "written",
                        "status": status,
                        "target": file.target,
                        "path": shown,
                        "backup": backup,
                    }))?;
                }
                let kept = backup
                    .map(|b| format!("  (previous kept as {})", b.display()))
                    .unwrap_or_default();
                out.say(format!(
                    "{status:<9} {:<28} {}{kept}",
                    file.target,
                    shown.display()
                ));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn list(compiler: &Compiler, out: Output) -> anyhow::Result<ExitCode> {
    if out.is_json() {
        out.record(&json!({
            "kind": "inputs",
            "template": compiler.template_path(),
            "values": compiler.values_path(),
        }))?;
        for env in compiler.environments() {
            let outputs: Vec<_> = compiler
                .plan(&env)?
                .into_iter()
                .map(|o| json!({"target": o.target, "path": o.path}))
                .collect();
            out.record(&json!({"kind": "environment", "name": env, "outputs": outputs}))?;
        }
        for target in compiler.targets() {
            out.record(&json!({
                "kind": "target",
                "name": target.name,
                "code_name": target.code_name,
                "client": target.client,
            }))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    println!("template  {}", compiler.template_path().display());
    println!("values    {}", compiler.values_path().display());
    println!();
    for env in compiler.environments() {
        println!("{env}");
        for output in compiler.plan(&env)? {
            println!("  {:<28} -> {}", output.target, output.path.display());
        }
    }
    println!();
    println!("targets");
    for target in compiler.targets() {
        match (&target.code_name, &target.client) {
            (Some(code), Some(client)) => {
                println!("  {:<28} client {client} (code name {code})", target.name)
            }
            (Some(code), None) => println!("  {:<28} code name {code}", target.name),
            _ => println!("  {}", target.name),
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Exit 0 when every target renders (warnings allowed), 1 otherwise.
fn check(compiler: &Compiler, out: Output) -> anyhow::Result<ExitCode> {
    let report = compiler.check();
    for error in &report.errors {
        if out.is_json() {
            out.record(&json!({"kind": "error", "message": error.to_string()}))?;
        }
        out.say(format!("error: {error}"));
    }
    for warning in &report.warnings {
        if out.is_json() {
            out.record(&json!({"kind": "warning", "message": warning.to_string()}))?;
        }
        out.say(format!("warning: {warning}"));
    }
    if out.is_json() {
        out.record(&json!({
            "kind": "summary",
            "ok": report.is_ok(),
            "targets": report.checked_targets,
            "errors": report.errors.len(),
            "warnings": report.warnings.len(),
        }))?;
    }
    out.say(format!(
        "{} targets ok, {} errors, {} warnings",
        report.checked_targets.len(),
        report.errors.len(),
        report.warnings.len()
    ));
    Ok(if report.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
