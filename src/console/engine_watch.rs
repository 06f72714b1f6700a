//! Watches the engine: pings until it answers, then listens to the
//! project's container events until the connection drops. While the engine
//! is up nothing is polled; while it is down it is pinged every two seconds.

use std::time::Duration;

use futures::StreamExt;
use tokio::sync::mpsc;

use crate::app::Msg;
use crate::engine::Engine;

const PING_TIMEOUT: Duration = Duration::from_secs(2);
const RETRY_EVERY: Duration = Duration::from_secs(2);

/// Runs until the receiver is dropped.
pub async fn watch(engine: Engine, project: String, tx: mpsc::Sender<Msg>) {
    let endpoint = engine.endpoint().describe();
    let mut was_online: Option<bool> = None;
    loop {
        match engine.ping(PING_TIMEOUT).await {
            Ok(info) => {
                let online = Msg::EngineOnline {
                    endpoint: endpoint.clone(),
                    version: info.version,
                    remote: engine.endpoint().remote,
                };
                if tx.send(online).await.is_err() {
                    return;
                }
                was_online = Some(true);
                let mut events = engine.project_events(&project);
                while let Some(event) = events.next().await {
                    if event.is_err() {
                        break;
                    }
                    if tx.send(Msg::ContainersChanged).await.is_err() {
                        return;
                    }
                }
            }
            Err(e) => {
                if was_online != Some(false) {
                    let offline = Msg::EngineOffline {
                        endpoint: endpoint.clone(),
                        reason: e.to_string(),
                    };
                    if tx.send(offline).await.is_err() {
                        return;
                    }
                    was_online = Some(false);
                }
                tokio::time::sleep(RETRY_EVERY).await;
            }
        }
    }
}
