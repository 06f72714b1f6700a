//! Log ingest through the console's real path, against the docker CLI in the
//! same run (BENCHMARKS.md, benchmarks 1, 1b and 3).
//!
//! The path is the console's: `ops::log_follow::follow` into an mpsc channel
//! of the console's size, each message applied with `app::update` and the
//! queue drained in batches as the event loop does, frames drawn at most
//! every 16 ms into a 200x60 test backend, buffer caps from the default
//! manifest (100,000 lines, 64 MiB).
//!
//! ```text
//! ingest live   --project P [--rounds 5] [--lines 1000000]
//!     fresh containers that print N lines after a short sleep: time from the
//!     end of the sleep until the buffer holds the last line, against
//!     `docker logs --follow` of an identical container to /dev/null
//! ingest attach --container ID [--rounds 5] [--lines 1000000]
//!     a container whose log already holds N lines: time until the buffer
//!     holds the last line (the follow asks tail = buffer cap), against
//!     `docker logs ID` (and `--tail <cap>`) to /dev/null
//! ingest rss    --container ID --tail N [--lines 1000000]
//!     ingest the last N lines of that log and report this process's peak RSS
//! ```

mod support;

use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use runcli::app::{ContainerRow, Effect, EngineStatus, Header, Model, Msg, update};
use runcli::engine::Engine;
use runcli::ops::log_follow::{self, LogEvent};
use runcli::project::LogsSection;
use support::CpuMeter;
use tokio::sync::mpsc;

/// The console's message queue size and drain batch (console/event_loop.rs).
const QUEUE: usize = 1024;
const MAX_BATCH: usize = 4096;
/// Shortest time between two frames (console/event_loop.rs).
const FRAME: Duration = Duration::from_millis(16);
/// What a live container sleeps before printing, so the follower is attached.
const SLEEP_SECS: u64 = 2;

/// The console's runtime (multi-threaded), unless `--runtime current_thread`
/// or `--runtime one_worker` (multi-threaded with a single worker).
fn main() -> anyhow::Result<()> {
    let args = support::args();
    let runtime = match support::arg::<String>(&args, "--runtime")?.as_deref() {
        None | Some("multi_thread") => tokio::runtime::Runtime::new()?,
        Some("current_thread") => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?,
        Some("one_worker") => tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()?,
        Some(other) => bail!("--runtime {other}: use multi_thread, one_worker or current_thread"),
    };
    runtime.block_on(run(args))
}

async fn run(args: Vec<String>) -> anyhow::Result<()> {
    let engine = support::connect().await?;
    let rounds: usize = support::arg(&args, "--rounds")?.unwrap_or(5);
    let lines: u64 = support::arg(&args, "--lines")?.unwrap_or(1_000_000);
    let container = || -> anyhow::Result<String> {
        support::arg(&args, "--container")?.context("--container ID is required")
    };
    match args.first().map(String::as_str) {
        Some("live") => {
            let project: String =
                support::arg(&args, "--project")?.context("--project P is required")?;
            support::ensure_image(&engine).await?;
            let result = live(&engine, &project, rounds, lines).await;
            support::remove_project(&engine, &project).await?;
            result
        }
        Some("attach") => attach(&engine, &container()?, rounds, lines).await,
        Some("rss") => {
            let tail: usize = support::arg(&args, "--tail")?.context("--tail N is required")?;
            rss(&engine, &container()?, tail, lines).await
        }
        Some("raw") => raw(&engine, &container()?).await,
        other => bail!("unknown command {other:?}: use live, attach, rss or raw"),
    }
}

/// What one pass of the console's path reports.
struct Ingest {
    /// From the start of the follow until the buffer held the last line.
    elapsed: Duration,
    /// Lines that went through `update()`, and in how many messages.
    lines: u64,
    messages: u64,
    frames: u64,
    buffered: usize,
    buffered_bytes: usize,
}

/// One timed pass: wall time, the reader's CPU and dockerd's CPU.
#[derive(Debug, Clone, Copy)]
struct Sample {
    secs: f64,
    reader_cpu: f64,
    dockerd_cpu: f64,
}

async fn live(engine: &Engine, project: &str, rounds: usize, lines: u64) -> anyhow::Result<()> {
    let script = format!("sleep {SLEEP_SECS}; seq 1 {lines}");
    let last = lines.to_string();
    let sleep = Duration::from_secs(SLEEP_SECS);
    let meter = CpuMeter::new();
    let (mut ours, mut cli) = (Vec::new(), Vec::new());
    for round in 1..=rounds {
        // runcli: start the container, then attach as the console does.
        let id = support::create_sh(engine, project, &format!("ours{round}"), &script).await?;
        let cpu = meter.read();
        let started = Instant::now();
        engine.start(&id).await?;
        let run = console_path(engine, &id, &last, started, None).await?;
        let used = meter.since(cpu);
        let o = Sample {
            secs: run.elapsed.saturating_sub(sleep).as_secs_f64(),
            reader_cpu: used.own,
            dockerd_cpu: used.dockerd,
        };
        engine.remove(&id, true, true).await?;

        // docker CLI: the same container, followed to /dev/null.
        let id = support::create_sh(engine, project, &format!("cli{round}"), &script).await?;
        let cpu = meter.read();
        let started = Instant::now();
        engine.start(&id).await?;
        docker_logs(&["logs", "--follow", &id]).await?;
        let used = meter.since(cpu);
        let c = Sample {
            secs: started.elapsed().saturating_sub(sleep).as_secs_f64(),
            reader_cpu: used.children,
            dockerd_cpu: used.dockerd,
        };
        engine.remove(&id, true, true).await?;

        println!(
            "live round {round}: runcli {} ({} lines in {} messages, {} frames) | docker logs --follow {}",
            show(o),
            run.lines,
            run.messages,
            run.frames,
            show(c)
        );
        ours.push(o);
        cli.push(c);
    }
    report("live", lines, &ours, &[("docker logs --follow", &cli)]);
    Ok(())
}

