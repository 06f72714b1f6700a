//! What runs now: the project's containers with a badge each, and the
//! compose services beside them (what `server list` prints).

use std::path::Path;

use crate::engine::{ContainerInfo, ContainerState, Engine, EngineError, Health};
use crate::project::ComposeProject;

/// One container of the project as `server list` and the panes show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceStatus {
    pub service: String,
    /// How lists name it: the service, or `web-2` (compose's form, the
    /// container number) when the service runs more than one replica.
    pub label: String,
    pub container: String,
    pub id: String,
    /// "healthy", "running", "exited (1)", "restarting (3 restarts)".
    pub badge: String,
    pub running: bool,
    pub restarts: i64,
    /// A one-off run (a profile step, a test), not a service replica.
    pub oneoff: bool,
    /// Host TCP ports it publishes, ascending.
    pub published: Vec<u16>,
}

/// Every container of `project`, with health and restart counts.
pub async fn status(engine: &Engine, project: &str) -> Result<Vec<ServiceStatus>, EngineError> {
    let mut out = Vec::new();
    let containers = engine.project_containers(project).await?;
    let labels: Vec<String> = containers
        .iter()
        .map(|c| replica_label(c, &containers))
        .collect();
    for (c, label) in containers.into_iter().zip(labels) {
        let inspected = engine.inspect_state(&c.id).await?;
        let restarts = inspected.restart_count;
        let mut badge = match (&inspected.state, inspected.health) {
            (ContainerState::Running, Some(Health::Healthy)) => "healthy".to_string(),
            (ContainerState::Running, Some(Health::Starting)) => "starting".to_string(),
            (ContainerState::Running, Some(Health::Unhealthy)) => "unhealthy".to_string(),
            (ContainerState::Running, None) => "running".to_string(),
            (ContainerState::Exited(code), _) => format!("exited ({code})"),
            (ContainerState::Restarting, _) => "restarting".to_string(),
            (ContainerState::Created, _) => "created".to_string(),
            (ContainerState::Paused, _) => "paused".to_string(),
            (ContainerState::Dead, _) => "dead".to_string(),
            (ContainerState::Other(s), _) => s.clone(),
        };
        if restarts > 0 {
            badge.push_str(&format!(", {restarts} restarts"));
        }
        out.push(ServiceStatus {
            service: c.service.clone().unwrap_or_else(|| c.name.clone()),
            label,
            container: c.name,
            id: c.id,
            running: inspected.state.is_running(),
            oneoff: c.oneoff,
            published: c.published,
            badge,
            restarts,
        });
    }
    Ok(out)
}

/// `web-2` for a replica of a service that has several, else the service
/// (or the name, for a container without one). One-offs keep the service:
/// their container name beside it tells them apart.
pub fn replica_label(c: &ContainerInfo, all: &[ContainerInfo]) -> String {
    let service = c.service.clone().unwrap_or_else(|| c.name.clone());
    let replicas = all
        .iter()
        .filter(|o| !o.oneoff && o.service == c.service)
        .count();
    match c.number {
        Some(n) if !c.oneoff && c.service.is_some() && replicas > 1 => format!("{service}-{n}"),
        _ => service,
    }
}

/// One compose service as `server list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRow {
    pub name: String,
    /// `image NAME`, or `build CONTEXT (TARGET)` with the context relative
    /// to the project root.
    pub source: String,
    /// `HOST:CONTAINER` each, comma-separated; `-` when none.
    pub ports: String,
    /// `absent`, the one replica's badge, or `R/N running` for replicas.
    pub state: String,
}

