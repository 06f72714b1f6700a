//! Local stdin for an exec session, read on its own thread and handed over
//! in chunks. The reader can be stopped: the console takes the terminal back
//! after a shell exits, and a read still pending then would swallow the
//! user's next key. On unix the thread waits with poll(2) and a short
//! timeout, so it notices the stop within 50 ms and never reads
//! a byte after it. Elsewhere a blocking read may still take one key.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use bytes::Bytes;
use tokio::sync::mpsc;

/// How often the unix reader checks whether it should stop.
#[cfg(unix)]
const STOP_POLL_MS: i32 = 50;

/// Chunks of stdin as they arrive; the channel closes at end of input.
pub struct StdinReader {
    pub chunks: mpsc::Receiver<Bytes>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StdinReader {
    /// Starts reading the process's stdin.
    pub fn start() -> std::io::Result<StdinReader> {
        let (tx, chunks) = mpsc::channel(16);
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::Builder::new()
            .name("exec-stdin".into())
            .spawn(move || read_loop(&tx, &flag))?;
        Ok(StdinReader {
            chunks,
            stop,
            thread: Some(thread),
        })
    }

    /// Stops the thread and waits until it no longer reads.
    pub async fn stop(mut self) {
        self.stop.store(true, Ordering::SeqCst);
        self.chunks.close();
        if let Some(thread) = self.thread.take() {
            let _ = tokio::task::spawn_blocking(move || thread.join()).await;
        }
    }
}

impl Drop for StdinReader {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

#[cfg(unix)]
fn read_loop(tx: &mpsc::Sender<Bytes>, stop: &AtomicBool) {
    let mut buf = vec![0u8; 64 * 1024];
    while !stop.load(Ordering::SeqCst) {
        let mut fds = libc::pollfd {
            fd: libc::STDIN_FILENO,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd for the duration of the call.
        let ready = unsafe { libc::poll(&mut fds, 1, STOP_POLL_MS) };
        if ready < 0 {
            if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return;
        }
        if ready == 0 || stop.load(Ordering::SeqCst) {
            continue;
        }
        // SAFETY: `buf` is valid for writes of its length.
        let n = unsafe { libc::read(libc::STDIN_FILENO, buf.as_mut_ptr().cast(), buf.len()) };
        if n < 0 {
            if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return;
        }
        let n = n.unsigned_abs();
        if n == 0 || tx.blocking_send(Bytes::copy_from_slice(&buf[..n])).is_err() {
            return;
        }
    }
}

#[cfg(not(unix))]
fn read_loop(tx: &mpsc::Sender<Bytes>, stop: &AtomicBool) {
    use std::io::Read;
    let mut buf = vec![0u8; 64 * 1024];
    let mut stdin = std::io::stdin();
    while !stop.load(Ordering::SeqCst) {
        match stdin.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => {
                if stop.load(Ordering::SeqCst)
                    || tx.blocking_send(Bytes::copy_from_slice(&buf[..n])).is_err()
                {
                    return;
                }
            }
        }
    }
}