async fn attach(engine: &Engine, id: &str, rounds: usize, lines: u64) -> anyhow::Result<()> {
    let last = lines.to_string();
    let cap = LogsSection::default().max_lines.to_string();
    let meter = CpuMeter::new();
    let (mut ours, mut full, mut tail) = (Vec::new(), Vec::new(), Vec::new());
    for round in 1..=rounds {
        let cpu = meter.read();
        let run = console_path(engine, id, &last, Instant::now(), None).await?;
        let used = meter.since(cpu);
        let o = Sample {
            secs: run.elapsed.as_secs_f64(),
            reader_cpu: used.own,
            dockerd_cpu: used.dockerd,
        };
        let f = timed_cli(&meter, &["logs", id]).await?;
        let t = timed_cli(&meter, &["logs", "--tail", &cap, id]).await?;
        println!(
            "attach round {round}: runcli {} ({} lines in {} messages, {} frames) | docker logs {} | docker logs --tail {cap} {}",
            show(o),
            run.lines,
            run.messages,
            run.frames,
            show(f),
            show(t)
        );
        ours.push(o);
        full.push(f);
        tail.push(t);
    }
    let tail_name = format!("docker logs --tail {cap}");
    report(
        "attach",
        lines,
        &ours,
        &[("docker logs", &full), (&tail_name, &tail)],
    );
    Ok(())
}

/// Runs the docker CLI with `args` to /dev/null, timed.
async fn timed_cli(meter: &CpuMeter, args: &[&str]) -> anyhow::Result<Sample> {
    let cpu = meter.read();
    let started = Instant::now();
    docker_logs(args).await?;
    let used = meter.since(cpu);
    Ok(Sample {
        secs: started.elapsed().as_secs_f64(),
        reader_cpu: used.children,
        dockerd_cpu: used.dockerd,
    })
}

fn show(s: Sample) -> String {
    format!(
        "{:.2} s (cpu {:.2} s, dockerd {:.2} s)",
        s.secs, s.reader_cpu, s.dockerd_cpu
    )
}

async fn rss(engine: &Engine, id: &str, tail: usize, lines: u64) -> anyhow::Result<()> {
    let before = support::proc_status_kib("VmHWM").unwrap_or(0);
    let meter = CpuMeter::new();
    let cpu = meter.read();
    // The last line of the log, whatever the tail.
    let run = console_path(engine, id, &lines.to_string(), Instant::now(), Some(tail)).await?;
    let used = meter.since(cpu);
    let peak = support::proc_status_kib("VmHWM").context("no VmHWM in /proc/self/status")?;
    let now = support::proc_status_kib("VmRSS").unwrap_or(0);
    println!(
        "RESULT rss tail={tail} ingested={} messages={} buffered={} buffered_mib={:.1} hwm_before_mib={:.1} peak_rss_mib={:.1} rss_after_mib={:.1} secs={:.2} cpu_s={:.2}",
        run.lines,
        run.messages,
        run.buffered,
        run.buffered_bytes as f64 / (1024.0 * 1024.0),
        mib(before),
        mib(peak),
        mib(now),
        run.elapsed.as_secs_f64(),
        used.own
    );
    Ok(())
}

