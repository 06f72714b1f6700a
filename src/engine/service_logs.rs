//! A Swarm service's log, task by task, wherever the tasks run: the
//! manager's log broker fetches each task's output from its node.
//!
//! The service log endpoint only tags a line with its task and node when
//! asked for `details=true`, and bollard's log options cannot ask for it;
//! so each task is read from `/tasks/{id}/logs`, whose lines all belong to
//! the one task, and the task list gives each its slot and node.

use std::collections::HashMap;

use bollard::query_parameters::{ListNodesOptionsBuilder, ListTasksOptionsBuilder};
use futures::Stream;

use super::client::Engine;
use super::error::EngineError;
use super::logs::{LogChunk, LogOptions, log_chunks, log_request};

/// A task of a service whose log can be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogTask {
    pub id: String,
    /// The replica's slot; `None` for a global service's tasks.
    pub slot: Option<u64>,
    /// The node's id; [`Engine::node_labels`] names it.
    pub node_id: String,
}

impl Engine {
    /// The tasks of `service` that got as far as a container, so they have
    /// a log, in slot order. Nodes are named apart ([`Engine::node_labels`]),
    /// so a caller polling the list can keep the names it has.
    pub async fn log_tasks(&self, service: &str) -> Result<Vec<LogTask>, EngineError> {
        let filters = HashMap::from([("service".to_string(), vec![service.to_string()])]);
        let options = ListTasksOptionsBuilder::new().filters(&filters).build();
        let tasks = self
            .api()
            .list_tasks(Some(options))
            .await
            .map_err(|e| self.err(&format!("list tasks of {service}"), e))?;
        let mut out: Vec<LogTask> = tasks
            .into_iter()
            .filter_map(|t| {
                let status = t.status.unwrap_or_default();
                let has_container = status
                    .container_status
                    .and_then(|c| c.container_id)
                    .is_some_and(|id| !id.is_empty());
                if !has_container {
                    return None;
                }
                Some(LogTask {
                    id: t.id?,
                    slot: t.slot.and_then(|s| u64::try_from(s).ok()),
                    node_id: t.node_id.unwrap_or_default(),
                })
            })
            .collect();
        out.sort_by(|a, b| (a.slot, &a.id).cmp(&(b.slot, &b.id)));
        Ok(out)
    }

    /// Node id to the name a log line shows: see [`node_labels`].
    pub async fn node_labels(&self) -> Result<HashMap<String, String>, EngineError> {
        let nodes = self
            .api()
            .list_nodes(Some(ListNodesOptionsBuilder::new().build()))
            .await
            .map_err(|e| self.err("list swarm nodes", e))?;
        let named = nodes.into_iter().filter_map(|n| {
            let id = n.id?;
            let host = n.description.and_then(|d| d.hostname).unwrap_or_default();
            Some((id, host))
        });
        Ok(node_labels(named))
    }

    /// Streams one task's log, as [`Engine::logs`] streams a container's.
    pub fn task_logs(
        &self,
        task_id: &str,
        opts: LogOptions,
    ) -> impl Stream<Item = Result<LogChunk, EngineError>> + Send + use<> {
        let frames = self.api().task_logs(task_id, Some(log_request(&opts)));
        log_chunks(
            self.clone(),
            format!("read the log of task {task_id}"),
            opts.timestamps,
            frames,
        )
    }
}

/// Each node's hostname, or, when several nodes share one (cloned machines,
/// nodes in containers), `HOST~ID` with the first six characters of the
/// node id, so lines from different nodes never look alike. A node without
/// a hostname is shown by its id.
pub fn node_labels(nodes: impl IntoIterator<Item = (String, String)>) -> HashMap<String, String> {
    let nodes: Vec<(String, String)> = nodes.into_iter().collect();
    let mut count: HashMap<&str, usize> = HashMap::new();
    for (_, host) in &nodes {
        *count.entry(host.as_str()).or_default() += 1;
    }
    nodes
        .iter()
        .map(|(id, host)| {
            let short: String = id.chars().take(6).collect();
            let label = if host.is_empty() {
                id.clone()
            } else if count.get(host.as_str()).copied().unwrap_or(0) > 1 {
                format!("{host}~{short}")
            } else {
                host.clone()
            };
            (id.clone(), label)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(id: &str, host: &str) -> (String, String) {
        (id.to_string(), host.to_string())
    }

    #[test]
    fn unique_hostnames_stand_alone_and_shared_ones_take_the_id() {
        let labels = node_labels([
            pair("abcdef123456", "box"),
            pair("fedcba654321", "box"),
            pair("0123456789ab", "db-host"),
            pair("999999999999", ""),
        ]);
        assert_eq!(labels["abcdef123456"], "box~abcdef");
        assert_eq!(labels["fedcba654321"], "box~fedcba");
        assert_eq!(labels["0123456789ab"], "db-host");
        assert_eq!(labels["999999999999"], "999999999999");
    }
}
