//! `runcli exec SERVICE [-- CMD ARGS...]` on a real engine, with busybox
//! services: the command runs in the service's container, its exit code is
//! runcli's, stdout and stderr stay apart, stdin and stdout carry bytes
//! unchanged, and the shell is chosen as the manifest, then bash, then sh.

#![cfg(unix)]

mod common;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{
    BUSYBOX_TAG, HOST_BUSYBOX, ProjectGuard, busybox_image, docker_or_skip, output_text as text,
    runcli, unique_project, write_busybox_context,
};

fn manifest(name: &str) -> String {
    format!(
        r#"[project]
name = "{name}"

[compose]
files = ["docker-compose.yaml"]

[profiles.all]
description = "the services exec goes into"
services = ["web", "tools", "bare"]

[profiles.database]
description = "the db, never started here"
services = ["db"]

[services.tools]
shell = "ash -l"
"#
    )
}

/// `web` and `db` are plain busybox; `tools` has a `bash` (a wrapper that
/// marks itself); `bare` has no shell at all, only /busybox.
fn compose() -> String {
    format!(
        r#"services:
  web:
    image: {BUSYBOX_TAG}
    command: ["sleep", "600"]
  db:
    image: {BUSYBOX_TAG}
    command: ["sleep", "600"]
  tools:
    build: ./tools
    command: ["sleep", "600"]
  bare:
    build: ./bare
    command: ["/busybox", "sleep", "600"]
"#
    )
}

fn write_project(dir: &Path, name: &str) {
    std::fs::write(dir.join("runcli.toml"), manifest(name)).unwrap();
    std::fs::write(dir.join("docker-compose.yaml"), compose()).unwrap();
    let tools = dir.join("tools");
    std::fs::create_dir(&tools).unwrap();
    write_busybox_context(&tools, "COPY bash /bin/bash\n");
    let bash = tools.join("bash");
    std::fs::write(&bash, "#!/bin/sh\nexport VIA=bash\nexec sh \"$@\"\n").unwrap();
    std::fs::set_permissions(&bash, std::fs::Permissions::from_mode(0o755)).unwrap();
    let bare = dir.join("bare");
    std::fs::create_dir(&bare).unwrap();
    std::fs::copy(HOST_BUSYBOX, bare.join("busybox")).unwrap();
    std::fs::write(
        bare.join("Dockerfile"),
        "FROM scratch\nCOPY busybox /busybox\n",
    )
    .unwrap();
}

/// Runs runcli with `input` on its stdin (a pipe, so no TTY).
fn runcli_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_runcli"))
        .arg("--project")
        .arg(dir)
        .args(args)
        .env_remove("RUNCLI_PROJECT")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run runcli");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        stdin.write_all(&input).unwrap();
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// The container's hostname as the engine records it.
fn inspect_hostname(id: &str) -> String {
    let out = Command::new("docker")
        .args(["inspect", "--format", "{{.Config.Hostname}}", id])
        .output()
        .expect("run docker inspect");
    assert!(out.status.success(), "docker inspect: {}", text(&out));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Bytes of every value, in an order no text tool would keep.
fn binary_payload(len: usize) -> Vec<u8> {
    let mut x: u32 = 0x1234_5678;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect()
}

#[tokio::test]
async fn exec_runs_in_the_service_container_and_passes_its_exit_code() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    busybox_image(&engine).await;
    let name = unique_project("exec");
    let mut guard = ProjectGuard::new(&engine, &name);
    guard.images.push(format!("{name}-tools"));
    guard.images.push(format!("{name}-bare"));
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path(), &name);

    let up = runcli(dir.path(), &["server", "up", "all", "--detach"]);
    assert_eq!(up.status.code(), Some(0), "{}", text(&up));
    let containers = engine.project_containers(&name).await.unwrap();
    let web = containers
        .iter()
        .find(|c| c.service.as_deref() == Some("web"))
        .expect("a web container");

    let hostname = runcli_stdin(
        dir.path(),
        &["exec", "web", "--", "cat", "/etc/hostname"],
        b"",
    );
    assert_eq!(hostname.status.code(), Some(0), "{}", text(&hostname));
    assert_eq!(
        String::from_utf8_lossy(&hostname.stdout).trim(),
        inspect_hostname(&web.id),
        "{}",
        text(&hostname)
    );

    let seven = runcli_stdin(
        dir.path(),
        &["exec", "web", "--", "sh", "-c", "exit 7"],
        b"",
    );
    assert_eq!(seven.status.code(), Some(7), "{}", text(&seven));

    let apart = runcli_stdin(
        dir.path(),
        &[
            "exec",
            "web",
            "--",
            "sh",
            "-c",
            "echo to-out; echo to-err >&2",
        ],
        b"",
    );
    assert_eq!(apart.status.code(), Some(0), "{}", text(&apart));
    assert_eq!(String::from_utf8_lossy(&apart.stdout), "to-out\n");
    assert_eq!(String::from_utf8_lossy(&apart.stderr), "to-err\n");

    let payload = binary_payload(3 * 1024 * 1024 + 17);
    let echoed = runcli_stdin(dir.path(), &["exec", "web", "--", "cat"], &payload);
    assert_eq!(
        echoed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&echoed.stderr)
    );
    assert_eq!(echoed.stdout.len(), payload.len());
    assert!(echoed.stdout == payload, "the bytes came back changed");

    // Writes 8 MB before it reads a byte: its stdin is not drained while
    // its output is, so stdin and stdout must move independently.
    let script = "head -c 8388608 /dev/zero; wc -c";
    let late_reader = runcli_stdin(
        dir.path(),
        &["exec", "web", "--", "sh", "-c", script],
        &payload,
    );
    assert_eq!(late_reader.status.code(), Some(0), "{}", text(&late_reader));
    assert_eq!(
        late_reader.stdout.len(),
        8_388_608 + payload.len().to_string().len() + 1
    );
    assert_eq!(
        String::from_utf8_lossy(&late_reader.stdout[8_388_608..]).trim(),
        payload.len().to_string(),
        "stdin arrived whole after the command's output"
    );

    let counted = runcli_stdin(dir.path(), &["exec", "web", "--", "wc", "-c"], &payload);
    assert_eq!(
        String::from_utf8_lossy(&counted.stdout).trim(),
        payload.len().to_string(),
        "stdin reached the command whole and then ended"
    );

    // Without a command: the manifest's shell, else bash, else sh.
    let script = b"echo shell=$0 via=$VIA\n";
    let manifest_shell = runcli_stdin(dir.path(), &["exec", "tools"], script);
    assert_eq!(
        manifest_shell.status.code(),
        Some(0),
        "{}",
        text(&manifest_shell)
    );
    assert!(
        String::from_utf8_lossy(&manifest_shell.stdout).contains("shell=ash via=\n"),
        "{}",
        text(&manifest_shell)
    );
    let sh = runcli_stdin(dir.path(), &["exec", "web"], script);
    assert_eq!(sh.status.code(), Some(0), "{}", text(&sh));
    assert_eq!(String::from_utf8_lossy(&sh.stdout), "shell=sh via=\n");

    let none = runcli_stdin(dir.path(), &["exec", "bare"], script);
    assert_eq!(none.status.code(), Some(1), "{}", text(&none));
    assert!(
        text(&none).contains("neither bash nor sh"),
        "{}",
        text(&none)
    );
    let explicit = runcli_stdin(
        dir.path(),
        &["exec", "bare", "--", "/busybox", "echo", "ok"],
        b"",
    );
    assert_eq!(String::from_utf8_lossy(&explicit.stdout), "ok\n");
}