/// The engine layer alone: the whole log as one stream, bytes counted.
async fn raw(engine: &Engine, id: &str) -> anyhow::Result<()> {
    use futures::StreamExt;
    let started = Instant::now();
    let mut stream = Box::pin(engine.logs(id, runcli::engine::LogOptions::default()));
    let (mut chunks, mut bytes) = (0u64, 0u64);
    while let Some(chunk) = stream.next().await {
        chunks += 1;
        bytes += chunk?.bytes.len() as u64;
    }
    println!(
        "RESULT raw chunks={chunks} bytes={bytes} secs={:.2}",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// Follows `id` into a fresh model until its buffer's newest line is `last`.
/// `tail` `None` takes the tail from the `FollowLogs` effect, as the console does.
async fn console_path(
    engine: &Engine,
    id: &str,
    last: &str,
    started: Instant,
    tail: Option<usize>,
) -> anyhow::Result<Ingest> {
    let caps = LogsSection::default();
    let max_bytes = usize::try_from(caps.max_bytes).unwrap_or(usize::MAX);
    let header = Header {
        project: "bench".into(),
        version: None,
        git: None,
        engine: EngineStatus::Connecting {
            endpoint: "bench".into(),
        },
    };
    let mut model = Model::new(header, caps.max_lines, max_bytes);
    update(
        &mut model,
        Msg::Resize {
            width: 200,
            height: 60,
        },
    );
    let row = ContainerRow {
        id: id.to_string(),
        name: "bench".into(),
        service: "bench".into(),
        state: "running".into(),
        running: true,
        published: Vec::new(),
    };
    let effects = update(&mut model, Msg::Containers(vec![row]));
    let asked = effects.iter().find_map(|e| match e {
        Effect::FollowLogs { tail, .. } => Some(*tail),
        _ => None,
    });
    let tail = match (tail, asked) {
        (Some(tail), _) => tail,
        (None, Some(asked)) => asked,
        (None, None) => bail!("update() did not ask to follow the container"),
    };

    let (tx, mut rx) = mpsc::channel::<Msg>(QUEUE);
    let cid = id.to_string();
    let wrap = move |event| match event {
        LogEvent::Lines(lines) => Msg::LogLines {
            container_id: cid.clone(),
            lines,
        },
        LogEvent::Ended(reason) => Msg::LogEnded {
            container_id: cid.clone(),
            reason,
        },
    };
    let (engine, id) = (engine.clone(), id.to_string());
    let task = tokio::spawn(log_follow::follow(engine, id, tail, tx, wrap));
    let mut terminal = Terminal::new(TestBackend::new(200, 60))?;
    let mut dirty = true;
    let mut last_frame = tokio::time::Instant::now() - FRAME;
    let (mut frames, mut lines, mut messages) = (0u64, 0u64, 0u64);
    let done = |model: &Model| {
        model
            .logs
            .view
            .buffer
            .last()
            .is_some_and(|l| l.text == last)
    };
    let elapsed = loop {
        if dirty && last_frame.elapsed() >= FRAME {
            terminal.draw(|frame| runcli::ui::view(&model, frame))?;
            last_frame = tokio::time::Instant::now();
            dirty = false;
            frames += 1;
        }
        let next_frame = last_frame + FRAME;
        let msg = tokio::select! {
            msg = rx.recv() => match msg {
                Some(msg) => Some(msg),
                None => bail!("the log stream closed before the last line {last:?}"),
            },
            _ = tokio::time::sleep_until(next_frame), if dirty => None,
        };
        let Some(msg) = msg else { continue };
        let mut batch = vec![msg];
        while batch.len() < MAX_BATCH {
            let Ok(more) = rx.try_recv() else { break };
            batch.push(more);
        }
        for msg in batch {
            match &msg {
                Msg::LogLines { lines: l, .. } => {
                    lines += l.len() as u64;
                    messages += 1;
                }
                Msg::LogEnded { reason, .. } if !done(&model) => {
                    bail!("the log stream ended before the last line: {reason}")
                }
                _ => {}
            }
            update(&mut model, msg);
        }
        dirty = true;
        if done(&model) {
            break started.elapsed();
        }
    };
    task.abort();
    Ok(Ingest {
        elapsed,
        lines,
        messages,
        frames,
        buffered: model.logs.view.buffer.len(),
        buffered_bytes: model.logs.view.buffer.bytes(),
    })
}

/// Runs the docker CLI with `args`, output to /dev/null.
async fn docker_logs(args: &[&str]) -> anyhow::Result<()> {
    let status = tokio::process::Command::new("docker")
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .await
        .context("cannot run the docker CLI")?;
    if !status.success() {
        bail!("docker {} failed: {status}", args.join(" "));
    }
    Ok(())
}

/// Prints the medians and ratios as one `RESULT` line per comparison.
fn report(name: &str, lines: u64, ours: &[Sample], others: &[(&str, &[Sample])]) {
    let med =
        |v: &[Sample], f: fn(&Sample) -> f64| support::median(&v.iter().map(f).collect::<Vec<_>>());
    let (secs, cpu, dockerd) = (
        med(ours, |s| s.secs),
        med(ours, |s| s.reader_cpu),
        med(ours, |s| s.dockerd_cpu),
    );
    for (other, theirs) in others {
        let (o_secs, o_cpu, o_dockerd) = (
            med(theirs, |s| s.secs),
            med(theirs, |s| s.reader_cpu),
            med(theirs, |s| s.dockerd_cpu),
        );
        println!(
            "RESULT {name} lines={lines} rounds={} runcli_s={secs:.2} runcli_cpu_s={cpu:.2} runcli_dockerd_s={dockerd:.2} \
             baseline=\"{other}\" baseline_s={o_secs:.2} baseline_cpu_s={o_cpu:.2} baseline_dockerd_s={o_dockerd:.2} \
             ratio={:.2} cpu_ratio={:.2}",
            ours.len(),
            secs / o_secs,
            cpu / o_cpu
        );
    }
}
