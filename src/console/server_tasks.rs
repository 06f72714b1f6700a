//! The Server pane's operations as tasks: each reports its progress and
//! outcome as messages.

use std::sync::Arc;

use tokio::sync::mpsc;

use crate::app::{Badge, ContainerRow, Msg, ServiceAction, Tone};
use crate::engine::Engine;
use crate::ops::server::{self, DownOptions, ServerEvent, UpOptions};
use crate::ops::stack::ensure_services;
use crate::project::Project;

/// The project's containers with badges (health, exit code, restarts).
pub async fn rows(engine: &Engine, project: &str) -> Option<Vec<ContainerRow>> {
    let list = server::status(engine, project).await.ok()?;
    Some(
        list.into_iter()
            .map(|s| ContainerRow {
                id: s.id,
                name: s.container,
                service: s.service,
                state: s.badge,
                running: s.running,
            })
            .collect(),
    )
}

fn progress_sender(tx: &mpsc::Sender<Msg>) -> impl Fn(ServerEvent) + Send + Sync + use<> {
    let tx = tx.clone();
    move |event| {
        let msg = match event {
            ServerEvent::Progress(line) => Msg::ServerProgress(line),
            ServerEvent::Health { profile, healthy } => Msg::ProfileHealth {
                profile,
                badge: if healthy {
                    Badge::new("healthy", Tone::Good)
                } else {
                    Badge::new("unhealthy", Tone::Bad)
                },
            },
            ServerEvent::Url { profile, url } => Msg::ProfileUrl { profile, url },
        };
        // Progress may be dropped under pressure; the outcome never is.
        let _ = tx.try_send(msg);
    }
}

pub fn up(
    engine: Engine,
    project: Arc<Project>,
    profile: String,
    build: bool,
    tx: mpsc::Sender<Msg>,
) {
    tokio::spawn(async move {
        let events = progress_sender(&tx);
        let _ = tx
            .send(Msg::ProfileHealth {
                profile: profile.clone(),
                badge: Badge::new("starting", Tone::Pending),
            })
            .await;
        let outcome = server::up(
            &engine,
            &project,
            &profile,
            UpOptions {
                build,
                ..UpOptions::default()
            },
            &events,
        )
        .await;
        let done = match outcome {
            Ok(report) if report.already_up => Ok(format!("{profile} was already up")),
            Ok(_) => Ok(format!("{profile} is up")),
            Err(e) => Err(e.to_string()),
        };
        let _ = tx.send(Msg::ServerDone(done)).await;
    });
}

pub fn down(engine: Engine, project: Arc<Project>, opts: DownOptions, tx: mpsc::Sender<Msg>) {
    tokio::spawn(async move {
        let events = progress_sender(&tx);
        let mut progress = |line: String| events(ServerEvent::Progress(line));
        let done = match server::down(&engine, &project, opts, &mut progress).await {
            Ok(removed) => Ok(format!("removed {} objects", removed.len())),
            Err(e) => Err(e.to_string()),
        };
        let _ = tx.send(Msg::ServerDone(done)).await;
    });
}

pub fn service_action(
    engine: Engine,
    project: Arc<Project>,
    service: String,
    action: ServiceAction,
    tx: mpsc::Sender<Msg>,
) {
    tokio::spawn(async move {
        let events = progress_sender(&tx);
        let mut progress = |line: String| events(ServerEvent::Progress(line));
        let done = act(&engine, &project, &service, action, &mut progress).await;
        let _ = tx.send(Msg::ServerDone(done)).await;
    });
}

async fn act(
    engine: &Engine,
    project: &Project,
    service: &str,
    action: ServiceAction,
    progress: &mut (dyn FnMut(String) + Send),
) -> Result<String, String> {
    let containers = engine
        .project_containers(&project.name)
        .await
        .map_err(|e| e.to_string())?;
    let container = containers
        .iter()
        .find(|c| c.service.as_deref() == Some(service));
    let result = match (action, container) {
        (ServiceAction::Stop, Some(c)) => engine.stop(&c.id, 10).await,
        (ServiceAction::Start, Some(c)) => engine.start(&c.id).await,
        (ServiceAction::Restart, Some(c)) => match engine.stop(&c.id, 10).await {
            Ok(()) => engine.start(&c.id).await,
            Err(e) => Err(e),
        },
        (ServiceAction::Rebuild, found) => {
            if let Some(c) = found {
                engine
                    .remove(&c.id, true, false)
                    .await
                    .map_err(|e| e.to_string())?;
            }
            let compose = project.compose(None).map_err(|e| e.to_string())?;
            let wanted = [service.to_string()];
            return ensure_services(engine, &compose, &wanted, true, progress)
                .await
                .map(|_| format!("{service} rebuilt and started"))
                .map_err(|e| e.to_string());
        }
        (_, None) => return Err(format!("no container of service {service}")),
    };
    result
        .map(|()| format!("{service}: {action:?} done").to_lowercase())
        .map_err(|e| e.to_string())
}
