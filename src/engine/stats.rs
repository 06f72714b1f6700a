//! A container's live resource use, as `docker stats` shows it.
//!
//! One streaming request per container: the engine sends a sample about once
//! a second, each carrying the previous CPU reading, so no state is kept here.

use bollard::models::{ContainerCpuStats, ContainerMemoryStats, ContainerStatsResponse};
use bollard::query_parameters::StatsOptionsBuilder;
use futures::{Stream, StreamExt};

use super::client::Engine;
use super::error::EngineError;

/// One reading of a container's CPU and memory.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StatsSample {
    /// CPU use since the previous sample, in percent of one CPU (a container
    /// busy on two CPUs shows 200). Zero for the first sample.
    pub cpu_percent: f64,
    /// Memory in use, without the page cache the kernel can drop.
    pub memory_bytes: u64,
    /// The container's memory limit (the host's memory when it has none).
    pub memory_limit_bytes: u64,
}

impl Engine {
    /// Streams samples of container `id` until it stops or the stream is
    /// dropped. Dropping it closes the request.
    pub fn stats(
        &self,
        id: &str,
    ) -> impl Stream<Item = Result<StatsSample, EngineError>> + Send + use<> {
        let options = StatsOptionsBuilder::new().stream(true).build();
        let engine = self.clone();
        let op = format!("read the stats of container {id}");
        self.api().stats(id, Some(options)).map(move |item| {
            item.map(|response| sample(&response))
                .map_err(|e| engine.err(&op, e))
        })
    }
}

/// Turns the engine's response into a sample, computing as the docker CLI does.
fn sample(response: &ContainerStatsResponse) -> StatsSample {
    let memory = response.memory_stats.as_ref();
    StatsSample {
        cpu_percent: cpu_percent(response.cpu_stats.as_ref(), response.precpu_stats.as_ref()),
        memory_bytes: memory.map_or(0, memory_without_cache),
        memory_limit_bytes: memory.and_then(|m| m.limit).unwrap_or(0),
    }
}

/// `cpu_delta / system_delta * online_cpus * 100`, zero when either delta is
/// not positive. The engine's first sample carries an empty previous reading;
/// it counts as none, rather than as the average since the host booted.
fn cpu_percent(now: Option<&ContainerCpuStats>, before: Option<&ContainerCpuStats>) -> f64 {
    let Some(now) = now else {
        return 0.0;
    };
    let total = |s: Option<&ContainerCpuStats>| {
        s.and_then(|s| s.cpu_usage.as_ref())
            .and_then(|u| u.total_usage)
            .unwrap_or(0)
    };
    let system = |s: Option<&ContainerCpuStats>| s.and_then(|s| s.system_cpu_usage).unwrap_or(0);
    if system(before) == 0 {
        return 0.0;
    }
    let cpu_delta = total(Some(now)) as f64 - total(before) as f64;
    let system_delta = system(Some(now)) as f64 - system(before) as f64;
    let online = match now.online_cpus {
        Some(n) if n > 0 => f64::from(n),
        _ => now
            .cpu_usage
            .as_ref()
            .and_then(|u| u.percpu_usage.as_ref())
            .map_or(0.0, |per| per.len() as f64),
    };
    if cpu_delta > 0.0 && system_delta > 0.0 {
        cpu_delta / system_delta * online * 100.0
    } else {
        0.0
    }
}

/// Usage minus the inactive page cache: `total_inactive_file` on cgroup v1,
/// `inactive_file` on v2, `cache` from engines that report neither.
fn memory_without_cache(memory: &ContainerMemoryStats) -> u64 {
    let usage = memory.usage.unwrap_or(0);
    let cache = memory.stats.as_ref().and_then(|stats| {
        ["total_inactive_file", "inactive_file", "cache"]
            .iter()
            .find_map(|key| stats.get(*key).copied())
    });
    match cache {
        Some(cache) if cache < usage => usage - cache,
        _ => usage,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bollard::models::ContainerCpuUsage;
    use std::collections::HashMap;

    fn cpu(total: u64, system: u64, online: Option<u32>, per_cpu: usize) -> ContainerCpuStats {
        ContainerCpuStats {
            cpu_usage: Some(ContainerCpuUsage {
                total_usage: Some(total),
                percpu_usage: Some(vec![0; per_cpu]),
                ..Default::default()
            }),
            system_cpu_usage: Some(system),
            online_cpus: online,
            ..Default::default()
        }
    }

    #[test]
    fn cpu_percent_follows_the_docker_formula() {
        let before = cpu(1_000, 10_000, Some(2), 2);
        let now = cpu(1_500, 12_000, Some(2), 2);
        // 500 / 2000 * 2 * 100
        assert!((cpu_percent(Some(&now), Some(&before)) - 50.0).abs() < 1e-9);
        let no_online = cpu(1_500, 12_000, None, 4);
        assert!((cpu_percent(Some(&no_online), Some(&before)) - 100.0).abs() < 1e-9);
        assert_eq!(cpu_percent(Some(&now), None), 0.0);
        assert_eq!(cpu_percent(Some(&now), Some(&cpu(0, 0, None, 0))), 0.0);
        assert_eq!(cpu_percent(Some(&before), Some(&now)), 0.0);
        assert_eq!(cpu_percent(None, Some(&before)), 0.0);
    }

    #[test]
    fn memory_leaves_out_the_inactive_cache() {
        let with = |key: &str, value: u64| ContainerMemoryStats {
            usage: Some(10_000),
            stats: Some(HashMap::from([(key.to_string(), value)])),
            limit: Some(1 << 30),
            ..Default::default()
        };
        assert_eq!(
            memory_without_cache(&with("total_inactive_file", 3_000)),
            7_000
        );
        assert_eq!(memory_without_cache(&with("inactive_file", 4_000)), 6_000);
        assert_eq!(memory_without_cache(&with("cache", 1_000)), 9_000);
        assert_eq!(memory_without_cache(&with("inactive_file", 20_000)), 10_000);
        assert_eq!(memory_without_cache(&with("rss", 1)), 10_000);
        let s = sample(&ContainerStatsResponse {
            memory_stats: Some(with("inactive_file", 4_000)),
            ..Default::default()
        });
        assert_eq!((s.memory_bytes, s.memory_limit_bytes), (6_000, 1 << 30));
        assert_eq!(s.cpu_percent, 0.0);
    }
}
