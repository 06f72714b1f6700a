//! Shared support for tests that need a real Docker engine.
//!
//! - [`docker_or_skip`]: the engine, or `None` after a loud message when none
//!   answers; with `RUNCLI_REQUIRE_DOCKER=1` a missing engine fails the test.
//! - [`busybox_image`]: a tiny image built `FROM scratch` with the host's
//!   static busybox, since there is no registry to pull from.
//! - [`unique_project`] and [`ProjectGuard`]: a project name no other test
//!   uses, and a guard that removes everything labelled with it, even when the
//!   test panics.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use runcli::engine::{BuildRequest, Engine, resolve_endpoint};

/// The tag of the shared test image.
pub const BUSYBOX_TAG: &str = "runcli-test-busybox:latest";

/// Where the host's static busybox is (Debian's busybox-static).
pub const HOST_BUSYBOX: &str = "/bin/busybox";

/// The engine from the environment, or `None` when none answers (after saying
/// so on stderr). Panics instead when `RUNCLI_REQUIRE_DOCKER=1`.
pub async fn docker_or_skip() -> Option<Engine> {
    let required = std::env::var("RUNCLI_REQUIRE_DOCKER").is_ok_and(|v| v == "1");
    let found = async {
        let endpoint = resolve_endpoint()?;
        let engine = Engine::connect(&endpoint)?;
        engine.ping(Duration::from_secs(3)).await?;
        Ok::<_, runcli::engine::EngineError>(engine)
    }
    .await;
    match found {
        Ok(engine) => Some(engine),
        Err(e) if required => panic!("RUNCLI_REQUIRE_DOCKER=1 but no Docker engine answers: {e}"),
        Err(e) => {
            // Straight to the stderr handle: libtest captures eprintln! of passing tests.
            let _ = writeln!(
                std::io::stderr(),
                "\n!!!!!!!! SKIPPED: this test needs a Docker engine and none answers !!!!!!!!\n\
                 !!!!!!!! {e}\n\
                 !!!!!!!! set RUNCLI_REQUIRE_DOCKER=1 to make this a failure\n"
            );
            None
        }
    }
}

/// Builds [`BUSYBOX_TAG`] once per test binary (and only when the engine lacks it).
pub async fn busybox_image(engine: &Engine) -> String {
    static BUILT: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    BUILT
        .get_or_init(|| async {
            let exists = engine.image_exists(BUSYBOX_TAG).await;
            if exists.as_ref().is_ok_and(|e| *e) {
                return BUSYBOX_TAG.to_string();
            }
            let dir = tempfile::tempdir().expect("temp dir");
            write_busybox_context(dir.path(), "");
            let req = BuildRequest {
                context_dir: dir.path().to_path_buf(),
                dockerfile: "Dockerfile".into(),
                tag: BUSYBOX_TAG.into(),
                ..Default::default()
            };
            let mut lines = Vec::new();
            let built = engine.build_image(&req, &mut |l| lines.push(l)).await;
            if let Err(e) = built {
                panic!("building {BUSYBOX_TAG} failed: {e}\n{}", lines.join("\n"));
            }
            BUSYBOX_TAG.to_string()
        })
        .await
        .clone()
}

/// Writes a context whose Dockerfile puts busybox and its applets in /bin,
/// followed by `extra` Dockerfile lines.
pub fn write_busybox_context(dir: &Path, extra: &str) {
    assert!(
        Path::new(HOST_BUSYBOX).is_file(),
        "{HOST_BUSYBOX} is missing: install busybox-static (apt-get install busybox-static)"
    );
    std::fs::copy(HOST_BUSYBOX, dir.join("busybox")).expect("copy busybox");
    let dockerfile = format!(
        "FROM scratch\n\
         COPY busybox /bin/busybox\n\
         RUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\n\
         ENV PATH=/bin\n\
         {extra}"
    );
    std::fs::write(dir.join("Dockerfile"), dockerfile).expect("write Dockerfile");
}

/// A compose-valid project name no other test (or test run) uses.
pub fn unique_project(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("rt-{prefix}-{}-{n}-{nanos}", std::process::id())
}

/// Removes every container, network and volume of `project` when dropped,
/// and the images in `images`.
pub struct ProjectGuard {
    pub engine: Engine,
    pub project: String,
    pub images: Vec<String>,
}

impl ProjectGuard {
    pub fn new(engine: &Engine, project: &str) -> Self {
        ProjectGuard {
            engine: engine.clone(),
            project: project.to_string(),
            images: Vec::new(),
        }
    }
}

impl Drop for ProjectGuard {
    fn drop(&mut self) {
        let engine = self.engine.clone();
        let project = self.project.clone();
        let images = std::mem::take(&mut self.images);
        // Drop cannot await, and the test's runtime may be shutting down: clean
        // up on a thread with its own runtime and wait for it.
        let cleaned = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("cleanup runtime");
            rt.block_on(cleanup(&engine, &project, &images));
        })
        .join();
        if cleaned.is_err() {
            eprintln!("cleanup of test project {} panicked", self.project);
        }
    }
}

async fn cleanup(engine: &Engine, project: &str, images: &[String]) {
    if let Ok(containers) = engine.project_containers(project).await {
        for c in containers {
            if let Err(e) = engine.remove(&c.id, true, true).await {
                eprintln!("cleanup: {e}");
            }
        }
    }
    if let Ok(networks) = engine.project_networks(project).await {
        for n in networks {
            if let Err(e) = engine.remove_network(&n.id).await {
                eprintln!("cleanup: {e}");
            }
        }
    }
    if let Ok(volumes) = engine.project_volumes(project).await {
        for v in volumes {
            if let Err(e) = engine.remove_volume(&v.name).await {
                eprintln!("cleanup: {e}");
            }
        }
    }
    for image in images {
        if let Err(e) = engine.remove_image(image).await
            && !e.is_not_found()
        {
            eprintln!("cleanup: {e}");
        }
    }
}

/// Runs the real `runcli` binary on the project in `dir`.
pub fn runcli(dir: &Path, args: &[&str]) -> std::process::Output {
    runcli_env(dir, args, &[])
}

/// As [`runcli`], with extra environment variables.
pub fn runcli_env(dir: &Path, args: &[&str], env: &[(&str, String)]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_runcli"))
        .arg("--project")
        .arg(dir)
        .args(args)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .env_remove("RUNCLI_PROJECT")
        .output()
        .expect("run runcli")
}

/// Stdout then stderr of a run, for assertions and failure messages.
pub fn output_text(out: &std::process::Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Wraps a follow task's events as the Logs pane's messages for `stream`,
/// as the console's effect runner does.
pub fn pane_messages(
    stream: &str,
) -> impl Fn(runcli::ops::log_follow::LogEvent) -> runcli::app::Msg + use<> {
    use runcli::app::Msg;
    use runcli::ops::log_follow::LogEvent;
    let stream = stream.to_string();
    move |event| match event {
        LogEvent::Lines(lines) => Msg::LogLines {
            container_id: stream.clone(),
            lines,
        },
        LogEvent::Ended(reason) => Msg::LogEnded {
            container_id: stream.clone(),
            reason,
        },
    }
}
