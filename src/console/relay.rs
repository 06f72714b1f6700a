//! Backpressure for a tool's output. The ops report lines through plain
//! (non-async) callbacks, which cannot wait for room in the console's
//! bounded channel; `try_send` there dropped lines whenever container logs
//! filled the channel. A [`Relay`] queues what a callback reports and
//! [`Relay::drive`] polls the op only while that queue is empty: when the
//! channel is full, the op (and so its log stream reader) is not polled
//! until the console has taken messages off, and nothing is dropped. The
//! queue holds at most what the op reports in one poll.

use std::collections::VecDeque;
use std::future::{Future, poll_fn};
use std::pin::pin;
use std::sync::Mutex;
use std::task::Poll;

use tokio::sync::mpsc;
use tokio_util::sync::PollSender;

use crate::app::Msg;

/// Most lines one merged output message carries.
const MAX_MERGED: usize = 1024;

/// Messages a running op has reported and the console has not taken yet.
/// Output lines that follow each other share a message, so a burst costs
/// a few messages, not one per line.
#[derive(Debug, Default)]
pub struct Relay {
    queue: Mutex<VecDeque<Msg>>,
}

impl Relay {
    /// Queues `msg`; called from the op's callbacks, never blocks.
    pub fn push(&self, msg: Msg) {
        if let Ok(mut queue) = self.queue.lock() {
            let msg = match queue.back_mut() {
                Some(last) => merge(last, msg),
                None => Some(msg),
            };
            if let Some(msg) = msg {
                queue.push_back(msg);
            }
        }
    }

    fn pop(&self) -> Option<Msg> {
        self.queue.lock().ok()?.pop_front()
    }

    fn is_empty(&self) -> bool {
        self.queue.lock().map_or(true, |q| q.is_empty())
    }

    fn clear(&self) {
        if let Ok(mut queue) = self.queue.lock() {
            queue.clear();
        }
    }

    /// Runs `op` to its end, sending everything it queued to `tx` in order
    /// before its output is returned. If the console is gone the messages
    /// have nowhere to go and are let go; the op still runs to its end.
    pub async fn drive<F: Future>(&self, op: F, tx: &mpsc::Sender<Msg>) -> F::Output {
        let mut op = pin!(op);
        let mut sender = PollSender::new(tx.clone());
        let mut output = None;
        poll_fn(|cx| {
            loop {
                while !self.is_empty() {
                    match sender.poll_reserve(cx) {
                        Poll::Ready(Ok(())) => {
                            if let Some(msg) = self.pop() {
                                let _ = sender.send_item(msg);
                            }
                        }
                        Poll::Ready(Err(_)) => self.clear(),
                        // Full: the op waits with its reader until there is room.
                        Poll::Pending => return Poll::Pending,
                    }
                }
                if let Some(out) = output.take() {
                    return Poll::Ready(out);
                }
                match op.as_mut().poll(cx) {
                    // Its last lines go out first.
                    Poll::Ready(out) => output = Some(out),
                    Poll::Pending if self.is_empty() => return Poll::Pending,
                    Poll::Pending => {}
                }
            }
        })
        .await
    }
}

/// Adds `next`'s lines to `last` when both are the same output and
/// `last` has room; else gives `next` back.
fn merge(last: &mut Msg, next: Msg) -> Option<Msg> {
    match (last, next) {
        (Msg::DocsOutput(into), Msg::DocsOutput(lines))
        | (Msg::MigrationOutput(into), Msg::MigrationOutput(lines))
            if into.len() < MAX_MERGED =>
        {
            into.extend(lines);
            None
        }
        (
            Msg::CommandOutput { name, lines: into },
            Msg::CommandOutput {
                name: next_name,
                lines,
            },
        ) if *name == next_name && into.len() < MAX_MERGED => {
            into.extend(lines);
            None
        }
        (_, next) => Some(next),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn line(n: usize) -> Msg {
        Msg::Status(n.to_string())
    }

    #[tokio::test]
    async fn a_full_channel_holds_the_op_back_and_loses_nothing() {
        let (tx, mut rx) = mpsc::channel(4);
        let relay = Relay::default();
        let produced = std::sync::atomic::AtomicUsize::new(0);
        let op = async {
            for n in 0..100 {
                relay.push(line(n));
                produced.store(n + 1, std::sync::atomic::Ordering::SeqCst);
                tokio::task::yield_now().await;
            }
            "done"
        };
        let driven = relay.drive(op, &tx);
        let mut driven = pin!(driven);
        // Nobody reads: the op gets no further than the channel's room.
        let waited = tokio::time::timeout(Duration::from_millis(100), driven.as_mut()).await;
        assert!(waited.is_err());
        let ahead = produced.load(std::sync::atomic::Ordering::SeqCst);
        assert!(
            ahead <= 6,
            "the op ran {ahead} steps ahead of a full channel"
        );
        let reader = async {
            let mut got = Vec::new();
            while let Some(Msg::Status(text)) = rx.recv().await {
                got.push(text);
                if got.len() == 100 {
                    break;
                }
            }
            got
        };
        let (out, got) = tokio::join!(driven, reader);
        assert_eq!(out, "done");
        let want: Vec<String> = (0..100).map(|n| n.to_string()).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn lines_in_a_row_share_a_message_up_to_a_cap() {
        use crate::app::LogLine;
        let relay = Relay::default();
        let docs = |text: &str| Msg::DocsOutput(vec![LogLine::stdout(text)]);
        relay.push(docs("a"));
        relay.push(docs("b"));
        relay.push(Msg::Status("between".into()));
        relay.push(docs("c"));
        for n in 0..MAX_MERGED {
            relay.push(docs(&n.to_string()));
        }
        let sizes: Vec<usize> = std::iter::from_fn(|| relay.pop())
            .map(|m| match m {
                Msg::DocsOutput(lines) => lines.len(),
                _ => 0,
            })
            .collect();
        assert_eq!(sizes, vec![2, 0, MAX_MERGED, 1]);
    }
}
