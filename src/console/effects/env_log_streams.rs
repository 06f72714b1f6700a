//! The runner's side of an environment's logs: listing the stack's
//! services, and following them across nodes. A followed stream is one
//! task that owns a reader per service (each reading every task of its
//! service), so `StopLogs` with the stream id, sent when the pane's source
//! changes, ends them all.

use std::sync::Arc;

use tokio::task::JoinSet;

use super::EffectRunner;
use crate::app::{Msg, ServiceRow};
use crate::engine::LogOptions;
use crate::ops::deploy::{self, connect_environment, environment};
use crate::ops::log_follow::LogEvent;
use crate::ops::service_logs::{self, TaskOrigin};

impl EffectRunner {
    /// Lists environment `env`'s stack services as `Msg::EnvServices`.
    pub(super) fn load_env_services(&self, env: String) {
        let project = Arc::clone(&self.project);
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let services = async {
                let target = environment(&project, &env).map_err(|e| e.to_string())?;
                let engine = connect_environment(&env, target)
                    .await
                    .map_err(|e| format!("{env}: {e}"))?;
                let status = deploy::status(&engine, &target.stack)
                    .await
                    .map_err(|e| format!("{env}: {e}"))?;
                Ok(status
                    .services
                    .into_iter()
                    .map(|s| ServiceRow {
                        name: service_logs::compose_name(&target.stack, &s.name).to_string(),
                        swarm_name: s.name,
                        running: s.running,
                        desired: s.desired,
                    })
                    .collect())
            }
            .await;
            let _ = tx.send(Msg::EnvServices { env, services }).await;
        });
    }

    /// Follows `services` of environment `env` as stream `stream`; each
    /// line's text starts with its task's `SERVICE.SLOT@NODE | `, so search,
    /// filter and export see where it came from.
    pub(super) fn follow_env(
        &mut self,
        env: String,
        stream: String,
        services: Vec<(String, String)>,
        tail: usize,
    ) {
        self.stop(&stream);
        let project = Arc::clone(&self.project);
        let tx = self.tx.clone();
        let id = stream.clone();
        let task = tokio::spawn(async move {
            let ended = |reason: String| Msg::LogEnded {
                container_id: id.clone(),
                reason,
            };
            let target = match environment(&project, &env) {
                Ok(target) => target,
                Err(e) => {
                    let _ = tx.send(ended(e.to_string())).await;
                    return;
                }
            };
            let engine = match connect_environment(&env, target).await {
                Ok(engine) => engine,
                Err(e) => {
                    let _ = tx.send(ended(format!("{env}: {e}"))).await;
                    return;
                }
            };
            let opts = LogOptions {
                follow: true,
                tail: Some(tail / services.len().max(1)),
                since_unix: None,
                timestamps: true,
            };
            let mut readers = JoinSet::new();
            for (swarm_name, name) in services {
                let engine = engine.clone();
                let tx = tx.clone();
                let id = id.clone();
                readers.spawn(async move {
                    let wrap = move |origin: &TaskOrigin, event| match event {
                        LogEvent::Lines(mut lines) => {
                            for line in &mut lines {
                                line.text = format!("{} | {}", origin.label, line.text);
                            }
                            Msg::LogLines {
                                container_id: id.clone(),
                                lines,
                            }
                        }
                        LogEvent::Ended(reason) => Msg::LogEnded {
                            container_id: id.clone(),
                            reason: format!("{}: {reason}", origin.label),
                        },
                    };
                    service_logs::read(&engine, &swarm_name, &name, opts, tx, wrap)
                        .await
                        .map_err(|e| format!("{name}: {e}"))
                });
            }
            while let Some(done) = readers.join_next().await {
                if let Ok(Err(reason)) = done {
                    let _ = tx.send(ended(reason)).await;
                }
            }
        });
        self.log_tasks.insert(stream, vec![task]);
    }
}
