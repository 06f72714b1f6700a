//! Follows a Swarm service's log across its tasks and nodes, for `runcli
//! logs --env` and the console's environment logs.
//!
//! Each task's log is read by a task of its own (see
//! `engine::service_logs` for why not the service endpoint), all owned by
//! one `JoinSet`, so aborting the caller's task closes every stream. When
//! following, the task list is read again every few seconds and a task not
//! seen before (a new replica, a restart, an update) gets a reader, from
//! the start of its log. Node names are read once, and again only when a
//! task names a node not seen yet.
//!
//! Lines are labelled `SERVICE.SLOT@NODE` (`api.2@node-b`): the compose
//! service as the project names it, Swarm's slot where compose would put
//! `-2`, and the node's hostname; a global service's tasks have no slot and
//! are labelled `SERVICE@NODE`.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinSet;

use super::log_follow::{self, LogEvent};
use crate::engine::{Engine, EngineError, LogOptions, LogTask};

/// How often a followed service's task list is read again.
pub const TASK_POLL: Duration = Duration::from_secs(2);

/// Where a batch of lines came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskOrigin {
    /// The compose service (`api`), not the Swarm service (`stack_api`).
    pub service: Arc<str>,
    pub slot: Option<u64>,
    pub node: Arc<str>,
    /// `api.2@node-b`.
    pub label: Arc<str>,
}

impl TaskOrigin {
    fn of(service: &Arc<str>, task: &LogTask, node: &str) -> TaskOrigin {
        TaskOrigin {
            service: service.clone(),
            slot: task.slot,
            node: Arc::from(node),
            label: Arc::from(task_label(service, task.slot, node)),
        }
    }
}

/// `SERVICE.SLOT@NODE`, or `SERVICE@NODE` without a slot.
pub fn task_label(service: &str, slot: Option<u64>, node: &str) -> String {
    match slot {
        Some(slot) => format!("{service}.{slot}@{node}"),
        None => format!("{service}@{node}"),
    }
}

/// The compose service name of `STACK_SERVICE`.
pub fn compose_name<'a>(stack: &str, swarm_service: &'a str) -> &'a str {
    swarm_service
        .strip_prefix(stack)
        .and_then(|rest| rest.strip_prefix('_'))
        .unwrap_or(swarm_service)
}

/// Reads Swarm service `swarm_service`'s log, every task on every node, as
/// `opts` asks, sending each batch with its task through `wrap`; a task
/// whose stream the engine broke off is reported as [`LogEvent::Ended`]
/// and not opened again (it would repeat the task's log from its start).
/// Without `follow` it returns once every task's log was read; with it, it
/// runs until the receiver goes away. Returns the engine's error when the
/// tasks cannot be listed.
pub async fn read<M, F>(
    engine: &Engine,
    swarm_service: &str,
    service: &str,
    opts: LogOptions,
    tx: mpsc::Sender<M>,
    wrap: F,
) -> Result<(), EngineError>
where
    M: Send + 'static,
    F: Fn(&TaskOrigin, LogEvent) -> M + Clone + Send + Sync + 'static,
{
    let service: Arc<str> = Arc::from(service);
    let mut seen = HashSet::new();
    let mut nodes: HashMap<String, String> = HashMap::new();
    let mut readers = JoinSet::new();
    let mut first = true;
    loop {
        for task in engine.log_tasks(swarm_service).await? {
            if !seen.insert(task.id.clone()) {
                continue;
            }
            if !nodes.contains_key(&task.node_id) {
                // A node not named yet (a new task, maybe a new node).
                nodes = engine.node_labels().await?;
            }
            let node = nodes.get(&task.node_id).unwrap_or(&task.node_id);
            let mut task_opts = opts;
            if !first {
                // A task that appeared while following: all of its log.
                task_opts.tail = None;
            }
            let origin = TaskOrigin::of(&service, &task, node);
            let chunks = engine.task_logs(&task.id, task_opts);
            let tx = tx.clone();
            let wrap = wrap.clone();
            readers.spawn(async move {
                let for_lines = wrap.clone();
                let lines_origin = origin.clone();
                let read = log_follow::read_chunks(chunks, tx.clone(), move |event| {
                    for_lines(&lines_origin, event)
                });
                if let Err(e) = read.await {
                    // Said as it happens: a follow may go on for hours.
                    let _ = tx.send(wrap(&origin, LogEvent::Ended(e.to_string()))).await;
                }
            });
        }
        first = false;
        if !opts.follow {
            while readers.join_next().await.is_some() {}
            return Ok(());
        }
        tokio::select! {
            () = tokio::time::sleep(TASK_POLL) => {}
            () = tx.closed() => return Ok(()),
        }
        // Readers of tasks that ended are done; collect them.
        while readers.try_join_next().is_some() {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_carry_slot_and_node() {
        assert_eq!(task_label("api", Some(2), "node-b"), "api.2@node-b");
        assert_eq!(task_label("agent", None, "node-a"), "agent@node-a");
    }

    #[test]
    fn the_stack_prefix_is_taken_off() {
        assert_eq!(compose_name("model-staging", "model-staging_api"), "api");
        assert_eq!(
            compose_name("model", "model-staging_api"),
            "model-staging_api"
        );
        assert_eq!(compose_name("s", "other"), "other");
    }
}
