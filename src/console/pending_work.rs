//! Work the console started that owns a one-off container (a project
//! command, a test run, a pipeline, a migration or docs build). Quitting
//! cancels what can be cancelled and then waits, for a bounded time, until
//! each has removed its container: a runtime dropped mid-run would leave
//! the container behind, still running.

use std::time::Duration;

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// One piece of work: what it is, how to cancel it (migrations are let
/// finish: a schema change stopped halfway helps nobody), and its task.
struct Job {
    what: String,
    cancel: Option<CancellationToken>,
    handle: JoinHandle<()>,
}

/// The console's running work, as far as quitting must wait for it.
#[derive(Default)]
pub struct PendingWork {
    jobs: Vec<Job>,
}

impl PendingWork {
    /// Keeps `handle` (and forgets the jobs that already ended).
    pub fn track(
        &mut self,
        what: impl Into<String>,
        cancel: Option<CancellationToken>,
        handle: JoinHandle<()>,
    ) {
        self.jobs.retain(|job| !job.handle.is_finished());
        self.jobs.push(Job {
            what: what.into(),
            cancel,
            handle,
        });
    }

    /// Cancels every job that can be cancelled; each then cleans up.
    pub fn cancel_all(&self) {
        for job in &self.jobs {
            if let Some(cancel) = &job.cancel {
                cancel.cancel();
            }
        }
    }

    /// What has not ended yet.
    pub fn running(&self) -> Vec<String> {
        self.jobs
            .iter()
            .filter(|job| !job.handle.is_finished())
            .map(|job| job.what.clone())
            .collect()
    }

    /// Waits until every job ended, or `within` passed; returns what was
    /// still running then (those tasks are aborted).
    pub async fn finish(self, within: Duration) -> Vec<String> {
        let deadline = tokio::time::Instant::now() + within;
        let mut left = Vec::new();
        for mut job in self.jobs {
            if tokio::time::timeout_at(deadline, &mut job.handle)
                .await
                .is_err()
            {
                job.handle.abort();
                left.push(job.what);
            }
        }
        left
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn quitting_cancels_and_waits_for_the_cleanup() {
        let mut work = PendingWork::default();
        let cancel = CancellationToken::new();
        let (done_tx, done_rx) = tokio::sync::oneshot::channel();
        let token = cancel.clone();
        let handle = tokio::spawn(async move {
            token.cancelled().await;
            // The cleanup after the cancel takes a while, as removing a
            // container does.
            tokio::time::sleep(Duration::from_millis(50)).await;
            let _ = done_tx.send(());
        });
        work.track("the test run", Some(cancel), handle);
        assert_eq!(work.running(), vec!["the test run".to_string()]);
        work.cancel_all();
        let left = work.finish(Duration::from_secs(5)).await;
        assert!(left.is_empty(), "{left:?}");
        assert!(done_rx.await.is_ok(), "the cleanup ran to its end");
    }

    #[tokio::test]
    async fn work_that_will_not_end_is_given_up_after_the_deadline() {
        let mut work = PendingWork::default();
        let handle = tokio::spawn(async { std::future::pending::<()>().await });
        work.track("a migration", None, handle);
        work.cancel_all();
        let left = work.finish(Duration::from_millis(50)).await;
        assert_eq!(left, vec!["a migration".to_string()]);
    }
}
