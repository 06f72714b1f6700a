//! What runs now: the project's containers with a badge each.

use crate::engine::{ContainerState, Engine, EngineError, Health};

/// One container of the project as `server list` and the panes show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceStatus {
    pub service: String,
    pub container: String,
    pub id: String,
    /// "healthy", "running", "exited (1)", "restarting (3 restarts)".
    pub badge: String,
    pub running: bool,
    pub restarts: i64,
}

/// Every container of `project`, with health and restart counts.
pub async fn status(engine: &Engine, project: &str) -> Result<Vec<ServiceStatus>, EngineError> {
    let mut out = Vec::new();
    for c in engine.project_containers(project).await? {
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
            container: c.name,
            id: c.id,
            running: inspected.state.is_running(),
            badge,
            restarts,
        });
    }
    Ok(out)
}
