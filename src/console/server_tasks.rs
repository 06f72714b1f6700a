//! The Server pane's operations as tasks: each reports its progress and
//! outcome as messages. Progress waits for room in the console's channel
//! (see `relay.rs`) rather than being dropped under log load.

use std::sync::Arc;

use tokio::sync::mpsc;

use super::relay::Relay;
use crate::app::{Badge, ContainerRow, Msg, ServiceAction, Tone};
use crate::engine::{ContainerInfo, Engine};
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
                published: s.published,
            })
            .collect(),
    )
}

/// Queues a server operation's events on `relay` as messages.
fn progress_to(relay: &Relay) -> impl Fn(ServerEvent) + Send + Sync + '_ {
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
        relay.push(msg);
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
        let relay = Relay::default();
        let events = progress_to(&relay);
        let _ = tx
            .send(Msg::ProfileHealth {
                profile: profile.clone(),
                badge: Badge::new("starting", Tone::Pending),
            })
            .await;
        let opts = UpOptions {
            build,
            ..UpOptions::default()
        };
        let outcome = server::up(&engine, &project, &profile, opts, &events);
        let outcome = relay.drive(outcome, &tx).await;
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
        let relay = Relay::default();
        let events = progress_to(&relay);
        let mut progress = |line: String| events(ServerEvent::Progress(line));
        let down = server::down(&engine, &project, opts, &mut progress);
        let done = match relay.drive(down, &tx).await {
            Ok(removed) => Ok(format!("removed {} objects", removed.len())),
            Err(e) => Err(e.to_string()),
        };
        let _ = tx.send(Msg::ServerDone(done)).await;
    });
}

pub fn stop_profile(engine: Engine, project: Arc<Project>, profile: String, tx: mpsc::Sender<Msg>) {
    tokio::spawn(async move {
        let relay = Relay::default();
        let events = progress_to(&relay);
        let mut progress = |line: String| events(ServerEvent::Progress(line));
        let stop = server::stop_profile(&engine, &project, &profile, &mut progress);
        let done = match relay.drive(stop, &tx).await {
            Ok(removed) if removed.is_empty() => Ok(format!("nothing of {profile} was running")),
            Ok(removed) => Ok(format!("stopped {}", removed.join(", "))),
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
        let relay = Relay::default();
        let events = progress_to(&relay);
        let mut progress = |line: String| events(ServerEvent::Progress(line));
        let acted = act(&engine, &project, &service, action, &mut progress);
        let done = relay.drive(acted, &tx).await;
        let _ = tx.send(Msg::ServerDone(done)).await;
    });
}

/// Acts on every replica of `service`, as `docker compose stop SERVICE`
/// (lazydocker's service commands) does; a service that runs no replica
/// but a profile's serving container or a one-off is acted on through
/// those. Rebuild builds the image again and replaces every replica.
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
    if action == ServiceAction::Rebuild {
        let replicas = containers
            .iter()
            .filter(|c| !c.oneoff && c.service.as_deref() == Some(service));
        for c in replicas {
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
    let targets = targets(&containers, service);
    if targets.is_empty() {
        return Err(format!("no container of service {service}"));
    }
    let done = targets.iter().map(|c| async move {
        match action {
            ServiceAction::Stop => engine.stop_as_configured(&c.id).await,
            ServiceAction::Start => engine.start(&c.id).await,
            ServiceAction::Restart | ServiceAction::Rebuild => {
                match engine.stop_as_configured(&c.id).await {
                    Ok(()) => engine.start(&c.id).await,
                    Err(e) => Err(e),
                }
            }
        }
    });
    // Together, as compose does: replicas that take their grace period
    // to stop do not add up.
    for (c, result) in targets.iter().zip(futures::future::join_all(done).await) {
        result.map_err(|e| format!("{}: {e}", c.name))?;
    }
    let names: Vec<&str> = targets.iter().map(|c| c.name.as_str()).collect();
    let verb = format!("{action:?}").to_lowercase();
    Ok(format!("{service}: {verb} done ({})", names.join(", ")))
}

/// The containers a start, stop or restart of `service` acts on: its
/// replicas, else (a service that runs only as a profile's serving step or
/// a one-off) those containers.
fn targets<'a>(containers: &'a [ContainerInfo], service: &str) -> Vec<&'a ContainerInfo> {
    let of_service = containers
        .iter()
        .filter(|c| c.service.as_deref() == Some(service));
    let replicas: Vec<&ContainerInfo> = of_service.clone().filter(|c| !c.oneoff).collect();
    if replicas.is_empty() {
        of_service.collect()
    } else {
        replicas
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ContainerState;

    fn info(name: &str, service: &str, oneoff: bool) -> ContainerInfo {
        ContainerInfo {
            id: name.into(),
            name: name.into(),
            service: Some(service.into()),
            project: Some("p".into()),
            oneoff,
            number: Some(1),
            image: "i".into(),
            image_id: "sha256:aa".into(),
            config_hash: None,
            state: ContainerState::Running,
            status: String::new(),
            created: 0,
            published: Vec::new(),
        }
    }

    #[test]
    fn a_service_action_reaches_every_replica_else_its_serving_container() {
        let all = [
            info("p-web-1", "web", false),
            info("p-web-2", "web", false),
            info("p-web-run-1a", "web", true),
            info("p-db-1", "db", false),
            info("p-api-local", "api", true),
        ];
        let names = |service: &str| -> Vec<String> {
            targets(&all, service)
                .iter()
                .map(|c| c.name.clone())
                .collect()
        };
        assert_eq!(names("web"), ["p-web-1", "p-web-2"]);
        assert_eq!(names("db"), ["p-db-1"]);
        assert_eq!(names("api"), ["p-api-local"]);
        assert!(names("cache").is_empty());
    }
}
