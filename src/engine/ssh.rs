//! The ssh transport, as the docker CLI does it: `ssh [-l USER] [-p PORT]
//! HOST docker system dial-stdio`, with HTTP spoken over that command's stdin
//! and stdout. The remote host needs the docker CLI and an engine; this host
//! needs `ssh` and a key it can use without a prompt (ssh-agent, or a key
//! without passphrase): ssh runs with BatchMode, so it never asks on the
//! terminal the console draws on.
//!
//! bollard 0.21's own ssh transport hands `user@host:port` to ssh as one host
//! name, so an address with a port could not connect, and what ssh said (a
//! refused key, an unknown host key) never reached the user. Here ssh's
//! stderr becomes the error's reason.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use bollard::{API_DEFAULT_VERSION, BollardRequest, Docker};
use hyper::Uri;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::{Connected, Connection};
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio::sync::watch;

/// How long a failed request waits for ssh to exit and say why.
const STDERR_WAIT: Duration = Duration::from_secs(2);
/// How much of ssh's stderr is kept, from the end.
const STDERR_KEEP: usize = 2048;

/// An ssh destination parsed from `ssh://[user@]host[:port]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SshTarget {
    pub user: Option<String>,
    pub host: String,
    pub port: Option<u16>,
}

impl SshTarget {
    /// Parses an address as the docker CLI accepts it: user and port are
    /// optional; a password, a path or a query are refused.
    pub(crate) fn parse(addr: &str) -> Result<SshTarget, String> {
        let rest = addr
            .strip_prefix("ssh://")
            .ok_or("the address does not start with ssh://")?;
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        if rest.contains(['/', '?', '#']) {
            return Err("an ssh address takes no path or query after the host".to_string());
        }
        let (user, host_port) = match rest.rsplit_once('@') {
            Some(("", _)) => {
                return Err("the user name before @ is empty".to_string());
            }
            Some((user, _)) if user.contains(':') => {
                return Err(
                    "a password in the ssh address is not supported; use a key or ssh-agent"
                        .to_string(),
                );
            }
            Some((user, host_port)) => (Some(user.to_string()), host_port),
            None => (None, rest),
        };
        let (host, port) = split_port(host_port)?;
        if host.is_empty() {
            return Err("the ssh address names no host".to_string());
        }
        Ok(SshTarget {
            user,
            host: host.to_string(),
            port,
        })
    }

    /// The arguments to `ssh` that run `docker system dial-stdio` on the target.
    pub(crate) fn args(&self) -> Vec<String> {
        let mut args: Vec<String> = ["-o", "BatchMode=yes", "-T"].map(String::from).into();
        if let Some(user) = &self.user {
            args.extend(["-l".to_string(), user.clone()]);
        }
        if let Some(port) = self.port {
            args.extend(["-p".to_string(), port.to_string()]);
        }
        args.extend(["--", &self.host, "docker", "system", "dial-stdio"].map(String::from));
        args
    }
}

/// `host`, `host:port`, `[v6]` or `[v6]:port`.
fn split_port(host_port: &str) -> Result<(&str, Option<u16>), String> {
    let (host, port) = match host_port.strip_prefix('[') {
        Some(bracketed) => {
            let (host, after) = bracketed
                .split_once(']')
                .ok_or("an IPv6 address in brackets lacks its ]")?;
            match after {
                "" => (host, None),
                _ => match after.strip_prefix(':') {
                    Some(port) => (host, Some(port)),
                    None => return Err(format!("unexpected \"{after}\" after the host")),
                },
            }
        }
        None => match host_port.split_once(':') {
            Some((_, port)) if port.contains(':') => {
                return Err("put an IPv6 address in brackets: ssh://user@[::1]:22".to_string());
            }
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        },
    };
    let port = port
        .map(|p| {
            p.parse::<u16>()
                .ok()
                .filter(|p| *p != 0)
                .ok_or_else(|| format!("\"{p}\" is not a port number"))
        })
        .transpose()?;
    Ok((host, port))
}

/// A bollard client whose every connection is one `ssh ... dial-stdio`.
pub(crate) fn connect(
    target: SshTarget,
    timeout_secs: u64,
) -> Result<Docker, bollard::errors::Error> {
    let connector = SshConnector {
        target: Arc::new(target),
        last_stderr: Arc::default(),
    };
    let last_stderr = Arc::clone(&connector.last_stderr);
    let client = Arc::new(Client::builder(TokioExecutor::new()).build(connector));
    Docker::connect_with_custom_transport(
        move |request: BollardRequest| {
            let client = Arc::clone(&client);
            let last_stderr = Arc::clone(&last_stderr);
            async move {
                match client.request(request).await {
                    Ok(response) => Ok(response),
                    Err(err) => Err(explain(err, &last_stderr).await),
                }
            }
        },
        Some("http://docker"),
        timeout_secs,
        API_DEFAULT_VERSION,
    )
}

/// What the newest ssh process wrote to stderr, published once it exits.
type StderrSlot = Mutex<Option<watch::Receiver<Option<String>>>>;

/// Turns a failed request into ssh's own words when ssh said something.
async fn explain(
    err: hyper_util::client::legacy::Error,
    last_stderr: &StderrSlot,
) -> bollard::errors::Error {
    let receiver = last_stderr.lock().ok().and_then(|slot| slot.clone());
    if let Some(mut receiver) = receiver {
        let said = match tokio::time::timeout(STDERR_WAIT, receiver.wait_for(Option::is_some)).await
        {
            Ok(Ok(text)) => text.clone().unwrap_or_default(),
            _ => String::new(),
        };
        if !said.is_empty() {
            let said = said.lines().collect::<Vec<_>>().join("; ");
            let reason = format!("ssh failed: {}", said.trim_end_matches('.'));
            return io::Error::new(io::ErrorKind::ConnectionRefused, reason).into();
        }
    }
    err.into()
}

