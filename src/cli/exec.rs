//! `runcli exec SERVICE [-- CMD ARGS...]`: a command, or the service's
//! shell, in its running container. Interactive with a TTY when stdin and
//! stdout are terminals, plain pipes otherwise (so `> dump.sql` gets the
//! bytes as the command wrote them, and stderr stays apart); the command's
//! exit code becomes runcli's.

use std::process::ExitCode;

use crate::ops::exec;
use crate::project::Project;

pub async fn run(project: &Project, service: &str, cmd: Vec<String>) -> anyhow::Result<ExitCode> {
    let engine = super::server::connect().await?;
    let container = exec::find_container(&engine, project, service).await?;
    let cmd = if cmd.is_empty() {
        exec::shell_command(&engine, project, service, &container).await?
    } else {
        cmd
    };
    let tty = exec::wants_tty();
    let raw = if tty {
        Some(crate::term::raw_mode()?)
    } else {
        None
    };
    let code = exec::run_attached(&engine, &container, cmd, tty).await;
    drop(raw);
    Ok(ExitCode::from(exit_byte(code?)))
}

/// An exit status as a process exit code: its low byte, as a shell sees it.
fn exit_byte(code: i64) -> u8 {
    u8::try_from(code.rem_euclid(256)).unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::exit_byte;

    #[test]
    fn exit_codes_keep_their_low_byte() {
        assert_eq!(exit_byte(0), 0);
        assert_eq!(exit_byte(7), 7);
        assert_eq!(exit_byte(255), 255);
        assert_eq!(exit_byte(256), 0);
        assert_eq!(exit_byte(-1), 255);
    }
}
