//! A container's lifecycle state and health, in runcli's own words.

use bollard::models::{
    ContainerState as ApiState, ContainerStateStatusEnum, ContainerSummaryStateEnum,
    HealthStatusEnum,
};

/// Where a container is in its lifecycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContainerState {
    /// Created, never started.
    Created,
    /// Its main process runs.
    Running,
    /// Frozen by `docker pause`.
    Paused,
    /// The engine is restarting it under its restart policy.
    Restarting,
    /// Its main process ended with this exit code.
    Exited(i64),
    /// The engine failed to stop or remove it.
    Dead,
    /// A state this version of runcli does not know (e.g. "removing").
    Other(String),
}

impl ContainerState {
    /// True while the main process runs (or is being restarted).
    pub fn is_running(&self) -> bool {
        matches!(self, ContainerState::Running | ContainerState::Restarting)
    }

    /// The exit code, when the container has exited.
    pub fn exit_code(&self) -> Option<i64> {
        match self {
            ContainerState::Exited(code) => Some(*code),
            _ => None,
        }
    }
}

/// The result of a container's healthcheck.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    /// Still in its start period, or no check has finished yet.
    Starting,
    /// The last checks passed.
    Healthy,
    /// The check failed its allowed retries.
    Unhealthy,
}

/// A container's state as inspect reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerStatus {
    /// The lifecycle state, with the exit code when exited.
    pub state: ContainerState,
    /// The healthcheck result; `None` when the container has no healthcheck.
    pub health: Option<Health>,
    /// How often the engine restarted it under its restart policy.
    pub restart_count: i64,
    /// True when the kernel killed it for running out of memory.
    pub oom_killed: bool,
    /// The engine's error for a container that failed to start.
    pub error: Option<String>,
    /// When its main process last started (RFC 3339), if ever.
    pub started_at: Option<String>,
    /// Its own grace period between the stop signal and the kill
    /// (compose's `stop_grace_period`), when it was created with one.
    pub stop_timeout: Option<i64>,
}

/// State from a container list entry; the exit code comes from the status
/// text ("Exited (1) 3 minutes ago"), as listing gives no other.
pub(crate) fn from_summary(
    state: Option<ContainerSummaryStateEnum>,
    status: &str,
) -> ContainerState {
    use ContainerSummaryStateEnum as S;
    match state {
        Some(S::CREATED) => ContainerState::Created,
        Some(S::RUNNING) => ContainerState::Running,
        Some(S::PAUSED) => ContainerState::Paused,
        Some(S::RESTARTING) => ContainerState::Restarting,
        Some(S::EXITED) => ContainerState::Exited(exit_code_from_status(status).unwrap_or(0)),
        Some(S::DEAD) => ContainerState::Dead,
        Some(other) => ContainerState::Other(other.to_string()),
        None => ContainerState::Other(String::new()),
    }
}

/// State from inspect, which carries the exit code itself.
pub(crate) fn from_inspect(state: &ApiState) -> ContainerState {
    use ContainerStateStatusEnum as S;
    match state.status {
        Some(S::CREATED) => ContainerState::Created,
        Some(S::RUNNING) => ContainerState::Running,
        Some(S::PAUSED) => ContainerState::Paused,
        Some(S::RESTARTING) => ContainerState::Restarting,
        Some(S::EXITED) => ContainerState::Exited(state.exit_code.unwrap_or(0)),
        Some(S::DEAD) => ContainerState::Dead,
        Some(other) => ContainerState::Other(other.to_string()),
        None => ContainerState::Other(String::new()),
    }
}

/// The healthcheck result from inspect; `None` when there is no check.
pub(crate) fn health_from_inspect(state: &ApiState) -> Option<Health> {
    match state.health.as_ref()?.status? {
        HealthStatusEnum::STARTING => Some(Health::Starting),
        HealthStatusEnum::HEALTHY => Some(Health::Healthy),
        HealthStatusEnum::UNHEALTHY => Some(Health::Unhealthy),
        HealthStatusEnum::NONE | HealthStatusEnum::EMPTY => None,
    }
}

/// Parses the code out of "Exited (137) 5 seconds ago".
pub(crate) fn exit_code_from_status(status: &str) -> Option<i64> {
    let rest = status.strip_prefix("Exited (")?;
    let end = rest.find(')')?;
    rest[..end].trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_code_parsed_from_list_status() {
        assert_eq!(
            exit_code_from_status("Exited (137) 5 seconds ago"),
            Some(137)
        );
        assert_eq!(
            exit_code_from_status("Exited (0) About a minute ago"),
            Some(0)
        );
        assert_eq!(exit_code_from_status("Up 3 minutes"), None);
        assert_eq!(
            from_summary(
                Some(ContainerSummaryStateEnum::EXITED),
                "Exited (2) 1 second ago"
            ),
            ContainerState::Exited(2)
        );
        assert_eq!(
            from_summary(Some(ContainerSummaryStateEnum::RUNNING), "Up 1 second"),
            ContainerState::Running
        );
    }
}
