//! The runner's log streams: one task per container stream, kept by stream
//! id so a panel that closes (or a stream resumed after the engine came
//! back) cancels exactly its own tasks; and the export of a panel to a file.

use std::path::Path;
use std::sync::Arc;

use tokio::task::JoinHandle;

use super::EffectRunner;
use crate::app::{ALL_CONTAINERS, Msg, combined_stream};
use crate::ops::log_follow::{self, LogEvent, LogStart};

impl EffectRunner {
    pub(super) fn follow(&mut self, container_id: String, tail: usize) {
        self.stop(&container_id);
        if let Some(task) =
            self.follow_one(&container_id, &container_id, None, LogStart::Tail(tail))
        {
            self.log_tasks.insert(container_id, vec![task]);
        }
    }

    /// One stream per container into the combined view, history shared out.
    pub(super) fn follow_all(&mut self, containers: Vec<(String, String)>, tail: usize) {
        self.stop(ALL_CONTAINERS);
        let each = tail / containers.len().max(1);
        let tasks = containers
            .iter()
            .filter_map(|(id, service)| {
                self.follow_one(
                    id,
                    &combined_stream(id),
                    Some(Arc::from(service.as_str())),
                    LogStart::Tail(each),
                )
            })
            .collect();
        self.log_tasks.insert(ALL_CONTAINERS.to_string(), tasks);
    }

    /// Streams `container_id`'s log as messages for stream `stream`, each
    /// line tagged with `origin` when given.
    fn follow_one(
        &self,
        container_id: &str,
        stream: &str,
        origin: Option<Arc<str>>,
        start: LogStart,
    ) -> Option<JoinHandle<()>> {
        let engine = self.engine.borrow().clone()?;
        let tx = self.tx.clone();
        let stream = stream.to_string();
        let wrap = move |event| match event {
            LogEvent::Lines(mut lines) => {
                if let Some(origin) = &origin {
                    for line in &mut lines {
                        line.origin = Some(Arc::clone(origin));
                    }
                }
                Msg::LogLines {
                    container_id: stream.clone(),
                    lines,
                }
            }
            LogEvent::Ended(reason) => Msg::LogEnded {
                container_id: stream.clone(),
                reason,
            },
        };
        let follow = log_follow::follow_from(engine, container_id.to_string(), start, tx, wrap);
        Some(tokio::spawn(follow))
    }

    /// Follows a container's log again after its stream ended, skipping the
    /// `seen` lines already shown with the timestamp `after`.
    pub(super) fn resume(&mut self, container_id: String, after: String, seen: usize) {
        tracing::info!("resuming the log of {container_id} after {after}");
        self.stop(&container_id);
        let start = LogStart::After {
            timestamp: after,
            seen,
        };
        if let Some(task) = self.follow_one(&container_id, &container_id, None, start) {
            self.log_tasks.insert(container_id, vec![task]);
        }
    }

    /// Adds one container's stream back to the combined view; the view's
    /// other streams go on untouched.
    pub(super) fn resume_combined(
        &mut self,
        container_id: String,
        service: String,
        after: Option<String>,
        seen: usize,
        tail: usize,
    ) {
        tracing::info!("resuming the log of {container_id} ({service}) after {after:?}");
        let start = after.map_or(LogStart::Tail(tail), |timestamp| LogStart::After {
            timestamp,
            seen,
        });
        let stream = combined_stream(&container_id);
        let origin = Some(Arc::from(service.as_str()));
        if let Some(task) = self.follow_one(&container_id, &stream, origin, start) {
            let tasks = self
                .log_tasks
                .entry(ALL_CONTAINERS.to_string())
                .or_default();
            tasks.retain(|t| !t.is_finished());
            tasks.push(task);
        }
    }

    pub(super) fn stop(&mut self, stream: &str) {
        for task in self.log_tasks.remove(stream).unwrap_or_default() {
            task.abort();
        }
    }
}

/// Writes `lines` to `<dir>/<name>-<unix time>.log` and says where, or why not.
pub(super) fn export_log(dir: &Path, name: &str, lines: &[String]) -> String {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let path = dir.join(format!("{name}-{stamp}.log"));
    let mut text = lines.join("\n");
    text.push('\n');
    let written = std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&path, text));
    match written {
        Ok(()) => format!("wrote {} lines to {}", lines.len(), path.display()),
        Err(e) => format!("cannot write {}: {e}", path.display()),
    }
}
