//! Watches the engine: connects and pings until it answers, then listens to
//! the project's container events until the connection drops. While the
//! engine is up nothing is polled; while it is down it is retried every two
//! seconds. The current client is published on a watch channel, so the
//! effect runner always uses the live one.

use std::time::Duration;

use futures::StreamExt;
use tokio::sync::{mpsc, watch};

use crate::app::Msg;
use crate::engine::{Endpoint, Engine};

const PING_TIMEOUT: Duration = Duration::from_secs(2);
const RETRY_EVERY: Duration = Duration::from_secs(2);

/// Runs until the message receiver is dropped.
pub async fn watch(
    endpoint: Endpoint,
    project: String,
    tx: mpsc::Sender<Msg>,
    engine_tx: watch::Sender<Option<Engine>>,
) {
    let described = endpoint.describe();
    let mut was_online: Option<bool> = None;
    loop {
        let attempt = match Engine::connect(&endpoint) {
            Ok(engine) => engine.ping(PING_TIMEOUT).await.map(|info| (engine, info)),
            Err(e) => Err(e),
        };
        match attempt {
            Ok((engine, info)) => {
                engine_tx.send_replace(Some(engine.clone()));
                let online = Msg::EngineOnline {
                    endpoint: described.clone(),
                    version: info.version,
                    remote: endpoint.remote,
                };
                if tx.send(online).await.is_err() {
                    return;
                }
                was_online = Some(true);
                let mut events = Box::pin(engine.project_events(&project));
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
                        endpoint: described.clone(),
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
