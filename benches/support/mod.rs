//! Shared support for the benchmark binaries: the engine, a busybox image
//! built `FROM scratch` (no registry needed), containers carrying compose
//! labels, and the small statistics the reports use.
#![allow(dead_code)]

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, bail};
use futures::StreamExt;

use runcli::engine::{BuildRequest, ContainerSpec, Engine, LogOptions, labels, resolve_endpoint};

/// The image every benchmark container runs.
pub const IMAGE: &str = "runcli-bench-busybox:latest";

/// Where the host's static busybox is (Debian's busybox-static).
const HOST_BUSYBOX: &str = "/bin/busybox";

/// The engine from the environment (DOCKER_HOST, docker context), pinged.
pub async fn connect() -> anyhow::Result<Engine> {
    let endpoint = resolve_endpoint()?;
    let engine = Engine::connect(&endpoint)?;
    engine.ping(Duration::from_secs(5)).await?;
    Ok(engine)
}

/// Builds [`IMAGE`] from the host's busybox unless the engine has it.
pub async fn ensure_image(engine: &Engine) -> anyhow::Result<&'static str> {
    if engine.image_exists(IMAGE).await? {
        return Ok(IMAGE);
    }
    if !Path::new(HOST_BUSYBOX).is_file() {
        bail!("{HOST_BUSYBOX} is missing: install busybox-static (apt-get install busybox-static)");
    }
    let dir = tempfile::tempdir()?;
    std::fs::copy(HOST_BUSYBOX, dir.path().join("busybox"))?;
    std::fs::write(
        dir.path().join("Dockerfile"),
        "FROM scratch\nCOPY busybox /bin/busybox\n\
         RUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\nENV PATH=/bin\n",
    )?;
    let req = BuildRequest {
        context_dir: dir.path().to_path_buf(),
        dockerfile: "Dockerfile".into(),
        tag: IMAGE.into(),
        ..Default::default()
    };
    let mut output = Vec::new();
    engine
        .build_image(&req, &mut |line| output.push(line))
        .await
        .with_context(|| output.join("\n"))?;
    Ok(IMAGE)
}

/// Creates (not starts) `project`'s `service` #1 running `script` under sh,
/// labelled as compose would, so the console lists it.
pub async fn create_sh(
    engine: &Engine,
    project: &str,
    service: &str,
    script: &str,
) -> anyhow::Result<String> {
    let spec = ContainerSpec {
        name: format!("{project}-{service}-1"),
        image: IMAGE.to_string(),
        cmd: Some(vec!["sh".into(), "-c".into(), script.into()]),
        labels: labels::container_labels(project, service, 1, false, None),
        ..Default::default()
    };
    Ok(engine.create_container(&spec).await?)
}

/// Removes every container of `project`, running or not.
pub async fn remove_project(engine: &Engine, project: &str) -> anyhow::Result<usize> {
    let containers = engine.project_containers(project).await?;
    let n = containers.len();
    for c in containers {
        engine.remove(&c.id, true, true).await?;
    }
    Ok(n)
}

/// The last line of container `id`'s log, without following it.
pub async fn last_log_line(engine: &Engine, id: &str) -> anyhow::Result<Option<String>> {
    let opts = LogOptions {
        tail: Some(1),
        ..Default::default()
    };
    let mut bytes = Vec::new();
    let mut stream = Box::pin(engine.logs(id, opts));
    while let Some(chunk) = stream.next().await {
        bytes.extend_from_slice(&chunk?.bytes);
    }
    let text = String::from_utf8_lossy(&bytes);
    Ok(text.lines().last().map(str::to_string))
}

/// Waits until container `id`'s log ends with `last`.
pub async fn wait_for_last_line(
    engine: &Engine,
    id: &str,
    last: &str,
    limit: Duration,
) -> anyhow::Result<()> {
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        if last_log_line(engine, id).await?.as_deref() == Some(last) {
            return Ok(());
        }
        if tokio::time::Instant::now() > deadline {
            bail!("container {id} did not log {last:?} within {limit:?}");
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// The median of `values` (the mean of the middle two for an even count).
pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => sorted[n / 2],
        _ => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// A field of /proc/self/status in KiB (`VmHWM`, `VmRSS`).
pub fn proc_status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(field)?.strip_prefix(':')?;
        rest.trim().trim_end_matches("kB").trim().parse().ok()
    })
}

/// The value after `--name` on the command line, parsed.
pub fn arg<T: std::str::FromStr>(args: &[String], name: &str) -> anyhow::Result<Option<T>> {
    let Some(pos) = args.iter().position(|a| a == name) else {
        return Ok(None);
    };
    let Some(value) = args.get(pos + 1) else {
        bail!("{name} needs a value");
    };
    match value.parse() {
        Ok(v) => Ok(Some(v)),
        Err(_) => bail!("{name} {value}: not a valid value"),
    }
}

/// The command-line arguments, without the `--bench` cargo adds.
pub fn args() -> Vec<String> {
    std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect()
}

/// Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`, else 100).
pub fn clock_ticks() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}

/// CPU seconds of process `pid` (`self` for this one): its own (user +
/// system) and that of its waited-for children.
pub fn cpu_secs(pid: &str, ticks: f64) -> Option<(f64, f64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<f64> = rest
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0.0))
        .collect();
    // utime, stime, cutime, cstime are fields 14-17 of stat; 12-15 after the name.
    let get = |i: usize| fields.get(i).copied().unwrap_or(0.0) / ticks;
    Some((get(11) + get(12), get(13) + get(14)))
}

/// The pid of the first process whose command name is `name`.
pub fn find_pid(name: &str) -> Option<String> {
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid = entry.file_name().to_string_lossy().into_owned();
            let comm = std::fs::read_to_string(entry.path().join("comm")).ok()?;
            (pid.bytes().all(|b| b.is_ascii_digit()) && comm.trim() == name).then_some(pid)
        })
}

/// CPU seconds used by this process, its waited-for children and dockerd
/// between two readings.
#[derive(Debug, Clone, Copy, Default)]
pub struct CpuUse {
    pub own: f64,
    pub children: f64,
    pub dockerd: f64,
}

/// Reads the counters [`CpuUse`] differences are taken from.
pub struct CpuMeter {
    ticks: f64,
    dockerd: Option<String>,
}

impl CpuMeter {
    pub fn new() -> CpuMeter {
        CpuMeter {
            ticks: clock_ticks(),
            dockerd: find_pid("dockerd"),
        }
    }

    pub fn read(&self) -> CpuUse {
        let (own, children) = cpu_secs("self", self.ticks).unwrap_or_default();
        let dockerd = self
            .dockerd
            .as_deref()
            .and_then(|pid| cpu_secs(pid, self.ticks))
            .map_or(0.0, |(d, _)| d);
        CpuUse {
            own,
            children,
            dockerd,
        }
    }

    /// The use since `before`.
    pub fn since(&self, before: CpuUse) -> CpuUse {
        let now = self.read();
        CpuUse {
            own: now.own - before.own,
            children: now.children - before.children,
            dockerd: now.dockerd - before.dockerd,
        }
    }
}