/// Runs a shell command line under `script`, so runcli's stdin (and,
/// unless the line redirects it, its stdout) is a terminal.
fn under_terminal(line: &str) -> Output {
    Command::new("script")
        .args(["-qec", line, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .expect("run script (util-linux)")
}

#[tokio::test]
async fn a_terminal_gets_a_tty_unless_stdout_is_redirected() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    busybox_image(&engine).await;
    let name = unique_project("exec-tty");
    let mut guard = ProjectGuard::new(&engine, &name);
    guard.images.push(format!("{name}-tools"));
    guard.images.push(format!("{name}-bare"));
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path(), &name);
    let up = runcli(dir.path(), &["server", "up", "all", "--detach"]);
    assert_eq!(up.status.code(), Some(0), "{}", text(&up));

    let bin = env!("CARGO_BIN_EXE_runcli");
    let project = dir.path().display();
    let probe =
        "for fd in 0 1 2; do if test -t $fd; then echo $fd=tty; else echo $fd=pipe; fi; done";
    let shown = under_terminal(&format!(
        "{bin} --project {project} exec web -- sh -c '{probe}'"
    ));
    let shown_text = String::from_utf8_lossy(&shown.stdout);
    assert!(
        shown_text.contains("0=tty\r\n1=tty\r\n2=tty"),
        "{shown_text:?}"
    );

    let file = dir.path().join("out.txt");
    let redirected = under_terminal(&format!(
        "{bin} --project {project} exec web -- sh -c '{probe}; echo apart >&2' > {}",
        file.display()
    ));
    let written = std::fs::read(&file).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&written),
        "0=pipe\n1=pipe\n2=pipe\n",
        "{}",
        text(&redirected)
    );
    assert!(String::from_utf8_lossy(&redirected.stdout).contains("apart"));
}

#[tokio::test]
async fn exec_prefers_bash_when_the_container_has_it() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    busybox_image(&engine).await;
    let name = unique_project("exec-bash");
    let mut guard = ProjectGuard::new(&engine, &name);
    guard.images.push(format!("{name}-tools"));
    guard.images.push(format!("{name}-bare"));
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path(), &name);
    // The same project without the manifest's shell for tools.
    let without = manifest(&name).replace("[services.tools]\nshell = \"ash -l\"\n", "");
    std::fs::write(dir.path().join("runcli.toml"), without).unwrap();

    let up = runcli(dir.path(), &["server", "up", "all", "--detach"]);
    assert_eq!(up.status.code(), Some(0), "{}", text(&up));
    let bash = runcli_stdin(dir.path(), &["exec", "tools"], b"echo via=$VIA\n");
    assert_eq!(bash.status.code(), Some(0), "{}", text(&bash));
    assert_eq!(String::from_utf8_lossy(&bash.stdout), "via=bash\n");
}

#[tokio::test]
async fn unknown_and_stopped_services_are_told_apart() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    busybox_image(&engine).await;
    let name = unique_project("exec-missing");
    let _guard = ProjectGuard::new(&engine, &name);
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path(), &name);

    let unknown = runcli_stdin(dir.path(), &["exec", "nosuch", "--", "true"], b"");
    assert_eq!(unknown.status.code(), Some(2), "{}", text(&unknown));
    let message = String::from_utf8_lossy(&unknown.stderr);
    assert!(message.contains("`nosuch`"), "{message}");
    for known in ["bare", "db", "tools", "web"] {
        assert!(message.contains(known), "{known} is listed: {message}");
    }

    let stopped = runcli_stdin(dir.path(), &["exec", "db", "--", "true"], b"");
    assert_eq!(stopped.status.code(), Some(1), "{}", text(&stopped));
    assert!(
        String::from_utf8_lossy(&stopped.stderr).contains("runcli server up database"),
        "{}",
        text(&stopped)
    );
}
