//! `runcli run NAME [ARGS...]` and `run --list` on the real binary: a
//! one-off in a compose service on the real engine (busybox image), host
//! commands in the project root, confirmation, arguments, exit codes passed
//! through, and a profile command that reports its URL.

mod common;
mod json_support;

use std::net::TcpListener;
use std::path::Path;

use common::{
    ProjectGuard, busybox_image, docker_or_skip, output_text as text, runcli, runcli_env,
    unique_project, write_busybox_context,
};
use json_support::{assert_fields, json_lines, with};

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo");

fn manifest(name: &str) -> String {
    format!(
        r#"[project]
name = "{name}"

[compose]
files = ["docker-compose.yaml"]

[profiles.app]
services = ["app"]

[commands.hello]
description = "greets from a one-off app container, then fails with 3"
key = "h"
service = "app"
command = ["sh", "-c", "echo hello from $GREETING; echo to-stderr >&2; exit 3"]
env = {{ GREETING = "the app" }}

[commands.where]
description = "prints the project root"
host = true
command = ["pwd"]

[commands.wipe]
description = "pretends to wipe the data"
host = true
confirm = true
command = ["sh", "-c", "echo wiped; exit 0"]

[commands.greet]
description = "each value stays one argument"
host = true
args = ["who", "times"]
command = ["sh", "-c", "printf '%s|' \"$@\"; echo", "sh", "{{who}}", "x{{times}}"]

[commands.tag]
description = "arguments reach a one-off container too"
service = "app"
args = ["label"]
commands = [["echo", "first {{label}}"], ["sh", "-c", "echo second $0; exit 5", "{{label}}"], ["echo", "never"]]

[commands.ghost]
description = "a program that is not installed"
host = true
command = ["runcli-test-no-such-program"]

[commands.inside]
description = "in the running app container"
exec = "app"
command = ["sh", "-c", "test -f /alive && echo in the running $WHERE; echo err >&2; exit 4"]
env = {{ WHERE = "app" }}

[commands.sleepy]
description = "runs until interrupted"
service = "app"
command = ["sh", "-c", "echo started; sleep 60"]
"#
    )
}

/// `app`'s own command leaves a mark that a one-off (which runs another
/// command) does not have, so an exec shows where it ran.
const COMPOSE: &str = r#"services:
  app:
    build: .
    command: ["sh", "-c", "touch /alive; sleep 600"]
"#;

/// A project whose commands need no engine (the host ones are enough).
fn host_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let name = unique_project("runhost");
    std::fs::write(dir.path().join("runcli.toml"), manifest(&name)).unwrap();
    std::fs::write(dir.path().join("docker-compose.yaml"), COMPOSE).unwrap();
    dir
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_host_command_runs_in_the_project_root() {
    let dir = host_project();
    let elsewhere = tempfile::tempdir().unwrap();
    // Started from another folder: the command still runs in the root.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_runcli"))
        .current_dir(elsewhere.path())
        .args(["--project"])
        .arg(dir.path())
        .args(["run", "where"])
        .env_remove("RUNCLI_PROJECT")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let printed = stdout(&out);
    let printed = Path::new(printed.trim_end());
    assert_eq!(
        printed.canonicalize().unwrap(),
        dir.path().canonicalize().unwrap(),
        "{}",
        text(&out)
    );
}

