//! Waiting for a profile's health URL to answer 2xx.

use std::time::Duration;

use crate::ops::http_get;

/// Polls `url` every second until it answers 2xx or `timeout` passes;
/// returns the last answer (status or error) when it never did.
pub async fn wait_healthy(url: &str, timeout: Duration) -> Result<(), String> {
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        let target = url.to_string();
        let answer = tokio::task::spawn_blocking(move || probe(&target))
            .await
            .unwrap_or_else(|e| Err(e.to_string()));
        let last = match answer {
            Ok(status) if (200..300).contains(&status) => return Ok(()),
            Ok(status) => format!("HTTP {status}"),
            Err(e) => e,
        };
        if tokio::time::Instant::now() >= deadline {
            return Err(last);
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// One GET; the status code, or why there was none.
fn probe(url: &str) -> Result<u16, String> {
    http_get::agent(Duration::from_secs(2), false)
        .get(url)
        .call()
        .map(|response| response.status().as_u16())
        .map_err(|e| http_get::describe(&e))
}