/// The services of `compose` beside the project's containers (`status`).
pub fn service_rows(
    compose: &ComposeProject,
    root: &Path,
    containers: &[ServiceStatus],
) -> Vec<ServiceRow> {
    compose
        .services
        .values()
        .map(|spec| {
            let source = match (&spec.build, &spec.image) {
                (Some(b), _) => {
                    let context = b.context.strip_prefix(root).unwrap_or(&b.context);
                    let context = match context.as_os_str().is_empty() {
                        true => ".".to_string(),
                        false => context.display().to_string(),
                    };
                    match &b.target {
                        Some(target) => format!("build {context} ({target})"),
                        None => format!("build {context}"),
                    }
                }
                (None, Some(image)) => format!("image {image}"),
                (None, None) => "-".to_string(),
            };
            let ports: Vec<String> = spec
                .ports
                .iter()
                .map(|p| {
                    let host = match (&p.host_ip, p.published) {
                        (Some(ip), Some(port)) => format!("{ip}:{port}:"),
                        (None, Some(port)) => format!("{port}:"),
                        (_, None) => String::new(),
                    };
                    let proto = if p.protocol == "tcp" {
                        String::new()
                    } else {
                        format!("/{}", p.protocol)
                    };
                    format!("{host}{}{proto}", p.target)
                })
                .collect();
            let replicas: Vec<&ServiceStatus> = containers
                .iter()
                .filter(|c| !c.oneoff && c.service == spec.name)
                .collect();
            let running = replicas.iter().filter(|c| c.running).count();
            let state = match replicas.as_slice() {
                [] => "absent".to_string(),
                [one] => one.badge.clone(),
                all => format!("{running}/{} running", all.len()),
            };
            ServiceRow {
                name: spec.name.clone(),
                source,
                ports: if ports.is_empty() {
                    "-".to_string()
                } else {
                    ports.join(", ")
                },
                state,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::load_compose;

    fn status(service: &str, running: bool, oneoff: bool) -> ServiceStatus {
        ServiceStatus {
            service: service.into(),
            label: service.into(),
            container: format!("p-{service}-1"),
            id: "id".into(),
            badge: if running { "running" } else { "exited (0)" }.into(),
            running,
            restarts: 0,
            oneoff,
            published: Vec::new(),
        }
    }

    #[test]
    fn rows_show_source_ports_and_state() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("c.yaml"),
            "services:\n  api:\n    build:\n      context: ./app\n      target: api\n    \
             ports: [\"5000:5000\", \"127.0.0.1:9000:90/udp\"]\n  db:\n    image: postgres:15\n  \
             web:\n    image: w\n    deploy:\n      replicas: 2\n",
        )
        .unwrap();
        std::fs::create_dir(dir.path().join("app")).unwrap();
        let compose = load_compose(dir.path(), "p", &["c.yaml".into()], ".env", &|_| None).unwrap();
        let running = [
            status("api", true, false),
            status("api", true, true),
            status("web", true, false),
            status("web", false, false),
        ];
        let rows = service_rows(&compose, dir.path(), &running);
        let shown: Vec<(&str, &str, &str, &str)> = rows
            .iter()
            .map(|r| {
                (
                    r.name.as_str(),
                    r.source.as_str(),
                    r.ports.as_str(),
                    r.state.as_str(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            vec![
                (
                    "api",
                    "build app (api)",
                    "5000:5000, 127.0.0.1:9000:90/udp",
                    "running"
                ),
                ("db", "image postgres:15", "-", "absent"),
                ("web", "image w", "-", "1/2 running"),
            ]
        );
    }

    fn info(name: &str, service: &str, number: u32, oneoff: bool) -> ContainerInfo {
        ContainerInfo {
            id: name.into(),
            name: name.into(),
            service: Some(service.into()),
            project: Some("p".into()),
            oneoff,
            number: Some(number),
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
    fn replicas_are_labelled_with_their_number_only_when_several() {
        let all = [
            info("p-web-1", "web", 1, false),
            info("p-web-2", "web", 2, false),
            info("p-db-1", "db", 1, false),
            info("p-db-run-1a", "db", 1, true),
            info("p-web-run-2b", "web", 1, true),
        ];
        let labels: Vec<String> = all.iter().map(|c| replica_label(c, &all)).collect();
        assert_eq!(labels, ["web-1", "web-2", "db", "db", "web"]);
    }
}
