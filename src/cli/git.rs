//! `runcli git status | bump patch|minor [--commit -m MSG] [--tag] [--push]`:
//! the Git pane's operations for scripts. A bump prints its plan, then
//! each step as it is done; `--dry-run` prints the plan only. Under
//! `--json`: `git status` is one object (the fields of [`GitStatus`]); a
//! bump prints a `plan` object, a `step` object per step done and a
//! `result` object.

use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};
use serde_json::json;

use super::output::Output;

use crate::ops::git::{self, BumpKind, BumpRequest, GitStatus};
use crate::project::Project;

#[derive(Debug, Subcommand)]
pub enum GitCommand {
    /// Branch, upstream, change counts, latest version tag and the version.
    Status,
    /// Raise the version, add a history entry; optionally commit, tag, push.
    ///
    /// Raises the first N.N.N of config.json's "version" (only that string
    /// changes in the file) and appends `X.Y.Z (YYYY-MM-DD)` with the
    /// message as a bullet to HISTORY.rst. --commit stages everything under
    /// the project root (`git add .`) and commits; --tag makes the annotated
    /// tag vX.Y.Z; --push sends the branch, then the tag, to the branch's
    /// upstream remote (else origin). --tag and --push need --commit (the
    /// tag points at the bump commit), and --commit needs -m. Every
    /// precondition is checked before anything is written; when a later
    /// step fails, the steps before it are undone.
    Bump {
        /// patch: X.Y.Z -> X.Y.(Z+1); minor: X.Y.Z -> X.(Y+1).0
        #[arg(value_enum)]
        kind: KindArg,
        /// `git add .` in the project root, then commit with the message.
        #[arg(long, requires = "message")]
        commit: bool,
        /// The history entry's bullet, the commit's and the tag's message.
        #[arg(short, long, value_name = "MSG")]
        message: Option<String>,
        /// Annotated tag vX.Y.Z on the bump commit.
        #[arg(long, requires = "commit")]
        tag: bool,
        /// Push the branch (and the tag) to its upstream remote, else origin.
        #[arg(long, requires = "commit")]
        push: bool,
        /// Print what would be done and change nothing.
        #[arg(long)]
        dry_run: bool,
        /// After the tag, run the pipeline up to staging, as `runcli
        /// pipeline run --to staging` (the whole pipeline when nothing
        /// deploys to staging); production is never confirmed by this.
        #[arg(long, requires = "tag")]
        ship: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    Patch,
    Minor,
}

pub async fn run(project: &Project, command: GitCommand, out: Output) -> anyhow::Result<ExitCode> {
    match command {
        GitCommand::Status => {
            let status = git::status(project)?;
            if out.is_json() {
                out.record(&status)?;
            } else {
                print_status(&status);
            }
            Ok(ExitCode::SUCCESS)
        }
        GitCommand::Bump {
            kind,
            commit,
            message,
            tag,
            push,
            dry_run,
            ship,
        } => {
            let request = BumpRequest {
                kind: match kind {
                    KindArg::Patch => BumpKind::Patch,
                    KindArg::Minor => BumpKind::Minor,
                },
                message,
                commit,
                tag,
                push,
                date: None,
            };
            let plan = git::plan(project, &request)?;
            // A pipeline that cannot run is refused before anything is bumped.
            let ship_args = if ship {
                Some(super::pipeline::ship_args(project)?)
            } else {
                None
            };
            if out.is_json() {
                out.record(&json!({
                    "event": "plan",
                    "kind": plan.request.kind,
                    "old_version": plan.version.old,
                    "new_version": plan.version.new,
                    "tag": plan.tag,
                    "branch": plan.branch,
                    "steps": plan.lines(),
                    "dry_run": dry_run,
                }))?;
            }
            out.say("plan:");
            for line in plan.lines() {
                out.say(format!("  {line}"));
            }
            if dry_run {
                return Ok(ExitCode::SUCCESS);
            }
            let outcome = git::apply(&plan, |step| {
                if out.is_json() {
                    let _ = out.record(&json!({"event": "step", "done": step.to_string()}));
                }
                out.say(format!("done: {step}"));
            })?;
            if out.is_json() {
                out.record(&json!({
                    "event": "result",
                    "version": outcome.version,
                    "commit": outcome.commit,
                    "tag": outcome.tag,
                    "pushed_to": outcome.pushed_to,
                }))?;
            }
            out.say(format!("version {}", outcome.version));
            match ship_args {
                Some(args) if !dry_run => super::pipeline::run_pipeline(project, &args, out).await,
                _ => Ok(ExitCode::SUCCESS),
            }
        }
    }
}

fn print_status(s: &GitStatus) {
    let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".into());
    let branch = match (&s.branch, &s.head) {
        (Some(b), Some(h)) => format!("{b} at {h}"),
        (Some(b), None) => format!("{b} (no commits yet)"),
        (None, Some(h)) => format!("detached HEAD at {h}"),
        (None, None) => "(none)".into(),
    };
    println!("branch     {branch}");
    match &s.upstream {
        Some(u) => match (u.ahead, u.behind) {
            (Some(a), Some(b)) => println!("upstream   {} (ahead {a}, behind {b})", u.name),
            _ => println!("upstream   {} (not fetched)", u.name),
        },
        None => println!("upstream   (none)"),
    }
    match &s.push_remote {
        Some(r) => println!("push to    {} ({})", r.name, r.url),
        None => println!("push to    (no remote)"),
    }
    println!(
        "changes    {} staged, {} modified, {} untracked, {} conflicted",
        s.staged, s.modified, s.untracked, s.conflicted
    );
    println!("latest tag {}", or_none(&s.latest_tag));
    match (&s.version, &s.version_error) {
        (Some(v), _) => println!("version    {v}"),
        (None, Some(e)) => println!("version    (unreadable: {e})"),
        (None, None) => println!("version    (none)"),
    }
}
