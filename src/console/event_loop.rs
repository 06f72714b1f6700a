//! The event loop of DESIGN.md: terminal events, task messages and signals
//! meet in one `select!`; each message goes through `update()`; effects
//! become tasks; the screen is drawn once per drained batch, only when
//! something changed, and at most 60 times a second.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use crossterm::event::EventStream;
use futures::StreamExt;
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

use super::effects::EffectRunner;
use super::engine_watch;
use super::exec_handoff;
use super::frame_stats::FrameStats;
use super::input;
use super::pending_work::PendingWork;
use super::signals::Signals;
use crate::app::{
    CommandRow, Effect, EngineStatus, Header, Model, Msg, ProfileRow, TierRow, update,
};
use crate::engine::{self, Endpoint};
use crate::project::Project;
use crate::{term, ui};

/// Shortest time between two frames.
const FRAME: Duration = Duration::from_millis(16);
/// Most queued messages applied before a frame is drawn.
const MAX_BATCH: usize = 4096;

/// Opens the console on `project` and runs it until the user quits or a
/// signal ends it. Containers keep running.
pub async fn run(project: Project) -> anyhow::Result<()> {
    let (endpoint, status) = endpoint();
    let header = Header {
        project: project.name.clone(),
        version: project.version(),
        git: None,
        engine: status,
    };
    let caps = &project.manifest.logs;
    let max_bytes = usize::try_from(caps.max_bytes).unwrap_or(usize::MAX);
    let mut model = Model::new(header, caps.max_lines, max_bytes)
        .with_profiles(profile_rows(&project))
        .with_tiers(tier_rows(&project))
        .with_pipeline(&pipeline_steps(&project))
        .with_commands(command_rows(&project))
        .with_keys(project.manifest.keys.keymap());
    model.logs.environments = project.manifest.environments.keys().cloned().collect();
    let (tx, mut rx) = mpsc::channel::<Msg>(1024);
    let (engine_tx, engine_rx) = watch::channel(None);
    let project = Arc::new(project);
    let mut runner = EffectRunner::new(engine_rx, Arc::clone(&project), tx.clone());
    if let Some(endpoint) = endpoint {
        let project = project.name.clone();
        tokio::spawn(engine_watch::watch(
            endpoint,
            project,
            tx.clone(),
            engine_tx,
        ));
    }
    runner.run(Effect::RefreshGit);
    let mut signals = Signals::new().context("cannot listen for signals")?;

    let mut guard = term::enter().context("cannot set up the terminal")?;
    let size = guard.terminal.size()?;
    let mut screen = (size.width, size.height);
    update(
        &mut model,
        Msg::Resize {
            width: size.width,
            height: size.height,
        },
    );
    fit_panels(&mut model, screen);
    let mut events = EventStream::new();
    let mut dirty = true;
    let mut last_frame = Instant::now() - FRAME;
    let mut stats = FrameStats::default();

    loop {
        if dirty && last_frame.elapsed() >= FRAME {
            let start = Instant::now();
            guard.terminal.draw(|frame| ui::view(&model, frame))?;
            last_frame = Instant::now();
            stats.drawn(start, last_frame, FRAME);
            dirty = false;
        }
        let next_frame = last_frame + FRAME;
        let msg = tokio::select! {
            event = events.next() => match event {
                Some(Ok(event)) => {
                    let (width, height) = screen;
                    input::to_msg(event, |column, row| {
                        ui::hit::target(&model, width, height, column, row)
                    })
                }
                // The terminal is gone: leave as on a hang-up.
                Some(Err(_)) | None => break,
            },
            msg = rx.recv() => msg,
            name = signals.recv() => {
                tracing::info!("console ended by {name}");
                break;
            }
            _ = tokio::time::sleep_until(next_frame), if dirty => None,
        };
        let Some(msg) = msg else { continue };
        #[cfg(debug_assertions)]
        super::debug_panic::on_request(&msg);
        stats.changed(Instant::now(), matches!(msg, Msg::Key(_)));
        if let Msg::Resize { width, height } = msg {
            screen = (width, height);
        }
        let mut effects = update(&mut model, msg);
        let mut applied = 1;
        // Once the user quits, queued messages (a log flood) are left
        // unapplied: quitting waits on nothing.
        while applied < MAX_BATCH && !model.quitting {
            let Ok(more) = rx.try_recv() else { break };
            effects.extend(update(&mut model, more));
            applied += 1;
        }
        dirty = true;
        fit_panels(&mut model, screen);
        for effect in effects {
            match effect {
                Effect::Exec {
                    container_id,
                    service,
                } => {
                    let target = exec_handoff::Target {
                        container_id,
                        service,
                    };
                    let (engine, mouse) = (runner.engine(), model.mouse_captured);
                    events =
                        exec_handoff::run(&mut guard, events, engine, &project, &tx, mouse, target)
                            .await?;
                }
                effect => runner.run(effect),
            }
        }
        if model.quitting {
            break;
        }
    }
    let work = runner.shutdown();
    drop(guard);
    finish_work(work).await;
    // Read by the idle benchmark (an idle console draws no frames) and by
    // the log load test (no stalls while logs pour in).
    tracing::info!(
        frames = stats.frames,
        keys = stats.keys,
        max_frame_gap_ms = stats.max_frame_gap.as_millis(),
        max_key_to_frame_ms = stats.max_key_to_frame.as_millis(),
        max_draw_ms = stats.max_draw.as_millis(),
        "console closed"
    );
    Ok(())
}

