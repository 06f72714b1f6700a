//! The pipeline's push, deploy and rollback steps on Docker Swarm: the
//! same deploy op as `runcli deploy`, `runcli rollback` and the
//! environments' URLs, with the op's events as the step's output lines.

use std::sync::Mutex;
use std::time::Duration;

use futures::future::BoxFuture;

use crate::engine::{Engine, resolve_endpoint};
use crate::ops::deploy::{
    self, DeployError, DeployEvent, DeployOptions, connect_environment, environment,
};
use crate::project::Project;

use super::delivery::{Delivery, StepOut};

/// Delivers a project to its `[environments]`.
pub struct SwarmDelivery {
    project: Project,
    options: DeployOptions,
}

impl SwarmDelivery {
    pub fn new(project: &Project) -> SwarmDelivery {
        SwarmDelivery {
            project: project.clone(),
            options: DeployOptions::default(),
        }
    }
}

/// The engine images are built on and pushed from: the one every other
/// command uses.
async fn local_engine() -> Result<Engine, String> {
    let endpoint = resolve_endpoint().map_err(|e| e.to_string())?;
    let engine = Engine::connect(&endpoint).map_err(|e| e.to_string())?;
    engine
        .ping(Duration::from_secs(3))
        .await
        .map_err(|e| e.to_string())?;
    Ok(engine)
}

/// A deploy event as a line of the step's output.
fn line(event: DeployEvent) -> String {
    match event {
        DeployEvent::Phase(text) => format!("==> {text}"),
        DeployEvent::Progress(text) => text,
        DeployEvent::Service { name, created } => {
            format!("{} {name}", if created { "created" } else { "updated" })
        }
    }
}

/// The step's output as the op's event sink; the op may call it from any
/// task, so it goes through a lock.
struct Sink<'a>(Mutex<StepOut<'a>>);

impl Sink<'_> {
    fn emit(&self, event: DeployEvent) {
        if let Ok(mut out) = self.0.lock() {
            (*out)(line(event));
        }
    }
}

impl Delivery for SwarmDelivery {
    fn url(&self, env: &str) -> Option<String> {
        deploy::environment_url(&self.project, env)
    }

    fn push<'a>(
        &'a self,
        env: &'a str,
        version: &'a str,
        out: StepOut<'a>,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            environment(&self.project, env).map_err(|e| e.to_string())?;
            let local = local_engine().await?;
            let sink = Sink(Mutex::new(out));
            let events = |event| sink.emit(event);
            deploy::push(&local, &self.project, env, version, &events)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        })
    }

    fn deploy<'a>(
        &'a self,
        env: &'a str,
        version: &'a str,
        out: StepOut<'a>,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            let target_env = environment(&self.project, env).map_err(|e| e.to_string())?;
            let local = local_engine().await?;
            let sink = Sink(Mutex::new(out));
            let events = |event| sink.emit(event);
            let done = async {
                let target = connect_environment(env, target_env).await?;
                deploy::deploy(
                    &local,
                    &target,
                    &self.project,
                    env,
                    version,
                    &self.options,
                    &events,
                )
                .await
            }
            .await
            .map_err(|e: DeployError| e.to_string())?;
            let at = done
                .url
                .map(|u| format!(": {u}/ping reports it"))
                .unwrap_or_default();
            events(DeployEvent::Phase(format!(
                "deployed {version} to {env}{at}"
            )));
            Ok(())
        })
    }

    fn rollback<'a>(&'a self, env: &'a str, out: StepOut<'a>) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            let sink = Sink(Mutex::new(out));
            let events = |event| sink.emit(event);
            async {
                let target_env = environment(&self.project, env)?;
                let target = connect_environment(env, target_env).await?;
                deploy::rollback(&target, target_env, &self.options, &events).await
            }
            .await
            .map(|_| ())
            .map_err(|e: DeployError| e.to_string())
        })
    }
}