#[derive(Clone)]
struct SshConnector {
    target: Arc<SshTarget>,
    last_stderr: Arc<StderrSlot>,
}

impl tower_service::Service<Uri> for SshConnector {
    type Response = SshStream;
    type Error = io::Error;
    type Future = Pin<Box<dyn Future<Output = io::Result<SshStream>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: Uri) -> Self::Future {
        let stream = self.spawn();
        Box::pin(async move { stream })
    }
}

impl SshConnector {
    fn spawn(&self) -> io::Result<SshStream> {
        let mut child = Command::new("ssh")
            .args(self.target.args())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| io::Error::new(e.kind(), format!("cannot run ssh: {e}")))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(io::Error::other("ssh started without pipes"));
        };
        if let Some(stderr) = child.stderr.take() {
            let (tx, rx) = watch::channel(None);
            tokio::spawn(async move {
                tx.send_replace(Some(read_tail(stderr).await));
            });
            if let Ok(mut slot) = self.last_stderr.lock() {
                *slot = Some(rx);
            }
        }
        Ok(SshStream {
            stdin: Some(TokioIo::new(stdin)),
            stdout: TokioIo::new(stdout),
            _child: child,
        })
    }
}

/// Reads `from` to its end, keeping the last [`STDERR_KEEP`] bytes, trimmed.
async fn read_tail(mut from: impl AsyncRead + Unpin) -> String {
    let mut kept = Vec::new();
    let mut chunk = [0u8; 1024];
    while let Ok(n) = from.read(&mut chunk).await {
        if n == 0 {
            break;
        }
        kept.extend_from_slice(&chunk[..n]);
        if kept.len() > STDERR_KEEP {
            kept.drain(..kept.len() - STDERR_KEEP);
        }
    }
    String::from_utf8_lossy(&kept).trim().to_string()
}

/// One connection: the ssh process's stdout to read, its stdin to write.
/// Dropping it kills the process. Shutting the write side down closes
/// ssh's stdin, which dial-stdio passes on as a half-close: how an exec's
/// stdin reaches EOF (a pipe's own shutdown closes nothing).
struct SshStream {
    stdin: Option<TokioIo<ChildStdin>>,
    stdout: TokioIo<ChildStdout>,
    _child: Child,
}

impl hyper::rt::Read for SshStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stdout).poll_read(cx, buf)
    }
}

impl hyper::rt::Write for SshStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.stdin.as_mut() {
            Some(stdin) => Pin::new(stdin).poll_write(cx, buf),
            None => Poll::Ready(Err(io::ErrorKind::BrokenPipe.into())),
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.stdin.as_mut() {
            Some(stdin) => Pin::new(stdin).poll_flush(cx),
            None => Poll::Ready(Ok(())),
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Some(stdin) = self.stdin.as_mut() {
            std::task::ready!(Pin::new(stdin).poll_flush(cx))?;
        }
        self.stdin = None;
        Poll::Ready(Ok(()))
    }
}

impl Connection for SshStream {
    fn connected(&self) -> Connected {
        Connected::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(user: Option<&str>, host: &str, port: Option<u16>) -> SshTarget {
        SshTarget {
            user: user.map(String::from),
            host: host.to_string(),
            port,
        }
    }

    #[test]
    fn parses_user_host_and_port() {
        assert_eq!(
            SshTarget::parse("ssh://root@127.0.0.1:2222"),
            Ok(target(Some("root"), "127.0.0.1", Some(2222)))
        );
        assert_eq!(
            SshTarget::parse("ssh://build-box"),
            Ok(target(None, "build-box", None))
        );
        assert_eq!(
            SshTarget::parse("ssh://me@example.org/"),
            Ok(target(Some("me"), "example.org", None))
        );
        assert_eq!(
            SshTarget::parse("ssh://me@[::1]:22"),
            Ok(target(Some("me"), "::1", Some(22)))
        );
        assert_eq!(
            SshTarget::parse("ssh://[fe80::1]"),
            Ok(target(None, "fe80::1", None))
        );
    }

    #[test]
    fn refuses_what_the_docker_cli_refuses() {
        for bad in [
            "tcp://h:2376",
            "ssh://",
            "ssh://me:secret@h",
            "ssh://@h",
            "ssh://h/var/run/docker.sock",
            "ssh://h?x=1",
            "ssh://h:port",
            "ssh://h:0",
            "ssh://h:70000",
            "ssh://::1",
            "ssh://[::1",
        ] {
            assert!(SshTarget::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn runs_dial_stdio_with_user_and_port_as_options() {
        let args = target(Some("root"), "127.0.0.1", Some(2222)).args();
        assert_eq!(
            args.join(" "),
            "-o BatchMode=yes -T -l root -p 2222 -- 127.0.0.1 docker system dial-stdio"
        );
        let args = target(None, "box", None).args();
        assert_eq!(
            args.join(" "),
            "-o BatchMode=yes -T -- box docker system dial-stdio"
        );
    }

    #[tokio::test]
    async fn keeps_the_tail_of_stderr() {
        let long = format!("{}\nPermission denied (publickey).\n", "x".repeat(5000));
        let tail = read_tail(long.as_bytes()).await;
        assert!(tail.ends_with("Permission denied (publickey)."));
        assert!(tail.len() <= STDERR_KEEP);
    }
}