/// How long quitting waits for running work to remove its containers.
const QUIT_WAIT: Duration = Duration::from_secs(30);

/// Waits, with the terminal already given back, until cancelled work has
/// removed its one-off containers, saying what it waits for.
async fn finish_work(work: PendingWork) {
    let running = work.running();
    if running.is_empty() {
        return;
    }
    eprintln!(
        "runcli: stopping {} and removing its container...",
        running.join(", ")
    );
    let left = work.finish(QUIT_WAIT).await;
    if !left.is_empty() {
        eprintln!(
            "runcli: gave up waiting for {} after {} s; its container may remain \
             (docker ps -a --filter label=com.docker.compose.oneoff=True)",
            left.join(", "),
            QUIT_WAIT.as_secs()
        );
    }
}

/// Keeps the screen size and tells each log panel of the pane shown how
/// many rows the layout gives it (they change with the pane, the terminal
/// and what the pane shows), so paging and scrolling stop where the panel
/// does.
fn fit_panels(model: &mut Model, screen: (u16, u16)) {
    let rows = ui::hit::panel_rows(model, screen.0, screen.1);
    if rows
        .iter()
        .any(|(panel, n)| model.log_view(*panel).rows != *n)
    {
        update(model, Msg::PanelRows(rows));
    }
}

/// The `[pipeline]` graph, every step pending (none when it has no steps).
fn pipeline_steps(project: &Project) -> Vec<crate::ops::pipeline::PlanStep> {
    crate::ops::pipeline::plan(&project.manifest.pipeline, None, None)
        .map(|plan| plan.steps)
        .unwrap_or_default()
}

/// The manifest's profiles in the order runcli.toml writes them (the
/// embedded default writes the old menu's order).
fn profile_rows(project: &Project) -> Vec<ProfileRow> {
    project
        .manifest
        .profiles
        .iter()
        .map(|(name, profile)| ProfileRow {
            name: name.clone(),
            description: profile.description.clone(),
            health: None,
            url: None,
            health_url: profile.health.as_ref().map(|h| h.url.clone()),
        })
        .collect()
}

/// The manifest's `[commands]` in the order runcli.toml writes them.
fn command_rows(project: &Project) -> Vec<CommandRow> {
    project
        .manifest
        .commands
        .iter()
        .map(|(name, cmd)| CommandRow {
            name: name.clone(),
            description: cmd.description.clone(),
            key: cmd.key_char(),
            args: cmd.args.clone(),
            confirm: cmd.confirm,
            place: cmd.place().map(|p| p.to_string()).unwrap_or_default(),
        })
        .collect()
}

/// The manifest's test tiers: `all`'s order first, then the rest in the
/// order runcli.toml writes them.
fn tier_rows(project: &Project) -> Vec<TierRow> {
    let tests = &project.manifest.tests;
    let mut names: Vec<&String> = tests.all.iter().collect();
    names.extend(tests.tiers.keys().filter(|name| !tests.all.contains(name)));
    names
        .into_iter()
        .filter_map(|name| {
            tests.tiers.get(name).map(|tier| TierRow {
                name: name.clone(),
                description: tier.description.clone(),
                args: tier.args.clone(),
            })
        })
        .collect()
}

/// Where the engine is, or why that cannot be known (a broken docker
/// context); no IO, the watcher connects.
fn endpoint() -> (Option<Endpoint>, EngineStatus) {
    match engine::resolve_endpoint() {
        Ok(endpoint) => {
            let status = EngineStatus::Connecting {
                endpoint: endpoint.describe(),
            };
            (Some(endpoint), status)
        }
        Err(e) => (
            None,
            EngineStatus::Offline {
                endpoint: "unknown".to_string(),
                reason: e.to_string(),
            },
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{DiscoverOptions, discover};

    #[test]
    fn profiles_and_tiers_keep_the_manifest_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("runcli.toml"),
            "[profiles.zeta]\ndescription = \"z\"\nservices = [\"db\"]\n\
             [profiles.alpha]\ndescription = \"a\"\nservices = [\"db\"]\n\
             [tests]\nall = []\n\
             [tests.slow]\nservice = \"db\"\ncommands = [[\"true\"]]\n\
             [tests.fast]\nservice = \"db\"\ncommands = [[\"true\"]]\n",
        )
        .expect("write runcli.toml");
        let project = discover(&DiscoverOptions {
            explicit: Some(dir.path().to_path_buf()),
            env_project: None,
            cwd: dir.path().to_path_buf(),
        })
        .expect("project");
        let profiles: Vec<String> = profile_rows(&project).into_iter().map(|r| r.name).collect();
        assert_eq!(profiles, ["zeta", "alpha"]);
        let tiers: Vec<String> = tier_rows(&project).into_iter().map(|r| r.name).collect();
        assert_eq!(tiers, ["slow", "fast"]);
    }
}