#[test]
fn a_confirm_command_needs_yes_headless() {
    let dir = host_project();
    let refused = runcli(dir.path(), &["run", "wipe"]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(!stdout(&refused).contains("wiped"), "{}", text(&refused));
    assert!(
        stderr(&refused).contains("runcli run --yes wipe"),
        "{}",
        text(&refused)
    );
    let done = runcli(dir.path(), &["run", "--yes", "wipe"]);
    assert_eq!(done.status.code(), Some(0), "{}", text(&done));
    assert_eq!(stdout(&done), "wiped\n", "{}", text(&done));
    let after_name = runcli(dir.path(), &["run", "wipe", "-y"]);
    assert_eq!(after_name.status.code(), Some(0), "{}", text(&after_name));
}

#[test]
fn arguments_fill_placeholders_one_value_each_and_are_counted() {
    let dir = host_project();
    let out = runcli(dir.path(), &["run", "greet", "a b; echo no", "2"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(stdout(&out), "a b; echo no|x2|\n", "{}", text(&out));
    // A value that starts with a dash goes after `--`.
    let dashed = runcli(dir.path(), &["run", "greet", "--", "-n", "3"]);
    assert_eq!(dashed.status.code(), Some(0), "{}", text(&dashed));
    assert_eq!(stdout(&dashed), "-n|x3|\n", "{}", text(&dashed));
    for args in [
        &["run", "greet", "one"][..],
        &["run", "greet", "1", "2", "3"],
    ] {
        let wrong = runcli(dir.path(), args);
        assert_eq!(wrong.status.code(), Some(2), "{args:?}: {}", text(&wrong));
        assert!(
            stderr(&wrong).contains("usage: runcli run greet <who> <times>"),
            "{args:?}: {}",
            text(&wrong)
        );
        assert!(stdout(&wrong).is_empty(), "{}", text(&wrong));
    }
}

#[test]
fn an_unknown_name_exits_2_listing_the_commands_in_order() {
    let dir = host_project();
    let out = runcli(dir.path(), &["run", "helo"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        stderr(&out).contains("no command `helo`")
            && stderr(&out).contains("hello, where, wipe, greet, tag, ghost, inside, sleepy"),
        "{}",
        text(&out)
    );
    let json = runcli(dir.path(), &["--json", "run", "helo"]);
    assert_eq!(json.status.code(), Some(2), "{}", text(&json));
    let objects = json_lines(&json);
    assert_eq!(objects.len(), 1, "{objects:?}");
    assert!(objects[0]["error"].as_str().unwrap().contains("helo"));
}

#[test]
fn a_missing_host_program_exits_127_like_a_shell() {
    let dir = host_project();
    let out = runcli(dir.path(), &["run", "ghost"]);
    assert_eq!(out.status.code(), Some(127), "{}", text(&out));
    assert!(
        stderr(&out).contains("runcli-test-no-such-program"),
        "{}",
        text(&out)
    );
}

#[test]
fn host_commands_need_no_engine_and_container_ones_exit_3_without_one() {
    let dir = host_project();
    let dead = [("DOCKER_HOST", "unix:///nonexistent.sock".to_string())];
    let host = runcli_env(dir.path(), &["run", "where"], &dead);
    assert_eq!(host.status.code(), Some(0), "{}", text(&host));
    let service = runcli_env(dir.path(), &["--json", "run", "hello"], &dead);
    assert_eq!(service.status.code(), Some(3), "{}", text(&service));
    let objects = json_lines(&service);
    let error = objects.last().unwrap()["error"].as_str().unwrap();
    assert!(error.contains("nonexistent.sock"), "{error}");
}

#[test]
fn a_bad_field_is_an_error_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let src = "[commands.x]\nhost = true\ncommand = [\"true\"]\nkey = \"xy\"\n";
    std::fs::write(dir.path().join("runcli.toml"), src).unwrap();
    let out = runcli(dir.path(), &["run", "x"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        stderr(&out).contains("runcli.toml:4:7: commands.x.key: `xy` is not a single character"),
        "{}",
        text(&out)
    );
    let unknown = "[commands.x]\nhost = true\ncommand = [\"true\"]\nconfirmed = true\n";
    std::fs::write(dir.path().join("runcli.toml"), unknown).unwrap();
    let out = runcli(dir.path(), &["run", "--list"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        stderr(&out).contains("runcli.toml:4:1: commands.x.confirmed: unknown field"),
        "{}",
        text(&out)
    );
}

#[test]
fn list_prints_name_place_key_and_description_in_order() {
    let dir = host_project();
    let out = runcli(dir.path(), &["run", "--list"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let lines: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    let names: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        names,
        [
            "hello", "where", "wipe", "greet", "tag", "ghost", "inside", "sleepy"
        ],
        "{lines:#?}"
    );
    let hello: Vec<&str> = lines[0].split("  ").filter(|c| !c.is_empty()).collect();
    let hello: Vec<&str> = hello.iter().map(|c| c.trim()).collect();
    assert_eq!(
        hello,
        [
            "hello",
            "service app",
            "h",
            "greets from a one-off app container, then fails with 3"
        ],
        "{lines:#?}"
    );
    assert!(lines[3].starts_with("greet <who> <times>"), "{lines:#?}");
    assert!(lines[2].contains("(asks first: --yes)"), "{lines:#?}");

    let json = runcli(dir.path(), &["run", "--list", "--json"]);
    assert_eq!(json.status.code(), Some(0), "{}", text(&json));
    let objects = json_lines(&json);
    assert_eq!(objects.len(), 8, "{objects:?}");
    for o in &objects {
        assert_fields(
            o,
            &[
                "name",
                "where",
                "target",
                "key",
                "args",
                "confirm",
                "description",
            ],
        );
    }
    assert_eq!(objects[0]["name"], "hello");
    assert_eq!(objects[0]["where"], "service");
    assert_eq!(objects[0]["target"], "app");
    assert_eq!(objects[0]["key"], "h");
    assert_eq!(objects[1]["where"], "host");
    assert_eq!(objects[1]["target"], serde_json::Value::Null);
    assert_eq!(objects[2]["confirm"], true);
    assert_eq!(objects[3]["args"], serde_json::json!(["who", "times"]));
}

#[test]
fn the_demo_lists_the_old_menus_commands() {
    let out = runcli(Path::new(DEMO), &["run", "--list"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let listed = stdout(&out);
    let names: Vec<&str> = listed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        names,
        [
            "quick-start",
            "cloud-build",
            "docs-apidoc",
            "docs-build",
            "safety"
        ],
        "{listed}"
    );
    assert!(listed.contains("profile local"), "{listed}");
    // The demo has no host/build_compiler.py: cloud-build says so, exit 2.
    let cloud = runcli(Path::new(DEMO), &["run", "cloud-build"]);
    assert_eq!(cloud.status.code(), Some(2), "{}", text(&cloud));
    assert!(
        stderr(&cloud).contains("cloud-build needs host/build_compiler.py"),
        "{}",
        text(&cloud)
    );
}

// A stand-in `python` shell script: Unix only.
#[cfg(unix)]
#[test]
fn cloud_build_runs_the_compiler_when_the_project_has_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("host")).unwrap();
    std::fs::write(
        dir.path().join("host/build_compiler.py"),
        "print('compiled')\n",
    )
    .unwrap();
    // A `python` of this test's own, first on PATH, that runs the script
    // with sh: the command line is what the default runs.
    let bin = dir.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let python = bin.join("python");
    std::fs::write(&python, "#!/bin/sh\necho \"python $*\"\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&python, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // No runcli.toml: the embedded default manifest.
    std::fs::write(dir.path().join("runcli.toml"), "").unwrap();
    let out = runcli_env(dir.path(), &["run", "cloud-build"], &[("PATH", path)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(
        stdout(&out),
        "python host/build_compiler.py\n",
        "{}",
        text(&out)
    );
}

#[tokio::test]
async fn a_one_off_in_a_service_streams_its_output_and_passes_its_exit_code() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    busybox_image(&engine).await;
    let name = unique_project("run");
    let mut guard = ProjectGuard::new(&engine, &name);
    guard.images.push(format!("{name}-app"));
    let dir = tempfile::tempdir().unwrap();
    write_busybox_context(dir.path(), "");
    std::fs::write(dir.path().join("runcli.toml"), manifest(&name)).unwrap();
    std::fs::write(dir.path().join("docker-compose.yaml"), COMPOSE).unwrap();

    let out = runcli(dir.path(), &["run", "hello"]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert_eq!(stdout(&out), "hello from the app\n", "{}", text(&out));
    let err = stderr(&out);
    assert!(err.contains("to-stderr"), "{err}");
    assert!(err.contains("hello exited with code 3"), "{err}");
    let left = engine.project_containers(&name).await.unwrap();
    assert!(left.is_empty(), "the one-off is removed: {left:?}");

    // Several argument lists stop at the first failure; its code passes.
    let tag = runcli(dir.path(), &["run", "tag", "v1 beta"]);
    assert_eq!(tag.status.code(), Some(5), "{}", text(&tag));
    assert_eq!(
        stdout(&tag),
        "first v1 beta\nsecond v1 beta\n",
        "{}",
        text(&tag)
    );

    let json = runcli(dir.path(), &["--json", "run", "hello"]);
    assert_eq!(json.status.code(), Some(3), "{}", text(&json));
    let objects = json_lines(&json);
    let lines = with(&objects, "event", "line");
    assert!(
        lines
            .iter()
            .any(|l| l["stream"] == "stdout" && l["line"] == "hello from the app"),
        "{objects:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l["stream"] == "stderr" && l["line"] == "to-stderr"),
        "{objects:?}"
    );
    let last = objects.last().unwrap();
    assert_eq!(last["event"], "exit", "{objects:?}");
    assert_eq!(last["command"], "hello");
    assert_eq!(last["code"], 3);
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test]
async fn a_profile_command_starts_the_profile_and_reports_its_url() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    busybox_image(&engine).await;
    let name = unique_project("runprofile");
    let mut guard = ProjectGuard::new(&engine, &name);
    guard.images.push(format!("{name}-web"));
    let dir = tempfile::tempdir().unwrap();
    write_busybox_context(dir.path(), "");
    let port = free_port();
    let manifest = format!(
        r#"[project]
name = "{name}"

[compose]
files = ["docker-compose.yaml"]

[profiles.web]
services = ["web"]
health = {{ url = "http://127.0.0.1:{port}/ping", timeout_secs = 60 }}

[commands.start]
description = "the web profile, then its page"
profile = "web"
open_url = true
"#
    );
    let compose = format!(
        r#"services:
  web:
    build: .
    command: ["sh", "-c", "mkdir -p /www && echo pong > /www/ping && httpd -f -p 8080 -h /www"]
    ports:
      - "{port}:8080"
"#
    );
    std::fs::write(dir.path().join("runcli.toml"), manifest).unwrap();
    std::fs::write(dir.path().join("docker-compose.yaml"), compose).unwrap();

    let out = runcli(dir.path(), &["--json", "run", "start"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let objects = json_lines(&out);
    let url = with(&objects, "event", "url");
    assert_eq!(url.len(), 1, "{objects:?}");
    assert_eq!(url[0]["url"], format!("http://127.0.0.1:{port}/"));
    assert_eq!(objects.last().unwrap()["code"], 0, "{objects:?}");
    let running = engine.project_containers(&name).await.unwrap();
    assert!(
        running
            .iter()
            .any(|c| c.service.as_deref() == Some("web") && c.state.is_running()),
        "the profile stays up: {running:?}"
    );
}

#[tokio::test]
async fn ctrl_c_removes_the_one_off_and_exits_130() {
    use std::io::{BufRead, BufReader};
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    busybox_image(&engine).await;
    let name = unique_project("runint");
    let mut guard = ProjectGuard::new(&engine, &name);
    guard.images.push(format!("{name}-app"));
    let dir = tempfile::tempdir().unwrap();
    write_busybox_context(dir.path(), "");
    std::fs::write(dir.path().join("runcli.toml"), manifest(&name)).unwrap();
    std::fs::write(dir.path().join("docker-compose.yaml"), COMPOSE).unwrap();

    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_runcli"))
        .arg("--project")
        .arg(dir.path())
        .args(["run", "sleepy"])
        .env_remove("RUNCLI_PROJECT")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let stdout = child.stdout.take().unwrap();
    BufReader::new(stdout).read_line(&mut first).unwrap();
    assert_eq!(first, "started\n");
    let running = engine.project_containers(&name).await.unwrap();
    assert_eq!(running.len(), 1, "{running:?}");
    assert!(running[0].oneoff, "{running:?}");
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    let left = engine.project_containers(&name).await.unwrap();
    assert!(left.is_empty(), "the one-off is removed: {left:?}");
}

#[tokio::test]
async fn an_exec_command_runs_in_the_running_container() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    busybox_image(&engine).await;
    let name = unique_project("runexec");
    let mut guard = ProjectGuard::new(&engine, &name);
    guard.images.push(format!("{name}-app"));
    let dir = tempfile::tempdir().unwrap();
    write_busybox_context(dir.path(), "");
    std::fs::write(dir.path().join("runcli.toml"), manifest(&name)).unwrap();
    std::fs::write(dir.path().join("docker-compose.yaml"), COMPOSE).unwrap();

    // Nothing runs yet: the command fails and says how to start it.
    let idle = runcli(dir.path(), &["run", "inside"]);
    assert_eq!(idle.status.code(), Some(1), "{}", text(&idle));
    assert!(
        stderr(&idle).contains("no running container") && stderr(&idle).contains("server up app"),
        "{}",
        text(&idle)
    );

    let up = runcli(dir.path(), &["server", "up", "app", "--detach"]);
    assert_eq!(up.status.code(), Some(0), "{}", text(&up));
    let out = runcli(dir.path(), &["run", "inside"]);
    assert_eq!(out.status.code(), Some(4), "{}", text(&out));
    assert_eq!(stdout(&out), "in the running app\n", "{}", text(&out));
    assert!(stderr(&out).contains("err"), "{}", text(&out));
    let containers = engine.project_containers(&name).await.unwrap();
    assert_eq!(containers.len(), 1, "no one-off was made: {containers:?}");
}
