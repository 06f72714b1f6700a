//! Waiting for Swarm: a service has converged when its update completed
//! (or there was none) and as many tasks of the new image run as are
//! desired; an update that rolled back or paused is a failure with Swarm's
//! reason. Then the environment's URL must answer `/ping` with the version.

use std::time::Duration;

use tokio::time::Instant;

use crate::engine::{Engine, EngineError, SwarmServiceState, UpdateState};
use crate::ops::http_get;

/// How often the engine and the URL are asked.
const POLL: Duration = Duration::from_millis(500);

/// Why waiting ended without success.
#[derive(Debug)]
pub enum WaitError {
    Engine(EngineError),
    /// Swarm rolled the update back (or paused it), with its reason.
    RolledBack(String),
    /// The deadline passed; what was last seen.
    Timeout(String),
    /// A service no update watches (a new one) keeps failing to start.
    TasksFail(String),
}

/// Failed tasks of a new service after which waiting stops: Swarm retries
/// forever, and the reason will not change.
const FAILED_TASKS: usize = 3;

impl From<EngineError> for WaitError {
    fn from(e: EngineError) -> Self {
        WaitError::Engine(e)
    }
}

/// The update status to tell a fresh update from the one before it.
pub type UpdateMark = Option<(Option<UpdateState>, Option<String>)>;

/// What `service_state` said before the deploy, to ignore a stale status.
pub fn mark(state: Option<&SwarmServiceState>) -> UpdateMark {
    state.map(|s| (s.update, s.update_started.clone()))
}

/// Waits until `service` runs `desired` tasks of `image` with no update in
/// progress, or Swarm rolls the update back.
pub async fn converged(
    engine: &Engine,
    service: &str,
    image: &str,
    before: &UpdateMark,
    deadline: Instant,
    progress: &(dyn Fn(String) + Send + Sync),
) -> Result<(), WaitError> {
    let mut last = String::new();
    // Swarm says why at rollback_started; at rollback_completed it only
    // says that it completed.
    let mut why: Option<String> = None;
    loop {
        let Some(state) = engine.service_state(service).await? else {
            return Err(WaitError::Timeout(format!("service {service} disappeared")));
        };
        let fresh = Some((state.update, state.update_started.clone())) != *before;
        if fresh && state.update == Some(UpdateState::RollbackStarted) && why.is_none() {
            why = state.update_message.clone();
        }
        let tasks = engine.service_tasks(service).await?;
        // The new image's last task that failed says more than Swarm's
        // "rollback completed".
        let task_error = tasks
            .iter()
            .filter(|t| t.image == image)
            .filter_map(|t| match (&t.error, t.state.as_str()) {
                (Some(e), _) => Some(e.clone()),
                (None, "failed" | "rejected") => Some(t.message.clone()),
                _ => None,
            })
            .next_back();
        let reason = || {
            let swarm = why
                .clone()
                .or_else(|| state.update_message.clone())
                .unwrap_or_else(|| "no reason given".into());
            match &task_error {
                Some(e) => format!("{swarm} (new task: {e})"),
                None => swarm,
            }
        };
        if fresh {
            match state.update {
                Some(UpdateState::RollbackCompleted) if state.running >= state.desired => {
                    return Err(WaitError::RolledBack(reason()));
                }
                Some(UpdateState::RollbackPaused) => {
                    return Err(WaitError::RolledBack(format!(
                        "rollback paused: {}",
                        reason()
                    )));
                }
                Some(UpdateState::Paused) => {
                    return Err(WaitError::RolledBack(format!(
                        "update paused: {}",
                        reason()
                    )));
                }
                _ => {}
            }
        }
        let busy = fresh
            && matches!(
                state.update,
                Some(UpdateState::Updating)
                    | Some(UpdateState::RollbackStarted)
                    | Some(UpdateState::RollbackCompleted)
            );
        let running: Vec<_> = tasks
            .iter()
            .filter(|t| t.desired == "running" && t.state == "running")
            .collect();
        let all_new = running.iter().all(|t| t.image == image);
        let now = format!(
            "{service}: {}/{} running{}",
            running.len(),
            state.desired,
            match state.update {
                Some(u) if fresh => format!(", update {}", u.as_str()),
                _ => String::new(),
            }
        );
        if now != last {
            progress(now.clone());
            last = now;
        }
        // A global service has no tasks to count before Swarm schedules them.
        let scheduled = !state.global || state.desired > 0;
        if !busy && scheduled && all_new && running.len() as u64 == state.desired {
            return Ok(());
        }
        let failed = tasks
            .iter()
            .filter(|t| t.image == image && matches!(t.state.as_str(), "failed" | "rejected"))
            .count();
        if state.update.is_none() && failed >= FAILED_TASKS {
            return Err(WaitError::TasksFail(format!(
                "{service}: {failed} tasks failed to start; the last: {}",
                task_error.unwrap_or_default()
            )));
        }
        if Instant::now() >= deadline {
            let failing = tasks
                .iter()
                .filter_map(|t| t.error.clone())
                .next_back()
                .map(|e| format!("; last task error: {e}"))
                .unwrap_or_default();
            return Err(WaitError::Timeout(format!("{last}{failing}")));
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Polls `URL/ping` until its JSON `version` is `version`.
pub async fn ping_version(url: &str, version: &str, deadline: Instant) -> Result<(), String> {
    let target = format!("{}/ping", url.trim_end_matches('/'));
    loop {
        let probe_url = target.clone();
        let answer = tokio::task::spawn_blocking(move || ping(&probe_url))
            .await
            .unwrap_or_else(|e| Err(e.to_string()));
        let last = match answer {
            Ok(v) if v == version => return Ok(()),
            Ok(v) => format!("{target} reports version {v}"),
            Err(e) => format!("{target}: {e}"),
        };
        if Instant::now() >= deadline {
            return Err(last);
        }
        tokio::time::sleep(POLL).await;
    }
}

/// One GET of `/ping`: the `version` of its JSON body.
pub fn ping(url: &str) -> Result<String, String> {
    ping_with(&http_get::agent(PING_TIMEOUT, true), url)
}

/// How long one GET of `/ping` may take.
const PING_TIMEOUT: Duration = Duration::from_secs(2);

/// [`ping`] through `agent` (which says whom to trust over HTTPS).
pub fn ping_with(agent: &ureq::Agent, url: &str) -> Result<String, String> {
    let body = agent
        .get(url)
        .call()
        .map_err(|e| http_get::describe(&e))?
        .body_mut()
        .read_to_string()
        .map_err(|e| http_get::describe(&e))?;
    let value: serde_json::Value =
        serde_json::from_str(&body).map_err(|e| format!("not JSON ({e})"))?;
    value
        .get("version")
        .and_then(|v| v.as_str())
        .map(str::to_string)
        .ok_or_else(|| "its JSON has no \"version\"".to_string())
}
