//! `runcli server list` as a user runs it: the compose services (image or
//! build, ports, state) beside the profiles, exit 2 with `file:line:col` on a
//! compose file that does not load; and `runcli doctor` on a project that is
//! up, whose own published ports are not problems.

mod common;

use std::path::Path;

use common::{
    ProjectGuard, busybox_image, docker_or_skip, output_text as text, runcli, unique_project,
    write_busybox_context,
};

fn write_project(dir: &Path, name: &str, compose: &str) {
    let manifest = format!(
        "[project]\nname = \"{name}\"\n\n[compose]\nfiles = [\"docker-compose.yaml\"]\n\n\
         [profiles.stack]\ndescription = \"web and cache\"\nservices = \"all\"\n\n\
         [tests]\nall = [\"unit\"]\n\n[tests.unit]\nservice = \"web\"\ncommands = [[\"true\"]]\n"
    );
    std::fs::write(dir.join("runcli.toml"), manifest).unwrap();
    std::fs::write(dir.join("docker-compose.yaml"), compose).unwrap();
    // A named stage to target: busybox again, from the first stage.
    write_busybox_context(
        dir,
        "FROM scratch AS app\nCOPY --from=0 /bin /bin\nENV PATH=/bin\n",
    );
    git2::Repository::init(dir).unwrap();
}

fn compose(port: u16) -> String {
    format!(
        "services:\n  web:\n    build:\n      context: .\n      target: app\n    \
         command: [\"httpd\", \"-f\", \"-p\", \"8080\"]\n    ports:\n      - \"{port}:8080\"\n  \
         cache:\n    image: {}\n    command: [\"sleep\", \"600\"]\n",
        common::BUSYBOX_TAG
    )
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The line of `server list` that starts with `service`.
fn row<'a>(stdout: &'a str, service: &str) -> &'a str {
    stdout
        .lines()
        .find(|l| l.split_whitespace().next() == Some(service))
        .unwrap_or_else(|| panic!("no row for {service}: {stdout}"))
}

#[tokio::test]
async fn broken_compose_file_exits_2_naming_file_and_line() {
    if docker_or_skip().await.is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write_project(
        dir.path(),
        &unique_project("list"),
        "services:\n  web:\n    build: .\n    colour: red\n",
    );
    let out = runcli(dir.path(), &["server", "list"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(stderr.contains("docker-compose.yaml:4:5: "), "{stderr}");
    assert!(stderr.contains("`colour`"), "{stderr}");
}

#[tokio::test]
async fn services_show_source_ports_and_state_and_doctor_ignores_own_ports() {
    let Some(engine) = docker_or_skip().await else {
        return;
    };
    let name = unique_project("list");
    let mut guard = ProjectGuard::new(&engine, &name);
    guard.images.push(format!("{name}-web"));
    busybox_image(&engine).await;
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    write_project(dir.path(), &name, &compose(port));

    let before = runcli(dir.path(), &["server", "list"]);
    assert_eq!(before.status.code(), Some(0), "{}", text(&before));
    let stdout = String::from_utf8_lossy(&before.stdout);
    let web = row(&stdout, "web");
    assert!(web.contains("build . (app)"), "{stdout}");
    assert!(web.contains(&format!("{port}:8080")), "{stdout}");
    assert!(web.trim_end().ends_with("absent"), "{stdout}");
    let cache = row(&stdout, "cache");
    assert!(
        cache.contains(&format!("image {}", common::BUSYBOX_TAG)),
        "{stdout}"
    );
    assert!(cache.trim_end().ends_with("absent"), "{stdout}");

    let up = runcli(dir.path(), &["server", "up", "stack", "--detach"]);
    assert_eq!(up.status.code(), Some(0), "{}", text(&up));
    let after = runcli(dir.path(), &["server", "list"]);
    let stdout = String::from_utf8_lossy(&after.stdout);
    assert!(
        row(&stdout, "web").trim_end().ends_with("running"),
        "{stdout}"
    );
    assert!(
        row(&stdout, "cache").trim_end().ends_with("running"),
        "{stdout}"
    );

    // The port is taken now (the engine's proxy holds it), but by the
    // project's own container.
    assert!(
        std::net::TcpListener::bind(("0.0.0.0", port)).is_err(),
        "port {port} is held while web runs"
    );
    let doctor = runcli(dir.path(), &["doctor"]);
    let shown = text(&doctor);
    assert_eq!(doctor.status.code(), Some(0), "{shown}");
    assert!(shown.contains("all is well"), "{shown}");
}
